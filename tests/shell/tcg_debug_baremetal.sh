#!/usr/bin/env bash
# The guest's own self-hosted debug on TCG (docs/tcg-debug.md):
# tests/baremetal/debug.c sets breakpoints at EL1 and EL0, watchpoints
# (load, store, exclusives, STP, SIMD, unaligned, a MASK range), steps
# at EL1, over ERET into EL0 and over an SVC, and checks that the OS
# lock, KDE, MDE and PSTATE.D suppress them. It prints one "ev" line per
# exception (ESR, ELR, FAR of watchpoints):
#  - on both TCG tiers it must print RESULT: PASS and exit 0;
#  - under qemu-system-aarch64 (when installed) it must print the same
#    "ev" lines, and fail no check but the OS lock ones (QEMU 7.2 does
#    not let the OS lock disable debug exceptions).
. "$(dirname "$0")/../lib/common.sh"
need_armvisor
make_work
out=build/baremetal
tests/baremetal/build.sh "$out" || exit $?
fails=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fails=$((fails + 1)); fi; }

args=(-M virt -cpu cortex-a57 -m 128M -nic none -nographic -kernel "$out/debug.elf")
run() {	# run LOG CMD...: the console (CRs dropped) to LOG; the exit status
	local log=$1 rc
	shift
	timeout -k 5 120 "$@" </dev/null >"$log.raw" 2>&1
	rc=$?
	tr -d '\r' <"$log.raw" >"$log"
	return "$rc"
}

have_qemu=false
if command -v qemu-system-aarch64 >/dev/null; then
	have_qemu=true
	run "$work/qemu.log" qemu-system-aarch64 "${args[@]}"
	rc=$?
	check "QEMU: exit status 0 ($rc)" '[ $rc = 0 ]'
	check "QEMU: only the OS lock checks fail" \
		'grep -q "^debug: start$" "$work/qemu.log" &&
		 ! grep "FAIL" "$work/qemu.log" | grep -v "^os lock: " | grep -v "^RESULT: FAIL$" | grep -q .'
fi
for tier in jit=on jit=off; do
	run "$work/$tier.log" "$AV" "${args[@]}" -accel "tcg,$tier"
	rc=$?
	check "$tier: exit status 0 ($rc)" '[ $rc = 0 ]'
	check "$tier: RESULT: PASS, no check failed" \
		'grep -q "^RESULT: PASS$" "$work/$tier.log" && ! grep -q FAIL "$work/$tier.log"'
	check "$tier: 25 debug events" '[ "$(grep -c "^ev .*: esr" "$work/$tier.log")" -ge 25 ]'
	if $have_qemu; then
		check "$tier: the same ESR/ELR/FAR as QEMU" \
			'diff <(grep "^ev " "$work/qemu.log") <(grep "^ev " "$work/$tier.log")'
	fi
done
[ "$fails" = 0 ] || tail -n 40 "$work"/*.log
exit_fails
