#!/usr/bin/env bash
# Bare-metal programs (tests/baremetal/) for exceptions, the timer
# interrupt through each GIC version, PSCI CPU_ON + SGIs, and one CPU
# rewriting code another runs (smc): each runs under build/armvisor
# -kernel X.elf -nographic and must print "RESULT: PASS" and no FAIL
# line. The same programs run under qemu-system-aarch64 first when it is
# installed, to check the programs.
#   baremetal.sh [jit=on|jit=off] [PROG...]
# runs only the PROGs named (exc, timer, smp, smc), on the TCG tier
# named; by default all of them, and the SMP ones (smp, smc) on both
# tiers. scripts/run-sanitized.sh runs the SMP ones on the TSan build.
. "$(dirname "$0")/../lib/common.sh"
tiers=() progs=()
for arg in "$@"; do
	case $arg in
	jit=on|jit=off) tiers+=("$arg") ;;
	exc|timer|smp|smc) progs+=("$arg") ;;
	*) fail "baremetal.sh: unknown argument $arg" ;;
	esac
done
[ ${#progs[@]} -gt 0 ] || progs=(exc timer smp smc)
out=build/baremetal
tests/baremetal/build.sh "$out"
rc=$?
[ "$rc" -eq 0 ] || exit "$rc"
[ -x "$AV" ] || fail "$AV missing: run make"

failed=0

# run NAME CMD...: the console must end in a pass, and PSCI SYSTEM_OFF
# must end the emulator with status 0.
run() {
	local name=$1 log
	shift
	log=$(timeout -k 5 60 "$@" -nographic </dev/null 2>&1; echo "exit status $?")
	log=$(tr -d '\r' <<<"$log")
	if grep -q '^RESULT: PASS$' <<<"$log" && ! grep -q 'FAIL' <<<"$log" &&
	   grep -q '^exit status 0$' <<<"$log"; then
		echo "PASS: $name"
	else
		echo "FAIL: $name"
		sed 's/^/    /' <<<"$log" | tail -n 30
		failed=1
	fi
}

# prog_tiers PROG: the -accel choices PROG runs with (words), "default"
# for armvisor's own choice.
prog_tiers() {
	if [ ${#tiers[@]} -gt 0 ]; then
		echo "${tiers[@]}"
	elif [ "$1" = smp ] || [ "$1" = smc ]; then
		echo jit=on jit=off
	else
		echo default
	fi
}

for gic in 2 3; do
	for prog in "${progs[@]}"; do
		smp=1
		[ "$prog" = smp ] || [ "$prog" = smc ] && smp=2
		args=(-M "virt,gic-version=$gic" -cpu cortex-a57 -smp "$smp" -m 128M
		      -nic none -kernel "$out/$prog.elf")
		if command -v qemu-system-aarch64 >/dev/null; then
			run "qemu $prog gicv$gic" qemu-system-aarch64 "${args[@]}"
		fi
		for tier in $(prog_tiers "$prog"); do
			accel=()
			[ "$tier" = default ] || accel=(-accel "tcg,$tier")
			run "armvisor $prog gicv$gic${accel[*]:+ $tier}" "$AV" "${args[@]}" "${accel[@]}"
		done
	done
done
exit "$failed"
