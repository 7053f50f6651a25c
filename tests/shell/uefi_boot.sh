#!/usr/bin/env bash
# UEFI firmware from flash under TCG, with Debian's qemu-efi-aarch64 (edk2's
# ArmVirtQemu build):
#  1. AAVMF_CODE.fd read-only in pflash unit 0, a copy of AAVMF_VARS.fd in
#     unit 1: the banner, then the UEFI shell's prompt; at the prompt
#     `setvar` stores a non-volatile variable and `reset -s` powers off;
#  2. the same banks again: `dmpstore` shows the variable (the store
#     persisted to the vars file through CFI program/erase);
#  3. -bios QEMU_EFI.fd -kernel -initrd -append: the firmware boots the
#     kit's kernel through its EFI stub (fw_cfg's kernel items) to /init;
#  4. no -kernel at all: a raw virtio disk with a GPT and an EFI system
#     partition (sgdisk, mkfs.vfat, mtools) holding the kernel, the initrd
#     and a startup.nsh that starts the kernel with initrd= and console=;
#     the firmware finds the disk, its shell runs the script, /init runs.
#     (The kernel is not EFI/BOOT/BOOTAA64.EFI: the boot manager would
#     start it with no arguments, hence no initrd.)
# Input reaches the shell through a FIFO, typed only once its prompt shows.
. "$(dirname "$0")/../lib/common.sh"
guest_timeout=${GUEST_TIMEOUT:-600}
need_armvisor
need_kit
need_tools sgdisk mkfs.vfat mcopy mmd
code=/usr/share/AAVMF/AAVMF_CODE.fd
vars=/usr/share/AAVMF/AAVMF_VARS.fd
bios=/usr/share/qemu-efi-aarch64/QEMU_EFI.fd
for f in "$code" "$vars" "$bios"; do
	[ -f "$f" ] || skip "no $f (Debian package qemu-efi-aarch64)"
done
make_work
initrd=$work/marker.cpio.gz
need_initramfs tests/guest/init-marker.sh "$initrd"
cp "$vars" "$work/vars.fd"
guid=5a8b1e2c-7d3f-4e6a-9b1c-0d2e3f405162
banks=(-drive "if=pflash,unit=0,format=raw,file=$code,readonly=on"
	-drive "if=pflash,unit=1,format=raw,file=$work/vars.fd")
base=(-M virt -cpu cortex-a57 -m 1G -nographic -nic none)

# wait_log LOG PATTERN: until PATTERN shows in LOG (escape sequences
# removed), or the guest timeout passes, or the emulator ($pid) ended.
wait_log() {
	local i
	for ((i = 0; i < guest_timeout * 2; i++)); do
		sed 's/\x1b\[[0-9;=?]*[a-zA-Z]//g' "$1" | grep -aq -- "$2" && return 0
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.5
	done
	return 1
}

# wait_count LOG TEXT N: until TEXT has shown N times in LOG.
wait_count() {
	local i
	for ((i = 0; i < guest_timeout * 2; i++)); do
		[ "$(sed 's/\x1b\[[0-9;=?]*[a-zA-Z]//g' "$1" | grep -ao -- "$2" | wc -l)" -ge "$3" ] &&
			return 0
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.5
	done
	return 1
}

# wait_countdown LOG N: until the Nth boot's firmware banner and, after it,
# the shell's startup.nsh countdown showed (it prints a line a second).
wait_countdown() {
	local i
	for ((i = 0; i < guest_timeout * 2; i++)); do
		sed 's/\x1b\[[0-9;=?]*[a-zA-Z]//g' "$1" |
			awk -v n="$2" '/UEFI firmware/ { c++ } c >= n && /Press ESC/ { f = 1 }
				END { exit !f }' && return 0
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.5
	done
	return 1
}

# shell_run NAME COMMAND...: boot the banks to the shell's prompt, type
# each COMMAND there (one per prompt), wait for the emulator to end. After
# "reset" (a warm reset through PSCI) the firmware boots again: its
# countdown is skipped again.
shell_run() {
	local name=$1 log=$work/$1.log cmd rc=0 n=0 boots=1 skipped=0
	shift
	rm -f "$work/in"
	mkfifo "$work/in"
	timeout -k 5 "$guest_timeout" "$AV" "${base[@]}" "${banks[@]}" \
		<"$work/in" >"$log" 2>&1 &
	pid=$!
	kill_at_exit+=("$pid")
	exec 3>"$work/in"
	fail_logs=("$log")
	wait_log "$log" "UEFI firmware" || fail "$name: no firmware banner"
	# Any key skips the startup.nsh countdown.
	for cmd in "$@"; do
		if [ $skipped -lt $boots ]; then
			wait_countdown "$log" $boots || fail "$name: the shell did not start (boot $boots)"
			printf '\033' >&3
			skipped=$boots
		fi
		wait_count "$log" "Shell> " $((++n)) || fail "$name: no shell prompt"
		printf '%s\r' "$cmd" >&3
		[ "$cmd" != reset ] || boots=$((boots + 1))
	done
	wait_bg "$pid" || rc=$?
	exec 3>&-
	strip_cr "$log"
	sed -i 's/\x1b\[[0-9;=?]*[a-zA-Z]//g' "$log"
	return $rc
}

