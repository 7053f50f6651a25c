#!/usr/bin/env bash
# Bare-metal MMU test: build tests/baremetal/mmu_*.{S,c}, run it on
# build/armvisor and on qemu-system-aarch64 (-M virt -cpu cortex-a57) and
# compare the transcripts line by line. Exit 0 on a match, 1 on a
# difference, 77 when a tool is missing.
#
# Known, deliberate differences: QEMU 7.2 lets unaligned accesses to
# Device memory (and to anything while the MMU is off, when all data
# accesses are Device-nGnRnE) through; the architecture makes them an
# Alignment fault (ARM ARM B2.5.2), which is what we implement. For
# those lines our transcript must show that fault (ESR DFSC 0x21).
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
CROSS=${CROSS:-aarch64-linux-gnu-}
QEMU=${QEMU:-qemu-system-aarch64}
out=$BUILD/baremetal
# Bounds a hang, not a measurement: a run takes well under a second.
limit=${MMU_TEST_LIMIT:-60}

for tool in "${CROSS}gcc" "$QEMU"; do
	command -v "$tool" >/dev/null || { echo "cannot run: $tool not installed"; exit 77; }
done
[ -x "$BUILD/armvisor" ] || { echo "cannot run: $BUILD/armvisor not built"; exit 77; }
mkdir -p "$out"
"${CROSS}gcc" -O2 -Wall -Wextra -Werror -ffreestanding -fno-builtin -nostdlib -static \
	-mgeneral-regs-only -mstrict-align -T tests/baremetal/mmu.ld \
	-Wl,--build-id=none -Wl,--no-warn-rwx-segments -o "$out/mmu.elf" \
	tests/baremetal/mmu_start.S tests/baremetal/mmu_main.c || exit 1

args=(-M virt -cpu cortex-a57 -m 128M -nographic -kernel "$out/mmu.elf")
timeout "$limit" "$QEMU" "${args[@]}" </dev/null >"$out/mmu.ref" 2>&1
timeout "$limit" "$BUILD/armvisor" "${args[@]}" </dev/null >"$out/mmu.our" 2>&1
status=$?
if [ "$status" -ne 0 ]; then
	echo "FAIL: armvisor exited with status $status"; cat "$out/mmu.our"; exit 1
fi
for f in ref our; do
	grep -q '^mmu test end' "$out/mmu.$f" ||
		{ echo "FAIL: the $f run did not reach the end:"; cat "$out/mmu.$f"; exit 1; }
done

fail=0
for name in off_unaligned device_unaligned; do
	if ! grep -q "^$name: n=1 esr=96000021 " "$out/mmu.our"; then
		echo "FAIL: $name should take an alignment fault:"; grep "^$name:" "$out/mmu.our"
		fail=1
	fi
done
filter() { grep -v -e '^off_unaligned:' -e '^device_unaligned:' "$1"; }
if ! diff <(filter "$out/mmu.ref") <(filter "$out/mmu.our") >"$out/mmu.diff"; then
	echo "FAIL: transcripts differ (< qemu, > armvisor):"; cat "$out/mmu.diff"
	fail=1
fi
if grep -q 'BAD\|FAIL' "$out/mmu.our"; then
	echo "FAIL: the test program reported a failure:"; grep 'BAD\|FAIL' "$out/mmu.our"
	fail=1
fi
[ "$fail" -eq 0 ] && echo "bare-metal MMU test: $(grep -c '^' "$out/mmu.our") lines match the reference"
exit "$fail"
