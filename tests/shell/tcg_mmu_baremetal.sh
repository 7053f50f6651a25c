#!/usr/bin/env bash
# The bare-metal MMU test (tests/baremetal/mmu_*): translation, faults,
# AT, TLBI, exclusives as seen by an EL1 program, against
# qemu-system-aarch64. Arguments as mmu_run.sh's: [jit=on|jit=off]
# [mmu|mmu_smp...].
. "$(dirname "$0")/../lib/common.sh"
exec tests/baremetal/mmu_run.sh "$@"
