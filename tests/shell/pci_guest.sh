#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The PCIe host bridge and virtio-pci as a Linux guest uses them (issue 14
# item 1), under TCG: the kit's kernel probes pci-host-ecam-generic, finds
# the host bridge and the virtio-pci functions (modern: 1af4:104x) in the
# slots QEMU would give them, virtio_pci drives them with MSI-X through
# the GICv3 ITS (msi-map), and over INTx where there is no ITS:
#  - /sys/bus/pci lists each function with QEMU's IDs, class, revision,
#    subsystem, MSI-X table size and BAR sizes, bound to virtio-pci;
#  - the disk on virtio-blk-pci takes the pattern (checked on the host
#    after poweroff) and reads it back; /dev/hwrng gives 16 bytes from
#    virtio-rng-pci; eth0 and hvc0 exist; each queue has its own MSI-X
#    vector in /proc/interrupts (the disk's request queue's used);
#  - a pcie-root-port with a second disk below it (bus 1): the guest
#    numbers the bus, reads the host-written disk through the bridge;
#  - a reboot (-smp 2, its=off: level INTx) resets the bridge and the
#    functions; the second boot enumerates them again and reads back what
#    the first wrote;
#  - where qemu-system-aarch64 is installed, the same command line there
#    gives the same listing (disable-legacy=on: ours are modern only;
#    romfile= since efi-virtio.rom is not installed), BAR addresses left
#    out: QEMU's root port offers hot-plug, for which Linux reserves a
#    larger window, and ours does not.
. "$(dirname "$0")/../lib/common.sh"
guest_timeout=${GUEST_TIMEOUT:-600}
need_armvisor
need_kit

make_work
initrd=$work/pci.cpio.gz
mods=$kit/root/lib/modules/$(cat "$kit/version")/kernel/drivers/virtio
need_initramfs tests/guest/init-pci.sh "$initrd" \
	"$mods/virtio_pci.ko:/pci/virtio_pci.ko" \
	"$mods/virtio_pci_modern_dev.ko:/pci/virtio_pci_modern_dev.ko" \
	"$mods/virtio_pci_legacy_dev.ko:/pci/virtio_pci_legacy_dev.ko"

guest_pattern() { awk 'BEGIN { for (i = 0; i < 16384; i++) printf "%015d\n", i * 7919 % 1000003 }'; }

pci=disable-legacy=on
opts=(-M virt,gic-version=3 -cpu cortex-a57 -m 512M -nographic -nic none -kernel "$kit/Image"
	-initrd "$initrd" -append "console=ttyAMA0"
	-drive "file=$work/out.img,if=none,id=out,format=raw"
	-drive "file=$work/below.img,if=none,id=below,format=raw"
	-netdev user,id=n0
	-device "virtio-blk-pci,drive=out,serial=out,$pci"
	-device "virtio-net-pci,netdev=n0,romfile=,$pci"
	-device "virtio-rng-pci,bus=pcie.0,addr=0x5,$pci"
	-device "virtio-serial-pci,$pci"
	-device pcie-root-port,id=rp1,chassis=1,slot=1
	-device "virtio-blk-pci,drive=below,serial=below,bus=rp1,$pci")

log=$work/armvisor.log
rm -f "$work/out.img"; truncate -s 1M "$work/out.img"
awk 'BEGIN { for (i = 0; i < 65536; i++) printf "%015d\n", i * 31337 % 999983 }' | head -c 1048576 >"$work/below.img"
run_guest "$log" "$AV" "${opts[@]}"
rc=$?
strip_cr "$log"
fail_logs=("$log")
[ $rc -eq 0 ] || fail "armvisor exited with status $rc"
grep -q "ARMVISOR-INIT-START" "$log" || fail "the guest's /init never ran"
grep -q "insmod-failed" "$log" && fail "a module did not load: $(grep insmod-failed "$log")"
grep -q "ARMVISOR-INIT-DONE" "$log" || fail "/init did not finish"

