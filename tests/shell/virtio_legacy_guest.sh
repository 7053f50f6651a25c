#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The legacy virtio interface as a Linux guest drives it (issues 17 and
# 14, docs/virtio-legacy.md), under TCG, in one boot:
#  - -global virtio-mmio.force-legacy=on: virtio-blk, virtio-net and
#    virtio-rng on virtio-mmio version 1; the guest negotiates no
#    VIRTIO_F_VERSION_1 (bit 32 of /sys/bus/virtio/devices/*/features);
#  - virtio-blk-pci and virtio-net-pci with disable-modern=on: the guest
#    sees the transitional IDs 1af4:1001 / 1af4:1000, revision 0,
#    subsystem 1af4:<virtio ID>, an I/O BAR 0 in the PCI I/O window, and
#    drives them through virtio_pci's legacy interface (no VERSION_1);
#  - virtio-rng-pci with disable-legacy=off: transitional 1af4:1005 with
#    both interfaces, which Linux drives through the modern one;
#  - each disk takes a pattern and gives it back (checked in the guest
#    and, after poweroff, in the host image), /dev/hwrng is virtio_rng,
#    each NIC gets a DHCP lease and fetches a file from the host;
#  - where qemu-system-aarch64 is installed, the same command line there
#    gives the same device list (transports, IDs, negotiated features).
. "$(dirname "$0")/../lib/common.sh"
guest_timeout=${GUEST_TIMEOUT:-900}
need_armvisor
need_tools python3
need_kit
has_user_net || skip "this armvisor has no user networking (built without libslirp)"

make_work
initrd=$work/legacy.cpio.gz
mods=$kit/root/lib/modules/$(cat "$kit/version")/kernel/drivers/virtio
need_initramfs tests/guest/init-legacy.sh "$initrd" tests/guest/udhcpc.sh:/udhcpc.sh \
	"$mods/virtio_pci.ko:/pci/virtio_pci.ko" \
	"$mods/virtio_pci_modern_dev.ko:/pci/virtio_pci_modern_dev.ko" \
	"$mods/virtio_pci_legacy_dev.ko:/pci/virtio_pci_legacy_dev.ko"

head -c 65536 /dev/urandom >"$work/payload.bin"
want=$(md5sum <"$work/payload.bin" | cut -d' ' -f1)
http_server "$work" 127.0.0.1 || { fail_logs=("$work/http.log"); fail "the HTTP server did not start"; }

# 4096 lines of 16 bytes: the serials are 4 characters.
pattern() { awk -v s="$1" 'BEGIN { for (i = 0; i < 4096; i++) printf "%s-%010d\n", s, i * 7919 % 1000003 }'; }
make_disks() { rm -f "$work"/m.img "$work"/p.img; truncate -s 1M "$work/m.img" "$work/p.img"; }

# romfile=: QEMU would look for efi-virtio.rom, which is not installed.
opts=(-M virt -cpu cortex-a57 -m 512M -nographic -nic none -kernel "$kit/Image"
	-initrd "$initrd" -append "console=ttyAMA0 armvisor_port=$http_port"
	-global virtio-mmio.force-legacy=on
	-drive "file=$work/m.img,if=none,id=m,format=raw"
	-drive "file=$work/p.img,if=none,id=p,format=raw"
	-netdev user,id=nm -netdev user,id=np
	-device virtio-blk-device,drive=m,serial=mmio
	-device virtio-net-device,netdev=nm,mac=52:54:00:00:00:01
	-device virtio-rng-device
	-device virtio-blk-pci,drive=p,serial=pcib,disable-modern=on,addr=0x2
	-device virtio-net-pci,netdev=np,mac=52:54:00:00:00:02,disable-modern=on,romfile=,addr=0x3
	-device virtio-rng-pci,disable-legacy=off,addr=0x4)

make_disks
log=$work/armvisor.log
run_guest "$log" "$AV" "${opts[@]}"
rc=$?
strip_cr "$log"
fail_logs=("$log")
[ $rc -eq 0 ] || fail "armvisor exited with status $rc"
grep -q "ARMVISOR-INIT-START" "$log" || fail "the guest's /init never ran"
grep -q "insmod-failed" "$log" && fail "a module did not load: $(grep insmod-failed "$log")"
grep -q "ARMVISOR-INIT-DONE" "$log" || fail "/init did not finish"

# virtio-mmio version 1: every device bound, none with VERSION_1.
for id in 0x0001 0x0002 0x0004; do
	grep -Eq "^virtio: virtio[0-9]+ device=$id on=a[0-9a-f]+\.virtio_mmio version_1=0 driver=virtio_" "$log" ||
		fail "no legacy virtio-mmio device $id bound: $(grep "^virtio: " "$log")"
