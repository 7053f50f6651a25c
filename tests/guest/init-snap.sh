#!/bin/sh
# /init of the guest tests/shell/snapshot_kvm_nested.sh saves and restores:
# a shell on the console that runs each line it reads, so the test can ask
# it questions before a snapshot and after the restore (the answers come
# from the restored guest: its RAM, its clock, its shell). /proc/uptime is
# the guest's monotonic boot clock (the generic timer's virtual count).
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mkdir -p /tmp
mount -t tmpfs tmp /tmp
ver=$(uname -r)
while read -r m; do
	insmod "/lib/modules/$ver/$m" 2>/dev/null
done <"/lib/modules/$ver/load-order"
# Disks with serial "busy..." (virtio-mmio or virtio-pci): keep writing
# each (the save drains requests in flight), counting the writes that
# completed in /tmp/SERIAL.count.
for d in /sys/block/vd*; do
	serial=$(cat "$d/serial" 2>/dev/null)
	case $serial in busy*) ;; *) continue ;; esac
	dev=/dev/$(basename "$d")
	(n=0; while :; do
		dd if=/dev/urandom of="$dev" bs=64k count=4 conv=fsync 2>/dev/null
		n=$((n + 1))
		# A rename: busy_moving never reads a count half written.
		echo "$n" >"/tmp/.$serial.new" && mv "/tmp/.$serial.new" "/tmp/$serial.count"
	done) &
done
# busy_moving: "DISK-MOVING SERIAL BEFORE AFTER..." when every busy disk's
# count grew in 3 s (the test types it into this shell after a restore).
busy_moving() {
	set -- /tmp/busy*.count
	[ -e "$1" ] || return 1
	before=$(for c in "$@"; do cat "$c"; done)
	sleep 3
	line=DISK-MOVING
	for c in "$@"; do
		a=$(echo "$before" | head -n 1)
		before=$(echo "$before" | tail -n +2)
		b=$(cat "$c")
		[ "$b" -gt "$a" ] || return 1
		line="$line $(basename "$c" .count) $a $b"
	done
	echo "$line"
}
echo "SNAP-GUEST-READY"
while :; do
	if read -r line; then
		eval "$line"
	else
		sleep 1
	fi
done
