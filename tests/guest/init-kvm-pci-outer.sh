#!/bin/sh
# /init of the outer guest of tests/shell/pci_kvm_nested.sh: on
# qemu-system-aarch64 with virtualization=on, /dev/kvm works; the static
# armvisor boots the inner guest (tests/guest/init-pci.sh) under -accel kvm
# with a virtio-blk-pci disk and virtio-rng-pci behind QEMU virt's PCIe
# host bridge and MSI-X through the in-kernel vITS, then checks what the
# inner guest wrote to the disk. Then the monitor under KVM: a ticking
# inner guest (tests/guest/init-button.sh) with -monitor stdio, fed
# commands: info status, stop (the vCPUs park through KVM's debug
# interface; no tick while stopped), info registers, cont, and
# system_powerdown, which the guest answers by powering off.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
cd /tmp
truncate -s 1M out.img
echo "OUTER-RUN"
timeout 600 /armvisor -accel kvm -cpu host -M virt,gic-version=3 -m 256 -nographic \
	-kernel /Image -initrd /inner.cpio.gz -append "console=ttyAMA0 quiet" \
	-drive file=out.img,if=none,id=out,format=raw \
	-device virtio-blk-pci,drive=out,serial=out,disable-legacy=on \
	-device virtio-rng-pci,disable-legacy=on </dev/null >inner.out 2>&1
echo "OUTER-EXIT status=$?"
sed "s/^/inner: /" inner.out
want=$(awk 'BEGIN { for (i = 0; i < 16384; i++) printf "%015d\n", i * 7919 % 1000003 }' | md5sum | cut -d' ' -f1)
got=$(head -c 262144 out.img | md5sum | cut -d' ' -f1)
[ "$want" = "$got" ] && echo "OUTER-OUT: match" || echo "OUTER-OUT: differs"

# The monitor: commands with pauses, on the terminal it shares with the
# serial port (it starts there). Ticks between the two marks would mean
# stop did not stop the vCPUs.
monitor_script() {
	sleep 25
	printf 'info status\r'
	sleep 1
	printf 'stop\r'
	sleep 1
	echo "OUTER-MARK1" >&2
	sleep 3
	echo "OUTER-MARK2" >&2
	printf 'info status\r'
	printf 'info registers\r'
	printf 'cont\r'
	sleep 3
	printf 'system_powerdown\r'
	sleep 60
}
echo "MON-RUN"
monitor_script 2>marks.txt | timeout 300 /armvisor -accel kvm -cpu host -m 256 \
	-kernel /Image -initrd /button.cpio.gz -append "console=ttyAMA0 quiet" \
	-monitor stdio >mon.out 2>&1
echo "MON-EXIT status=$?"
tr -d '\r' <mon.out | sed "s/^/mon: /"
echo "OUTER-DONE"
poweroff -f
