#!/bin/sh
# /init of the virtio console guest test (tests/shell/virtio_console_guest.sh):
# hvc0 is a -chardev file, hvc1 a -chardev socket the host test talks to.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
echo "ARMVISOR-INIT-START"
ver=$(uname -r)
while read -r m; do
	insmod "/lib/modules/$ver/$m" || echo "insmod-failed: $m"
done <"/lib/modules/$ver/load-order"
i=0
while [ ! -c /dev/hvc1 ] && [ $i -lt 20 ]; do sleep 1; i=$((i + 1)); done
echo "HVC0-LINE-FROM-GUEST 4711" >/dev/hvc0
# No echo, so the host reads only what we write; then say we listen.
stty -F /dev/hvc1 -echo 2>/dev/null
(sleep 1; echo "GUEST-READY" >/dev/hvc1) &
if read -r line </dev/hvc1; then
	echo "hvc1-got: $line"
else
	echo "hvc1-read-failed"
fi
echo "ARMVISOR-INIT-DONE"
poweroff -f
