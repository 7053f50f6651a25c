#!/bin/sh
# /init of the recipe tests (tests/shell/recipes/*.sh): what the recipe's
# command line should give a guest, asked for on the kernel command line:
#   recipe_disk=1   /dev/vda: read its first 256 KiB (md5), write the
#                   test pattern, drop caches, read it back (md5)
#   recipe_net=PORT DHCP on eth0, fetch payload.bin from 10.0.2.2:PORT
#   recipe_rng=1    the hwrng in use and 16 bytes of it
#   recipe_input=1  echo console lines ("got: LINE") until "done"
# then power off. The host checks the lines printed here.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
echo "ARMVISOR-INIT-START"
ver=$(uname -r)
while read -r m; do
	insmod "/lib/modules/$ver/$m" || echo "insmod-failed: $m"
done <"/lib/modules/$ver/load-order"
arg() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" /proc/cmdline; }
pattern() {
	awk 'BEGIN { for (i = 0; i < 16384; i++) printf "%015d\n", i * 7919 % 1000003 }'
}
for d in /sys/block/vd*; do
	[ -e "$d" ] && echo "disk: $(basename "$d") ro=$(cat "$d/ro") sectors=$(cat "$d/size")"
done
if [ -n "$(arg recipe_disk)" ] && [ -b /dev/vda ]; then
	echo "vda-before: $(dd if=/dev/vda bs=4096 count=64 2>/dev/null | md5sum | cut -d' ' -f1)"
	pattern | dd of=/dev/vda bs=4096 conv=fsync 2>/dev/null && echo "vda-written"
	echo 3 >/proc/sys/vm/drop_caches
	echo "vda-after: $(dd if=/dev/vda bs=4096 count=64 iflag=direct 2>/dev/null | md5sum | cut -d' ' -f1)"
fi
port=$(arg recipe_net)
if [ -n "$port" ]; then
	echo "mac: $(cat /sys/class/net/eth0/address)"
	ifconfig lo up
	ifconfig eth0 up
	udhcpc -i eth0 -n -q -t 10 -T 2 -s /udhcpc.sh
	if wget -q -O /tmp/fetched "http://10.0.2.2:$port/payload.bin"; then
		echo "fetched-md5: $(md5sum </tmp/fetched | cut -d' ' -f1)"
	else
		echo "fetch-failed"
	fi
fi
if [ -n "$(arg recipe_rng)" ] && [ -e /dev/hwrng ]; then
	echo "hwrng-current: $(cat /sys/class/misc/hw_random/rng_current)"
	echo "hwrng: $(dd if=/dev/hwrng bs=16 count=1 2>/dev/null | od -An -tx1 | tr -d ' \n')"
fi
if [ -n "$(arg recipe_input)" ]; then
	stty -echo 2>/dev/null
	echo "RECIPE-READY"
	while read -r line; do
		echo "got: $line"
		[ "$line" = done ] && break
	done
fi
echo "ARMVISOR-INIT-DONE"
poweroff -f
