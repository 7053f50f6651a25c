#!/bin/sh
# /init of tests/shell/virtio_reboot.sh: the first boot marks the disk and
# reboots; after the machine reset the devices work again: the second boot
# reads the mark back and /dev/hwrng answers, then it powers off.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
ver=$(uname -r)
while read -r m; do insmod "/lib/modules/$ver/$m" || echo "insmod-failed: $m"; done <"/lib/modules/$ver/load-order"
mark=$(dd if=/dev/vda bs=16 count=1 2>/dev/null | tr -d '\0')
echo "boot-mark: [$mark]"
if [ "$mark" = "" ]; then
	echo first-boot | dd of=/dev/vda conv=fsync 2>/dev/null
	echo "rebooting"
	reboot -f
fi
echo "second-boot hwrng: $(dd if=/dev/hwrng bs=8 count=1 2>/dev/null | od -An -tx1 | tr -d ' \n')"
poweroff -f
