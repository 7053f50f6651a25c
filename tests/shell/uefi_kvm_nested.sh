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
# read-array mode (the -d kvm log). A second run as libvirt sets it up
# (AAVMF_CODE read-only in pflash unit 0, a copy of AAVMF_VARS in unit
# 1) boots the same way, and the firmware's variable writes reach the
# vars file.
. "$(dirname "$0")/../lib/common.sh"
nested_timeout=${NESTED_TIMEOUT:-1500}
need_tools qemu-system-aarch64
need_kit
bios=/usr/share/qemu-efi-aarch64/QEMU_EFI.fd
code=/usr/share/AAVMF/AAVMF_CODE.fd
vars=/usr/share/AAVMF/AAVMF_VARS.fd
for f in "$bios" "$code" "$vars"; do
	[ -f "$f" ] || skip "no $f (Debian package qemu-efi-aarch64)"
done
need_inner_armvisor
make_work build
# Kept after the run: the outer console with both inner ones.
log=build/uefi-kvm-nested.log
fail_logs=("$log")
initramfs tests/guest/init-marker.sh "$work/inner.cpio.gz" || exit 1
initramfs tests/guest/init-kvm-fw-outer.sh "$work/outer.cpio.gz" \
	"$inner_av:/armvisor" "$kit/Image:/Image" "$bios:/QEMU_EFI.fd" \
	"$code:/AAVMF_CODE.fd" "$vars:/AAVMF_VARS.fd" \
	"$work/inner.cpio.gz:/inner.cpio.gz" || exit 1
boot_nested "$log" "$work/outer.cpio.gz" "" -nic none
rc=$?
strip_cr "$log"
check_outer $rc "$log"
grep -q "^OUTER-EXIT status=0" "$log" || fail "armvisor -accel kvm -bios did not exit 0"
grep -av "^vars: " "$log" | grep -aq "UEFI firmware" || fail "no firmware banner under KVM"
grep -av "^vars: " "$log" | grep -aq "EFI stub: Booting Linux Kernel" || fail "the firmware did not start the kernel"
grep -aq "^ARMVISOR-INIT-MARKER" "$log" || fail "the kernel did not reach the inner /init"
grep -q "^KVMLOG: .*kvm: flash bank 1 unmapped (command mode)" "$log" ||
	fail "bank 1's slot never left for a CFI command"
grep -q "^KVMLOG: .*kvm: flash bank 1 mapped read-only (read array)" "$log" ||
	fail "bank 1's slot never came back for read-array mode"
grep -q "^KVMLOG: .*kvm: flash bank 0 unmapped" "$log" &&
	fail "bank 0 (-bios, read-only) left read-array mode"
grep -q "^OUTER-VARS-EXIT status=0" "$log" || fail "vars run: armvisor -accel kvm did not exit 0"
grep -aq "^vars: .*EFI stub: Booting Linux Kernel" "$log" || fail "vars run: the firmware did not start the kernel"
grep -aq "^vars: ARMVISOR-INIT-MARKER" "$log" || fail "vars run: the kernel did not reach the inner /init"
grep -q "^vars: KVMLOG: .*kvm: flash bank 1 unmapped (command mode)" "$log" ||
	fail "vars run: bank 1's slot never left for a CFI command"
grep -q "^vars: KVMLOG: .*kvm: flash bank 0 unmapped" "$log" &&
	fail "vars run: bank 0 (readonly=on) left read-array mode"
grep -q "^OUTER-VARS-FILE: changed" "$log" || fail "vars run: the firmware's variable writes did not reach the vars file"
grep "KVMLOG: " "$log"
echo "PASS: edk2 from flash boots the kernel under nested KVM ($(sed -n 's/.*start=\([0-9.]*\) end=\([0-9.]*\).*/\1 \2/p' "$log" | awk '{printf "%.0f s outer-guest time", $2 - $1}'))"