want_fn() {
	grep -q "^sysfs: 0000:$1 $2" "$log" || fail "the guest does not see $1 as [$2]: $(grep "^sysfs: 0000:$1" "$log")"
}
bars="bars=0x0000000000000000-0x0000000000000000/0x0000000000000000,0x0000000010"
# MSI-X table sizes as QEMU's (blk, rng: queues + 1; net 4; serial 2).
want_fn 00:00.0 "vendor=0x1b36 device=0x0008 class=0x060000 rev=0x00 sub=0x1af4:0x1100 driver= msix=- "
want_fn 00:01.0 "vendor=0x1af4 device=0x1042 class=0x010000 rev=0x01 sub=0x1af4:0x1100 driver=virtio-pci msix=2 $bars"
want_fn 00:02.0 "vendor=0x1af4 device=0x1041 class=0x020000 rev=0x01 sub=0x1af4:0x1100 driver=virtio-pci msix=4 $bars"
want_fn 00:03.0 "vendor=0x1af4 device=0x1043 class=0x078000 rev=0x01 sub=0x1af4:0x1100 driver=virtio-pci msix=2 $bars"
want_fn 00:05.0 "vendor=0x1af4 device=0x1044 class=0x00ff00 rev=0x01 sub=0x1af4:0x1100 driver=virtio-pci msix=2 $bars"
want_fn 00:04.0 "vendor=0x1b36 device=0x000c class=0x060400 rev=0x00 sub=0x1b36:0x0000 driver=pcieport msix=1 bars=0x0000000010"
want_fn 01:00.0 "vendor=0x1af4 device=0x1042 class=0x010000 rev=0x01 sub=0x1af4:0x1100 driver=virtio-pci msix=2 $bars"
[ "$(grep -c "^sysfs: " "$log")" -eq 7 ] || fail "the guest sees other functions: $(grep "^sysfs: " "$log")"
grep -Eq "^sysfs: 0000:00:01.0 .*bars=[^,]*,0x0000000010[0-9a-f]{6}-0x0000000010[0-9a-f]{3}fff/0x0000000000040200,([^,]*,){2}0x0000008000[0-9a-f]{6}-0x0000008000[0-9a-f]{3}fff/0x000000000014220c," "$log" ||
	fail "virtio-blk-pci's BARs are not a 4 KiB BAR 1 and a 16 KiB 64-bit prefetchable BAR 4: $(grep "^sysfs: 0000:00:01.0" "$log")"

grep -q "^disk: vda serial=out sectors=2048 pci=0000:00:01.0" "$log" || fail "the guest does not see the virtio-blk-pci disk"
grep -q "^out-written: vda" "$log" || fail "the guest could not write the disk"
cmp <(guest_pattern) <(head -c 262144 "$work/out.img") ||
	fail "the host image differs from what the guest wrote"
grep -q "^out-read-md5: $(guest_pattern | md5sum | cut -d' ' -f1)" "$log" ||
	fail "the guest read back something else than it wrote"
grep -q "^disk: vdb serial=below sectors=2048 pci=0000:01:00.0" "$log" ||
	fail "the guest does not see the disk below the root port on bus 1"
grep -q "^below-md5: $(head -c 262144 "$work/below.img" | md5sum | cut -d' ' -f1)" "$log" ||
	fail "the guest read the disk below the root port wrongly"
grep -q "^hwrng-current: virtio_rng" "$log" || fail "virtio-rng-pci is not the guest's hwrng"
grep -Eq "^hwrng: [0-9a-f]{32}$" "$log" || fail "/dev/hwrng did not give 16 bytes"
grep -q "^hwrng: 0\{32\}$" "$log" && fail "/dev/hwrng gave zeros"
grep -q "^net: eth0 mac=52:54:00:12:34:56 pci=0000:00:02.0" "$log" || fail "no eth0 on virtio-net-pci"
grep -q "^hvc: /dev/hvc0" "$log" || fail "no hvc0 on virtio-serial-pci"
# MSI-X through the ITS: a vector per queue and one for config changes.
grep -Eq "^irq: [0-9]+: +[1-9][0-9]* +.*MSI +[0-9]+ +Edge +virtio0-req\.0$" "$log" ||
	fail "virtio-blk-pci's request queue has no used MSI-X vector: $(grep '^irq:' "$log")"
