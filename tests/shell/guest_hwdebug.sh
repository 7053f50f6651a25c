#!/usr/bin/env bash
# The guest kernel's own debug on TCG (docs/tcg-debug.md): Debian's
# kernel runs tests/guest/hwdebug.c (static aarch64), which steps a child
# with PTRACE_SINGLESTEP (MDSCR_EL1.SS, SPSR.SS: one SIGTRAP per insn, the
# PC 4 bytes on each time) and counts perf_event_open(PERF_TYPE_BREAKPOINT)
# hits of an execute breakpoint (1000 calls) and of a write watchpoint
# (300 stores, 50 loads), which the kernel steps over after each hit.
# On both tiers. Exit 77 without the guest kit or the cross compiler.
. "$(dirname "$0")/../lib/common.sh"
need_kit
need_tools "${CROSS}gcc"
[ -x "$AV" ] || fail "$AV missing: run make"
make_work
bin=$work/hwdebug
"${CROSS}gcc" -static -O2 -Wall -Wextra -Werror -o "$bin" tests/guest/hwdebug.c ||
	fail "cannot build tests/guest/hwdebug.c"
initrd=$work/hwdebug.cpio.gz
need_initramfs tests/guest/init-hwdebug.sh "$initrd" "$bin:/hwdebug"
rc=0
for tier in jit=on jit=off; do
	log=$work/console-$tier.log
	boot_guest "$log" -M virt -cpu cortex-a57 -smp 1 -m 256M -initrd "$initrd" \
		-append "console=ttyAMA0 quiet" -accel "tcg,$tier"
	status=$?
	strip_cr "$log"
	why=
	[ "$status" -eq 0 ] || why="armvisor exited with status $status"
	grep -q "^HWDEBUG-INIT-START" "$log" || why=${why:-"the guest's /init never ran"}
	for check in "ptrace single-step: each step one insn" \
		     "perf execute breakpoint: 1000 hits" "perf write watchpoint: 300 hits"; do
		grep -q "^hwdebug $check: ok$" "$log" || why=${why:-"$check failed"}
	done
	grep -q "^hwdebug: PASS$" "$log" && grep -q "^HWDEBUG-EXIT: 0$" "$log" ||
		why=${why:-"hwdebug did not pass"}
	if [ -n "$why" ]; then
		echo "FAIL: $tier: $why"
		grep -E "hwdebug|HWDEBUG" "$log"
		tail -n 20 "$log"
		rc=1
	else
		echo "PASS: $tier"
	fi
done
exit $rc
