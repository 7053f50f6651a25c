#!/usr/bin/env bash
# Load/store instruction tests: tests/tcg/ldst/*.S and random snippets
# from tests/tcg/ldst/gen-random.py (fixed seeds, so a failure
# reproduces: gen-random.py SEED 300 OUT.S) run on our CPU and on
# qemu-aarch64-static must end in the same registers and memory.
. "$(dirname "$0")/../lib/common.sh"
need_tools python3
out=$BUILD/ldst-random
mkdir -p "$out"
for seed in ${LDST_SEEDS:-1 2 3 4 5 6 7 8}; do
	tests/tcg/ldst/gen-random.py "$seed" 300 "$out/ldst_random_$seed.S" || exit 1
done
exec tests/tcg/run.sh tests/tcg/ldst/*.S "$out"/ldst_random_*.S
