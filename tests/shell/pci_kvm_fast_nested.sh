#!/usr/bin/env bash
# The KVM fast paths for virtio-pci, nested: qemu-system-aarch64
# (virtualization=on, GICv3) boots Debian's arm64 kernel, and the dynamic
# arm64 armvisor with libslirp inside (make aarch64-dynamic) boots the
# guest kit with -accel kvm -d kvm (tests/guest/init-kvm-pcifast-outer.sh)
# and virtio-blk-pci, virtio-net-pci on the user network, a virtio-9p-pci
# and a virtio-9p-device share (tests/guest/init-kvm-pcifast.sh). What the
# user sees: the disk holds what the guest wrote, DHCP and an HTTP fetch
# work, both 9p shares mount and round-trip a file (read, write, rename,
# symlink) with the outer guest's directories, and the queues of the disk
# and the NIC interrupt through their own MSI-X vectors. What proves the
# fast paths: armvisor's -d kvm log shows ioeventfds registered on the
# notify registers Linux's BAR assignment placed, and the exit counts say
# the PCI queues were notified by ioeventfd and their MSI-X messages went
# through irqfds on GSI routes (and the virtio-mmio 9p share's irqfd still
# works with the routing table replaced). A second inner boot with
# -global virtio-mmio.ioeventfd=off (QEMU's switch) and the disk only:
# it works the same, its notifies all exit. A third (-smp 2, the disk
# only) reboots the guest once: the machine reset removes the ioeventfd
# and the second boot's driver registers it again.
. "$(dirname "$0")/../lib/common.sh"
nested_timeout=${NESTED_TIMEOUT:-900}
need_tools qemu-system-aarch64
need_kit
make -s aarch64-dynamic >/dev/null || fail "make aarch64-dynamic"
pack=build/aarch64-dyn/pack
make_work build
log=$work/nested.log
fail_logs=("$log")

ver=$(cat "$kit/version")
moddir=$kit/root/lib/modules/$ver
# The 9p modules and their dependencies, dependencies first, as
# virtio_9p_guest.sh gathers them.
mods=()
for m in kernel/net/9p/9pnet_virtio.ko kernel/fs/9p/9p.ko; do
	grep -q "^$m:" "$moddir/modules.dep" || fail "$m is not in the kit's modules.dep"
	deps=$(sed -n "s|^$m:||p" "$moddir/modules.dep")
	for d in $(echo "$deps" | tr ' ' '\n' | tac) "$m"; do
		[[ " ${mods[*]} " == *" $d "* ]] || mods+=("$d")
	done
done
files=()
: >"$work/order"
for m in "${mods[@]}"; do
	files+=("$moddir/$m:/lib/9p/$(basename "$m")")
	basename "$m" >>"$work/order"
done
v=$moddir/kernel/drivers/virtio
files+=("$work/order:/lib/9p/order" tests/guest/udhcpc.sh:/udhcpc.sh
	"$v/virtio_pci.ko:/pci/virtio_pci.ko"
	"$v/virtio_pci_modern_dev.ko:/pci/virtio_pci_modern_dev.ko"
	"$v/virtio_pci_legacy_dev.ko:/pci/virtio_pci_legacy_dev.ko")
initramfs tests/guest/init-kvm-pcifast.sh "$work/inner.cpio.gz" "${files[@]}" || exit 1
head -c 204800 /dev/urandom >"$work/payload.bin"
want=$(md5sum <"$work/payload.bin" | cut -d' ' -f1)
initramfs tests/guest/init-kvm-pcifast-outer.sh "$work/outer.cpio.gz" \
	"$pack:/av" "$kit/Image:/Image" "$work/inner.cpio.gz:/inner.cpio.gz" \
	"$work/payload.bin:/payload.bin" || exit 1
