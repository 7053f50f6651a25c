#!/usr/bin/env bash
# virtio-blk and virtio-rng under accel-kvm, nested: qemu-system-aarch64
# (virtualization=on, GICv3) boots Debian's arm64 kernel, and the static
# aarch64 armvisor inside boots the guest kit with -accel kvm, three disks
# and virtio-rng (tests/guest/init-kvm-virtio-outer.sh). The same checks
# as virtio_blk_guest.sh: the pattern the inner guest writes is in the
# image byte for byte, the host pattern reads back, the read-only disk
# refuses writes and stays untouched, /dev/hwrng gives 16 bytes.
#
# And the KVM fast paths, from armvisor's -d kvm log: every queue has an
# ioeventfd and every device an irqfd; the queue notifies came through
# the ioeventfds (none as an MMIO exit) and the interrupts through the
# irqfds. Twice: with the board's DTB (virtio SPIs edge-rising, as QEMU's
# virt) and with a copy whose virtio SPIs are level-high, where the guest
# must also see the line re-raised after EOIs (irqfd resampling). And a
# third inner guest reboots once (tests/guest/init-virtio-reboot.sh): after
# the machine reset the same eventfds still serve its disk and rng.
. "$(dirname "$0")/../lib/common.sh"
# Four inner guests, one after the other.
nested_timeout=${NESTED_TIMEOUT:-1200}
need_tools qemu-system-aarch64 fdtput
need_kit
# ARMVISOR_AARCH64= names a static arm64 armvisor built elsewhere.
need_inner_armvisor
# The host's armvisor writes the DTB the level run edits.
if [ -z "${ARMVISOR:-}" ]; then
	make -s >/dev/null || fail "make"
fi
make_work build
log=$work/nested.log
fail_logs=("$log")

# The virt board's tree with GICv3, its 32 virtio-mmio SPIs made level-high
# (the GIC binding's third cell: 1 edge rising, 4 level high).
"$AV" -M virt,gic-version=3,dumpdtb="$work/level.dtb" -m 256 -nographic \
	</dev/null >/dev/null 2>&1 || fail "armvisor -M virt,dumpdtb= failed"
for n in $(seq 0 31); do
	node=$(printf '/virtio_mmio@%x' $((0x0a000000 + n * 0x200)))
	fdtput -t u "$work/level.dtb" "$node" interrupts 0 $((16 + n)) 4 ||
		fail "fdtput $node"
done
[ "$(fdtget "$work/level.dtb" /virtio_mmio@a003e00 interrupts)" = "0 47 4" ] ||
	fail "the level DTB does not have slot 31 level-high"

initramfs tests/guest/init-virtio.sh "$work/inner.cpio.gz" || exit 1
initramfs tests/guest/init-virtio-reboot.sh "$work/reboot.cpio.gz" || exit 1
initramfs tests/guest/init-kvm-virtio-outer.sh "$work/outer.cpio.gz" \
	"$inner_av:/armvisor" "$kit/Image:/Image" "$work/inner.cpio.gz:/inner.cpio.gz" \
	"$work/reboot.cpio.gz:/reboot.cpio.gz" "$work/level.dtb:/level.dtb" || exit 1
boot_nested "$log" "$work/outer.cpio.gz" "" -nic none
rc=$?
strip_cr "$log"
check_outer $rc "$log"

# check_disks RUN: what the inner guest of that run saw and wrote.
check_disks() {
	local r=$1 want
	grep -q "^$r: OUTER-EXIT status=0" "$log" || fail "$r: armvisor -accel kvm did not exit 0"
	grep -q "^$r: insmod-failed" "$log" && fail "$r: a virtio module did not load in the inner guest"
	grep -q "^$r: disk: vd. serial=ro ro=1" "$log" || fail "$r: the inner guest does not see a read-only disk"
	grep -q "^$r: out-written: " "$log" || fail "$r: the inner guest could not write disk 'out'"
	grep -q "^$r: OUTER-OUT: match" "$log" || fail "$r: disk 'out' does not hold what the inner guest wrote"
	want=$(sed -n "s/^$r: OUTER-IN-MD5: //p" "$log")
	[ -n "$want" ] || fail "$r: no OUTER-IN-MD5 line"
	grep -q "^$r: in-md5: $want" "$log" || fail "$r: the inner guest read disk 'in' wrongly"
	grep -q "^$r: ro-write: refused" "$log" || fail "$r: a write to the read-only disk was not refused"
	grep -q "^$r: OUTER-RO: untouched" "$log" || fail "$r: the read-only image changed"
	grep -Eq "^$r: hwrng: [0-9a-f]{32}$" "$log" || fail "$r: /dev/hwrng did not give 16 bytes"
}

