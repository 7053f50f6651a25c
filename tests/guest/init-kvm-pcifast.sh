#!/bin/sh
# /init of the inner guest of tests/shell/pci_kvm_fast_nested.sh, under
# -accel kvm: virtio_pci (shipped in /pci) and the 9p modules
# (/lib/9p/order), then each device once: the pattern to the
# virtio-blk-pci disk with serial "out", DHCP and an HTTP fetch over
# virtio-net-pci (the outer guest serves 10.0.2.2:PORT), a 9p round trip
# on the virtio-9p-pci share "pcishare" and on the virtio-9p-device share
# "mmioshare", then the virtio lines of /proc/interrupts (per-queue
# MSI-X vectors, counting). With armvisor_blkonly, the disk only; with
# armvisor_reboot too, after one reboot.
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
while read -r m; do
	insmod "/lib/9p/$m" || echo "insmod-failed: $m"
done </lib/9p/order
sleep 1
for d in /sys/bus/pci/devices/*; do
	echo "pci: ${d##*/} $(cat "$d/vendor"):$(cat "$d/device") driver=$(basename "$(readlink "$d/driver" 2>/dev/null)")"
done
# The disk.
for d in /sys/block/vd*; do
	[ "$(cat "$d/serial" 2>/dev/null)" = out ] && dev=/dev/${d##*/}
done
# armvisor_reboot: the first boot marks the disk and reboots (a machine
# reset: BARs, MSI-X and the queues start over); the second goes on.
if grep -q armvisor_reboot /proc/cmdline; then
	mark=$(dd if="$dev" bs=16 count=1 2>/dev/null | tr -d '\0')
	echo "boot-mark: [$mark]"
	if [ -z "$mark" ]; then
		echo first-boot | dd of="$dev" conv=fsync 2>/dev/null
		echo "rebooting"
		reboot -f
	fi
fi
awk 'BEGIN { for (i = 0; i < 16384; i++) printf "%015d\n", i * 7919 % 1000003 }' |
	dd of="$dev" bs=4096 conv=fsync 2>/dev/null && echo "out-written: ${dev#/dev/}"
# armvisor_blkonly: the fallback run has the disk only.
if grep -q armvisor_blkonly /proc/cmdline; then
	grep virtio /proc/interrupts | while read -r line; do echo "irq: $line"; done
	echo "ARMVISOR-INIT-DONE"
	poweroff -f
fi
# The network.
port=$(sed -n 's/.*armvisor_port=\([0-9]*\).*/\1/p' /proc/cmdline)
ifconfig lo up
ifconfig eth0 up
udhcpc -i eth0 -n -q -t 10 -T 2 -s /udhcpc.sh
echo "addr: $(ifconfig eth0 | sed -n 's/.*inet addr:\([0-9.]*\).*/\1/p')"
if wget -q -O /tmp/fetched "http://10.0.2.2:$port/payload.bin"; then
	echo "fetched-md5: $(md5sum </tmp/fetched | cut -d' ' -f1)"
else
	echo "fetch-failed"
fi
# The shares: read the host's file, write one, rename it, link it.
for tag in pcishare mmioshare; do
	m=/mnt/$tag
	mkdir -p $m
	mount -t 9p -o trans=virtio,version=9p2000.L $tag $m && echo "mounted: $tag"
	echo "$tag-hello: $(cat $m/hello.txt)"
	echo "written over $tag" >$m/new.txt && mv $m/new.txt $m/renamed.txt &&
		ln -s renamed.txt $m/link && echo "$tag-roundtrip: $(cat $m/link)"
	umount $m
done
grep virtio /proc/interrupts | while read -r line; do echo "irq: $line"; done
echo "ARMVISOR-INIT-DONE"
poweroff -f
