#!/usr/bin/env bash
# The bare-metal MMU test (tests/baremetal/mmu_*): translation, faults,
# AT, TLBI, exclusives as seen by an EL1 program, against
# qemu-system-aarch64.
exec "$(dirname "$0")/../baremetal/mmu_run.sh"
