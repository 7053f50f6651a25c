#!/bin/sh
# /init of the qcow2 guest test (tests/shell/qcow2_guest.sh). Disks by
# serial:
#  q  a qcow2 overlay holding an ext4 file system: write two files, read
#     them back after a remount, unmount, then copy the whole disk to r;
#  r  a raw disk as large as q (the copy the host compares q with);
#  s  a qcow2 disk with snapshot=on: write, read back;
#  k  a qcow2 disk written without end until the host kills us (KILL-ME).
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
echo "ARMVISOR-INIT-START"
ver=$(uname -r)
while read -r m; do
	insmod "/lib/modules/$ver/$m" || echo "insmod-failed: $m"
done <"/lib/modules/$ver/load-order"
disk_by_serial() {
	for d in /sys/block/vd*; do
		[ "$(cat "$d/serial" 2>/dev/null)" = "$1" ] && { basename "$d"; return; }
	done
}
pattern() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "%015d\n", i * 7919 % 1000003 }'
}
q=$(disk_by_serial q)
r=$(disk_by_serial r)
s=$(disk_by_serial s)
k=$(disk_by_serial k)
if [ -n "$q" ]; then
	mkdir -p /mnt/q
	if mount -t ext4 "/dev/$q" /mnt/q; then
		pattern 65536 >/mnt/q/pattern.txt
		dd if=/dev/urandom of=/mnt/q/random.bin bs=65536 count=48 2>/dev/null
		mkdir -p /mnt/q/dir && cp /mnt/q/pattern.txt /mnt/q/dir/copy.txt
		sync
		for f in pattern.txt random.bin dir/copy.txt; do
			echo "file: $f $(md5sum </mnt/q/$f | cut -d' ' -f1)"
		done
		umount /mnt/q && mount -t ext4 -o ro "/dev/$q" /mnt/q &&
			for f in pattern.txt random.bin dir/copy.txt; do
				echo "reread: $f $(md5sum </mnt/q/$f | cut -d' ' -f1)"
			done
		umount /mnt/q && echo "q-unmounted"
	else
		echo "q-mount-failed"
	fi
	[ -n "$r" ] && dd if="/dev/$q" of="/dev/$r" bs=1048576 conv=fsync 2>/dev/null &&
		echo "q-copied-to-r"
fi
if [ -n "$s" ]; then
	pattern 4096 | dd of="/dev/$s" bs=4096 seek=100 conv=fsync 2>/dev/null
	want=$(pattern 4096 | md5sum | cut -d' ' -f1)
	got=$(dd if="/dev/$s" bs=4096 skip=100 count=16 2>/dev/null | md5sum | cut -d' ' -f1)
	[ "$want" = "$got" ] && echo "snap-readback: ok" || echo "snap-readback: bad $got"
fi
if [ -n "$k" ]; then
	echo "KILL-ME"
	i=0
	while :; do
		dd if=/dev/urandom of="/dev/$k" bs=65536 count=4 seek=$((i * 37 % 1000)) \
			conv=fsync 2>/dev/null
		i=$((i + 1))
	done
fi
echo "ARMVISOR-INIT-DONE"
poweroff -f