# check_eventfds RUN DEVICES: DEVICES devices with 1 queue each; sets
# fd_notifies, mmio_notifies, injections, resamples from the totals line
# -d kvm logs at exit.
check_eventfds() {
	local r=$1 want=$2 n totals
	n=$(grep -c "^$r: KVMLOG: kvm: virtio-[a-z]*@0x[0-9a-f]* queue 0: ioeventfd on QueueNotify 0x[0-9a-f]*50, len 4, datamatch 0$" "$log")
	[ "$n" -eq "$want" ] || fail "$r: $n ioeventfds set up, want $want (one per queue)"
	n=$(grep -c "^$r: KVMLOG: kvm: virtio-[a-z]*@0x[0-9a-f]*: irqfd for INTID [0-9]* (gsi [0-9]*), resampled at EOI$" "$log")
	[ "$n" -eq "$want" ] || fail "$r: $n irqfds set up, want $want (one per device)"
	totals=$(sed -n "s/^$r: KVMLOG: kvm: totals: queue notifies \([0-9]*\) by ioeventfd, \([0-9]*\) by MMIO exit; irqfd injections \([0-9]*\), resamples \([0-9]*\); MMIO exits [0-9]*$/\1 \2 \3 \4/p" "$log")
	[ -n "$totals" ] || fail "$r: no 'kvm: totals' line in the -d kvm log"
	read -r fd_notifies mmio_notifies injections resamples <<<"$totals"
	[ "$fd_notifies" -gt 0 ] || fail "$r: no queue notify came through an ioeventfd"
	[ "$mmio_notifies" -eq 0 ] || fail "$r: $mmio_notifies queue notifies were MMIO exits"
	[ "$injections" -gt 0 ] || fail "$r: no interrupt went through an irqfd"
	echo "$r: $fd_notifies queue notifies by ioeventfd, $injections irqfd injections, $resamples resamples"
}

check_disks edge
check_eventfds edge 4
check_disks level
check_eventfds level 4
[ "$resamples" -gt 0 ] || fail "level: the kernel never resampled a level-high virtio line"
# -global virtio-mmio.ioeventfd=off (QEMU's switch): notifies are MMIO exits again.
check_disks noefd
n=$(grep -c "^noefd: KVMLOG: kvm: virtio-[a-z]*@0x[0-9a-f]* queue 0: notifies stay MMIO exits (-global virtio-mmio.ioeventfd=off)$" "$log")
[ "$n" -eq 4 ] || fail "noefd: $n queues say ioeventfd=off keeps them on MMIO exits, want 4"
totals=$(sed -n "s/^noefd: KVMLOG: kvm: totals: queue notifies \([0-9]*\) by ioeventfd, \([0-9]*\) by MMIO exit;.*/\1 \2/p" "$log")
read -r fd_notifies mmio_notifies <<<"$totals"
[ "${fd_notifies:-x}" = 0 ] || fail "noefd: ${fd_notifies:-no} queue notifies by ioeventfd, want 0"
[ "${mmio_notifies:-0}" -gt 0 ] || fail "noefd: no queue notify came as an MMIO exit"
grep -q "^reboot: OUTER-EXIT status=0" "$log" || fail "reboot: armvisor -accel kvm did not exit 0"
grep -q "^reboot: boot-mark: \[\]" "$log" || fail "reboot: the first boot did not see a blank disk"
grep -q "^reboot: rebooting" "$log" || fail "reboot: the first boot did not reboot"
grep -q "^reboot: boot-mark: \[first-boot\]" "$log" ||
	fail "reboot: after the reset the guest did not read back the first boot's mark"
grep -Eq "^reboot: second-boot hwrng: [0-9a-f]{16}$" "$log" ||
	fail "reboot: /dev/hwrng did not answer after the reset"
check_eventfds reboot 2
echo "PASS: virtio-blk and virtio-rng under nested KVM, notifies by ioeventfd (MMIO exits with -global virtio-mmio.ioeventfd=off), interrupts by irqfd"
