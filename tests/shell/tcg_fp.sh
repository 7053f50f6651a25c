#!/usr/bin/env bash
# FP and AdvSIMD instruction tests: every tests/tcg/fp/*.S run on our CPU
# and on qemu-aarch64-static must end in the same registers, FPSR/NZCV
# and memory (results and flags are stored to memory after each op).
. "$(dirname "$0")/../lib/common.sh"
exec tests/tcg/run.sh tests/tcg/fp/*.S
