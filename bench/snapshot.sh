#!/usr/bin/env bash
# Snapshot save/restore time and file size of a 1 GiB guest, armvisor
# against qemu-system-aarch64 (bench/snapshot.py; --runs N --mem MiB --fill MiB).
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/snapshot.py "$@"
