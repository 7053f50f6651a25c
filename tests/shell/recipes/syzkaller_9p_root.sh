#!/usr/bin/env bash
# Recipe: syzkaller's "9p" image mode (vm/qemu/qemu.go), which boots the
# kernel on the host's own tree shared over 9p:
#   -fsdev local,id=fsdev0,path=/,security_model=none,readonly
#   -device virtio-9p-pci,fsdev=fsdev0,mount_tag=/dev/root
# with "root=/dev/root rootfstype=9p rootflags=trans=virtio,version=9p2000.L"
# on the kernel command line (as virtme and other kernel-testing tools do).
# Adapted to the kit: a small root tree made here (busybox and an
# /sbin/init that reports what it sees) instead of /, and an initramfs
# that loads the 9p and virtio_pci modules the kit's kernel has as modules
# and switch_roots, as a distribution's would.
. "$(dirname "$0")/../../lib/common.sh"
need_armvisor
need_kit

make_work
KIT_MODULES="virtio_pci 9pnet_virtio 9p" need_initramfs tests/guest/init-9proot.sh "$work/9proot.cpio.gz"
root=$work/root
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,etc}
cp "$kit/busybox" "$root/bin/busybox"
echo "a file in the 9p root" >"$root/etc/hello"
cat >"$root/sbin/init" <<'EOF'
#!/bin/busybox sh
bb=/bin/busybox
$bb mount -t proc proc /proc
echo "ROOT9P-INIT"
echo "root-mount: $($bb awk '$2 == "/" && $1 != "rootfs" { print $1, $3, $4 }' /proc/mounts | $bb tail -n 1)"
echo "hello: $($bb cat /etc/hello)"
$bb touch /etc/new 2>/dev/null && echo "write: allowed" || echo "write: refused"
$bb poweroff -f
EOF
chmod 755 "$root/sbin/init"

log=$work/9proot.log
run_guest "$log" "$AV" -M virt -cpu cortex-a57 -m 512M -nographic -nic none \
	-kernel "$kit/Image" -initrd "$work/9proot.cpio.gz" \
	-append "console=ttyAMA0 root=/dev/root rootfstype=9p rootflags=trans=virtio,version=9p2000.L" \
	-fsdev "local,id=fsdev0,path=$root,security_model=none,readonly" \
	-device virtio-9p-pci,fsdev=fsdev0,mount_tag=/dev/root
rc=$?
strip_cr "$log"
fail_logs=("$log")
[ $rc -eq 0 ] || fail "armvisor exited with status $rc"
grep -q "insmod-failed" "$log" && fail "a module of the initramfs did not load"
grep -q "ROOT9P-INIT" "$log" || fail "the 9p root's /sbin/init never ran"
grep -Eq "^root-mount: /dev/root 9p ro," "$log" || fail "/ is not the 9p share, read-only"
grep -q "^hello: a file in the 9p root$" "$log" || fail "the guest did not read the host's file"
grep -q "^write: refused$" "$log" || fail "the read-only share took a write"
[ ! -e "$root/etc/new" ] || fail "a file appeared in the read-only share"
echo "PASS: syzkaller's 9p-root line boots the guest from a host directory over virtio-9p-pci"