done
# Transitional virtio-pci driven through the legacy interface.
for id in 0x0001 0x0002; do
	grep -Eq "^virtio: virtio[0-9]+ device=$id on=0000:00:0[23].0 version_1=0 driver=virtio_" "$log" ||
		fail "no legacy virtio-pci device $id bound: $(grep "^virtio: " "$log")"
done
grep -Eq "^virtio: virtio[0-9]+ device=0x0004 on=0000:00:04.0 version_1=1 driver=virtio_rng" "$log" ||
	fail "the transitional virtio-rng-pci is not driven as a modern device: $(grep "^virtio: " "$log")"
[ "$(grep -c "^virtio: " "$log")" -eq 6 ] || fail "the guest sees other virtio devices: $(grep "^virtio: " "$log")"
grep -Eq "^lspci: 00:02.0 vendor=0x1af4 device=0x1001 rev=0x00 sub=0x1af4:0x0002 driver=virtio-pci bar0=0x0000000000040101$" "$log" ||
	fail "virtio-blk-pci is not 1af4:1001 rev 0, sub 1af4:0002 with an I/O BAR 0: $(grep "^lspci: 00:02" "$log")"
grep -Eq "^lspci: 00:03.0 vendor=0x1af4 device=0x1000 rev=0x00 sub=0x1af4:0x0001 driver=virtio-pci bar0=0x0000000000040101$" "$log" ||
	fail "virtio-net-pci is not 1af4:1000 rev 0, sub 1af4:0001 with an I/O BAR 0: $(grep "^lspci: 00:03" "$log")"
grep -Eq "^lspci: 00:04.0 vendor=0x1af4 device=0x1005 rev=0x00 sub=0x1af4:0x0004 driver=virtio-pci bar0=0x0000000000040101$" "$log" ||
	fail "virtio-rng-pci,disable-legacy=off is not 1af4:1005 with an I/O BAR 0: $(grep "^lspci: 00:04" "$log")"

for s in mmio pcib; do
	w=$(pattern $s | md5sum | cut -d' ' -f1)
	grep -q "^disk: serial=$s .*md5=$w" "$log" || fail "disk '$s' did not read back what the guest wrote (want md5 $w)"
done
cmp <(pattern mmio) <(head -c 65536 "$work/m.img") || fail "the host image of the virtio-mmio disk differs"
cmp <(pattern pcib) <(head -c 65536 "$work/p.img") || fail "the host image of the virtio-blk-pci disk differs"
grep -Eq "^hwrng: virtio_rng(\.[0-9]+)? [0-9a-f]{32}$" "$log" || fail "/dev/hwrng is not virtio_rng giving 16 bytes"
grep -q "^hwrng: .* 0\{32\}$" "$log" && fail "/dev/hwrng gave zeros"
grep -Eq "^net: eth[0-9] mac=52:54:00:00:00:01 on=a[0-9a-f]+\.virtio_mmio md5=$want" "$log" ||
	fail "the legacy virtio-mmio NIC did not fetch the file: $(grep "^net: " "$log")"
grep -Eq "^net: eth[0-9] mac=52:54:00:00:00:02 on=0000:00:03.0 md5=$want" "$log" ||
	fail "the legacy virtio-net-pci NIC did not fetch the file: $(grep "^net: " "$log")"

if command -v qemu-system-aarch64 >/dev/null; then
	make_disks
	run_guest "$work/qemu.log" qemu-system-aarch64 "${opts[@]}" ||
		fail "qemu-system-aarch64 failed: $(tail -n 3 "$work/qemu.log")"
	strip_cr "$work/qemu.log"
	ours=$(grep -E "^(virtio|lspci): " "$log" | sed 's/ on=a[0-9a-f]*\./ on=/; s/virtio[0-9]* //')
	theirs=$(grep -E "^(virtio|lspci): " "$work/qemu.log" | sed 's/ on=a[0-9a-f]*\./ on=/; s/virtio[0-9]* //')
	[ "$(echo "$ours" | sort)" = "$(echo "$theirs" | sort)" ] ||
		fail "the device list differs from QEMU's: ours [$ours] QEMU's [$theirs]"
	qemu_same=", the same device list as qemu-system-aarch64"
fi
echo "PASS: legacy virtio-mmio (blk, net, rng) and transitional virtio-pci (blk, net, disable-modern=on) in the guest${qemu_same:-}"
