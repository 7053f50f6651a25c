#!/usr/bin/env bash
# The bare-metal MMU test (tests/baremetal/mmu_*): translation, faults,
# AT, TLBI, exclusives as seen by an EL1 program, against
# qemu-system-aarch64.
. "$(dirname "$0")/../lib/common.sh"
exec tests/baremetal/mmu_run.sh
