#!/bin/sh
# /init of the network guest test (tests/shell/virtio_net_guest.sh): get an
# address by DHCP on the user network, fetch a file from the host's HTTP
# server through the gateway, print what the host checks, power off.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
echo "ARMVISOR-INIT-START"
ver=$(uname -r)
while read -r m; do
	insmod "/lib/modules/$ver/$m" || echo "insmod-failed: $m"
done <"/lib/modules/$ver/load-order"
port=$(sed -n 's/.*armvisor_port=\([0-9]*\).*/\1/p' /proc/cmdline)
# A tap test gives a static address and the server's (armvisor_ip=,
# armvisor_server=); the user network hands out both by DHCP.
ip=$(sed -n 's/.*armvisor_ip=\([0-9.]*\).*/\1/p' /proc/cmdline)
server=$(sed -n 's/.*armvisor_server=\([0-9.]*\).*/\1/p' /proc/cmdline)
echo "mac: $(cat /sys/class/net/eth0/address)"
ifconfig lo up
ifconfig eth0 up
if [ -n "$ip" ]; then
	ifconfig eth0 "$ip" netmask 255.255.255.0 up
else
	udhcpc -i eth0 -n -q -t 10 -T 2 -s /udhcpc.sh
fi
echo "addr: $(ifconfig eth0 | sed -n 's/.*inet addr:\([0-9.]*\).*/\1/p')"
if wget -q -O /tmp/fetched "http://${server:-10.0.2.2}:$port/payload.bin"; then
	echo "fetched-md5: $(md5sum </tmp/fetched | cut -d' ' -f1)"
else
	echo "fetch-failed"
fi
# armvisor_serve=PORT: serve what was fetched to one client (hostfwd test).
serve=$(sed -n 's/.*armvisor_serve=\([0-9]*\).*/\1/p' /proc/cmdline)
if [ -n "$serve" ] && [ -f /tmp/fetched ]; then
	nc -l -p "$serve" </tmp/fetched &
	nc_pid=$!
	# Say so only once the socket listens (state 0A in /proc/net/tcp).
	hex=$(printf '%04X' "$serve")
	i=0
	while ! grep -q ":$hex 00000000:0000 0A" /proc/net/tcp && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	echo "LISTENING"
	wait $nc_pid
	echo "SERVED"
fi
echo "ARMVISOR-INIT-DONE"
poweroff -f
