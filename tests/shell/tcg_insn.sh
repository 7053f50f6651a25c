#!/usr/bin/env bash
# The instruction tests: every tests/tcg/snippets/*.S run on our CPU and
# on qemu-aarch64-static must end in the same registers, flags and memory.
. "$(dirname "$0")/../lib/common.sh"
exec tests/tcg/run.sh