# 1: the shell, a variable set, power off.
shell_run set "setvar ArmvisorTest -guid $guid -nv -bs =L\"persist42\"" "reset -s" ||
	fail "run 1: armvisor exited with status $? (reset -s powers off: 0)"
grep -aq "UEFI Interactive Shell" "$work/set.log" || fail "run 1: no UEFI shell"
grep -aq "Unable to set" "$work/set.log" && fail "run 1: setvar failed"
cmp -s "$vars" "$work/vars.fd" && fail "run 1: the vars file was never written"

# 2: the variable is back (the shell prints its UTF-16 bytes), also after
# a warm reset.
shell_run get "reset" "dmpstore ArmvisorTest -guid $guid" "reset -s" ||
	fail "run 2: armvisor exited with status $?"
grep -aq "Variable NV+BS '${guid^^}:ArmvisorTest' DataSize = 0x12" "$work/get.log" ||
	fail "run 2: the variable did not persist"
[ "$(grep -ac "UEFI firmware" "$work/get.log")" -eq 2 ] ||
	fail "run 2: the firmware did not start again after 'reset'"
grep -aq "70 00 65 00 72 00 73 00-69 00 73 00 74 00 34 00" "$work/get.log" ||
	fail "run 2: the variable's data changed"

# 3: the kit's kernel through the firmware.
log=$work/kernel.log
fail_logs=("$log")
run_guest "$log" "$AV" "${base[@]}" -bios "$bios" -kernel "$kit/Image" \
	-initrd "$initrd" -append "console=ttyAMA0"
rc=$?
strip_cr "$log"
[ $rc -eq 0 ] || fail "run 3: armvisor exited with status $rc"
grep -aq "UEFI firmware" "$log" || fail "run 3: no firmware banner"
grep -aq "EFI stub: Booting Linux Kernel" "$log" || fail "run 3: the firmware did not start the kernel"
grep -aq "ARMVISOR-INIT-MARKER" "$log" || fail "run 3: the kernel did not reach /init"
# 4: a GPT disk with an ESP, no -kernel.
esp=$work/esp.img
disk=$work/disk.img
truncate -s 64M "$disk"
sgdisk -o -n 1:2048:+60M -t 1:ef00 "$disk" >/dev/null || fail "sgdisk failed"
truncate -s 60M "$esp"
mkfs.vfat -F 32 "$esp" >/dev/null || fail "mkfs.vfat failed"
printf 'fs0:\r\n\\EFI\\linux\\Image.efi initrd=\\initrd.img console=ttyAMA0\r\n' >"$work/startup.nsh"
mmd -i "$esp" ::/EFI ::/EFI/linux &&
	mcopy -i "$esp" "$kit/Image" ::/EFI/linux/Image.efi &&
	mcopy -i "$esp" "$initrd" ::/initrd.img &&
	mcopy -i "$esp" "$work/startup.nsh" ::/startup.nsh || fail "mtools failed"
dd if="$esp" of="$disk" bs=512 seek=2048 conv=notrunc status=none
log=$work/disk.log
fail_logs=("$log")
run_guest "$log" "$AV" "${base[@]}" -bios "$bios" -drive "if=virtio,format=raw,file=$disk"
rc=$?
strip_cr "$log"
[ $rc -eq 0 ] || fail "run 4: armvisor exited with status $rc"
grep -aq "FS0:.*Image.efi initrd=" "$log" || fail "run 4: the shell did not run startup.nsh from the ESP"
grep -aq "EFI stub: Loaded initrd from command line option" "$log" ||
	fail "run 4: the kernel did not load its initrd from the ESP"
grep -aq "ARMVISOR-INIT-MARKER" "$log" || fail "run 4: the kernel did not reach /init"
echo "uefi_boot: firmware shell, persistent variables, -kernel and GPT/ESP boots all work"
