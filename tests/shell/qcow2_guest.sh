#!/usr/bin/env bash
# qcow2 disks as a Linux guest uses them, under TCG (tests/guest/init-qcow2.sh):
#  1. an ext4 file system on a qcow2 overlay (backing file: a qcow2 base
#     made by qemu-img convert): the guest writes files, reads them back
#     after a remount and unmounts; then `qemu-img check` finds the image
#     clean, the base untouched, QEMU's reading of the image equals the
#     raw copy the guest made of the same disk (`qemu-img compare`), and
#     the files the guest wrote come out of the image with the md5 the
#     guest printed (debugfs on qemu-img's raw conversion);
#     a disk with snapshot=on reads back what the guest wrote, and its
#     image keeps its checksum;
#  2. a guest writing without end is killed with SIGKILL: `qemu-img
#     check` then reports nothing worse than leaked clusters;
#  3. -snapshot: the guest writes the disk, the image keeps its checksum;
# and the qcow2 I/O worker is confined to its sandbox kind ("block").
# Needs the guest kit, qemu-img (qemu-utils) and e2fsprogs.
. "$(dirname "$0")/../lib/common.sh"
guest_timeout=${GUEST_TIMEOUT:-900}
need_armvisor
need_kit
need_tools qemu-img mkfs.ext4 debugfs

make_work build
initrd=$work/qcow2.cpio.gz
KIT_MODULES="crc32c_generic ext4 virtio_pci" need_initramfs tests/guest/init-qcow2.sh "$initrd"
base=(-M virt -cpu cortex-a57 -m 512M -nographic -nic none -kernel "$kit/Image"
	-initrd "$initrd" -append "console=ttyAMA0")
fail_logs=()

# ---- 0. the I/O worker runs in its own sandbox kind, "block" ----
qemu-img create -q -f qcow2 "$work/sb.qcow2" 1M
log=$work/selftest.log
fail_logs+=("$log")
ARMVISOR_SANDBOX_SELFTEST=block run_guest "$log" "$AV" "${base[@]}" -sandbox on \
	-drive "file=$work/sb.qcow2,if=none,id=d" -device virtio-blk-device,drive=d
rc=$?
[ $rc -eq 159 ] || fail "execve from the qcow2 worker: status $rc, want 159 (128 + SIGSYS)"
grep -Eq "blocked syscall execve \([0-9]+\) in block thread" "$log" ||
	fail "no message naming execve and the block thread"

# ---- 1. files on ext4 over a qcow2 chain; snapshot=on ----
truncate -s 64M "$work/fs.raw"
mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0 "$work/fs.raw"
qemu-img convert -q -f raw -O qcow2 "$work/fs.raw" "$work/base.qcow2"
qemu-img create -q -f qcow2 -b base.qcow2 -F qcow2 "$work/q.qcow2"
truncate -s 64M "$work/r.raw"
qemu-img create -q -f qcow2 "$work/s.qcow2" 16M
base_sum=$(md5sum <"$work/base.qcow2")
s_sum=$(md5sum <"$work/s.qcow2")
log=$work/files.log
fail_logs+=("$log")
run_guest "$log" "$AV" "${base[@]}" \
	-drive "file=$work/q.qcow2,if=none,id=q,format=qcow2" -device virtio-blk-device,drive=q,serial=q \
	-drive "file=$work/r.raw,if=none,id=r,format=raw" -device virtio-blk-device,drive=r,serial=r \
	-drive "file=$work/s.qcow2,if=none,id=s,snapshot=on" -device virtio-blk-device,drive=s,serial=s
rc=$?
strip_cr "$log"
[ $rc -eq 0 ] || fail "armvisor exited with status $rc"
grep -q "insmod-failed" "$log" && fail "a module did not load"
grep -q "ARMVISOR-INIT-DONE" "$log" || fail "/init did not finish"
grep -q "^q-unmounted" "$log" || fail "the guest did not write and unmount the ext4 file system"
grep -q "^q-copied-to-r" "$log" || fail "the guest did not copy disk q to r"
grep -q "^snap-readback: ok" "$log" || fail "the snapshot=on disk did not read back the guest's write"
for f in pattern.txt random.bin dir/copy.txt; do
	want=$(sed -n "s|^file: $f ||p" "$log")
	[ -n "$want" ] || { fail "the guest did not write $f"; continue; }
	grep -q "^reread: $f $want" "$log" || fail "$f read back after a remount differs"
done
check=$(qemu-img check "$work/q.qcow2" 2>&1) || fail "qemu-img check q.qcow2: $check"
[ "$(md5sum <"$work/base.qcow2")" = "$base_sum" ] || fail "the backing file base.qcow2 changed"
[ "$(md5sum <"$work/s.qcow2")" = "$s_sum" ] || fail "the snapshot=on image changed"
qemu-img compare -q -f qcow2 -F raw "$work/q.qcow2" "$work/r.raw" ||
	fail "qemu-img compare: QEMU reads q.qcow2 differently from the guest's raw copy"
qemu-img convert -q -f qcow2 -O raw "$work/q.qcow2" "$work/q-conv.raw"
for f in pattern.txt random.bin dir/copy.txt; do
	want=$(sed -n "s|^file: $f ||p" "$log")
	got=$(debugfs -R "cat /$f" "$work/q-conv.raw" 2>/dev/null | md5sum | cut -d' ' -f1)
	[ "$got" = "$want" ] || fail "$f in the image (md5 $got) is not what the guest wrote ($want)"
done

# ---- 2. SIGKILL in the middle of allocating writes ----
qemu-img create -q -f qcow2 "$work/k.qcow2" 128M
log=$work/kill.log
fail_logs+=("$log")
"$AV" "${base[@]}" -drive "file=$work/k.qcow2,if=none,id=k" \
	-device virtio-blk-pci,drive=k,serial=k </dev/null >"$log" 2>&1 &
pid=$!
kill_at_exit+=("$pid")
for ((i = 0; i < guest_timeout; i++)); do
	grep -q "KILL-ME" "$log" && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 1
done
grep -q "KILL-ME" "$log" || fail "the writing guest never started"
sleep 8
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
check=$(qemu-img check "$work/k.qcow2" 2>&1)
rc=$?
# 0: clean; 3: leaked clusters only (qemu-img(1), "check").
[ $rc -eq 0 ] || [ $rc -eq 3 ] || fail "qemu-img check after SIGKILL (status $rc): $check"
echo "qemu-img check after SIGKILL: $check"
echo "$check" | grep -Eq "^[1-9][0-9]*/[0-9]+ = " ||
	fail "the killed guest allocated nothing in k.qcow2: $check"

# ---- 3. -snapshot leaves the image as it was ----
sum=$(md5sum <"$work/s.qcow2")
log=$work/snapshot.log
fail_logs+=("$log")
run_guest "$log" "$AV" "${base[@]}" -snapshot \
	-drive "file=$work/s.qcow2,if=none,id=s" -device virtio-blk-device,drive=s,serial=s
rc=$?
strip_cr "$log"
[ $rc -eq 0 ] || fail "armvisor -snapshot exited with status $rc"
grep -q "^snap-readback: ok" "$log" || fail "-snapshot: the guest did not read back its write"
[ "$(md5sum <"$work/s.qcow2")" = "$sum" ] || fail "-snapshot changed s.qcow2"
qemu-img check -q "$work/s.qcow2" || fail "s.qcow2 is not clean after -snapshot"

echo "PASS: qcow2 files, backing chain, SIGKILL and -snapshot in the guest"
