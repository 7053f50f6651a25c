#!/usr/bin/env bash
# Recipe: buildroot's qemu_aarch64_virt_defconfig, board/qemu/aarch64-virt/readme.txt:
#   qemu-system-aarch64 -M virt -cpu cortex-a53 -nographic -smp 1 \
#     -kernel output/images/Image -append "rootwait root=/dev/vda console=ttyAMA0" \
#     -netdev user,id=eth0 -device virtio-net-device,netdev=eth0 \
#     -drive file=output/images/rootfs.ext4,if=none,format=raw,id=hd0 \
#     -device virtio-blk-device,drive=hd0
# Adapted to the kit: buildroot's kernel has virtio and ext4 built in,
# Debian's has them as modules, so a small -initrd loads them and
# switch_roots to /dev/vda as a distribution's initramfs would. The root
# file system is an ext4 image made here (mkfs.ext4 -d) holding busybox
# and an /sbin/init that reports what it sees, writes a file and powers
# off; the host then reads that file out of the image (debugfs).
. "$(dirname "$0")/../../lib/common.sh"
. "$(dirname "$0")/../../lib/ext4_root.sh"
need_armvisor
need_tools mkfs.ext4 debugfs
need_kit
has_user_net || skip "this armvisor has no user networking (built without libslirp)"

make_work build
KIT_MODULES="crc32c_generic ext4" need_initramfs tests/guest/init-switchroot.sh "$work/switchroot.cpio.gz"

ext4_root "$work/rootfs.ext4"

log=$work/buildroot.log
run_guest "$log" "$AV" -M virt -cpu cortex-a53 -nographic -smp 1 -m 512M \
	-kernel "$kit/Image" -initrd "$work/switchroot.cpio.gz" \
	-append "rootwait root=/dev/vda console=ttyAMA0" \
	-netdev user,id=eth0 -device virtio-net-device,netdev=eth0 \
	-drive file="$work/rootfs.ext4",if=none,format=raw,id=hd0 \
	-device virtio-blk-device,drive=hd0
rc=$?
strip_cr "$log"
fail_logs=("$log")
[ $rc -eq 0 ] || fail "armvisor exited with status $rc"
ext4_root_check "$log" "$work/rootfs.ext4"
grep -q "^net: .*eth0" "$log" || fail "the guest has no eth0 (virtio-net-device)"
echo "PASS: buildroot's command line boots an ext4 root on virtio-blk-device"
