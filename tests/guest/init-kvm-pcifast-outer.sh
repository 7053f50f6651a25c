#!/bin/sh
# /init of the outer guest of tests/shell/pci_kvm_fast_nested.sh: on
# qemu-system-aarch64 with virtualization=on, /dev/kvm works. The dynamic
# armvisor (with libslirp, packed in /av) runs the inner guest
# (tests/guest/init-kvm-pcifast.sh) under -accel kvm -d kvm with
# virtio-blk-pci, virtio-net-pci on the user network (10.0.2.2 is our
# loopback, where an HTTP server serves /payload.bin), a virtio-9p-pci and
# a virtio-9p-device share. Then what the inner guest left: the disk's
# checksum, the shares' files, and armvisor's -d kvm log as KVMLOG lines.
# Then a second run with -global virtio-mmio.ioeventfd=off and the disk
# only, its lines prefixed "noefd: "; a third with the disk only that
# reboots the guest once, prefixed "reboot: ".
export PATH=/bin:/sbin
echo
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
cd /tmp
ifconfig lo 127.0.0.1 up
mkdir -p www pcishare mmioshare
cp /payload.bin www/payload.bin
echo "hello over virtio-9p-pci" >pcishare/hello.txt
echo "hello over virtio-9p-device" >mmioshare/hello.txt
httpd -p 127.0.0.1:8000 -h /tmp/www && echo "OUTER-HTTPD: up"
truncate -s 1M out.img
echo "OUTER-RUN"
timeout 900 /av/run -accel kvm -cpu host -smp 2 -m 256 -nographic -kernel /Image \
	-initrd /inner.cpio.gz -append "console=ttyAMA0 quiet armvisor_port=8000" \
	-d kvm -D kvm.log \
	-drive file=out.img,if=none,id=out,format=raw \
	-device virtio-blk-pci,drive=out,serial=out,disable-legacy=on \
	-netdev user,id=n0 -device virtio-net-pci,netdev=n0,disable-legacy=on \
	-fsdev local,id=p9,path=/tmp/pcishare,security_model=none \
	-device virtio-9p-pci,fsdev=p9,mount_tag=pcishare,disable-legacy=on \
	-fsdev local,id=m9,path=/tmp/mmioshare,security_model=none \
	-device virtio-9p-device,fsdev=m9,mount_tag=mmioshare \
	</dev/null >inner.out 2>&1
echo "OUTER-EXIT status=$?"
tr -d '\r' <inner.out
want=$(awk 'BEGIN { for (i = 0; i < 16384; i++) printf "%015d\n", i * 7919 % 1000003 }' | md5sum | cut -d' ' -f1)
got=$(head -c 262144 out.img | md5sum | cut -d' ' -f1)
[ "$want" = "$got" ] && echo "OUTER-OUT: match" || echo "OUTER-OUT: differs"
for s in pcishare mmioshare; do
	echo "OUTER-SHARE: $s renamed=$(cat $s/renamed.txt 2>/dev/null) link=$(readlink $s/link 2>/dev/null) new=$([ -e $s/new.txt ] && echo present || echo absent)"
done
sed 's/^/KVMLOG: /' kvm.log
# The fallback: no ioeventfds (QEMU's switch), the disk only; notifies
# exit, the rest is the same.
truncate -s 0 out.img
truncate -s 1M out.img
echo "OUTER-NOEFD-RUN"
timeout 600 /av/run -accel kvm -cpu host -m 256 -nographic -kernel /Image \
	-initrd /inner.cpio.gz -append "console=ttyAMA0 quiet armvisor_blkonly" \
	-d kvm -D noefd.log -global virtio-mmio.ioeventfd=off \
	-drive file=out.img,if=none,id=out,format=raw \
	-device virtio-blk-pci,drive=out,serial=out,disable-legacy=on \
	</dev/null >noefd.out 2>&1
echo "OUTER-NOEFD-EXIT status=$?"
tr -d '\r' <noefd.out | sed 's/^/noefd: /'
got=$(head -c 262144 out.img | md5sum | cut -d' ' -f1)
[ "$want" = "$got" ] && echo "noefd: OUTER-OUT: match" || echo "noefd: OUTER-OUT: differs"
sed 's/^/noefd: KVMLOG: /' noefd.log
# The fast paths across a guest reboot (-smp 2): the reset takes the
# ioeventfds and routes away, the second boot's driver brings them back.
truncate -s 0 out.img
truncate -s 1M out.img
echo "OUTER-REBOOT-RUN"
timeout 600 /av/run -accel kvm -cpu host -smp 2 -m 256 -nographic -kernel /Image \
	-initrd /inner.cpio.gz -append "console=ttyAMA0 quiet armvisor_blkonly armvisor_reboot" \
	-d kvm -D reboot.log \
	-drive file=out.img,if=none,id=out,format=raw \
	-device virtio-blk-pci,drive=out,serial=out,disable-legacy=on \
	</dev/null >reboot.out 2>&1
echo "OUTER-REBOOT-EXIT status=$?"
tr -d '\r' <reboot.out | sed 's/^/reboot: /'
got=$(head -c 262144 out.img | md5sum | cut -d' ' -f1)
[ "$want" = "$got" ] && echo "reboot: OUTER-OUT: match" || echo "reboot: OUTER-OUT: differs"
sed 's/^/reboot: KVMLOG: /' reboot.log
echo "OUTER-DONE"
poweroff -f
