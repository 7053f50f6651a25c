#!/usr/bin/env bash
# Boot the default guest: Debian 12's arm64 kernel with a busybox shell.
# Installs what is missing, builds armvisor, fetches the guest kit with apt.
# Extra arguments go to armvisor (e.g. -smp 4, -accel kvm).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
make -s -j2
kit=$(scripts/guest-kit.sh path)
initrd=build/default-initramfs.cpio.gz
[ "$initrd" -nt tests/guest/init-shell.sh ] ||
	scripts/guest-kit.sh initramfs tests/guest/init-shell.sh "$initrd"
exec build/armvisor -M virt -cpu cortex-a57 -smp 2 -m 1G -nographic \
	-kernel "$kit/Image" -initrd "$initrd" -append "console=ttyAMA0" "$@"
