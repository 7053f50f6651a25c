#!/bin/sh
# /init of an initramfs that only brings up the disk root a recipe names
# (root=/dev/vdX [rootfstype=ext4] rootwait), as a distribution's
# initramfs does for a modular kernel: load the kit's modules (virtio,
# ext4 and the crc32c it asks for by name), wait for the device, mount
# it and hand over to its /sbin/init.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
ver=$(uname -r)
while read -r m; do
	insmod "/lib/modules/$ver/$m" || echo "insmod-failed: $m"
done <"/lib/modules/$ver/load-order"
root=$(sed -n 's/.*root=\(\/dev\/[a-z0-9]*\).*/\1/p' /proc/cmdline)
i=0
while [ ! -b "$root" ] && [ $i -lt 30 ]; do sleep 1; i=$((i + 1)); done
mkdir -p /newroot
mount -t ext4 "$root" /newroot || { echo "switchroot: cannot mount $root"; poweroff -f; }
umount /sys /proc
mount --move /dev /newroot/dev 2>/dev/null
exec switch_root /newroot /sbin/init
