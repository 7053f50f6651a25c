#!/usr/bin/env bash
# u-boot as people download it (Debian's u-boot-qemu: qemu_arm64's
# u-boot.bin) from -bios: it reads the board from the DTB at the start of
# RAM, finds the CFI flash and virtio, and is driven at its prompt through
# the console (stdin, a FIFO), each command typed once the prompt shows.
#  1. a stop at the autoboot countdown; `setenv` + `saveenv` store a
#     variable in the environment in flash bank 1 (CFI erase and buffered
#     program, u-boot's way: x16 words, the command at the block's start);
#     then the GPT disk of tests/lib/gpt_disk.sh on virtio-blk-pci: `load`
#     the kernel and initramfs from its FAT ESP, `booti` them with the DTB
#     u-boot runs on; the initramfs switch_roots to the ext4 partition,
#     whose /sbin/init reads a token only it holds, writes a file and
#     powers off (PSCI);
#  2. u-boot again on the same flash: "Loading Environment from Flash...
#     OK" and `printenv` shows the variable.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/ext4_root.sh"
. "$(dirname "$0")/../lib/gpt_disk.sh"
need_armvisor
need_kit
need_tools sgdisk mkfs.vfat mcopy mmd mkfs.ext4 debugfs
uboot=/usr/lib/u-boot/qemu_arm64/u-boot.bin
[ -f "$uboot" ] || skip "no $uboot (Debian package u-boot-qemu)"
make_work
initrd=$work/switchroot.cpio.gz
KIT_MODULES="crc32c_generic ext4 virtio_pci" need_initramfs tests/guest/init-switchroot.sh "$initrd"
disk=$work/disk.img
gpt_disk "$disk" "$initrd" "root=/dev/vda2 rootwait console=ttyAMA0"
truncate -s 64M "$work/env.fd"
base=(-M virt -cpu cortex-a57 -m 1G -nographic -nic none -bios "$uboot"
	-drive "if=pflash,unit=1,format=raw,file=$work/env.fd")

# wait_count LOG TEXT N: until TEXT has shown N times in LOG, or the guest
# timeout passes, or the emulator ($pid) ended.
wait_count() {
	local i
	for ((i = 0; i < guest_timeout * 2; i++)); do
		[ "$(grep -ao -- "$2" "$1" | wc -l)" -ge "$3" ] && return 0
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.5
	done
	return 1
}

# uboot_run NAME OPTIONS -- COMMAND...: u-boot with OPTIONS; a key stops
# the autoboot countdown, then each COMMAND at its own prompt; waits for
# the emulator to end (the last command ends it).
uboot_run() {
	local name=$1 log=$work/$1.log cmd n=0 rc=0 opts=()
	shift
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	rm -f "$work/in"
	mkfifo "$work/in"
	timeout -k 5 "$guest_timeout" "$AV" "${base[@]}" "${opts[@]}" \
		<"$work/in" >"$log" 2>&1 &
	pid=$!
	kill_at_exit+=("$pid")
	exec 3>"$work/in"
	fail_logs=("$log")
	wait_count "$log" "Hit any key to stop autoboot" 1 || fail "$name: no u-boot countdown"
	printf ' ' >&3
	for cmd in "$@"; do
		wait_count "$log" "=> " $((++n)) || fail "$name: no u-boot prompt (before '$cmd')"
		printf '%s\r' "$cmd" >&3
	done
	wait_bg "$pid" || rc=$?
	exec 3>&-
	strip_cr "$log"
	return $rc
}

# 1: the environment saved, the disk's kernel booted.
uboot_run boot -drive "if=none,id=d0,format=raw,file=$disk" -device virtio-blk-pci,drive=d0 -- \
	"setenv armvisor_test persist42" "saveenv" "virtio scan" \
	"load virtio 0:1 \${kernel_addr_r} /EFI/linux/Image.efi" \
	"load virtio 0:1 \${ramdisk_addr_r} /initrd.img" \
	"setenv bootargs root=/dev/vda2 rootwait console=ttyAMA0" \
	"booti \${kernel_addr_r} \${ramdisk_addr_r}:\${filesize} \${fdtcontroladdr}" ||
	fail "run 1: armvisor exited with status $? (the guest powers off: 0)"
log=$work/boot.log
grep -aq "^U-Boot 20" "$log" || fail "run 1: no u-boot banner"
grep -aq "^Flash: 64 MiB" "$log" || fail "run 1: u-boot did not find the two 32 MiB CFI banks"
grep -aA8 "=> saveenv" "$log" | grep -aq "^OK" || fail "run 1: saveenv failed"
cmp -s "$work/env.fd" <(head -c 64M /dev/zero) && fail "run 1: the flash file was never written"
grep -aq "^$(stat -c %s "$kit/Image") bytes read" "$log" ||
	fail "run 1: u-boot did not load the kernel from the ESP"
grep -aq "Starting kernel" "$log" || fail "run 1: booti did not start the kernel"
grep -aq "Kernel command line: root=/dev/vda2" "$log" || fail "run 1: the kernel did not get bootargs"
gpt_root_extract "$disk" "$work/root.ext4"
ext4_root_check "$log" "$work/root.ext4" /dev/vda2

# 2: the environment is back.
uboot_run env -- "printenv armvisor_test" "poweroff" ||
	fail "run 2: armvisor exited with status $? (poweroff: 0)"
grep -aq "Loading Environment from Flash... OK" "$work/env.log" ||
	fail "run 2: u-boot did not find its saved environment"
grep -aq "^armvisor_test=persist42" "$work/env.log" || fail "run 2: the variable did not persist"
echo "uboot_boot: u-boot's prompt, saveenv in flash, and a kernel from the GPT disk to its ext4 root"
