#!/bin/sh
# /init of the outer guest for bench/kvm_nested.sh: boot the inner guest
# several times with each VMM present and print, on the outer guest's
# clock, the time from the VMM's start to the inner /init marker.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
runs=$(sed -n 's/.*bench_runs=\([0-9]*\).*/\1/p' /proc/cmdline)
now() { cut -d' ' -f1 /proc/uptime; }
# Each VMM: a name and its command line (same guest, same options).
vmm_cmd() {
	case $1 in
	armvisor) echo "/armvisor -accel kvm -cpu host" ;;
	qemu) echo "/qemu/run -accel kvm -cpu host -M virt,gic-version=3 -nic none" ;;
	esac
}
for i in $(seq 1 "${runs:-5}"); do
	for vmm in armvisor qemu; do
		[ "$vmm" = qemu ] && [ ! -x /qemu/run ] && continue
		start=$(now)
		$(vmm_cmd $vmm) -smp 1 -m 256 -nographic -kernel /Image \
			-initrd /marker.cpio.gz -append "console=ttyAMA0 quiet" </dev/null |
		while IFS= read -r line; do
			case $line in
			*ARMVISOR-INIT-MARKER*) echo "BENCH $vmm run=$i start=$start marker=$(now)" ;;
			esac
		done
	done
done
echo "BENCH-DONE"
poweroff -f
