#!/bin/sh
# /init of an initramfs that brings up a 9p root as a distribution's
# initramfs would for a modular kernel (root=/dev/root rootfstype=9p
# rootflags=trans=virtio,...): load the kit's modules (virtio_pci, 9p and
# their dependencies), mount the share tagged /dev/root read-only and
# hand over to its /sbin/init.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
ver=$(uname -r)
while read -r m; do
	insmod "/lib/modules/$ver/$m" || echo "insmod-failed: $m"
done <"/lib/modules/$ver/load-order"
flags=$(sed -n 's/.*rootflags=\([^ ]*\).*/\1/p' /proc/cmdline)
mkdir -p /newroot
i=0
until mount -t 9p -o "ro,$flags" /dev/root /newroot 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 20 ] || { echo "9proot: cannot mount /dev/root"; poweroff -f; }
	sleep 1
done
umount /sys /proc
mount --move /dev /newroot/dev 2>/dev/null
exec switch_root /newroot /sbin/init
