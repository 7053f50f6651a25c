#!/usr/bin/env bash
# Bare-metal programs (tests/baremetal/) for exceptions, the timer
# interrupt through each GIC version, and PSCI CPU_ON + SGIs: each runs
# under build/armvisor -kernel X.elf -nographic and must print
# "RESULT: PASS" and no FAIL line. The same programs run under
# qemu-system-aarch64 first when it is installed, to check the programs.
. "$(dirname "$0")/../lib/common.sh"
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

for gic in 2 3; do
	for prog in exc timer smp; do
		smp=1
		[ "$prog" = smp ] && smp=2
		args=(-M "virt,gic-version=$gic" -cpu cortex-a57 -smp "$smp" -m 128M
		      -nic none -kernel "$out/$prog.elf")
		if command -v qemu-system-aarch64 >/dev/null; then
			run "qemu $prog gicv$gic" qemu-system-aarch64 "${args[@]}"
		fi
		run "armvisor $prog gicv$gic" "$AV" "${args[@]}"
	done
done
exit "$failed"
