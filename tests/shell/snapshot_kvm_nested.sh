#!/usr/bin/env bash
# Snapshots under KVM and across accelerators (docs/snapshot-kvm.md),
# nested: qemu-system-aarch64 (virtualization=on, GICv3, -cpu max) runs
# the static arm64 armvisor under -accel kvm (tests/guest/init-kvm-snap-
# outer.sh). The guest is tests/guest/init-snap.sh, a shell on the console.
#  1. Here, under TCG (-cpu max, -smp 2, its=off): boot, mark the guest's
#     RAM, note its uptime, stop, migrate "file:tcg.snap".
#  2. In the outer guest: KVM to KVM (-smp 2 with the vITS, two virtio-blk
#     disks the guest keeps writing, virtio-mmio and virtio-pci (MSI-X
#     through the vITS), whose writes must go on after the restore): boot,
#     mark, save, restore; and TCG to KVM: tcg.snap with -incoming under
#     KVM, then saved again under KVM (tk.snap); both files come back on a
#     disk.
#  3. Here, under TCG: tk.snap restores (the guest booted under TCG went
#     to KVM and back); kvm.snap (a guest that booted under KVM and saw
#     that CPU's features) is refused with the ID register field named.
# Every restored guest (-smp 2) must answer in its shell, run a task on
# its second CPU, still have the file it wrote before the save, and its
# uptime must not have gone backwards.
. "$(dirname "$0")/../lib/common.sh"
nested_timeout=${NESTED_TIMEOUT:-900}
need_tools qemu-system-aarch64 mkfifo
need_armvisor
need_kit
need_inner_armvisor
make_work build
log=$work/nested.log
fail_logs=("$log" "$work")
FEED_DIR=$work
FEED_TIMEOUT=600
. tests/guest/snap-feed.sh

# virtio_pci too (its busy disk under KVM); its modules come with their deps.
KIT_MODULES=virtio_pci need_initramfs tests/guest/init-snap.sh "$work/snap.cpio.gz"

# tcg LOG OPTIONS...: the snapshot guest under TCG here, fed by snap-feed.sh.
tcg() {
	local l=$1
	shift
	feed_start "$l" "$AV" -accel tcg -cpu max -m 192 -sandbox off -nographic -kernel "$kit/Image" \
		-initrd "$work/snap.cpio.gz" -append "console=ttyAMA0 quiet" "$@"
}

# field LOG WORD: the number after WORD on its first line in LOG.
field() { tr -d '\r' <"$1" | sed -n "s/^.*$2 \([0-9.]*\)\$/\1/p" | head -n 1; }

# not_back BEFORE AFTER WHAT: the guest's uptime did not go backwards.
not_back() {
	[ -n "$1" ] && [ -n "$2" ] || fail "$3: no uptime before ($1) or after ($2)"
	awk -v b="$1" -v a="$2" 'BEGIN { exit !(a + 0 >= b + 0) }' ||
		fail "$3: the guest's uptime went backwards: $1 s before the save, $2 s after the restore"
}

# 1. Save under TCG.
tcg "$work/tcg-save.log" -smp 2 -M virt,gic-version=3,its=off
feed_wait '^SNAP-GUEST-READY' 300 || fail "the TCG guest did not start"
sleep 2
snap_mark || fail "the TCG guest's shell did not answer"
snap_save "$work/tcg.snap" || fail "migrate under TCG did not finish"
feed_end
[ "$feed_rc" -eq 0 ] || fail "armvisor (TCG save) exited with $feed_rc"
[ -s "$work/tcg.snap" ] || fail "no snapshot file from TCG"
tcg_before=$(field "$work/tcg-save.log" UP-BEFORE)

# 2. The nested host.
truncate -s 768M "$work/xfer.img"
initramfs tests/guest/init-kvm-snap-outer.sh "$work/outer.cpio.gz" \
	"$inner_av:/armvisor" "$kit/Image:/Image" "$work/snap.cpio.gz:/snap.cpio.gz" \
	"$work/tcg.snap:/tcg.snap" "tests/guest/snap-feed.sh:/snap-feed.sh" || exit 1
boot_nested "$log" "$work/outer.cpio.gz" "" -nic none \
	-drive file="$work/xfer.img",format=raw,if=none,id=xfer \
	-device virtio-blk-device,drive=xfer,serial=xfer
