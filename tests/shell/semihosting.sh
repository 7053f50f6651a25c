#!/usr/bin/env bash
# Semihosting (docs/semihosting.md): tests/baremetal/semihost.c prints
# through SYS_WRITE0/WRITEC, checks the clocks and HEAPINFO, and reports
# its verdict as the exit status (SYS_EXIT), which armvisor must return:
#  - on both TCG tiers, and under qemu-system-aarch64 -semihosting first
#    (when installed) to check the program itself;
#  - SYS_READC reads stdin (the program exits with the character);
#  - an unknown operation answers -1 (QEMU 7.2 aborts: armvisor only);
#  - without -semihosting, HLT #0xF000 is UNDEFINED (the program says so
#    on the PL011); target=gdb and chardev= are refused.
. "$(dirname "$0")/../lib/common.sh"
need_armvisor
make_work
out=build/baremetal
tests/baremetal/build.sh "$out" || exit $?
fails=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fails=$((fails + 1)); fi; }

run() {	# run LOG CMD...: stdout+stderr to LOG; the exit status
	local log=$1
	shift
	timeout -k 5 60 "$@" </dev/null >"$log" 2>&1
}

if command -v qemu-system-aarch64 >/dev/null; then
	run "$work/qemu.log" qemu-system-aarch64 -M virt -cpu cortex-a57 -nographic \
		-serial none -monitor none -nic none -semihosting -kernel "$out/semihost.elf"
	rc=$?
	check "the program passes under QEMU ($rc)" '[ $rc = 0 ] && ! grep -q FAIL "$work/qemu.log"'
fi
for tier in jit=on jit=off; do
	run "$work/$tier.log" "$AV" -accel "tcg,$tier" -nographic -serial none \
		-semihosting -kernel "$out/semihost_unknown.elf"
	rc=$?
	check "$tier: exit status 0 ($rc)" '[ $rc = 0 ]'
	check "$tier: output on stderr, every check ok" \
		'grep -q "^semihosting: hello$" "$work/$tier.log" && grep -q "^!$" "$work/$tier.log" &&
		 [ "$(grep -c ": ok$" "$work/$tier.log")" = 7 ] && ! grep -q FAIL "$work/$tier.log"'
done
printf Z | timeout -k 5 60 "$AV" -nographic -serial none \
	-semihosting-config enable=on,target=native -kernel "$out/semihost_readc.elf" \
	>"$work/readc.log" 2>&1
rc=$?
check "SYS_READC: exit status is the byte read (90 for Z, got $rc)" '[ $rc = 90 ]'

run "$work/off.log" "$AV" -nographic -kernel "$out/semihost.elf"
rc=$?
check "without -semihosting HLT is UNDEFINED ($rc)" \
	'grep -q "unexpected exception" "$work/off.log" && ! grep -q hello "$work/off.log"'
run "$work/gdb.log" "$AV" -nographic -semihosting-config enable=on,target=gdb \
	-kernel "$out/semihost.elf"
rc=$?
check "target=gdb is refused" '[ $rc = 1 ] && grep -q "target=gdb is not supported" "$work/gdb.log"'
run "$work/chr.log" "$AV" -nographic -semihosting-config enable=on,chardev=x \
	-kernel "$out/semihost.elf"
rc=$?
check "chardev= is refused" '[ $rc = 1 ] && grep -q "chardev= is not supported" "$work/chr.log"'
exit_fails
