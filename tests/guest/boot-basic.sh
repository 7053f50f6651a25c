#!/usr/bin/env bash
# Guest test: boot the guest kit's kernel with tests/guest/init-basic.sh as
# /init under the given armvisor options and check what the user would see
# on the console, and that poweroff ends armvisor with status 0.
#   tests/guest/boot-basic.sh NCPUS [extra armvisor options...]
. "$(dirname "$0")/../lib/common.sh"
ncpus=$1; shift
guest_kit || fail "no guest kit (scripts/guest-kit.sh fetch)"
initrd=build/guest-basic.cpio.gz
initramfs_cached tests/guest/init-basic.sh "$initrd" || fail "cannot build $initrd"
expected_md5=$(guest_pattern 16384 | md5sum | cut -d' ' -f1)
make_work
log=$work/console.log
boot_guest "$log" -M virt -cpu cortex-a57 -smp "$ncpus" -m 512M -initrd "$initrd" \
	-append "console=ttyAMA0" "$@"
rc=$?
fail_logs=("$log")
[ $rc -eq 0 ] || fail "armvisor exited with status $rc"
grep -q "ARMVISOR-INIT-START" "$log" || fail "the guest's /init never ran"
grep -q "^uname-m: aarch64" "$log" || fail "uname -m is not aarch64"
grep -q "^cpus: $ncpus" "$log" || fail "/proc/cpuinfo does not list $ncpus CPUs"
grep -q "^md5: $expected_md5" "$log" || fail "md5sum in the guest differs from the host's ($expected_md5)"
grep -q "insmod-failed" "$log" && fail "a virtio module did not load"
grep -q "ARMVISOR-INIT-DONE" "$log" || fail "/init did not finish"
echo "PASS: -smp $ncpus $*"
