#!/usr/bin/env bash
# Build the bare-metal test programs: build.sh OUTDIR. Needs
# aarch64-linux-gnu-gcc (Debian: gcc-aarch64-linux-gnu); exit 77 without it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-build/baremetal}
cc=${CROSS_CC:-aarch64-linux-gnu-gcc}
command -v "$cc" >/dev/null || { echo "no $cc: install gcc-aarch64-linux-gnu"; exit 77; }
mkdir -p "$out"
flags="-nostdlib -ffreestanding -fno-pic -static -O2 -g -mgeneral-regs-only
       -march=armv8-a -Wl,--no-warn-rwx-segments -Wall -Wextra -Werror -T $here/link.ld"
for prog in exc timer smp; do
	# shellcheck disable=SC2086
	"$cc" $flags -o "$out/$prog.elf" "$here/start.S" "$here/lib.c" \
		"$here/gic.c" "$here/$prog.c"
done
