#!/usr/bin/env bash
# PCIe and MSI-X under accel-kvm, nested: qemu-system-aarch64
# (virtualization=on, GICv3) boots Debian's arm64 kernel, and the static
# aarch64 armvisor inside boots the guest kit with -accel kvm, a
# virtio-blk-pci disk and virtio-rng-pci (tests/guest/init-kvm-pci-outer.sh,
# the inner /init is pci_guest.sh's). The inner guest finds the functions
# with QEMU's IDs, writes the pattern to the disk (checked in the outer
# guest), reads /dev/hwrng, and its queues interrupt through MSI-X
# vectors: the in-kernel vITS (KVM_DEV_TYPE_ARM_VGIC_ITS) translating what
# the vectors' irqfds (GSI routes, accel-kvm/io/kvm_pci.c) hand it. Then the human monitor under KVM (-monitor
# stdio, fed by the outer /init): info status, stop parks the vCPUs (no
# tick for 3 s), info registers, cont, and system_powerdown ends the
# inner guest through its power button (the PL061 is a userspace device).
. "$(dirname "$0")/../lib/common.sh"
nested_timeout=${NESTED_TIMEOUT:-900}
need_tools qemu-system-aarch64
need_kit
need_inner_armvisor
make_work build
log=$work/nested.log
fail_logs=("$log")

mods=$kit/root/lib/modules/$(cat "$kit/version")/kernel/drivers/virtio
initramfs tests/guest/init-pci.sh "$work/inner.cpio.gz" \
	"$mods/virtio_pci.ko:/pci/virtio_pci.ko" \
	"$mods/virtio_pci_modern_dev.ko:/pci/virtio_pci_modern_dev.ko" \
	"$mods/virtio_pci_legacy_dev.ko:/pci/virtio_pci_legacy_dev.ko" || exit 1
KIT_MODULES="gpio_keys evdev" initramfs tests/guest/init-button.sh "$work/button.cpio.gz" || exit 1
initramfs tests/guest/init-kvm-pci-outer.sh "$work/outer.cpio.gz" \
	"$inner_av:/armvisor" "$kit/Image:/Image" "$work/inner.cpio.gz:/inner.cpio.gz" \
	"$work/button.cpio.gz:/button.cpio.gz" || exit 1
boot_nested "$log" "$work/outer.cpio.gz" "" -nic none
rc=$?
strip_cr "$log"
check_outer $rc "$log"
grep -q "^OUTER-EXIT status=0" "$log" || fail "armvisor -accel kvm did not exit 0"
grep -q "^inner: insmod-failed" "$log" && fail "a module did not load in the inner guest"
grep -q "^inner: sysfs: 0000:00:01.0 vendor=0x1af4 device=0x1042 .* driver=virtio-pci msix=2" "$log" ||
	fail "the inner guest does not see virtio-blk-pci at 00:01.0"
grep -q "^inner: sysfs: 0000:00:02.0 vendor=0x1af4 device=0x1044 .* driver=virtio-pci" "$log" ||
	fail "the inner guest does not see virtio-rng-pci at 00:02.0"
grep -q "^inner: out-written: vda" "$log" || fail "the inner guest could not write its disk"
grep -q "^OUTER-OUT: match" "$log" || fail "the disk does not hold what the inner guest wrote"
grep -Eq "^inner: hwrng: [0-9a-f]{32}$" "$log" || fail "/dev/hwrng did not give 16 bytes"
grep -Eq "^inner: irq: [0-9]+: +[1-9][0-9]* +.*MSI +[0-9]+ +Edge +virtio0-req\.0$" "$log" ||
	fail "the disk's request queue took no MSI-X interrupt: $(grep '^inner: irq:' "$log")"

grep -q "^MON-EXIT status=0" "$log" || fail "the monitor run did not exit 0"
grep -q "^mon: .*GUEST-READY" "$log" || fail "the monitor run's guest never started"
grep -q "^mon: .*VM status: running" "$log" || fail "info status did not say running"
grep -q "^mon: .*VM status: paused" "$log" || fail "info status did not say paused after stop"
grep -Eq "^mon: (\(qemu\) )? PC=[0-9a-f]{16} X00=" "$log" || fail "info registers showed no PC under KVM"
grep -q "^mon: .*KEY_POWER pressed" "$log" || fail "system_powerdown did not reach the guest under KVM"
# The guest's output interleaves with the monitor's prompts (one terminal).
# No tick between stop and cont: the lines after "stop" up to "cont", 4 s
# in which a running guest ticks 13 times. One tick may be in flight when
# the line is typed (it lands after the echo of "stop", before the
# vCPUs park): allowed, a second is not.
stopped=$(sed -n '/^mon: .*stop$/,/^mon: .*cont$/p' "$log" | grep -c "TICK")
[ "$stopped" -le 1 ] || fail "the guest ticked $stopped times while stopped under KVM"
echo "PASS: virtio-pci with MSI-X through the vITS, and the monitor, under nested KVM"
