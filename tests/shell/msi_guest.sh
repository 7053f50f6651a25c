#!/usr/bin/env bash
# The MSI controllers as a Linux guest probes them, under TCG (the guest
# kit's kernel has ARM_GIC_V3_ITS and ARM_GIC_V2M; tests/guest/init-basic.sh
# as /init):
#  - GICv3, 2 CPUs: the ITS is found at QEMU's address, its device and
#    collection tables are allocated, both CPUs get LPI pending tables (so
#    GICR_PROPBASER/PENDBASER/EnableLPIs work), the PCI/MSI domain is
#    created, and its command queue answers Linux's MAPC/INVALL/SYNC at
#    each CPU's bring-up (a stuck queue logs "ITS queue timeout"); under
#    -d guest_errors the ITS logs no error of the guest's; the ITS lines
#    are QEMU's (when qemu-system-aarch64 is installed);
#  - GICv3 across a guest reboot: the reset ITS is probed again;
#  - GICv3 with -M virt,its=off: no ITS;
#  - GICv2: the v2m frame with QEMU's SPI range 80..143;
#  - its=maybe is refused with QEMU's message.
# Needs the guest kit (scripts/guest-kit.sh). ARMVISOR= picks the binary.
. "$(dirname "$0")/../lib/common.sh"
need_armvisor
need_kit
make_work build
initrd=build/guest-basic.cpio.gz
initramfs_cached tests/guest/init-basic.sh "$initrd" || fail "cannot build $initrd"

# boot NAME NCPUS ARMVISOR-OPTIONS...: boots to /init's end, powers off with 0.
boot() {
	local name=$1 ncpus=$2 rc
	shift 2
	log=$work/$name.log
	fail_logs=("$log")
	boot_guest "$log" -cpu cortex-a57 -smp "$ncpus" -m 512M -initrd "$initrd" \
		-append "console=ttyAMA0" -accel tcg -d guest_errors "$@"
	rc=$?
	strip_cr "$log"
	[ $rc -eq 0 ] || fail "$name: armvisor exited with status $rc"
	grep -q "ARMVISOR-INIT-DONE" "$log" || fail "$name: /init did not finish"
}

has() { grep -qE "$2" "$log" || fail "$1: the guest did not log /$2/"; }
hasnt() { ! grep -qE "$2" "$log" || fail "$1: $(grep -m1 -E "$2" "$log")"; }

# A bad its= value is the user's error, said before anything boots.
"$AV" -M virt,gic-version=3,its=maybe -nographic -kernel "$kit/Image" >"$work/its-bad.log" 2>&1 &&
	fail "its=maybe was accepted"
grep -q "Parameter 'its' expects 'on' or 'off'" "$work/its-bad.log" ||
	fail "its=maybe: $(cat "$work/its-bad.log")"

boot its 2 -M virt,gic-version=3
has its 'ITS \[mem 0x08080000-0x0809ffff\]'
has its 'ITS@0x0000000008080000: allocated [0-9]+ Devices @'
has its 'ITS@0x0000000008080000: allocated [0-9]+ Interrupt Collections @'
has its 'GICv3: using LPI property table @'
has its 'GICv3: CPU0: using allocated LPI pending table @'
has its 'GICv3: CPU1: using allocated LPI pending table @'
has its 'PCI/MSI: /intc@8000000/its@8080000 domain created'
hasnt its 'ITS queue timeout|ITS.*(failed|error|doesn.t stick|timeout)|[Ll][Pp][Ii].*(failed|error)'
hasnt its 'gicv3-its:'
echo "ok: GICv3 ITS probed, LPIs on both CPUs"

# The same probe, table sizes and addresses as under qemu-system-aarch64.
its_lines() { grep -E '\] (ITS|GICv3: (using LPI|CPU[0-9]: using))' "$1" | sed 's/^\[[ 0-9.]*\] //'; }
if command -v qemu-system-aarch64 >/dev/null; then
	run_guest "$work/qemu.log" qemu-system-aarch64 -M virt,gic-version=3 -cpu cortex-a57 \
		-smp 2 -m 512M -nographic -nic none -kernel "$kit/Image" -initrd "$initrd" \
		-append console=ttyAMA0 || fail "qemu-system-aarch64 failed"
	strip_cr "$work/qemu.log"
	diff <(its_lines "$work/qemu.log") <(its_lines "$log") ||
		fail "the guest's ITS lines differ from QEMU's (< QEMU, > armvisor)"
	echo "ok: the same ITS lines as QEMU"
fi

# A guest reboot (PSCI SYSTEM_RESET) resets the ITS and the LPI state:
# the second kernel probes it afresh, as the first (tests/guest/
# init-virtio-reboot.sh marks a disk, reboots, then powers off).
reboot_initrd=$work/reboot.cpio.gz
need_initramfs tests/guest/init-virtio-reboot.sh "$reboot_initrd"
truncate -s 1M "$work/disk.img"
log=$work/reboot.log
fail_logs=("$log")
boot_guest "$log" -M virt,gic-version=3 -cpu cortex-a57 -smp 2 -m 512M \
	-initrd "$reboot_initrd" -append console=ttyAMA0 -accel tcg -d guest_errors \
	-drive "file=$work/disk.img,format=raw" -device virtio-rng-device ||
	fail "its-reboot: armvisor exited with status $?"
strip_cr "$log"
grep -q "^boot-mark: \[first-boot\]$" "$log" || fail "its-reboot: the guest did not reboot"
[ "$(grep -c 'ITS@0x0000000008080000: allocated [0-9]* Devices' "$log")" -eq 2 ] ||
	fail "its-reboot: the ITS was not probed on both boots"
[ "$(grep -c 'GICv3: CPU1: using allocated LPI pending table' "$log")" -eq 2 ] ||
	fail "its-reboot: CPU1 did not enable LPIs on both boots"
hasnt its-reboot 'ITS queue timeout|ITS.*(failed|error|doesn.t stick|timeout)|gicv3-its:'
echo "ok: the ITS works again after a guest reboot"

boot its-off 1 -M virt,gic-version=3,its=off
has its-off 'GICv3: 256 SPIs implemented'
hasnt its-off 'ITS \[mem|ITS@'
echo "ok: its=off has no ITS"

boot v2m 1 -M virt,gic-version=2
has v2m 'GICv2m: range\[mem 0x08020000-0x08020fff\], SPI\[80:143\]'
hasnt v2m 'gicv2m:'
echo "ok: GICv2m frame probed"
echo "PASS"