grep -Eq "^irq: [0-9]+: .*MSI +[0-9]+ +Edge +virtio0-config$" "$log" ||
	fail "virtio-blk-pci has no config vector: $(grep '^irq:' "$log")"
grep -Eq "^irq: [0-9]+: .*MSI .*virtio1-(input|output)\.0$" "$log" ||
	fail "virtio-net-pci's queues have no MSI-X vectors: $(grep '^irq:' "$log")"

if command -v qemu-system-aarch64 >/dev/null; then
	rm -f "$work/out.img"; truncate -s 1M "$work/out.img"
	run_guest "$work/qemu.log" qemu-system-aarch64 "${opts[@]}" ||
		fail "qemu-system-aarch64 failed: $(tail -n 3 "$work/qemu.log")"
	strip_cr "$work/qemu.log"
	ours=$(grep -E "^(lspci|sysfs|disk|net|below-md5): " "$log" | sed 's/ bars=.*//')
	theirs=$(grep -E "^(lspci|sysfs|disk|net|below-md5): " "$work/qemu.log" | sed 's/ bars=.*//')
	[ -n "$theirs" ] || fail "QEMU's guest listed nothing"
	[ "$ours" = "$theirs" ] || fail "the listing differs from QEMU's: $(diff <(echo "$ours") <(echo "$theirs"))"
fi

# A reboot (PSCI SYSTEM_RESET, -smp 2): the machine reset puts every
# function, the root port's bus numbers and windows included, back to
# power-on; the second boot enumerates again and the devices work.
truncate -s 1M "$work/mark.img"
run_guest "$work/reboot.log" "$AV" -M virt,gic-version=3,its=off -cpu cortex-a57 -m 512M -smp 2 -nographic -nic none \
	-kernel "$kit/Image" -initrd "$initrd" -append "console=ttyAMA0 pci_reboot" \
	-drive "file=$work/mark.img,if=none,id=mark,format=raw" \
	-device virtio-rng-pci -device pcie-root-port,id=rp1,chassis=1,slot=1 \
	-device virtio-blk-pci,drive=mark,serial=mark,bus=rp1
rc=$?
strip_cr "$work/reboot.log"
fail_logs=("$work/reboot.log")
[ $rc -eq 0 ] || fail "armvisor exited with status $rc on the reboot run"
want_boots="0000:00:00.0 0000:00:01.0 0000:00:02.0 0000:01:00.0 "
grep -q "^boot-mark: \[\] $want_boots$" "$work/reboot.log" || fail "the first boot did not see a blank disk and 4 functions"
grep -q "^rebooting$" "$work/reboot.log" || fail "the first boot did not reboot"
grep -q "^boot-mark: \[first-boot\] $want_boots$" "$work/reboot.log" ||
	fail "after the reboot the disk below the root port does not read back the mark"
grep -Eq "^second-boot hwrng: [0-9a-f]{16}$" "$work/reboot.log" || fail "/dev/hwrng does not answer after the reboot"
[ "$(head -c 10 "$work/mark.img")" = "first-boot" ] || fail "the image does not hold the mark"
# No ITS: INTx, level-sensitive SPIs 3..6 (INTIDs 35..38), used.
grep -Eq "^irq: [0-9]+: +[1-9][0-9]* +[0-9 ]*(GIC-0|GICv3) +3[5-8] Level +(PCIe PME, )?virtio" "$work/reboot.log" ||
	fail "with its=off the devices are not on used INTx lines: $(grep '^irq:' "$work/reboot.log")"
echo "PASS: PCIe host bridge, root port, virtio-pci blk/net/rng/serial in the guest, and across a reboot"
