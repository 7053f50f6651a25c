#!/bin/sh
# /init of the outer guest of tests/shell/virtio_kvm_nested.sh: on
# qemu-system-aarch64 with virtualization=on, /dev/kvm works; the static
# armvisor boots the inner guest (tests/guest/init-virtio.sh as its /init)
# under -accel kvm with three disks and virtio-rng, then this script checks
# what the inner guest wrote to its "out" disk.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
cd /tmp
truncate -s 1M out.img
truncate -s 1M ro.img
awk 'BEGIN { for (i = 0; i < 65536; i++) printf "%015d\n", i * 104729 % 1000003 }' | head -c 1048576 >in.img
echo "OUTER-IN-MD5: $(head -c 262144 in.img | md5sum | cut -d' ' -f1)"
echo "OUTER-RUN"
/armvisor -accel kvm -cpu host -m 256 -nographic -kernel /Image -initrd /inner.cpio.gz \
	-append "console=ttyAMA0 quiet" \
	-drive file=out.img,if=none,id=out,format=raw \
	-drive file=in.img,if=none,id=in,format=raw \
	-drive file=ro.img,if=none,id=ro,format=raw,readonly=on \
	-device virtio-blk-device,drive=out,serial=out \
	-device virtio-blk-device,drive=in,serial=in \
	-device virtio-blk-device,drive=ro,serial=ro \
	-device virtio-rng-device </dev/null
echo "OUTER-EXIT status=$?"
want=$(awk 'BEGIN { for (i = 0; i < 16384; i++) printf "%015d\n", i * 7919 % 1000003 }' | md5sum | cut -d' ' -f1)
got=$(head -c 262144 out.img | md5sum | cut -d' ' -f1)
[ "$want" = "$got" ] && echo "OUTER-OUT: match" || echo "OUTER-OUT: differs"
[ -z "$(tr -d '\0' <ro.img | head -c 1)" ] && echo "OUTER-RO: untouched" || echo "OUTER-RO: changed"
echo "OUTER-DONE"
poweroff -f
