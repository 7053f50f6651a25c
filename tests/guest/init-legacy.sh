#!/bin/sh
# /init of the legacy virtio guest test (tests/shell/virtio_legacy_guest.sh):
# load the kit's virtio modules and virtio_pci (shipped in /pci), list
# every virtio device with its transport and whether VIRTIO_F_VERSION_1
# (bit 32) was negotiated, list the virtio PCI functions as "lspci -n"
# would with their BAR 0 (the legacy I/O BAR), write and read back each
# disk by serial, read /dev/hwrng, get a DHCP lease and fetch a file on
# every NIC in turn, power off. The host checks the lines printed here.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
echo "ARMVISOR-INIT-START"
ver=$(uname -r)
while read -r m; do
	insmod "/lib/modules/$ver/$m" || echo "insmod-failed: $m"
done <"/lib/modules/$ver/load-order"
for m in virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci; do
	insmod "/pci/$m.ko" || echo "insmod-failed: $m"
done
sleep 1
for d in /sys/bus/virtio/devices/*; do
	[ -e "$d" ] || continue
	parent=$(basename "$(readlink -f "$d/..")")
	echo "virtio: $(basename "$d") device=$(cat "$d/device") on=$parent version_1=$(cut -c33 "$d/features") driver=$(basename "$(readlink "$d/driver" 2>/dev/null)")"
done
for d in /sys/bus/pci/devices/*; do
	[ "$(cat "$d/vendor")" = 0x1af4 ] || continue
	echo "lspci: ${d##*/0000:} vendor=$(cat "$d/vendor") device=$(cat "$d/device") rev=$(cat "$d/revision") sub=$(cat "$d/subsystem_vendor"):$(cat "$d/subsystem_device") driver=$(basename "$(readlink "$d/driver" 2>/dev/null)") bar0=$(head -n 1 "$d/resource" | awk '{ print $3 }')"
done
pattern() {
	awk -v s="$1" 'BEGIN { for (i = 0; i < 4096; i++) printf "%s-%010d\n", s, i * 7919 % 1000003 }'
}
for d in /sys/block/vd*; do
	[ -e "$d" ] || continue
	serial=$(cat "$d/serial")
	dev=/dev/$(basename "$d")
	pattern "$serial" | dd of="$dev" bs=4096 conv=fsync 2>/dev/null
	echo "disk: serial=$serial on=$(basename "$(readlink -f "$d/device/..")") md5=$(dd if="$dev" bs=4096 count=16 2>/dev/null | md5sum | cut -d' ' -f1)"
done
if [ -e /dev/hwrng ]; then
	echo "hwrng: $(cat /sys/class/misc/hw_random/rng_current) $(dd if=/dev/hwrng bs=16 count=1 2>/dev/null | od -An -tx1 | tr -d ' \n')"
fi
port=$(sed -n 's/.*armvisor_port=\([0-9]*\).*/\1/p' /proc/cmdline)
ifconfig lo up
for n in /sys/class/net/eth*; do
	[ -e "$n" ] || continue
	i=${n##*/}
	for o in /sys/class/net/eth*; do
		ifconfig "${o##*/}" down
	done
	ifconfig "$i" up
	udhcpc -i "$i" -n -q -t 10 -T 2 -s /udhcpc.sh >/dev/null 2>&1
	md5=$(wget -q -O - "http://10.0.2.2:$port/payload.bin" | md5sum | cut -d' ' -f1)
	echo "net: $i mac=$(cat "$n/address") on=$(basename "$(readlink -f "$n/device/..")") md5=$md5"
	ifconfig "$i" 0.0.0.0 down
done
echo "ARMVISOR-INIT-DONE"
poweroff -f
