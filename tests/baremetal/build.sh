#!/usr/bin/env bash
# Build the bare-metal test programs: build.sh OUTDIR (relative to the
# repository root). Needs aarch64-linux-gnu-gcc (Debian:
# gcc-aarch64-linux-gnu); exit 77 without it.
. "$(dirname "$0")/../lib/common.sh"
set -e
here=$PWD/tests/baremetal
out=${1:-build/baremetal}
cc=${CROSS_CC:-${CROSS}gcc}
need_tools "$cc"
mkdir -p "$out"
# Built aside, then renamed into place: another test may be running one
# of these programs while this builds them (scripts/run-shell-tests.sh
# runs two lanes), and must see a whole file, old or new.
final=$out
out=$(mktemp -d "$final/.build.XXXXXX")
rm_at_exit+=("$out")	# tests/lib/common.sh's cleanup
flags="-nostdlib -ffreestanding -fno-pic -static -O2 -g -mgeneral-regs-only
       -march=armv8-a -Wl,--no-warn-rwx-segments -Wall -Wextra -Werror -T $here/link.ld"
for prog in exc timer smp nisv smc debug; do
	# shellcheck disable=SC2086
	"$cc" $flags -o "$out/$prog.elf" "$here/start.S" "$here/lib.c" \
		"$here/gic.c" "$here/$prog.c"
done
# The PMU: the exit status (semihosting) is the verdict; pmu_av also checks
# what armvisor defines and QEMU does not share (tests/baremetal/pmu.c).
# shellcheck disable=SC2086
"$cc" $flags -o "$out/pmu.elf" "$here/start.S" "$here/lib.c" "$here/gic.c" "$here/pmu.c"
# shellcheck disable=SC2086
"$cc" $flags -DPMU_ARMVISOR -o "$out/pmu_av.elf" "$here/start.S" "$here/lib.c" \
	"$here/gic.c" "$here/pmu.c"
# Semihosting: the exit status is the verdict; the readc variant exits
# with the character it read.
# shellcheck disable=SC2086
"$cc" $flags -o "$out/semihost.elf" "$here/start.S" "$here/lib.c" "$here/semihost.c"
for variant in readc unknown; do
	# shellcheck disable=SC2086
	"$cc" $flags "-DSEMIHOST_${variant^^}" -o "$out/semihost_$variant.elf" \
		"$here/start.S" "$here/lib.c" "$here/semihost.c"
done
for f in "$out"/*.elf; do
	mv -f "$f" "$final/"
done
