#!/bin/sh
# /init of the outer guest of the nested gdbstub test
# (tests/shell/gdb_kvm_nested.sh): bring up the user network at QEMU's
# usual guest address (the host forwards a port to 10.0.2.15:1234), then
# boot the inner guest under KVM with -S -gdb on that port, for the
# host's gdb to drive.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
ver=$(uname -r)
while read -r m; do
	insmod "/lib/modules/$ver/$m" || echo "insmod-failed: $m"
done <"/lib/modules/$ver/load-order"
ifconfig lo up
ifconfig eth0 10.0.2.15 netmask 255.255.255.0 up
echo "OUTER-RUN"
/armvisor -accel kvm -cpu host -smp 2 -m 256 -nographic -S -gdb tcp:0.0.0.0:1234 \
	-kernel /Image -initrd /inner.cpio.gz -append "console=ttyAMA0 nokaslr" </dev/null &
pid=$!
sleep 2
echo "OUTER-GDB-READY"
wait $pid
echo "OUTER-EXIT status=$?"
poweroff -f
