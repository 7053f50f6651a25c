#!/bin/sh
# /init of the PCI guest test (tests/shell/pci_guest.sh): load virtio_pci
# (shipped in /pci, it is not one of the kit's virtio-mmio set), list the
# PCI functions as lspci and /sys/bus/pci see them, write the pattern to
# the disk with serial "out", read 16 bytes of /dev/hwrng, power off. The
# host checks the lines printed here and the image file. With pci_reboot
# in the kernel command line it tests a reboot instead (below).
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
# pci_reboot on the command line: mark the disk with serial "mark" and
# reboot (PSCI SYSTEM_RESET resets the host bridge and its functions);
# the second boot finds the mark again and /dev/hwrng working.
if grep -q pci_reboot /proc/cmdline; then
	for d in /sys/block/vd*; do
		[ "$(cat "$d/serial" 2>/dev/null)" = mark ] && dev=/dev/${d##*/}
	done
	mark=$(dd if="$dev" bs=16 count=1 2>/dev/null | tr -d '\0')
	echo "boot-mark: [$mark] $(ls /sys/bus/pci/devices | tr '\n' ' ')"
	if [ -z "$mark" ]; then
		echo first-boot | dd of="$dev" conv=fsync 2>/dev/null
		echo "rebooting"
		reboot -f
	fi
	echo "second-boot hwrng: $(dd if=/dev/hwrng bs=8 count=1 2>/dev/null | od -An -tx1 | tr -d ' \n')"
	grep -E "virtio" /proc/interrupts | while read -r line; do echo "irq: $line"; done
	poweroff -f
fi
# The MSI-X table size from the capability list (PCI 3.0, 6.8.2), or "-".
msix_size() {
	od -An -tu1 -v -N 256 "$1/config" | tr -s ' ' '\n' | awk '
		NF { b[n++] = $1 }
		END {
			p = b[52]; s = "-"
			for (i = 0; p && i < 48; i++) {
				if (b[p] == 17) { s = (b[p + 2] + 256 * b[p + 3]) % 2048 + 1; break }
				p = b[p + 1]
			}
			print s
		}'
}
# The kit's busybox has no lspci applet: print what pciutils' "lspci -n"
# would, and more, from the sysfs files both read.
for d in /sys/bus/pci/devices/*; do
	c=$(cat "$d/class")
	r=$(cat "$d/revision")
	rev=""
	[ "$r" = 0x00 ] || rev=" (rev ${r#0x})"
	echo "lspci: ${d##*/0000:} $(echo "$c" | cut -c3-6): $(sed s/0x// "$d/vendor"):$(sed s/0x// "$d/device")$rev"
	echo "sysfs: $(basename "$d") vendor=$(cat "$d/vendor") device=$(cat "$d/device") class=$c rev=$(cat "$d/revision") sub=$(cat "$d/subsystem_vendor"):$(cat "$d/subsystem_device") driver=$(basename "$(readlink "$d/driver" 2>/dev/null)") msix=$(msix_size "$d") bars=$(head -n 7 "$d/resource" | awk '{ printf "%s-%s/%s,", $1, $2, $3 }')"
done
pattern() {
	awk 'BEGIN { for (i = 0; i < 16384; i++) printf "%015d\n", i * 7919 % 1000003 }'
}
for d in /sys/block/vd*; do
	[ -e "$d" ] || continue
	echo "disk: $(basename "$d") serial=$(cat "$d/serial") sectors=$(cat "$d/size") pci=$(basename "$(readlink -f "$d/device/..")")"
	if [ "$(cat "$d/serial")" = out ]; then
		pattern | dd of="/dev/$(basename "$d")" bs=4096 conv=fsync 2>/dev/null &&
			echo "out-written: $(basename "$d")"
		echo "out-read-md5: $(dd if="/dev/$(basename "$d")" bs=4096 count=64 2>/dev/null | md5sum | cut -d' ' -f1)"
	fi
	[ "$(cat "$d/serial")" = below ] &&
		echo "below-md5: $(dd if="/dev/$(basename "$d")" bs=4096 count=64 2>/dev/null | md5sum | cut -d' ' -f1)"
done
if [ -e /dev/hwrng ]; then
	echo "hwrng-current: $(cat /sys/class/misc/hw_random/rng_current)"
	echo "hwrng: $(dd if=/dev/hwrng bs=16 count=1 2>/dev/null | od -An -tx1 | tr -d ' \n')"
fi
grep -E "virtio" /proc/interrupts | while read -r line; do echo "irq: $line"; done
for i in /sys/class/net/eth*; do
	[ -e "$i" ] && echo "net: ${i##*/} mac=$(cat "$i/address") pci=$(basename "$(readlink -f "$i/device/..")")"
done
[ -e /dev/hvc0 ] && echo "hvc: /dev/hvc0"
echo "ARMVISOR-INIT-DONE"
poweroff -f
