# The disk what people download boots from: a GPT (sgdisk) with an EFI
# system partition (FAT32, mkfs.vfat + mtools, no mounts) and an ext4 root
# (tests/lib/ext4_root.sh). Sourced after common.sh and ext4_root.sh, with
# $work and $kit set.
#
# The ESP holds the kit's kernel as \EFI\linux\Image.efi (an arm64 Image is
# a PE/COFF EFI application through its EFI stub), the initramfs that loads
# the modules and switch_roots to the ext4 partition as \initrd.img, and a
# startup.nsh for edk2's shell. Not \EFI\BOOT\BOOTAA64.EFI: edk2's boot
# manager starts the removable-media path with no load options, so the
# kernel would get an empty command line (Debian's CONFIG_CMDLINE is "")
# and neither its initrd nor its root.

# Where the two partitions start and how big they are, in 512-byte sectors.
gpt_esp_start=2048
gpt_esp_sectors=$((48 * 2048))
gpt_root_start=$((gpt_esp_start + gpt_esp_sectors))
gpt_root_sectors=$((32 * 2048))

# gpt_disk DISK INITRD APPEND: the raw image. APPEND is the kernel's
# command line, which startup.nsh passes after initrd=.
gpt_disk() {
	local disk=$1 initrd=$2 append=$3 esp=$work/esp.img root=$work/root.ext4
	rm -f "$disk" "$esp"
	truncate -s $(((gpt_root_start + gpt_root_sectors + 2048) * 512)) "$disk"
	sgdisk -o -n "1:$gpt_esp_start:+$gpt_esp_sectors" -t 1:ef00 -c 1:ESP \
		-n "2:$gpt_root_start:+$gpt_root_sectors" -t 2:8300 -c 2:root \
		"$disk" >/dev/null || fail "sgdisk failed"
	truncate -s $((gpt_esp_sectors * 512)) "$esp"
	mkfs.vfat -F 32 "$esp" >/dev/null || fail "mkfs.vfat failed"
	# The shell's script: the first file system, then the kernel with its
	# arguments (CRLF: the shell's own line ends).
	printf 'fs0:\r\n\\EFI\\linux\\Image.efi initrd=\\initrd.img %s\r\n' "$append" >"$work/startup.nsh"
	mmd -i "$esp" ::/EFI ::/EFI/linux &&
		mcopy -i "$esp" "$kit/Image" ::/EFI/linux/Image.efi &&
		mcopy -i "$esp" "$initrd" ::/initrd.img &&
		mcopy -i "$esp" "$work/startup.nsh" ::/startup.nsh || fail "mtools failed"
	ext4_root "$root" $((gpt_root_sectors / 2048))M
	dd if="$esp" of="$disk" bs=512 seek=$gpt_esp_start conv=notrunc status=none &&
		dd if="$root" of="$disk" bs=512 seek=$gpt_root_start conv=notrunc status=none ||
		fail "dd into the disk image failed"
	rm -f "$esp" "$root"
}

# gpt_root_extract DISK OUT: the ext4 partition of a raw DISK as a file
# (debugfs reads an image, not a partition inside one).
gpt_root_extract() {
	dd if="$1" of="$2" bs=512 skip=$gpt_root_start count=$gpt_root_sectors status=none
}