boot_nested "$log" "$work/outer.cpio.gz" "" -nic none
rc=$?
strip_cr "$log"
check_outer $rc "$log"
grep -q "^OUTER-EXIT status=0" "$log" || fail "armvisor -accel kvm did not exit 0"
grep -q "insmod-failed" "$log" && fail "a module did not load in the inner guest"
grep -q "^ARMVISOR-INIT-DONE" "$log" || fail "the inner guest did not finish"

# The devices work.
grep -q "^pci: 0000:00:01.0 0x1af4:0x1042 driver=virtio-pci" "$log" ||
	fail "no virtio-blk-pci at 00:01.0 bound to virtio-pci"
grep -q "^pci: 0000:00:02.0 0x1af4:0x1041 driver=virtio-pci" "$log" ||
	fail "no virtio-net-pci at 00:02.0 bound to virtio-pci"
grep -q "^pci: 0000:00:03.0 0x1af4:0x1049 driver=virtio-pci" "$log" ||
	fail "no virtio-9p-pci at 00:03.0 bound to virtio-pci"
grep -q "^out-written: vd" "$log" || fail "the inner guest could not write its disk"
grep -q "^OUTER-OUT: match" "$log" || fail "the disk does not hold what the inner guest wrote"
grep -q "^addr: 10.0.2.15$" "$log" || fail "no DHCP lease over virtio-net-pci"
grep -q "^fetched-md5: $want$" "$log" || fail "the file fetched over virtio-net-pci differs (want $want)"
for s in pcishare:virtio-9p-pci mmioshare:virtio-9p-device; do
	tag=${s%%:*}
	grep -q "^mounted: $tag$" "$log" || fail "the $tag share did not mount"
	grep -q "^$tag-hello: hello over ${s#*:}$" "$log" || fail "$tag: the host's file did not read back"
	grep -q "^$tag-roundtrip: written over $tag$" "$log" || fail "$tag: write, rename, symlink failed in the guest"
	grep -q "^OUTER-SHARE: $tag renamed=written over $tag link=renamed.txt new=absent$" "$log" ||
		fail "$tag: the outer guest's directory lacks the renamed file or the symlink"
done

# Per-queue MSI-X vectors, counting (the disk's request queue, the NIC's rx and tx).
irq_count() {
	grep -E "^irq: [0-9]+: +[0-9]+ +[0-9]+ +.*MSI +[0-9]+ +Edge +$1$" "$log" |
		awk '{ print $3 + $4 }'
}
for q in 'virtio[0-9]+-req\.0' 'virtio[0-9]+-input\.0' 'virtio[0-9]+-output\.0'; do
	n=$(irq_count "$q")
	[ "${n:-0}" -gt 0 ] || fail "no MSI-X interrupts on $q: $(grep '^irq:' "$log")"
done

# The fast paths were used.
grep -Eq "^KVMLOG: kvm: virtio-blk-pci 00:01\.0 queue 0: ioeventfd on notify 0x[0-9a-f]+, len 2, datamatch 0$" "$log" ||
	fail "no ioeventfd on the disk's notify register: $(grep '^KVMLOG' "$log" | head -20)"
grep -Eq "^KVMLOG: kvm: virtio-blk-pci 00:01\.0: MSI-X vectors 0\.\.1: irqfds on GSIs" "$log" ||
	fail "the disk's MSI-X vectors got no irqfds"
grep -Eq "^KVMLOG: kvm: GSI routing: 256 SPI entries, [1-9][0-9]* MSI entries$" "$log" ||
	fail "no GSI routing table with MSI entries was installed"
