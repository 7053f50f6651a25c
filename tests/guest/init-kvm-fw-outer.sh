#!/bin/sh
# /init of the outer guest of tests/shell/uefi_kvm_nested.sh: on
# qemu-system-aarch64 with virtualization=on, /dev/kvm works. The static
# armvisor boots edk2 (-bios /QEMU_EFI.fd) under -accel kvm -d kvm, and
# the firmware boots the kit's kernel (-kernel, through fw_cfg) to the
# inner /init. Then armvisor's -d kvm log as KVMLOG lines: the flash
# banks' memory slots going in and out as the firmware programs bank 1.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
cd /tmp
echo "OUTER-RUN"
start=$(cut -d' ' -f1 /proc/uptime)
timeout 1200 /armvisor -accel kvm -cpu host -m 512 -nographic -nic none \
	-bios /QEMU_EFI.fd -kernel /Image -initrd /inner.cpio.gz \
	-append "console=ttyAMA0" -d kvm -D kvm.log </dev/null >inner.out 2>&1
echo "OUTER-EXIT status=$? start=$start end=$(cut -d' ' -f1 /proc/uptime)"
tr -d '\r' <inner.out | sed 's/\x1b\[[0-9;=?]*[a-zA-Z]//g'
grep "flash bank" kvm.log | sort | uniq -c | sed 's/^/KVMLOG: /'
echo "OUTER-DONE"
poweroff -f
