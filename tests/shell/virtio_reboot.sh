#!/usr/bin/env bash
# virtio devices across a guest reboot (PSCI SYSTEM_RESET, which resets
# them along with the machine): the rebooted kernel finds them working,
# reads back the mark the first boot wrote (with conv=fsync) and gets bytes
# from /dev/hwrng. -smp 2.
. "$(dirname "$0")/../lib/common.sh"
# Two boots.
guest_timeout=${GUEST_TIMEOUT:-900}
need_armvisor
need_kit
make_work build
need_initramfs tests/guest/init-virtio-reboot.sh "$work/initrd.gz"
truncate -s 1M "$work/disk.img"
log=$work/console.log
boot_guest "$log" -M virt -m 512M -smp 2 -initrd "$work/initrd.gz" -append console=ttyAMA0 \
	-drive "file=$work/disk.img,format=raw" -device virtio-rng-device
rc=$?
strip_cr "$log"
fail_logs=("$log")
[ $rc -eq 0 ] || fail "armvisor exited with status $rc"
grep -q "insmod-failed" "$log" && fail "a virtio module did not load"
grep -q "^boot-mark: \[\]$" "$log" || fail "the first boot did not see a blank disk"
grep -q "^rebooting$" "$log" || fail "the first boot did not reboot"
grep -q "^boot-mark: \[first-boot\]$" "$log" || fail "after the reboot the disk does not read back the mark"
grep -Eq "^second-boot hwrng: [0-9a-f]{16}$" "$log" || fail "/dev/hwrng does not answer after the reboot"
[ "$(head -c 10 "$work/disk.img")" = "first-boot" ] || fail "the image does not hold the mark"
echo "PASS: virtio-blk and virtio-rng work again after a guest reboot"
