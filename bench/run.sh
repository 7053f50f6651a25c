#!/usr/bin/env bash
# make bench: boot/workload ratios against qemu-system-aarch64, same run.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/run.py "$@"
