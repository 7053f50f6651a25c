#!/usr/bin/env bash
# virtio-net on a tap interface, with a Linux guest: inside a network
# namespace this test creates (nothing outside it changes), a tap
# interface 192.168.77.1/24 and an HTTP server on it; the guest takes
# 192.168.77.2 and fetches a file through -netdev tap, and the bytes match.
# Skipped (77) where network namespaces or /dev/net/tun are not available.
. "$(dirname "$0")/../lib/common.sh"
need_armvisor
need_tools python3 ip
[ -c /dev/net/tun ] || skip "no /dev/net/tun"
unshare -n true 2>/dev/null || skip "cannot create a network namespace here (needs root)"
need_kit

make_work
need_initramfs tests/guest/init-net.sh "$work/net.cpio.gz" tests/guest/udhcpc.sh:/udhcpc.sh
head -c 204800 /dev/urandom >"$work/payload.bin"
want=$(md5sum <"$work/payload.bin" | cut -d' ' -f1)

# Everything below runs in the private namespace, from the repository root
# (where this test runs it); its exit stops the HTTP server.
cat >"$work/inside.sh" <<'SH'
. tests/lib/common.sh
work=$1 kit=$2
ip link set lo up
ip tuntap add dev avtap0 mode tap || exit 77
ip addr add 192.168.77.1/24 dev avtap0
ip link set avtap0 up
http_server "$work" 192.168.77.1 || { echo "the HTTP server did not start"; exit 1; }
boot_guest "$work/tap.log" -M virt -m 256M -initrd "$work/net.cpio.gz" \
	-append "console=ttyAMA0 armvisor_port=$http_port armvisor_ip=192.168.77.2 armvisor_server=192.168.77.1" \
	-netdev tap,id=t0,ifname=avtap0,script=no,downscript=no \
	-device virtio-net-device,netdev=t0
SH
unshare -n bash "$work/inside.sh" "$work" "$kit"
rc=$?
[ $rc -eq 77 ] && skip "cannot create a tap interface in the namespace"
log=$work/tap.log
fail_logs=("$log")
fail_hide_kernel=1
[ $rc -eq 0 ] || fail "armvisor (or the namespace set-up) exited with status $rc"
grep -q "ARMVISOR-INIT-START" "$log" || fail "the guest's /init never ran"
grep -q "^addr: 192.168.77.2" "$log" || fail "eth0 is not 192.168.77.2"
grep -q "^fetched-md5: $want" "$log" || fail "the file fetched through the tap differs (want md5 $want)"
echo "PASS: an HTTP fetch through -netdev tap in a private network namespace"
