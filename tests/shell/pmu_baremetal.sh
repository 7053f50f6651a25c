#!/usr/bin/env bash
# The PMU (docs/pmu.md) from bare metal: tests/baremetal/pmu.c counts
# known loops' INST_RETIRED exactly (EL1, EL0, filtered by P and U),
# SW_INCR, the cycle counter's enable and reset, an overflow interrupt
# on PPI 23, PMUSERENR_EL0's EL0 traps, and the events of a load/store
# loop with a call (LD/ST_RETIRED, BR_RETIRED, PC_WRITE_RETIRED,
# BR_IMMED/BR_RETURN_RETIRED), of 20 SVCs (EXC_TAKEN, EXC_RETURN) and of
# 30 CONTEXTIDR and TTBR1 writes (CID_WRITE/TTBR_WRITE_RETIRED), and
# L1D_CACHE, none with the MMU off (Device accesses),
# each exact where PMCEID0/1 advertise it; its exit status (semihosting
# SYS_EXIT) is the verdict.
#  - under qemu-system-aarch64 -icount shift=0 first (QEMU counts
#    INST_RETIRED only with -icount), when installed: the program itself
#    passes there, and every "count" line it prints (the instructions
#    of the loops and of the EL1 code around EL0) is the same under
#    armvisor: both count the same binary exactly; QEMU implements none
#    of the other events (its PMCEID0/1 say so), so the program checks
#    they count nothing there;
#  - pmu_av.elf also checks armvisor's own definitions (one cycle per
#    insn, PMCEID0, NSK RES0), on both TCG tiers and with each GIC.
. "$(dirname "$0")/../lib/common.sh"
need_armvisor
make_work
out=build/baremetal
tests/baremetal/build.sh "$out" || exit $?
fails=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fails=$((fails + 1)); fi; }

run() {	# run LOG CMD...: console to LOG (CRs dropped); the exit status
	local log=$1 rc
	shift
	timeout -k 5 120 "$@" -nographic -semihosting </dev/null >"$log" 2>&1
	rc=$?
	strip_cr "$log"
	return $rc
}

counts() { grep '^count ' "$1"; }

if command -v qemu-system-aarch64 >/dev/null; then
	run "$work/qemu.log" qemu-system-aarch64 -M virt -cpu cortex-a57 -monitor none \
		-nic none -icount shift=0 -kernel "$out/pmu.elf"
	rc=$?
	check "the program passes under QEMU ($rc)" \
		'[ $rc = 0 ] && grep -q "^RESULT: PASS$" "$work/qemu.log"'
	check "QEMU printed its counts" '[ "$(counts "$work/qemu.log" | wc -l)" = 7 ]'
	check "QEMU advertises none of the new events" \
		'[ "$(grep -c "^event .*: not implemented$" "$work/qemu.log")" = 11 ]'
fi
# The events armvisor counts: each line the exact value the program checked.
want_events='event LD_RETIRED: 0x000000000000012c
event ST_RETIRED: 0x000000000000012c
event BR_RETIRED: 0x000000000000012e
event PC_WRITE_RETIRED: 0x000000000000012d
event BR_IMMED_RETIRED: 0x000000000000012d
event BR_RETURN_RETIRED: 0x0000000000000001
event EXC_TAKEN: 0x0000000000000014
event EXC_RETURN: 0x0000000000000014
event CID_WRITE_RETIRED: 0x000000000000001e
event TTBR_WRITE_RETIRED: 0x000000000000001e
event L1D_CACHE: 0x0000000000000000'
events() { grep '^event ' "$1"; }
for tier in jit=on jit=off; do
	for gic in 2 3; do
		run "$work/$tier-$gic.log" "$AV" -accel "tcg,$tier" -M "virt,gic-version=$gic" \
			-kernel "$out/pmu_av.elf"
		rc=$?
		check "$tier gic $gic: exit status 0 ($rc)" '[ $rc = 0 ]'
		check "$tier gic $gic: every check ok" \
			'grep -q "^RESULT: PASS$" "$work/$tier-$gic.log" &&
			 ! grep -q FAIL "$work/$tier-$gic.log"'
		check "$tier gic $gic: loads, stores, branches and exceptions counted" \
			'[ "$(events "$work/$tier-$gic.log")" = "$want_events" ]'
		if [ -f "$work/qemu.log" ]; then
			check "$tier gic $gic: the counts are QEMU's" \
				'diff <(counts "$work/qemu.log") <(counts "$work/$tier-$gic.log")'
		fi
	done
done
# The common program too (it must pass wherever QEMU's does).
run "$work/common.log" "$AV" -kernel "$out/pmu.elf"
rc=$?
check "pmu.elf passes under armvisor ($rc)" '[ $rc = 0 ]'
[ $fails = 0 ] || for f in "$work"/*.log; do show_tail "$f"; done
exit_fails
