#!/bin/sh
# /init of the outer guest of the nested KVM test: it runs on
# qemu-system-aarch64 with virtualization=on, so /dev/kvm works here, and
# boots the inner guest with the static armvisor once per -smp value
# given on the kernel command line (armvisor_smp=1,2).
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
smps=$(sed -n 's/.*armvisor_smp=\([0-9,]*\).*/\1/p' /proc/cmdline | tr , ' ')
extra=$(sed -n 's/.*armvisor_args=\([^ ]*\).*/\1/p' /proc/cmdline | tr , ' ')
for n in ${smps:-1}; do
	echo "OUTER-RUN smp=$n"
	start=$(cut -d' ' -f1 /proc/uptime)
	/armvisor -accel kvm -cpu host -smp "$n" -m 256 -nographic $extra \
		-kernel /Image -initrd /inner.cpio.gz -append "console=ttyAMA0 quiet" </dev/null
	echo "OUTER-EXIT smp=$n status=$? start=$start end=$(cut -d' ' -f1 /proc/uptime)"
done
# An MMIO access KVM cannot decode (LDP): the inner guest must see a data
# abort and armvisor go on (tests/baremetal/nisv.c).
if [ -f /nisv.elf ]; then
	echo "OUTER-NISV-RUN"
	/armvisor -accel kvm -cpu host -m 64 -nographic -kernel /nisv.elf </dev/null
	echo "OUTER-NISV-EXIT status=$?"
fi
echo "OUTER-DONE"
poweroff -f
