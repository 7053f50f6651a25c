#!/usr/bin/env bash
# Firmware in flash under KVM, nested: qemu-system-aarch64
# (virtualization=on, GICv3) boots Debian's arm64 kernel, and the static
# arm64 armvisor inside (make aarch64-static) runs Debian's edk2
# (-bios QEMU_EFI.fd) with -accel kvm -d kvm; the firmware boots the kit's
# kernel given with -kernel/-initrd/-append (fw_cfg) through its EFI stub
# to /init (tests/guest/init-kvm-fw-outer.sh). What proves the ROM-device
# memory slots: the firmware ran from bank 0 (a read-only slot: code in
# flash is not MMIO KVM could run) and formatted its variable store in the
# empty bank 1, whose slot went out for the CFI commands and back in for
# read-array mode (the -d kvm log).
. "$(dirname "$0")/../lib/common.sh"
nested_timeout=${NESTED_TIMEOUT:-1500}
need_tools qemu-system-aarch64
need_kit
bios=/usr/share/qemu-efi-aarch64/QEMU_EFI.fd
[ -f "$bios" ] || skip "no $bios (Debian package qemu-efi-aarch64)"
make -s aarch64-static >/dev/null || fail "make aarch64-static"
make_work build
log=$work/nested.log
fail_logs=("$log")
initramfs tests/guest/init-marker.sh "$work/inner.cpio.gz" || exit 1
initramfs tests/guest/init-kvm-fw-outer.sh "$work/outer.cpio.gz" \
	build/aarch64/armvisor:/armvisor "$kit/Image:/Image" "$bios:/QEMU_EFI.fd" \
	"$work/inner.cpio.gz:/inner.cpio.gz" || exit 1
boot_nested "$log" "$work/outer.cpio.gz" "" -nic none
rc=$?
strip_cr "$log"
check_outer $rc "$log"
grep -q "^OUTER-EXIT status=0" "$log" || fail "armvisor -accel kvm -bios did not exit 0"
grep -aq "UEFI firmware" "$log" || fail "no firmware banner under KVM"
grep -aq "EFI stub: Booting Linux Kernel" "$log" || fail "the firmware did not start the kernel"
grep -aq "^ARMVISOR-INIT-MARKER" "$log" || fail "the kernel did not reach the inner /init"
grep -q "^KVMLOG: .*kvm: flash bank 1 unmapped (command mode)" "$log" ||
	fail "bank 1's slot never left for a CFI command"
grep -q "^KVMLOG: .*kvm: flash bank 1 mapped read-only (read array)" "$log" ||
	fail "bank 1's slot never came back for read-array mode"
grep -q "^KVMLOG: .*kvm: flash bank 0 unmapped" "$log" &&
	fail "bank 0 (-bios, read-only) left read-array mode"
grep "^KVMLOG: " "$log"
echo "PASS: edk2 from flash boots the kernel under nested KVM ($(sed -n 's/.*start=\([0-9.]*\) end=\([0-9.]*\).*/\1 \2/p' "$log" | awk '{printf "%.0f s outer-guest time", $2 - $1}'))"
