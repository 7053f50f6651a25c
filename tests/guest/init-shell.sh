#!/bin/sh
# /init of the default guest: mount the usual file systems, load the
# virtio modules, and give the console an interactive shell.
# `poweroff -f` ends armvisor with status 0.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
ver=$(uname -r)
while read -r m; do
	insmod "/lib/modules/$ver/$m" 2>/dev/null
done <"/lib/modules/$ver/load-order"
echo "armvisor guest: $(uname -srm), $(grep -c ^processor /proc/cpuinfo) CPU(s). 'poweroff -f' to leave."
exec setsid cttyhack sh -l
