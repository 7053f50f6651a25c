#!/usr/bin/env bash
# Random FP/AdvSIMD instructions (fixed seeds, so failures reproduce):
# tests/tcg/fp/gen-random.py writes snippets of 700 decodable encodings
# with random operands and FPCR, and tests/tcg/run.sh compares our CPU
# with qemu-aarch64-static after every instruction.
#   FP_RANDOM_SEEDS="1 2 3" tests/shell/tcg_fp_random.sh
. "$(dirname "$0")/../lib/common.sh"
need_tools "${CROSS}gcc" qemu-aarch64-static python3
out=$BUILD/tcg-tests/fp-random
mkdir -p "$out"
build_decode_cov "$out/decode-cov"
snippets=()
for seed in ${FP_RANDOM_SEEDS:-1 2 3 4 5 6 7 8}; do
	tests/tcg/fp/gen-random.py "$seed" 700 "$out/decode-cov" "$out/random-$seed.S" || exit 1
	snippets+=("$out/random-$seed.S")
done
exec tests/tcg/run.sh "${snippets[@]}"
