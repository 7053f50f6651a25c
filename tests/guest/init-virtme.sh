#!/bin/sh
# /init of the virtme-ng recipe's initramfs (tests/shell/recipes/
# virtme_ng_9p_root.sh): what virtme-ng's own initramfs does for a modular
# kernel. Load the kit's modules (9p and their dependencies), mount the
# share tagged /dev/root with the kernel's rootflags, read-only, and hand
# over to the kernel command line's init= with the arguments the kernel
# passed us (those after "--").
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
ver=$(uname -r)
failed=""
while read -r m; do
	insmod "/lib/modules/$ver/$m" 2>/dev/null || failed="$failed $m"
done <"/lib/modules/$ver/load-order"
# console=hvc0 did not exist when the kernel started us (virtio_console is
# one of the modules): the console is there now.
exec </dev/console >/dev/console 2>&1
[ -z "$failed" ] || echo "insmod-failed:$failed"
flags=$(sed -n 's/.*rootflags=\([^ ]*\).*/\1/p' /proc/cmdline)
init=$(sed -n 's/.* init=\([^ ]*\).*/\1/p' /proc/cmdline)
mkdir -p /newroot
i=0
until mount -t 9p -o "ro,$flags" /dev/root /newroot 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 20 ] || { echo "virtme: cannot mount /dev/root"; poweroff -f; }
	sleep 1
done
umount /sys /proc
mount --move /dev /newroot/dev 2>/dev/null
exec switch_root /newroot "${init:-/sbin/init}" "$@"
