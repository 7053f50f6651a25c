#!/bin/sh
# /init of the outer guest of tests/shell/snapshot_kvm_nested.sh: on
# qemu-system-aarch64 with virtualization=on, /dev/kvm works, and the
# static armvisor runs the snapshot guest (tests/guest/init-snap.sh as its
# /init) under -accel kvm -cpu max. Three runs, each armvisor's output
# echoed with the run's name in front:
#   kk-save: boot (-smp 2, GICv3 with its ITS, two virtio-blk disks the
#            guest keeps writing: virtio-mmio, and virtio-pci with MSI-X),
#            mark the guest's RAM, say its uptime, stop and migrate to
#            /tmp/kvm.snap;
#   kk-load: -incoming file:/tmp/kvm.snap: the restored guest answers and
#            both disks' writes go on (ioeventfds, irqfds and the MSI
#            routes through the vITS in the new VM);
#   tk-load: -incoming file:/tcg.snap, the snapshot the host took under
#            TCG (-smp 2, its=off): the guest answers, marks again, and is
#            saved once more under KVM to /tmp/tk.snap.
# Then /tmp/tk.snap and /tmp/kvm.snap go to the disk with serial "xfer"
# for the host to restore under TCG: a first 4 KiB block "SIZE1 SIZE2",
# the files at 1 MiB and at the next MiB after the first.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
cd /tmp
ver=$(uname -r)
while read -r m; do
	insmod "/lib/modules/$ver/$m" 2>/dev/null
done <"/lib/modules/$ver/load-order"
FEED_DIR=/tmp
FEED_TIMEOUT=400
. /snap-feed.sh
echo "OUTER-CPU: $(grep -m1 -E 'CPU (implementer|part)' /proc/cpuinfo | tr -s ' \t' ' ')"

# av LOG OPTIONS...: the inner armvisor under KVM, fed by snap-feed.sh.
av() {
	log=$1
	shift
	feed_start "$log" /armvisor -accel kvm -cpu max -m 192 -sandbox off -nographic \
		-kernel /Image -initrd /snap.cpio.gz -append "console=ttyAMA0 quiet" "$@"
}

# show NAME LOG: the run's output and status, its lines named.
show() {
	echo "$1-EXIT status=$feed_rc"
	tr -d '\r' <"$2" | sed "s/^/$1: /"
	echo	# the monitor's last prompt ends without a newline
}

echo "OUTER-RUN"
# A relative path: the board digest names it, and the host's refusal run
# gives the same one.
truncate -s 8M busy.img busy2.img
busy="-drive file=busy.img,format=raw,if=none,id=busy -device virtio-blk-device,drive=busy,serial=busy"
busy="$busy -drive file=busy2.img,format=raw,if=none,id=busy2 -device virtio-blk-pci,drive=busy2,serial=busy2"
# shellcheck disable=SC2086 # $busy is options
av kk-save.log -smp 2 -M virt,gic-version=3 $busy
feed_wait '^SNAP-GUEST-READY' 300 && sleep 3 && snap_mark && snap_save /tmp/kvm.snap
feed_end
show kk-save kk-save.log

# shellcheck disable=SC2086
av kk-load.log -smp 2 -M virt,gic-version=3 $busy -incoming file:/tmp/kvm.snap
snap_check && snap_disk && snap_quit
feed_end
show kk-load kk-load.log

av tk-load.log -smp 2 -M virt,gic-version=3,its=off -incoming file:/tcg.snap
snap_check && sleep 1 && snap_mark && snap_save /tmp/tk.snap
feed_end
show tk-load tk-load.log

xfer=
for d in /sys/block/vd*; do
	[ "$(cat "$d/serial" 2>/dev/null)" = xfer ] && xfer=/dev/$(basename "$d")
done
if [ -n "$xfer" ] && [ -s tk.snap ] && [ -s kvm.snap ]; then
	s1=$(wc -c <tk.snap)
	s2=$(wc -c <kvm.snap)
	m1=$(((s1 + 1048575) / 1048576 + 1))
	printf '%s %s\n' "$s1" "$s2" | dd of="$xfer" bs=4096 conv=sync,fsync 2>/dev/null
	dd if=tk.snap of="$xfer" bs=1M seek=1 conv=fsync 2>/dev/null &&
		dd if=kvm.snap of="$xfer" bs=1M seek="$m1" conv=fsync 2>/dev/null &&
		echo "OUTER-XFER: written $s1 $s2"
else
	echo "OUTER-XFER: nothing to write (disk '$xfer')"
fi
echo "OUTER-DONE"
poweroff -f
