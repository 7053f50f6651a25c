#!/usr/bin/env bash
# Load/store instruction tests (tests/tcg/ldst/*.S): our CPU and
# qemu-aarch64-static must end in the same registers and memory.
cd "$(dirname "$0")/../.." || exit 1
exec tests/tcg/run.sh tests/tcg/ldst/*.S
