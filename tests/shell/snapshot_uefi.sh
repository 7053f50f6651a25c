#!/usr/bin/env bash
# Snapshots of a machine booted through UEFI firmware (docs/snapshot.md,
# "Firmware"), under TCG: edk2 (Debian's qemu-efi-aarch64) from -bios,
# bank 1 without a file (edk2 keeps its variables there: its bytes go
# into the snapshot), starts the kit's kernel from fw_cfg; the guest of
# snapshot_tcg.sh (tests/guest/init-snapshot.sh) writes numbered disk
# records and sends datagrams over virtio-blk-pci and virtio-net-pci
# that the firmware enumerated. QMP migrate while both loops run; the
# same command line with -incoming: the shell answers without a new boot
# (no firmware banner again), the uptime did not go backwards, the loops
# go on, every record on the disk is the last written to its sector
# (tests/lib/snapshot_run.py). The snapshot is refused by a machine
# without the firmware, naming bios. Then the same with both banks from
# files (-drive if=pflash: AAVMF code read-only, a copy of the vars).
# Needs the guest kit and qemu-efi-aarch64. ARMVISOR= picks the binary.
. "$(dirname "$0")/../lib/common.sh"
guest_timeout=${GUEST_TIMEOUT:-900}
need_armvisor
need_tools python3
need_kit
has_user_net || skip "armvisor was built without libslirp (-netdev user)"
bios=/usr/share/qemu-efi-aarch64/QEMU_EFI.fd
code=/usr/share/AAVMF/AAVMF_CODE.fd
vars=/usr/share/AAVMF/AAVMF_VARS.fd
for f in "$bios" "$code" "$vars"; do
	[ -f "$f" ] || skip "no $f (Debian package qemu-efi-aarch64)"
done

make_work build
initrd=$work/snap-uefi.cpio.gz
mods=$kit/root/lib/modules/$(cat "$kit/version")/kernel/drivers/virtio
need_initramfs tests/guest/init-snapshot.sh "$initrd" tests/guest/udhcpc.sh:/udhcpc.sh \
	"$mods/virtio_pci.ko:/pci/virtio_pci.ko" \
	"$mods/virtio_pci_modern_dev.ko:/pci/virtio_pci_modern_dev.ko" \
	"$mods/virtio_pci_legacy_dev.ko:/pci/virtio_pci_legacy_dev.ko"

# round NAME FIRMWARE-OPTIONS...: save the busy guest, check it booted
# through UEFI, restore it; sets machine= and opts= for the checks after.
round() {
	local name=$1 disk=$work/disk-$1.img snap=$work/snap-$1.bin qmp=$work/qmp-$1.sock
	local state=$work/state-$1.json
	shift
	rm -f "$disk" && truncate -s 1M "$disk"
	machine=(-M virt -cpu cortex-a57 -smp 1 -m 256M -nographic -sandbox off
		-kernel "$kit/Image" -initrd "$initrd" -append "console=ttyAMA0 quiet"
		-drive "file=$disk,if=none,id=d0,format=raw,cache=none"
		-device virtio-blk-pci,drive=d0 -netdev user,id=n0 -device virtio-net-pci,netdev=n0
		-qmp "unix:$qmp,server=on,wait=off")
	opts=("$@" "${machine[@]}")
	timeout -k 5 "$guest_timeout" python3 tests/lib/snapshot_run.py save "$qmp" "$snap" \
		"$state" -- "$AV" "${opts[@]}" >"$work/save-$name.log" 2>&1 ||
		{ fail_logs=("$work/save-$name.log"); fail "$name: the save failed"; }
	grep -q "SNAPINFO: efi=yes" "$work/save-$name.log" ||
		{ fail_logs=("$work/save-$name.log"); fail "$name: the guest did not boot through the firmware"; }
	tail -n 1 "$work/save-$name.log"
	if [ "$name" = bios ]; then
		# Without -bios: another machine, refused before anything runs.
		local rc=0
		timeout -k 5 120 "$AV" "${machine[@]}" -incoming "file:$snap" </dev/null \
			>"$work/refused.log" 2>&1 || rc=$?
		[ $rc -eq 1 ] || { fail_logs=("$work/refused.log"); fail "without -bios: status $rc, not 1"; }
		grep -qF "the snapshot's machine has bios '$bios', this command line has none" \
			"$work/refused.log" || { fail_logs=("$work/refused.log"); fail "bios was not named"; }
	fi
	rm -f "$qmp"
	timeout -k 5 "$guest_timeout" python3 tests/lib/snapshot_run.py restore "$qmp" "$disk" \
		"$state" -- "$AV" "${opts[@]}" -incoming "file:$snap" >"$work/restore-$name.log" 2>&1 ||
		{ fail_logs=("$work/restore-$name.log"); fail "$name: the restore failed"; }
	tail -n 1 "$work/restore-$name.log"
}

# -bios: bank 1 has no file, its bytes (edk2's variables) are in the snapshot.
round bios -bios "$bios"
# Both banks from files (code read-only, a copy of the variable store): their
# bytes stay in the files, as with a disk image.
cp "$vars" "$work/vars.fd"
round pflash -drive "if=pflash,unit=0,format=raw,file=$code,readonly=on" \
	-drive "if=pflash,unit=1,format=raw,file=$work/vars.fd"
echo "PASS: UEFI-booted guests (-bios, -pflash) saved and restored, disk and network busy"
