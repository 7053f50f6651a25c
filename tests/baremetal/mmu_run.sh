#!/usr/bin/env bash
# Bare-metal memory-system tests, each run on build/armvisor and on
# qemu-system-aarch64 (-M virt -cpu cortex-a57) with the transcripts
# compared line by line:
#   mmu      (mmu_start.S, mmu_main.c): translation, faults, AT, TLBI,
#            TBI, alignment, exclusives on one CPU;
#   mmu_smp  (mmu_smp_start.S, mmu_smp_main.c), 4 CPUs: exclusives of
#            every size under contention, broadcast TLBI.
# Exit 0 when all match, 1 on a difference, 77 when a tool is missing.
#   mmu_run.sh [jit=on|jit=off] [mmu|mmu_smp...]
# runs only the tests named (default both) on the TCG tier named
# (default armvisor's choice); scripts/run-sanitized.sh runs mmu_smp on
# the TSan build on each tier.
#
# Known, deliberate differences: QEMU 7.2 lets unaligned accesses to
# Device memory (and to anything while the MMU is off, when all data
# accesses are Device-nGnRnE) through; the architecture makes them an
# Alignment fault (ARM ARM B2.5.2), which is what we implement. For
# those lines our transcript must show that fault (ESR DFSC 0x21).
. "$(dirname "$0")/../lib/common.sh"
QEMU=${QEMU:-qemu-system-aarch64}
out=$BUILD/baremetal
# Bounds a hang, not a measurement: a run takes about a second.
limit=${MMU_TEST_LIMIT:-120}

accel=() names=()
for arg in "$@"; do
	case $arg in
	jit=on|jit=off) accel=(-accel "tcg,$arg") ;;
	mmu|mmu_smp) names+=("$arg") ;;
	*) echo "mmu_run.sh: unknown argument $arg"; exit 1 ;;
	esac
done
[ ${#names[@]} -gt 0 ] || names=(mmu mmu_smp)

# wanted NAME: was NAME asked for?
wanted() { [[ " ${names[*]} " == *" $1 "* ]]; }

need_tools "${CROSS}gcc" "$QEMU"
need_armvisor
mkdir -p "$out"

# build NAME: tests/baremetal/NAME_start.S + NAME_main.c, linked by NAME.ld
build() {
	"${CROSS}gcc" -O2 -march=armv8-a -mno-outline-atomics -Wall -Wextra -Werror \
		-ffreestanding -fno-builtin -nostdlib -static -mgeneral-regs-only \
		-mstrict-align -T "tests/baremetal/$1.ld" -Wl,--build-id=none \
		-Wl,--no-warn-rwx-segments -o "$out/$1.elf" \
		"tests/baremetal/$1_start.S" "tests/baremetal/$1_main.c"
}

# run NAME SMP: both transcripts into $out/NAME.{ref,our}; 0 when both ended
run() {
	local args=(-M virt -cpu cortex-a57 -smp "$2" -m 128M -nographic -nic none
		-kernel "$out/$1.elf")
	local f status

	timeout "$limit" "$QEMU" "${args[@]}" </dev/null >"$out/$1.ref" 2>&1
	timeout "$limit" "$AV" "${args[@]}" "${accel[@]}" </dev/null >"$out/$1.our" 2>&1
	status=$?
	if [ "$status" -ne 0 ]; then
		echo "FAIL: $1: armvisor exited with status $status"; cat "$out/$1.our"; return 1
	fi
	for f in ref our; do
		grep -q ' test end$' "$out/$1.$f" ||
			{ echo "FAIL: $1: the $f run did not reach the end:"; cat "$out/$1.$f"; return 1; }
	done
	if grep -q 'BAD\|FAIL' "$out/$1.our"; then
		echo "FAIL: $1 reported a failure:"; grep 'BAD\|FAIL' "$out/$1.our"; return 1
	fi
}

# compare NAME [LINE-PREFIX-TO-SKIP...]
compare() {
	local name=$1 skip=(-e '^$')
	shift
	for p in "$@"; do skip+=(-e "^$p:"); done
	if ! diff <(grep -v "${skip[@]}" "$out/$name.ref") <(grep -v "${skip[@]}" "$out/$name.our") \
		>"$out/$name.diff"; then
		echo "FAIL: $name: transcripts differ (< qemu, > armvisor):"; cat "$out/$name.diff"
		return 1
	fi
	echo "bare-metal $name test: $(grep -c '^' "$out/$name.our") lines match the reference"
}

failed=0
if ! wanted mmu; then
	:
elif build mmu && run mmu 1; then
	for name in off_unaligned device_unaligned; do
		if ! grep -q "^$name: n=1 esr=96000021 " "$out/mmu.our"; then
			echo "FAIL: mmu: $name should take an alignment fault:"; grep "^$name:" "$out/mmu.our"
			failed=1
		fi
	done
	compare mmu off_unaligned device_unaligned || failed=1
else
	failed=1
fi
if ! wanted mmu_smp; then
	:
elif build mmu_smp && run mmu_smp 4; then
	compare mmu_smp || failed=1
else
	failed=1
fi
exit "$failed"
