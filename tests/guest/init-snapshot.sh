#!/bin/sh
# /init of the snapshot tests (tests/shell/snapshot_tcg.sh, snapshot_pci.sh): keeps the disk
# and the network busy in the background while a shell answers on the
# console, so a snapshot catches requests in flight.
#  - disk: record N ("rec%08d") goes to sector N % 1024 of /dev/vda with
#    fsync, and the number of the last one written to /tmp/disk-seq
#    (replaced by rename, so a reader never sees it empty);
#  - network: a DHCP address on the user network, then one UDP datagram
#    to the gateway's DNS port after another (slirp answers or drops it:
#    either way a virtio-net TX and, for replies, RX), counted in /tmp/net-seq.
# The shell's prompt is "snap# ".
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
echo "ARMVISOR-INIT-START"
ver=$(uname -r)
while read -r m; do
	insmod "/lib/modules/$ver/$m" || echo "insmod-failed: $m"
done <"/lib/modules/$ver/load-order"
# tests/shell/snapshot_pci.sh ships virtio_pci in /pci (not in the kit's
# virtio-mmio set): the disk and the NIC are PCI functions there.
if [ -d /pci ]; then
	for m in virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci; do
		insmod "/pci/$m.ko" || echo "insmod-failed: $m"
	done
	sleep 1
fi
ifconfig lo up
ifconfig eth0 up
udhcpc -i eth0 -n -q -t 10 -T 2 -s /udhcpc.sh >/dev/null 2>&1
echo "addr: $(ifconfig eth0 | sed -n 's/.*inet addr:\([0-9.]*\).*/\1/p')"

disk_loop() {
	n=0
	while [ ! -e /tmp/stop ]; do
		printf 'rec%08d\n' $n | dd of=/dev/vda bs=512 seek=$((n % 1024)) count=1 \
			conv=sync,fsync 2>/dev/null || echo "DISK-WRITE-FAILED $n"
		echo $n >/tmp/disk-seq.new && mv /tmp/disk-seq.new /tmp/disk-seq
		n=$((n + 1))
	done
	sync
	echo "DISK-STOPPED $((n - 1))"
}

net_loop() {
	n=0
	while [ ! -e /tmp/stop ]; do
		echo "ping $n" | nc -u -w 1 10.0.2.3 53 >/dev/null 2>&1
		echo $n >/tmp/net-seq.new && mv /tmp/net-seq.new /tmp/net-seq
		n=$((n + 1))
	done
}

echo 0 >/tmp/disk-seq
echo 0 >/tmp/net-seq
disk_loop &
net_loop &
# Booted through UEFI (snapshot_uefi.sh checks it): the EFI stub left its tables.
[ -d /sys/firmware/efi ] && echo "SNAPINFO: efi=yes" || echo "SNAPINFO: efi=no"
echo "ARMVISOR-SNAPSHOT-READY"
export PS1='snap# '
exec setsid cttyhack sh
