#!/bin/sh
# /init of the -readconfig guest test (tests/shell/readconfig_devices.sh),
# whose devices all come from a config file: write the pattern to the disk
# with serial "rc", write this run's token (armvisor_token= on the command
# line) to /dev/hvc0, and when there is a NIC, get a DHCP lease and serve
# the token on port 8080 for the file's hostfwd rule. The host checks.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
echo "ARMVISOR-INIT-START"
ver=$(uname -r)
while read -r m; do
	insmod "/lib/modules/$ver/$m" || echo "insmod-failed: $m"
done <"/lib/modules/$ver/load-order"
token=$(sed -n 's/.*armvisor_token=\([0-9a-zA-Z]*\).*/\1/p' /proc/cmdline)

pattern() {
	awk 'BEGIN { for (i = 0; i < 4096; i++) printf "%015d\n", i * 7919 % 1000003 }'
}
for d in /sys/block/vd*; do
	[ -e "$d" ] || continue
	echo "disk: $(basename "$d") serial=$(cat "$d/serial") ro=$(cat "$d/ro") sectors=$(cat "$d/size")"
	if [ "$(cat "$d/serial")" = rc ]; then
		pattern | dd of="/dev/$(basename "$d")" bs=4096 conv=fsync 2>/dev/null &&
			echo "rc-written: $(basename "$d")"
	fi
done

i=0
while [ ! -c /dev/hvc0 ] && [ $i -lt 20 ]; do sleep 1; i=$((i + 1)); done
echo "HVC0-FROM-READCONFIG $token" >/dev/hvc0 && echo "hvc0-written"

if [ -e /sys/class/net/eth0 ]; then
	echo "mac: $(cat /sys/class/net/eth0/address)"
	ifconfig lo up
	ifconfig eth0 up
	udhcpc -i eth0 -n -q -t 10 -T 2 -s /udhcpc.sh
	echo "HOSTFWD-TOKEN $token" >/tmp/token
	nc -l -p 8080 </tmp/token &
	nc_pid=$!
	# Say so only once the socket listens (state 0A in /proc/net/tcp).
	i=0
	while ! grep -q ":1F90 00000000:0000 0A" /proc/net/tcp && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	echo "LISTENING"
	wait $nc_pid
	echo "SERVED"
fi
echo "ARMVISOR-INIT-DONE"
poweroff -f
