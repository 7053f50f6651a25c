#!/usr/bin/env bash
# Snapshots under TCG (docs/snapshot.md), with -smp 1 and -smp 2: the
# Debian guest (tests/guest/init-snapshot.sh) writes numbered records to
# a virtio-blk disk and sends datagrams over virtio-net (user network)
# in the background while its shell answers on the serial console.
#  - QMP migrate file:PATH while both loops run; query-migrate says
#    completed with the file's size, query-status postmigrate; quit;
#  - the same command line with -incoming file:PATH: the shell answers a
#    typed command (no new boot), the guest's uptime did not go
#    backwards, both loops go on; after they stop, every record on the
#    disk is the last one written to its sector (tests/lib/snapshot_run.py);
#  - the restore refuses a changed command line (another -m), naming it,
#    and a truncated file, a changed byte and a bad magic, each with its
#    sentence and status 1.
# Needs the guest kit. ARMVISOR= picks the binary.
. "$(dirname "$0")/../lib/common.sh"
guest_timeout=${GUEST_TIMEOUT:-900}
need_armvisor
need_tools python3
need_kit
has_user_net || skip "armvisor was built without libslirp (-netdev user)"

make_work build
initrd=$work/snap.cpio.gz
need_initramfs tests/guest/init-snapshot.sh "$initrd" tests/guest/udhcpc.sh:/udhcpc.sh

# expect_refused FILE MESSAGE OPTIONS...: -incoming file:FILE fails with status 1 and MESSAGE.
expect_refused() {
	local file=$1 msg=$2 rc=0
	shift 2
	timeout -k 5 120 "$AV" "$@" -incoming "file:$file" </dev/null >"$work/refused.log" 2>&1 || rc=$?
	[ $rc -eq 1 ] || { fail_logs=("$work/refused.log"); fail "-incoming $file: status $rc, not 1"; }
	grep -qF "armvisor: -incoming file:$file: $msg" "$work/refused.log" ||
		{ fail_logs=("$work/refused.log"); fail "-incoming $file did not say '$msg'"; }
}

round_trip() {
	local smp=$1 disk=$work/disk-$1.img snap=$work/snap-$1.bin qmp=$work/qmp-$1.sock
	local state=$work/state-$1.json
	rm -f "$disk" && truncate -s 1M "$disk"
	# -smp 1 under the sandbox (the broker creates the file, include/broker.h),
	# -smp 2 without it.
	local sandbox=on
	[ "$smp" = 1 ] || sandbox=off
	local opts=(-M virt -cpu cortex-a57 -smp "$smp" -m 256M -nographic -sandbox "$sandbox"
		-kernel "$kit/Image" -initrd "$initrd" -append "console=ttyAMA0 quiet"
		-drive "file=$disk,if=none,id=d0,format=raw,cache=none"
		-device virtio-blk-device,drive=d0
		-netdev user,id=n0 -device virtio-net-device,netdev=n0
		-qmp "unix:$qmp,server=on,wait=off")
	timeout -k 5 "$guest_timeout" python3 tests/lib/snapshot_run.py save "$qmp" "$snap" \
		"$state" -- "$AV" "${opts[@]}" >"$work/save-$smp.log" 2>&1 ||
		{ fail_logs=("$work/save-$smp.log"); fail "-smp $smp: the save failed"; }
	cat "$work/save-$smp.log" | tail -n 1
	# A different board: refused before anything runs, naming the item.
	local m_opts=("${opts[@]}")
	m_opts[6]=-m; m_opts[7]=512M
	if timeout -k 5 120 "$AV" "${m_opts[@]}" -incoming "file:$snap" </dev/null \
		>"$work/mismatch.log" 2>&1; then
		fail "-smp $smp: a snapshot loaded into a machine with other RAM"
	fi
	grep -q "ram-size is '268435456' in the snapshot, '536870912' here" "$work/mismatch.log" ||
		{ fail_logs=("$work/mismatch.log"); fail "-smp $smp: the RAM mismatch was not named"; }
	# A damaged file: refused with its own sentence, status 1, nothing run.
	if [ "$smp" = 1 ]; then
		head -c 100000 "$snap" >"$work/cut.bin"
		expect_refused "$work/cut.bin" "snapshot is truncated (" "${opts[@]}"
		cp "$snap" "$work/flip.bin"
		printf '\x55' | dd of="$work/flip.bin" bs=1 seek=$(($(stat -c %s "$snap") - 5000)) conv=notrunc 2>/dev/null
		expect_refused "$work/flip.bin" "snapshot checksum mismatch" "${opts[@]}"
		printf 'XRMVSNAP' | dd of="$work/flip.bin" bs=1 conv=notrunc 2>/dev/null
		expect_refused "$work/flip.bin" "not an armvisor snapshot (bad magic" "${opts[@]}"
	fi
	rm -f "$qmp"
	timeout -k 5 "$guest_timeout" python3 tests/lib/snapshot_run.py restore "$qmp" "$disk" \
		"$state" -- "$AV" "${opts[@]}" -incoming "file:$snap" >"$work/restore-$smp.log" 2>&1 ||
		{ fail_logs=("$work/restore-$smp.log"); fail "-smp $smp: the restore failed"; }
	tail -n 1 "$work/restore-$smp.log"
}

round_trip 1
round_trip 2
echo "PASS: snapshot save and restore under TCG, -smp 1 and 2, disk and network busy"