rc=$?
strip_cr "$log"
check_outer $rc "$log"
grep -q "^kk-save-EXIT status=0" "$log" || fail "armvisor -accel kvm (save) did not exit 0"
grep -q "^kk-save: Migration status: completed" "$log" || fail "migrate under KVM did not complete"
grep -q "^kk-load-EXIT status=0" "$log" || fail "armvisor -accel kvm -incoming did not exit 0"
grep -q "^kk-load: SHELL-42" "$log" || fail "KVM to KVM: the restored guest's shell did not answer"
grep -q "^kk-load: MARK-42" "$log" || fail "KVM to KVM: the guest's file is gone after the restore"
grep -q "^kk-load: CPU1-RAN" "$log" || fail "KVM to KVM: the second vCPU ran nothing after the restore"
grep -q "^kk-load: DISK-MOVING busy [0-9]* [0-9]* busy2 " "$log" ||
	fail "KVM to KVM: the guest's disk writes (virtio-mmio busy, virtio-pci busy2) stopped after the restore"
not_back "$(grep '^kk-save: ' "$log" | sed 's/^kk-save: //' | sed -n 's/^UP-BEFORE //p' | head -n1)" \
	"$(grep '^kk-load: ' "$log" | sed 's/^kk-load: //' | sed -n 's/^UP-AFTER //p' | head -n1)" "KVM to KVM"
grep -q "^tk-load-EXIT status=0" "$log" || fail "the TCG snapshot under KVM: armvisor did not exit 0"
grep -q "^tk-load: SHELL-42" "$log" || fail "TCG to KVM: the restored guest's shell did not answer"
grep -q "^tk-load: MARK-42" "$log" || fail "TCG to KVM: the guest's file is gone after the restore"
grep -q "^tk-load: CPU1-RAN" "$log" || fail "TCG to KVM: the second vCPU ran nothing after the restore"
tk_after=$(sed -n 's/^tk-load: UP-AFTER //p' "$log" | head -n1)
not_back "$tcg_before" "$tk_after" "TCG to KVM"
grep -q "^tk-load: Migration status: completed" "$log" || fail "the second save under KVM did not complete"
grep -q "^OUTER-XFER: written" "$log" || fail "the outer guest did not write the snapshots to the disk"

# 3. Back here under TCG.
read -r s1 s2 < <(head -c 4096 "$work/xfer.img" | tr -d '\0')
m1=$(((s1 + 1048575) / 1048576 + 1))
dd if="$work/xfer.img" of="$work/tk.snap" bs=1M skip=1 2>/dev/null && truncate -s "$s1" "$work/tk.snap"
dd if="$work/xfer.img" of="$work/kvm.snap" bs=1M skip="$m1" 2>/dev/null && truncate -s "$s2" "$work/kvm.snap"
tk_before=$(sed -n 's/^tk-load: UP-BEFORE //p' "$log" | head -n1)

tcg "$work/kt-load.log" -smp 2 -M virt,gic-version=3,its=off -incoming "file:$work/tk.snap"
snap_check 300 || fail "KVM to TCG: the restored guest's shell did not answer"
snap_quit
feed_end
[ "$feed_rc" -eq 0 ] || fail "armvisor (TCG restore) exited with $feed_rc"
grep -q "^MARK-42" <(tr -d '\r' <"$work/kt-load.log") || fail "KVM to TCG: the guest's file is gone"
grep -q "^CPU1-RAN" <(tr -d '\r' <"$work/kt-load.log") || fail "KVM to TCG: the second vCPU ran nothing"
not_back "$tk_before" "$(field "$work/kt-load.log" UP-AFTER)" "KVM to TCG"

# A guest that booted under KVM saw the host's CPU: TCG cannot present it.
# The same command line as in the outer guest (the digest compares the
# disk's relative path), run in the work directory.
truncate -s 8M "$work/busy.img" "$work/busy2.img"
av_abs=$(realpath "$(command -v "$AV")")
kit_abs=$(realpath "$kit")
(cd "$work" && exec timeout 120 "$av_abs" -accel tcg -cpu max -m 192 -smp 2 \
	-M virt,gic-version=3 -nographic -kernel "$kit_abs/Image" -initrd snap.cpio.gz \
	-append "console=ttyAMA0 quiet" \
	-drive file=busy.img,format=raw,if=none,id=busy \
	-device virtio-blk-device,drive=busy,serial=busy \
	-drive file=busy2.img,format=raw,if=none,id=busy2 \
	-device virtio-blk-pci,drive=busy2,serial=busy2 \
	-incoming file:kvm.snap) </dev/null >"$work/refuse.log" 2>&1
rc=$?
[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] || fail "TCG took a snapshot of a KVM-booted guest (status $rc)"
grep -Eq "ID_AA64[A-Z0-9]+_EL1|MIDR_EL1" "$work/refuse.log" ||
	fail "the refusal does not name the CPU feature: $(cat "$work/refuse.log")"
echo "TCG refused the KVM-born snapshot: $(grep -E -m1 'ID_AA64|MIDR' "$work/refuse.log")"
echo "PASS: snapshots KVM to KVM, TCG to KVM and back to TCG; a KVM CPU model TCG lacks is named"
