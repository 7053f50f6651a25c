#!/bin/sh
# /init of the outer guest of tests/shell/uefi_kvm_nested.sh: on
# qemu-system-aarch64 with virtualization=on, /dev/kvm works. The static
# armvisor boots edk2 (-bios /QEMU_EFI.fd) under -accel kvm -d kvm, and
# the firmware boots the kit's kernel (-kernel, through fw_cfg) to the
# inner /init. Then armvisor's -d kvm log as KVMLOG lines: the flash
# banks' memory slots going in and out as the firmware programs bank 1.
# A second run as libvirt sets it up (AAVMF_CODE read-only in unit 0, a
# copy of AAVMF_VARS in unit 1): its lines prefixed "vars: ", and whether
# the firmware's variable writes reached the file.
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
cp /AAVMF_VARS.fd vars.fd
echo "OUTER-VARS-RUN"
timeout 1200 /armvisor -accel kvm -cpu host -m 512 -nographic -nic none \
	-drive if=pflash,unit=0,format=raw,file=/AAVMF_CODE.fd,readonly=on \
	-drive if=pflash,unit=1,format=raw,file=vars.fd \
	-kernel /Image -initrd /inner.cpio.gz -append "console=ttyAMA0" \
	-d kvm -D vars.log </dev/null >vars.out 2>&1
echo "OUTER-VARS-EXIT status=$?"
tr -d '\r' <vars.out | sed 's/\x1b\[[0-9;=?]*[a-zA-Z]//g' | sed 's/^/vars: /'
grep "flash bank" vars.log | sort | uniq -c | sed 's/^/vars: KVMLOG: /'
cmp -s /AAVMF_VARS.fd vars.fd && echo "OUTER-VARS-FILE: unchanged" || echo "OUTER-VARS-FILE: changed"
echo "OUTER-DONE"
poweroff -f
