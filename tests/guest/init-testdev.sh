#!/bin/sh
# /init of tests/shell/testdev_guest.sh: once the virtconsole is there,
# write "3q" to it, QEMU's testdev command to quit with status
# (3 << 1) | 1 = 7. If armvisor does not end the VM, power off after a
# while: status 0 then fails the test.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
ver=$(uname -r)
while read -r m; do
	insmod "/lib/modules/$ver/$m" || echo "insmod-failed: $m"
done <"/lib/modules/$ver/load-order"
i=0
while [ ! -c /dev/hvc0 ] && [ $i -lt 30 ]; do sleep 1; i=$((i + 1)); done
echo "TESTDEV-READY"
printf 'noise 12 3q' >/dev/hvc0
sleep 20
echo "TESTDEV-STILL-RUNNING"
poweroff -f