dev_counts() {
	sed -n "s/^$2KVMLOG: kvm: $1: queue notifies \([0-9]*\) by ioeventfd, \([0-9]*\) by MMIO exit; MSI-X messages \([0-9]*\) by irqfd, \([0-9]*\) by msi_send$/\1 \2 \3 \4/p" "$log"
}
for d in 'virtio-blk-pci 00:01.0' 'virtio-net-pci 00:02.0' 'virtio-9p-pci 00:03.0'; do
	read -r fd mmio irqfd sig <<<"$(dev_counts "${d//./\\.}" "")"
	[ -n "$fd" ] || fail "no -d kvm counts for $d"
	echo "$d: notifies $fd by ioeventfd, $mmio by MMIO exit; MSI-X $irqfd by irqfd, $sig by msi_send"
	[ "$fd" -gt 0 ] || fail "$d: no notify came through an ioeventfd"
	[ "$irqfd" -gt 0 ] || fail "$d: no MSI-X message went through an irqfd"
	[ "$irqfd" -gt "$sig" ] || fail "$d: more messages by msi_send ($sig) than by irqfd ($irqfd)"
done
# The virtio-mmio 9p device's SPI irqfd, through the replaced table.
read -r inj <<<"$(sed -n 's/^KVMLOG: kvm: totals: .*; irqfd injections \([0-9]*\), resamples.*/\1/p' "$log")"
[ "${inj:-0}" -gt 0 ] || fail "the virtio-mmio share's interrupts did not go through its irqfd"

# -global virtio-mmio.ioeventfd=off: every notify exits, nothing else changes.
grep -q "^OUTER-NOEFD-EXIT status=0" "$log" || fail "noefd: armvisor -accel kvm did not exit 0"
grep -q "^noefd: OUTER-OUT: match" "$log" || fail "noefd: the disk does not hold what the inner guest wrote"
grep -q "^noefd: KVMLOG: kvm: virtio-blk-pci 00:01\.0 queue 0: notifies stay MMIO exits (-global virtio-mmio.ioeventfd=off)$" "$log" ||
	fail "noefd: the fallback was not logged"
read -r fd mmio irqfd sig <<<"$(dev_counts 'virtio-blk-pci 00:01\.0' 'noefd: ')"
echo "noefd: virtio-blk-pci: notifies $fd by ioeventfd, $mmio by MMIO exit; MSI-X $irqfd by irqfd, $sig by msi_send"
[ "${fd:-x}" = 0 ] || fail "noefd: ${fd:-no} notifies by ioeventfd, want 0"
[ "${mmio:-0}" -gt 0 ] || fail "noefd: no notify by MMIO exit"
[ "${irqfd:-0}" -gt 0 ] || fail "noefd: no MSI-X message by irqfd"

# Across a reboot: the reset removed the ioeventfd, the second boot put it back.
grep -q "^OUTER-REBOOT-EXIT status=0" "$log" || fail "reboot: armvisor -accel kvm did not exit 0"
grep -q "^reboot: boot-mark: \[\]$" "$log" || fail "reboot: the first boot found a mark on a fresh disk"
grep -q "^reboot: boot-mark: \[first-boot\]$" "$log" || fail "reboot: the second boot did not find the first one's mark"
grep -q "^reboot: OUTER-OUT: match" "$log" || fail "reboot: the disk does not hold what the second boot wrote"
n=$(grep -Ec "^reboot: KVMLOG: kvm: virtio-blk-pci 00:01\.0 queue 0: ioeventfd on notify 0x[0-9a-f]+, len 2" "$log")
[ "$n" -ge 2 ] || fail "reboot: the ioeventfd was registered $n times, want one per boot"
grep -Eq "^reboot: KVMLOG: kvm: virtio-blk-pci 00:01\.0 queue 0: ioeventfd removed from 0x[0-9a-f]+" "$log" ||
	fail "reboot: the reset did not remove the ioeventfd"
read -r fd mmio irqfd sig <<<"$(dev_counts 'virtio-blk-pci 00:01\.0' 'reboot: ')"
echo "reboot: virtio-blk-pci: notifies $fd by ioeventfd, $mmio by MMIO exit; MSI-X $irqfd by irqfd, $sig by msi_send"
[ "${fd:-0}" -gt 0 ] && [ "${irqfd:-0}" -gt 0 ] || fail "reboot: the fast paths were not used"
echo "PASS: virtio-pci under nested KVM: blk, net, 9p (and 9p over mmio) with notifies by ioeventfd and MSI-X by irqfd on GSI routes"
