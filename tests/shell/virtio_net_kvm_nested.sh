#!/usr/bin/env bash
# virtio-net on the user network and virtio-console under accel-kvm,
# nested: qemu-system-aarch64 (virtualization=on, GICv3) boots Debian's
# arm64 kernel, and the dynamic arm64 armvisor with libslirp inside
# (make aarch64-dynamic: Debian ships no static libslirp) boots the guest
# kit with -accel kvm (tests/guest/init-kvm-net-outer.sh). The same checks
# as virtio_net_guest.sh and virtio_console_guest.sh: the inner guest gets
# 10.0.2.15 by DHCP, fetches a file from the outer guest's HTTP server
# through the gateway 10.0.2.2 with the right bytes, serves it back
# through a hostfwd rule, and a line it writes to /dev/hvc0 lands in the
# -chardev file.
. "$(dirname "$0")/../lib/common.sh"
need_tools qemu-system-aarch64
need_kit
make -s aarch64-dynamic >/dev/null || fail "make aarch64-dynamic"
pack=build/aarch64-dyn/pack
make_work build
# 200 KiB of random bytes: more than one TCP window, many RX buffers.
head -c 204800 /dev/urandom >"$work/payload.bin"
want=$(md5sum <"$work/payload.bin" | cut -d' ' -f1)
initramfs tests/guest/init-kvm-net-inner.sh "$work/inner.cpio.gz" \
	tests/guest/init-net.sh:/init-net.sh tests/guest/udhcpc.sh:/udhcpc.sh || exit 1
initramfs tests/guest/init-kvm-net-outer.sh "$work/outer.cpio.gz" \
	"$pack:/av" "$kit/Image:/Image" "$work/inner.cpio.gz:/inner.cpio.gz" \
	"$work/payload.bin:/payload.bin" || exit 1
log=$work/nested.log
boot_nested "$log" "$work/outer.cpio.gz" "" -nic none
rc=$?
strip_cr "$log"
fail_logs=("$log")
check_outer $rc "$log"
grep -q "^OUTER-HTTPD: up" "$log" || fail "the outer guest's HTTP server did not start"
grep -q "^OUTER-EXIT status=0" "$log" || fail "armvisor -accel kvm did not exit 0"
grep -q "insmod-failed" "$log" && fail "a virtio module did not load in the inner guest"
grep -q "^dhcp-lease: 10.0.2.15 router 10.0.2.2 dns 10.0.2.3" "$log" ||
	fail "no DHCP lease with QEMU's user-net defaults"
grep -q "^addr: 10.0.2.15$" "$log" || fail "eth0 is not 10.0.2.15"
grep -q "^fetched-md5: $want$" "$log" ||
	fail "the file fetched through 10.0.2.2 differs (want md5 $want)"
grep -q "^OUTER-FWD-MD5: $want$" "$log" || fail "the file read back through hostfwd differs"
grep -q "^hvc0-written" "$log" || fail "the inner guest could not write /dev/hvc0"
grep -q "^OUTER-HVC0: HVC0-LINE-FROM-NESTED-GUEST 4711$" "$log" ||
	fail "the line written to /dev/hvc0 is not in the -chardev file"
echo "PASS: virtio-net (DHCP, HTTP through 10.0.2.2, hostfwd) and virtio-console under nested KVM"
