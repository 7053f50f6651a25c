#!/usr/bin/env bash
# virtio devices across a guest reboot (PSCI SYSTEM_RESET, which resets
# them along with the machine): the rebooted kernel finds them working,
# reads back the mark the first boot wrote (with conv=fsync) and gets bytes
# from /dev/hwrng. -smp 2.
set -u
cd "$(dirname "$0")/../.."
armvisor=${ARMVISOR:-build/armvisor}
skip() { echo "SKIP: $*"; exit 77; }
[ -x "$armvisor" ] || skip "no $armvisor (run make)"
kit=$(scripts/guest-kit.sh path 2>/dev/null) || skip "no guest kit (scripts/guest-kit.sh fetch)"
mkdir -p build
work=$(mktemp -d build/virtio-reboot.XXXXXX)
trap 'rm -rf "$work"' EXIT
scripts/guest-kit.sh initramfs tests/guest/init-virtio-reboot.sh "$work/initrd.gz" >/dev/null 2>&1 ||
	skip "cannot build an initramfs with scripts/guest-kit.sh"
truncate -s 1M "$work/disk.img"
log=$work/log
timeout "${GUEST_TIMEOUT:-900}" "$armvisor" -M virt -m 512M -smp 2 -nographic \
	-kernel "$kit/Image" -initrd "$work/initrd.gz" -append console=ttyAMA0 \
	-drive "file=$work/disk.img,format=raw" -device virtio-rng-device </dev/null >"$log" 2>&1
rc=$?
tr -d '\r' <"$log" >"$log.lf" && mv "$log.lf" "$log"
fail() { echo "FAIL: $*"; tail -n 40 "$log"; exit 1; }
[ $rc -eq 0 ] || fail "armvisor exited with status $rc"
grep -q "insmod-failed" "$log" && fail "a virtio module did not load"
grep -q "^boot-mark: \[\]$" "$log" || fail "the first boot did not see a blank disk"
grep -q "^rebooting$" "$log" || fail "the first boot did not reboot"
grep -q "^boot-mark: \[first-boot\]$" "$log" || fail "after the reboot the disk does not read back the mark"
grep -Eq "^second-boot hwrng: [0-9a-f]{16}$" "$log" || fail "/dev/hwrng does not answer after the reboot"
[ "$(head -c 10 "$work/disk.img")" = "first-boot" ] || fail "the image does not hold the mark"
echo "PASS: virtio-blk and virtio-rng work again after a guest reboot"
