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
# (tests/lib/snapshot_run.py). Then the snapshot is refused by a machine
# without the firmware, naming bios.
# Needs the guest kit and qemu-efi-aarch64. ARMVISOR= picks the binary.
. "$(dirname "$0")/../lib/common.sh"
guest_timeout=${GUEST_TIMEOUT:-900}
need_armvisor
need_tools python3
need_kit
has_user_net || skip "armvisor was built without libslirp (-netdev user)"
bios=/usr/share/qemu-efi-aarch64/QEMU_EFI.fd
[ -f "$bios" ] || skip "no $bios (Debian package qemu-efi-aarch64)"

make_work build
initrd=$work/snap-uefi.cpio.gz
mods=$kit/root/lib/modules/$(cat "$kit/version")/kernel/drivers/virtio
need_initramfs tests/guest/init-snapshot.sh "$initrd" tests/guest/udhcpc.sh:/udhcpc.sh \
	"$mods/virtio_pci.ko:/pci/virtio_pci.ko" \
	"$mods/virtio_pci_modern_dev.ko:/pci/virtio_pci_modern_dev.ko" \
	"$mods/virtio_pci_legacy_dev.ko:/pci/virtio_pci_legacy_dev.ko"

disk=$work/disk.img snap=$work/snap.bin qmp=$work/qmp.sock state=$work/state.json
truncate -s 1M "$disk"
machine=(-M virt -cpu cortex-a57 -smp 1 -m 256M -nographic -sandbox off
	-kernel "$kit/Image" -initrd "$initrd" -append "console=ttyAMA0 quiet"
	-drive "file=$disk,if=none,id=d0,format=raw,cache=none"
	-device virtio-blk-pci,drive=d0 -netdev user,id=n0 -device virtio-net-pci,netdev=n0
	-qmp "unix:$qmp,server=on,wait=off")
opts=(-bios "$bios" "${machine[@]}")
timeout -k 5 "$guest_timeout" python3 tests/lib/snapshot_run.py save "$qmp" "$snap" \
	"$state" -- "$AV" "${opts[@]}" >"$work/save.log" 2>&1 ||
	{ fail_logs=("$work/save.log"); fail "the save failed"; }
grep -q "SNAPINFO: efi=yes" "$work/save.log" ||
	{ fail_logs=("$work/save.log"); fail "the guest did not boot through the firmware"; }
tail -n 1 "$work/save.log"

# Without -bios: another machine, refused before anything runs.
rc=0
timeout -k 5 120 "$AV" "${machine[@]}" -incoming "file:$snap" </dev/null \
	>"$work/refused.log" 2>&1 || rc=$?
[ $rc -eq 1 ] || { fail_logs=("$work/refused.log"); fail "without -bios: status $rc, not 1"; }
grep -qF "the snapshot's machine has bios '$bios', this command line has none" \
	"$work/refused.log" || { fail_logs=("$work/refused.log"); fail "bios was not named"; }

rm -f "$qmp"
timeout -k 5 "$guest_timeout" python3 tests/lib/snapshot_run.py restore "$qmp" "$disk" \
	"$state" -- "$AV" "${opts[@]}" -incoming "file:$snap" >"$work/restore.log" 2>&1 ||
	{ fail_logs=("$work/restore.log"); fail "the restore failed"; }
tail -n 1 "$work/restore.log"
echo "PASS: a UEFI-booted guest saved and restored, disk and network busy"
