#!/bin/sh
# /init of the basic guest test: prove the CPU runs user space correctly,
# then power off. The host test reads these lines on the console.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
echo "ARMVISOR-INIT-START"
echo "uname-m: $(uname -m)"
echo "cpus: $(grep -c ^processor /proc/cpuinfo)"
ver=$(uname -r)
while read -r m; do
	insmod "/lib/modules/$ver/$m" || echo "insmod-failed: $m"
done <"/lib/modules/$ver/load-order"
# The same bytes the host generates (tests/guest/pattern.sh): 256 KiB of a
# counter-driven awk stream, so the md5 exercises loads, stores and branches.
echo "md5: $(awk 'BEGIN { for (i = 0; i < 16384; i++) printf "%015d\n", i * 7919 % 1000003 }' | md5sum | cut -d' ' -f1)"
echo "ARMVISOR-INIT-DONE"
poweroff -f
