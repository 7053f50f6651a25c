#!/bin/sh
# /init of the virtio guest test (tests/shell/virtio_blk_guest.sh): find the
# disks by serial, write the pattern to "out" with conv=fsync, read "in",
# try to write "ro", read 16 bytes of /dev/hwrng, power off. The host
# checks the lines printed here and the image files.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
echo "ARMVISOR-INIT-START"
ver=$(uname -r)
while read -r m; do
	insmod "/lib/modules/$ver/$m" || echo "insmod-failed: $m"
done <"/lib/modules/$ver/load-order"
pattern() {
	awk 'BEGIN { for (i = 0; i < 16384; i++) printf "%015d\n", i * 7919 % 1000003 }'
}
disk_by_serial() {
	for d in /sys/block/vd*; do
		[ "$(cat "$d/serial" 2>/dev/null)" = "$1" ] && { basename "$d"; return; }
	done
}
for d in /sys/block/vd*; do
	[ -e "$d" ] && echo "disk: $(basename "$d") serial=$(cat "$d/serial") ro=$(cat "$d/ro") sectors=$(cat "$d/size")"
done
out=$(disk_by_serial out)
in=$(disk_by_serial in)
ro=$(disk_by_serial ro)
if [ -n "$out" ]; then
	pattern | dd of="/dev/$out" bs=4096 conv=fsync 2>/dev/null && echo "out-written: $out"
fi
if [ -n "$in" ]; then
	echo "in-md5: $(dd if="/dev/$in" bs=4096 count=64 2>/dev/null | md5sum | cut -d' ' -f1)"
fi
if [ -n "$ro" ]; then
	if echo x | dd of="/dev/$ro" conv=fsync 2>/dev/null; then
		echo "ro-write: accepted"
	else
		echo "ro-write: refused"
	fi
fi
if [ -e /dev/hwrng ]; then
	echo "hwrng-current: $(cat /sys/class/misc/hw_random/rng_current)"
	echo "hwrng: $(dd if=/dev/hwrng bs=16 count=1 2>/dev/null | od -An -tx1 | tr -d ' \n')"
fi
echo "ARMVISOR-INIT-DONE"
poweroff -f
