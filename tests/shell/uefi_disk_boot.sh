#!/usr/bin/env bash
# What people download boots with no -kernel: edk2 (Debian's
# qemu-efi-aarch64, -bios QEMU_EFI.fd) and a disk with a GPT, an EFI system
# partition and an ext4 root (tests/lib/gpt_disk.sh). The firmware finds
# the disk, its shell runs the ESP's startup.nsh, which starts the kernel
# (EFI stub) with initrd=\initrd.img root=/dev/vda2; the initramfs loads
# virtio and ext4 (modules in Debian's kernel) and switch_roots to the ext4
# partition, whose /sbin/init prints a token only that file system holds,
# writes a file and powers off. Two boots, one disk:
#  1. raw, on virtio-blk-pci (edk2's VirtioPciDeviceDxe);
#  2. the same disk converted to qcow2, on virtio-blk-device (virtio-mmio
#     from the DT); afterwards `qemu-img check` finds it clean and the
#     guest's file is in the ext4 partition read back from the qcow2.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/ext4_root.sh"
. "$(dirname "$0")/../lib/gpt_disk.sh"
need_armvisor
need_kit
need_tools sgdisk mkfs.vfat mcopy mmd mkfs.ext4 debugfs qemu-img
bios=/usr/share/qemu-efi-aarch64/QEMU_EFI.fd
[ -f "$bios" ] || skip "no $bios (Debian package qemu-efi-aarch64)"
make_work
initrd=$work/switchroot.cpio.gz
KIT_MODULES="crc32c_generic ext4 virtio_pci" need_initramfs tests/guest/init-switchroot.sh "$initrd"
disk=$work/disk.img
gpt_disk "$disk" "$initrd" "root=/dev/vda2 rootwait console=ttyAMA0"
qemu-img convert -f raw -O qcow2 "$disk" "$work/disk.qcow2" || fail "qemu-img convert failed"
base=(-M virt -cpu cortex-a57 -m 1G -nographic -nic none -bios "$bios")

# boot NAME DRIVE-OPTIONS...: one boot, its console in $work/NAME.log.
boot() {
	local name=$1 log=$work/$1.log rc=0
	shift
	fail_logs=("$log")
	run_guest "$log" "$AV" "${base[@]}" "$@" || rc=$?
	strip_cr "$log"
	sed -i 's/\x1b\[[0-9;=?]*[a-zA-Z]//g' "$log"
	[ $rc -eq 0 ] || fail "$name: armvisor exited with status $rc"
	grep -aq "UEFI firmware" "$log" || fail "$name: no firmware banner"
	grep -aq "FS0:.*Image.efi initrd=" "$log" || fail "$name: the shell did not run startup.nsh from the ESP"
	grep -aq "EFI stub: Loaded initrd from command line option" "$log" ||
		fail "$name: the kernel did not load its initrd from the ESP"
}

# 1: raw on virtio-blk-pci.
boot pci -drive "if=none,id=d0,format=raw,file=$disk" -device virtio-blk-pci,drive=d0
gpt_root_extract "$disk" "$work/root.ext4"
ext4_root_check "$work/pci.log" "$work/root.ext4" /dev/vda2

# 2: qcow2 on virtio-blk-device.
boot mmio -drive "if=none,id=d0,format=qcow2,file=$work/disk.qcow2" -device virtio-blk-device,drive=d0
qemu-img check "$work/disk.qcow2" >"$work/check.txt" 2>&1 ||
	fail "qemu-img check: $(cat "$work/check.txt")"
grep -q "No errors were found" "$work/check.txt" || fail "qemu-img check: $(cat "$work/check.txt")"
qemu-img convert -f qcow2 -O raw "$work/disk.qcow2" "$work/back.img" || fail "qemu-img convert back failed"
gpt_root_extract "$work/back.img" "$work/root.ext4"
ext4_root_check "$work/mmio.log" "$work/root.ext4" /dev/vda2
echo "uefi_disk_boot: edk2 boots the GPT disk's ext4 root on virtio-blk-pci (raw) and virtio-blk-device (qcow2)"
