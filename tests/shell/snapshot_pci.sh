#!/usr/bin/env bash
# Snapshots of PCI devices under TCG (docs/snapshot.md, "PCI"): the
# Debian guest of snapshot_tcg.sh (tests/guest/init-snapshot.sh, with
# virtio_pci shipped in /pci) writes numbered records to a virtio-blk-pci
# disk and sends datagrams over a virtio-net-pci NIC behind a
# pcie-root-port, both with MSI-X, while its shell answers on the console.
#  - GICv3 + ITS, -smp 2, modern virtio-pci: QMP migrate while both loops
#    run; restored with -incoming, the shell answers without a new boot,
#    the uptime did not go backwards, both loops go on (their interrupts
#    arrive through the restored MSI-X vectors, the ITS and the port's
#    bus number), every record on the disk is the last written to its
#    sector (tests/lib/snapshot_run.py);
#  - the same snapshot refused by a machine with another PCI topology
#    (the NIC on the root bus), naming the function, status 1;
#  - GICv2 + GICv2m, -smp 1, transitional devices (disable-legacy=off)
#    on the root bus: the same round trip.
# Needs the guest kit. ARMVISOR= picks the binary.
. "$(dirname "$0")/../lib/common.sh"
guest_timeout=${GUEST_TIMEOUT:-900}
need_armvisor
need_tools python3
need_kit
has_user_net || skip "armvisor was built without libslirp (-netdev user)"

make_work build
initrd=$work/snap-pci.cpio.gz
mods=$kit/root/lib/modules/$(cat "$kit/version")/kernel/drivers/virtio
need_initramfs tests/guest/init-snapshot.sh "$initrd" tests/guest/udhcpc.sh:/udhcpc.sh \
	"$mods/virtio_pci.ko:/pci/virtio_pci.ko" \
	"$mods/virtio_pci_modern_dev.ko:/pci/virtio_pci_modern_dev.ko" \
	"$mods/virtio_pci_legacy_dev.ko:/pci/virtio_pci_legacy_dev.ko"

# round_trip NAME OPTIONS...: save the busy guest, restore it, check it.
round_trip() {
	local name=$1 disk=$work/disk-$1.img snap=$work/snap-$1.bin qmp=$work/qmp-$1.sock
	local state=$work/state-$1.json
	shift
	rm -f "$disk" && truncate -s 1M "$disk"
	opts=(-cpu cortex-a57 -m 256M -nographic -sandbox off
		-kernel "$kit/Image" -initrd "$initrd" -append "console=ttyAMA0 quiet"
		-drive "file=$disk,if=none,id=d0,format=raw,cache=none"
		-netdev user,id=n0 -qmp "unix:$qmp,server=on,wait=off" "$@")
	timeout -k 5 "$guest_timeout" python3 tests/lib/snapshot_run.py save "$qmp" "$snap" \
		"$state" -- "$AV" "${opts[@]}" >"$work/save-$name.log" 2>&1 ||
		{ fail_logs=("$work/save-$name.log"); fail "$name: the save failed"; }
	tail -n 1 "$work/save-$name.log"
	rm -f "$qmp"
	timeout -k 5 "$guest_timeout" python3 tests/lib/snapshot_run.py restore "$qmp" "$disk" \
		"$state" -- "$AV" "${opts[@]}" -incoming "file:$snap" >"$work/restore-$name.log" 2>&1 ||
		{ fail_logs=("$work/restore-$name.log"); fail "$name: the restore failed"; }
	tail -n 1 "$work/restore-$name.log"
}

# expect_refused FILE MESSAGE OPTIONS...: -incoming file:FILE fails with status 1 and MESSAGE.
expect_refused() {
	local file=$1 msg=$2 rc=0
	shift 2
	timeout -k 5 120 "$AV" "$@" -incoming "file:$file" </dev/null >"$work/refused.log" 2>&1 || rc=$?
	[ $rc -eq 1 ] || { fail_logs=("$work/refused.log"); fail "-incoming $file: status $rc, not 1"; }
	grep -qF "$msg" "$work/refused.log" ||
		{ fail_logs=("$work/refused.log"); fail "-incoming $file did not say '$msg'"; }
}

round_trip its -M virt,gic-version=3 -smp 2 \
	-device virtio-blk-pci,drive=d0 \
	-device pcie-root-port,id=rp0,chassis=1 \
	-device virtio-net-pci,netdev=n0,bus=rp0

# The NIC moved to the root bus: another topology, refused by name.
moved=("${opts[@]/bus=rp0/}")
expect_refused "$work/snap-its.bin" \
	"the snapshot's machine has pci@00:02.0/00.0 'virtio-net-pci,1af4:1041,bars=-m--M-', this command line has none" "${moved[@]}"

round_trip v2m -M virt,gic-version=2 -smp 1 \
	-device virtio-blk-pci,drive=d0,disable-legacy=off \
	-device virtio-net-pci,netdev=n0,disable-legacy=off
echo "PASS: snapshots of virtio-blk-pci and virtio-net-pci (MSI-X, root port) under TCG"
