#!/usr/bin/env bash
# Recipe: user networking on a PCI NIC as arm64 QEMU scripts write it,
# e.g. a toybox/Linux test script (runtoybox-aarch64.sh in ARLEONTR/mtp):
#   -device virtio-net-pci,netdev=eth0 -netdev user,id=eth0,hostfwd=tcp::8022-:22
# and the -nic shorthand QEMU's documentation gives for it
# (qemu-options.hx, -nic: model=virtio-net-pci, hostfwd=).
# Adapted to the kit: the guest's initramfs adds virtio_pci; no sshd, so
# the guest takes a DHCP lease through the PCI NIC and fetches a file
# from the host instead. Both spellings, in one boot each.
. "$(dirname "$0")/../../lib/common.sh"
need_armvisor
need_tools python3
need_kit
has_user_net || skip "this armvisor has no user networking (built without libslirp)"

make_work
KIT_MODULES=virtio_pci need_initramfs tests/guest/init-recipe.sh "$work/recipe.cpio.gz" \
	tests/guest/udhcpc.sh:/udhcpc.sh
head -c 65536 /dev/urandom >"$work/payload.bin"
want=$(md5sum <"$work/payload.bin" | cut -d' ' -f1)
http_server "$work" 127.0.0.1 || { fail_logs=("$work/http.log"); fail "the HTTP server did not start"; }

boot() {
	local log=$1
	shift
	boot_guest "$log" -M virt -cpu cortex-a57 -m 512M -initrd "$work/recipe.cpio.gz" \
		-append "console=ttyAMA0 recipe_net=$http_port" "$@"
	rc=$?
	strip_cr "$log"
	fail_logs=("$log")
	[ $rc -eq 0 ] || fail "armvisor exited with status $rc ($*)"
	grep -q "^dhcp-lease: 10.0.2.15 router 10.0.2.2" "$log" || fail "no DHCP lease over virtio-net-pci ($*)"
	grep -q "^fetched-md5: $want" "$log" || fail "the fetch from the host failed ($*)"
}
boot "$work/nic.log" -nic "user,model=virtio-net-pci,hostfwd=tcp::$(free_port)-:22"
boot "$work/dev.log" -device virtio-net-pci,netdev=eth0 -netdev "user,id=eth0,hostfwd=tcp::$(free_port)-:22"
echo "PASS: -nic user,model=virtio-net-pci and -device virtio-net-pci carry the guest's traffic"
