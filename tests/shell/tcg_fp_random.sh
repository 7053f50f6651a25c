#!/usr/bin/env bash
# Random FP/AdvSIMD instructions (fixed seeds, so failures reproduce):
# tests/tcg/fp/gen-random.py writes snippets of 700 decodable encodings
# with random operands and FPCR, and tests/tcg/run.sh compares our CPU
# with qemu-aarch64-static after every instruction.
#   FP_RANDOM_SEEDS="1 2 3" tests/shell/tcg_fp_random.sh
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
CROSS=${CROSS:-aarch64-linux-gnu-}
for tool in "${CROSS}gcc" qemu-aarch64-static python3; do
	command -v "$tool" >/dev/null || { echo "cannot run: $tool not installed"; exit 77; }
done
make -s "$BUILD/libarmvisor.a" || exit 1
# The libraries the Makefile links the program with (libslirp, capstone...).
libs=$(printf 'print-libs:\n\t@echo $(AV_LDLIBS) $(LDLIBS)\n' |
	make -s --no-print-directory -f Makefile -f - print-libs)
out=$BUILD/tcg-tests/fp-random
mkdir -p "$out"
${CC:-cc} -O2 -std=gnu11 -Wall -Wextra -Werror -Iinclude -Iaccel-tcg -D_GNU_SOURCE \
	-o "$out/decode-cov" tests/tcg/fp/decode-cov.c "$BUILD/libarmvisor.a" \
	$libs || exit 1
snippets=()
for seed in ${FP_RANDOM_SEEDS:-1 2 3 4 5 6 7 8}; do
	tests/tcg/fp/gen-random.py "$seed" 700 "$out/decode-cov" "$out/random-$seed.S" || exit 1
	snippets+=("$out/random-$seed.S")
done
exec tests/tcg/run.sh "${snippets[@]}"
