#!/bin/sh
# /init of the outer guest of tests/shell/virtio_kvm_nested.sh: on
# qemu-system-aarch64 with virtualization=on, /dev/kvm works; the static
# armvisor boots the inner guest (tests/guest/init-virtio.sh as its /init)
# under -accel kvm with three disks and virtio-rng, then this script checks
# what the inner guest wrote to its "out" disk. Two runs, fresh images
# each, every line prefixed with the run's name:
#   edge:  the board's own DTB (virtio SPIs edge-rising, as QEMU's virt);
#   level: /level.dtb, the same tree with the virtio SPIs level-high (the
#          host made it), so KVM's irqfd resampling is exercised too;
#   reboot: tests/guest/init-virtio-reboot.sh as the inner /init, -smp 2:
#          after the guest's reboot (a machine reset) the same ioeventfds
#          and irqfds serve the devices.
# armvisor runs with -d kvm; its log is echoed as "RUN: KVMLOG: " lines.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
cd /tmp

make_images() {
	rm -f out.img ro.img in.img
	truncate -s 1M out.img
	truncate -s 1M ro.img
	awk 'BEGIN { for (i = 0; i < 65536; i++) printf "%015d\n", i * 104729 % 1000003 }' | head -c 1048576 >in.img
}

# check_images RUN: what the inner guest wrote, and what it must not have.
check_images() {
	want=$(awk 'BEGIN { for (i = 0; i < 16384; i++) printf "%015d\n", i * 7919 % 1000003 }' | md5sum | cut -d' ' -f1)
	got=$(head -c 262144 out.img | md5sum | cut -d' ' -f1)
	[ "$want" = "$got" ] && echo "$1: OUTER-OUT: match" || echo "$1: OUTER-OUT: differs"
	[ -z "$(tr -d '\0' <ro.img | head -c 1)" ] && echo "$1: OUTER-RO: untouched" || echo "$1: OUTER-RO: changed"
}

# run_inner RUN [armvisor options...]
run_inner() {
	run=$1
	shift
	make_images
	rm -f kvm.log
	echo "$run: OUTER-IN-MD5: $(head -c 262144 in.img | md5sum | cut -d' ' -f1)"
	echo "$run: OUTER-RUN"
	timeout 600 /armvisor -accel kvm -cpu host -m 256 -nographic -kernel /Image \
		-initrd /inner.cpio.gz -append "console=ttyAMA0 quiet" \
		-d kvm -D kvm.log "$@" \
		-drive file=out.img,if=none,id=out,format=raw \
		-drive file=in.img,if=none,id=in,format=raw \
		-drive file=ro.img,if=none,id=ro,format=raw,readonly=on \
		-device virtio-blk-device,drive=out,serial=out \
		-device virtio-blk-device,drive=in,serial=in \
		-device virtio-blk-device,drive=ro,serial=ro \
		-device virtio-rng-device </dev/null >inner.out 2>&1
	echo "$run: OUTER-EXIT status=$?"
	sed "s/^/$run: /" inner.out
	[ -f kvm.log ] && sed "s/^/$run: KVMLOG: /" kvm.log
	check_images "$run"
}

run_reboot() {
	rm -f mark.img kvm.log
	truncate -s 1M mark.img
	echo "reboot: OUTER-RUN"
	timeout 600 /armvisor -accel kvm -cpu host -smp 2 -m 256 -nographic -kernel /Image \
		-initrd /reboot.cpio.gz -append "console=ttyAMA0 quiet" -d kvm -D kvm.log \
		-drive file=mark.img,if=none,id=m,format=raw \
		-device virtio-blk-device,drive=m -device virtio-rng-device </dev/null >inner.out 2>&1
	echo "reboot: OUTER-EXIT status=$?"
	sed "s/^/reboot: /" inner.out
	[ -f kvm.log ] && sed "s/^/reboot: KVMLOG: /" kvm.log
}

run_inner edge
run_inner level -M virt,gic-version=3 -dtb /level.dtb
run_inner noefd -global virtio-mmio.ioeventfd=off
run_reboot
echo "OUTER-DONE"
poweroff -f
