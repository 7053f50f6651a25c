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
echo "SNAP-GUEST-READY"
while :; do
	if read -r line; then
		eval "$line"
	else
		sleep 1
	fi
done
