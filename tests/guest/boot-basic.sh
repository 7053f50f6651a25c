#!/usr/bin/env bash
# Guest test: boot the guest kit's kernel with tests/guest/init-basic.sh as
# /init under the given armvisor options and check what the user would see
# on the console, and that poweroff ends armvisor with status 0.
#   tests/guest/boot-basic.sh NCPUS [extra armvisor options...]
set -u
cd "$(dirname "$0")/../.."
ncpus=$1; shift
kit=$(scripts/guest-kit.sh path) || exit 1
initrd=build/guest-basic.cpio.gz
[ "$initrd" -nt tests/guest/init-basic.sh ] ||
	scripts/guest-kit.sh initramfs tests/guest/init-basic.sh "$initrd" || exit 1
expected_md5=$(awk 'BEGIN { for (i = 0; i < 16384; i++) printf "%015d\n", i * 7919 % 1000003 }' | md5sum | cut -d' ' -f1)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
timeout ${GUEST_TIMEOUT:-600} build/armvisor -M virt -cpu cortex-a57 -smp "$ncpus" -m 512M \
	-nographic -kernel "$kit/Image" -initrd "$initrd" -append "console=ttyAMA0" "$@" \
	</dev/null >"$log" 2>&1
rc=$?
fail() { echo "FAIL: $*"; tail -n 40 "$log"; exit 1; }
[ $rc -eq 0 ] || fail "armvisor exited with status $rc"
grep -q "ARMVISOR-INIT-START" "$log" || fail "the guest's /init never ran"
grep -q "^uname-m: aarch64" "$log" || fail "uname -m is not aarch64"
grep -q "^cpus: $ncpus" "$log" || fail "/proc/cpuinfo does not list $ncpus CPUs"
grep -q "^md5: $expected_md5" "$log" || fail "md5sum in the guest differs from the host's ($expected_md5)"
grep -q "insmod-failed" "$log" && fail "a virtio module did not load"
grep -q "ARMVISOR-INIT-DONE" "$log" || fail "/init did not finish"
echo "PASS: -smp $ncpus $*"
