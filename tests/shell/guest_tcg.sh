#!/usr/bin/env bash
# Guest tests under TCG: the guest kit (Debian's arm64 kernel, busybox
# initramfs) boots to /init with -smp 1, -smp 2 and GICv3; /init checks
# uname -m, the CPU count and an md5sum against the host's, then powers
# off, and armvisor must exit 0 (tests/guest/boot-basic.sh).
. "$(dirname "$0")/../lib/common.sh"
rc=0
for args in "1" "2" "2 -M virt,gic-version=3"; do
	# shellcheck disable=SC2086
	tests/guest/boot-basic.sh $args -accel tcg || rc=1
done
exit $rc
