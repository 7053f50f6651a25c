#!/usr/bin/env bash
# virtio-blk and virtio-rng as a Linux guest uses them (virtio_mmio,
# virtio_blk, virtio-rng modules from the initramfs), under TCG:
#  - disk "out" (cache=none): the guest writes a known pattern with
#    dd conv=fsync; after poweroff the host image holds it byte for byte;
#  - disk "in": the guest reads a host-written pattern (md5 compared);
#  - disk "ro" (readonly=on): the guest sees a read-only disk, a write fails;
#  - /dev/hwrng gives 16 bytes;
#  - the guest names the disks (vda, vdb, ...) as under qemu-system-aarch64
#    with the same options (checked when QEMU is installed).
# Needs the guest kit (scripts/guest-kit.sh). ARMVISOR= picks the binary.
. "$(dirname "$0")/../lib/common.sh"
# Up to two boots, with O_DIRECT disks.
guest_timeout=${GUEST_TIMEOUT:-900}
need_armvisor
need_kit

# Images live next to the build: O_DIRECT needs a real file system, not tmpfs.
make_work build
initrd=$work/virtio.cpio.gz
need_initramfs tests/guest/init-virtio.sh "$initrd"

host_pattern() { awk 'BEGIN { for (i = 0; i < 65536; i++) printf "%015d\n", i * 104729 % 1000003 }' | head -c 1048576; }

make_disks() {
	rm -f "$work"/out.img "$work"/in.img "$work"/ro.img
	truncate -s 1M "$work/out.img"
	host_pattern >"$work/in.img"
	truncate -s 1M "$work/ro.img"
}

# The same options for armvisor and QEMU (serial= belongs to -device in QEMU 7.2).
opts=(-M virt -cpu cortex-a57 -m 512M -nographic -nic none -kernel "$kit/Image"
	-initrd "$initrd" -append "console=ttyAMA0"
	-drive "file=$work/out.img,if=none,id=out,format=raw,cache=none"
	-drive "file=$work/in.img,if=none,id=in,format=raw"
	-drive "file=$work/ro.img,if=none,id=ro,format=raw,readonly=on"
	-device virtio-blk-device,drive=out,serial=out
	-device virtio-blk-device,drive=in,serial=in
	-device virtio-blk-device,drive=ro,serial=ro
	-device virtio-rng-device)

make_disks
log=$work/armvisor.log
run_guest "$log" "$AV" "${opts[@]}"
rc=$?
strip_cr "$log"
fail_logs=("$log")
[ $rc -eq 0 ] || fail "armvisor exited with status $rc"
grep -q "ARMVISOR-INIT-START" "$log" || fail "the guest's /init never ran"
grep -q "insmod-failed" "$log" && fail "a virtio module did not load"
grep -q "ARMVISOR-INIT-DONE" "$log" || fail "/init did not finish"
grep -q "^disk: vd. serial=out ro=0 sectors=2048" "$log" || fail "the guest does not see disk 'out' (1 MiB, writable)"
grep -q "^disk: vd. serial=ro ro=1 sectors=2048" "$log" || fail "the guest does not see disk 'ro' as read-only"
grep -q "^out-written: " "$log" || fail "the guest could not write disk 'out'"
cmp <(guest_pattern 16384) <(head -c 262144 "$work/out.img") ||
	fail "the host image of disk 'out' differs from what the guest wrote"
cmp -s <(head -c 262144 "$work/out.img") <(tail -c +262145 "$work/out.img" | head -c 262144) &&
	fail "disk 'out' holds the pattern beyond what was written"
[ "$(tail -c +262145 "$work/out.img" | tr -d '\0' | wc -c)" -eq 0 ] ||
	fail "disk 'out' was written past the pattern"
want=$(head -c 262144 "$work/in.img" | md5sum | cut -d' ' -f1)
grep -q "^in-md5: $want" "$log" || fail "the guest read disk 'in' wrongly (want md5 $want)"
grep -q "^ro-write: refused" "$log" || fail "a write to the read-only disk was not refused"
[ "$(tr -d '\0' <"$work/ro.img" | wc -c)" -eq 0 ] || fail "the read-only image changed"
grep -q "^hwrng-current: virtio_rng" "$log" || fail "virtio-rng is not the guest's hwrng"
grep -Eq "^hwrng: [0-9a-f]{32}$" "$log" || fail "/dev/hwrng did not give 16 bytes"
grep -q "^hwrng: 0\{32\}$" "$log" && fail "/dev/hwrng gave zeros"

if command -v qemu-system-aarch64 >/dev/null; then
	make_disks
	run_guest "$work/qemu.log" qemu-system-aarch64 "${opts[@]}" ||
		fail "qemu-system-aarch64 failed: $(tail -n 3 "$work/qemu.log")"
	ours=$(grep "^disk: " "$log")
	theirs=$(grep "^disk: " "$work/qemu.log" | tr -d '\r')
	[ "$ours" = "$theirs" ] || fail "disk names differ from QEMU's: ours [$ours] QEMU's [$theirs]"
fi
echo "PASS: virtio-blk out/in/ro and virtio-rng in the guest"
