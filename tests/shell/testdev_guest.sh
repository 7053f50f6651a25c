#!/usr/bin/env bash
# -chardev testdev behind a virtconsole, as kvm-unit-tests wires it
# (-device virtio-serial-device -device virtconsole,chardev=ctd
# -chardev testdev,id=ctd): the Debian guest writes "... 3q" to
# /dev/hvc0 and armvisor exits at once with status (3 << 1) | 1 = 7.
. "$(dirname "$0")/../lib/common.sh"
need_armvisor
need_kit
make_work
need_initramfs tests/guest/init-testdev.sh "$work/td.cpio.gz"
fail_logs=("$work")

boot_guest "$work/td.log" -m 512M -nic none -initrd "$work/td.cpio.gz" \
	-append "console=ttyAMA0 quiet" -device virtio-serial-device \
	-device virtconsole,chardev=ctd -chardev testdev,id=ctd
rc=$?
grep -q TESTDEV-READY "$work/td.log" || fail "the guest never found /dev/hvc0"
[ "$rc" = 7 ] || fail "exit status $rc, not 7"
! grep -q TESTDEV-STILL-RUNNING "$work/td.log" || fail "the VM ran on after 3q"

echo "testdev_guest: ok"
