#!/usr/bin/env bash
# Recipe: virtme-ng (vng) booting a kernel on a host directory as its
# root, as virtme/commands/run.py builds the line for a non-native aarch64
# guest with --root DIR (9p, no virtiofsd):
#   -fsdev local,id=virtfsN,path=DIR,security_model=none,readonly=on,multidevs=remap
#   -device virtio-9p-device,fsdev=virtfsN,mount_tag=/dev/root
#   -fsdev local,id=virtfsM,path=GUESTTOOLS,security_model=none,readonly=on,multidevs=remap
#   -device virtio-9p-device,fsdev=virtfsM,mount_tag=virtme.guesttools
#   -M virt -cpu cortex-a57 -parallel none -net none -echr 1
#   -chardev file,path=/proc/self/fd/2,id=dmesg
#   -device virtio-serial-device -device virtconsole,chardev=dmesg
#   -chardev stdio,id=console,signal=off,mux=on -serial chardev:console
#   -mon chardev=console
# with "console=hvc0 virtme_console=ttyAMA0 rootfstype=9p
# rootflags=version=9p2000.L,trans=virtio,access=any init=/bin/sh -- -c
# 'mount -t tmpfs run /run;mkdir -p /run/virtme/guesttools;/bin/mount -n
# -t 9p -o ro,version=9p2000.L,trans=virtio,access=any virtme.guesttools
# /run/virtme/guesttools;exec /run/virtme/guesttools/virtme-init'"
# (virtio-*-device: virtme's aarch64 virtio_dev_type).
# Adapted to the kit: -parallel none is left out (armvisor refuses
# -parallel by name); the kit's kernel has 9p as modules, so an initramfs
# loads them and hands over to init= as virtme-ng's own initramfs does;
# the root is a busybox tree made here and the "guest tools" a script
# that reports what it sees and powers off.
. "$(dirname "$0")/../../lib/common.sh"
need_armvisor
need_kit

make_work
KIT_MODULES="9pnet_virtio 9p" need_initramfs tests/guest/init-virtme.sh "$work/virtme.cpio.gz"
root=$work/root tools=$work/guesttools
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,run,etc} "$tools"
cp "$kit/busybox" "$root/bin/busybox"
for a in sh mount mkdir cat awk poweroff; do ln -s busybox "$root/bin/$a"; done
echo "a file in the root share" >"$root/etc/hello"
cat >"$tools/virtme-init" <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sys /sys
echo "VIRTME-INIT"
echo "root-mount: $(awk '$2 == "/" && $1 != "rootfs" { print $1, $3 }' /proc/mounts | tail -n 1)"
echo "tools-mount: $(awk '$2 == "/run/virtme/guesttools" { print $1, $3 }' /proc/mounts)"
echo "hello: $(cat /etc/hello)"
echo "console: $(cat /sys/class/tty/console/active 2>/dev/null || echo -)"
poweroff -f
INIT
chmod 755 "$tools/virtme-init"

log=$work/virtme.log
cmd="mount -t tmpfs run /run;mkdir -p /run/virtme/guesttools;/bin/mount -n -t 9p -o ro,version=9p2000.L,trans=virtio,access=any virtme.guesttools /run/virtme/guesttools;exec /run/virtme/guesttools/virtme-init"
run_guest "$log" "$AV" \
	-fsdev "local,id=virtfs1,path=$root,security_model=none,readonly=on,multidevs=remap" \
	-device virtio-9p-device,fsdev=virtfs1,mount_tag=/dev/root \
	-fsdev "local,id=virtfs5,path=$tools,security_model=none,readonly=on,multidevs=remap" \
	-device virtio-9p-device,fsdev=virtfs5,mount_tag=virtme.guesttools \
	-M virt -cpu cortex-a57 -m 512M -net none -echr 1 \
	-chardev file,path=/proc/self/fd/2,id=dmesg \
	-device virtio-serial-device -device virtconsole,chardev=dmesg \
	-chardev stdio,id=console,signal=off,mux=on -serial chardev:console \
	-mon chardev=console \
	-kernel "$kit/Image" -initrd "$work/virtme.cpio.gz" \
	-append "console=hvc0 virtme_console=ttyAMA0 rootfstype=9p rootflags=version=9p2000.L,trans=virtio,access=any init=/bin/sh -- -c \"$cmd\""
rc=$?
strip_cr "$log"
fail_logs=("$log")
[ $rc -eq 0 ] || fail "armvisor exited with status $rc"
grep -q "insmod-failed" "$log" && fail "a module of the initramfs did not load"
grep -q "^VIRTME-INIT" "$log" || fail "the guest tools' virtme-init never ran"
grep -q "^root-mount: /dev/root 9p$" "$log" || fail "/ is not the 9p share tagged /dev/root"
grep -q "^tools-mount: virtme.guesttools 9p$" "$log" || fail "the guest tools share is not mounted"
grep -q "^hello: a file in the root share$" "$log" || fail "the guest did not read the root share's file"
grep -q "^console: hvc0$" "$log" || fail "the kernel console is not the virtconsole (hvc0)"
echo "PASS: virtme-ng's 9p-root line boots into its guest tools over two virtio-9p-device shares"
