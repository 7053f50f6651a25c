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
need_armvisor
need_tools mkfs.ext4 debugfs
need_kit
has_user_net || skip "this armvisor has no user networking (built without libslirp)"

make_work build
KIT_MODULES="crc32c_generic ext4" need_initramfs tests/guest/init-switchroot.sh "$work/switchroot.cpio.gz"

root=$work/rootfs
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,etc}
cp "$kit/busybox" "$root/bin/busybox"
cat >"$root/sbin/init" <<'EOF'
#!/bin/busybox sh
bb=/bin/busybox
$bb mount -t proc proc /proc
$bb mount -t sysfs sys /sys
echo "ROOTFS-INIT-START"
echo "root-mount: $($bb awk '$2 == "/" && $1 != "rootfs" { print $1, $3 }' /proc/mounts | $bb tail -n 1)"
echo "net: $($bb ls /sys/class/net | $bb tr '\n' ' ')"
id=$($bb cat /proc/sys/kernel/random/boot_id)
echo "boot-id: $id"
echo "written by the guest $id" >/guest-wrote.txt
$bb sync
echo "ROOTFS-INIT-DONE"
$bb poweroff -f
EOF
chmod 755 "$root/sbin/init"
rm -f "$work/rootfs.ext4"
mkfs.ext4 -q -F -d "$root" "$work/rootfs.ext4" 32M || fail "mkfs.ext4 -d failed"

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
grep -q "insmod-failed" "$log" && fail "a module of the initramfs did not load"
grep -q "ROOTFS-INIT-START" "$log" || fail "the ext4 root's /sbin/init never ran"
grep -q "^root-mount: /dev/vda ext4" "$log" || fail "/ is not /dev/vda as ext4"
grep -q "^net: .*eth0" "$log" || fail "the guest has no eth0 (virtio-net-device)"
grep -q "ROOTFS-INIT-DONE" "$log" || fail "/sbin/init did not finish"
want=$(sed -n 's/^boot-id: //p' "$log" | head -n 1)
[ -n "$want" ] || fail "the guest printed no boot id"
got=$(debugfs -R "cat /guest-wrote.txt" "$work/rootfs.ext4" 2>/dev/null)
[ "$got" = "written by the guest $want" ] ||
	fail "the image does not hold the guest's file after poweroff (got '$got')"
echo "PASS: buildroot's command line boots an ext4 root on virtio-blk-device"
