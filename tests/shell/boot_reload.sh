#!/usr/bin/env bash
# A guest reset reads the kernel and initrd again from the files armvisor
# opened at start (their bytes are not kept in host memory after the first
# copy, docs/ARCHITECTURE.md "Start-up"). The guest's /init waits for a
# line at the console before it reboots, so the test can first change a
# file: unchanged files boot a second time; a kernel or an initrd written
# to since the start makes the reset fail with a message naming the file
# and a non-zero exit (1, never the sandbox's 159: the main thread reads
# them with fstat and pread, which its list allows).
. "$(dirname "$0")/../lib/common.sh"
need_armvisor
need_kit
make_work

cat >"$work/init" <<'EOF2'
#!/bin/sh
export PATH=/bin:/sbin
mount -t proc proc /proc
echo "READY-REBOOT"
read -r line
if [ "$line" = "off" ]; then
	echo "powering-off"
	poweroff -f
fi
echo "rebooting"
reboot -f
EOF2
need_initramfs "$work/init" "$work/initrd.gz"

# A copy of the kernel: the kit's must stay as it is.
cp "$kit/Image" "$work/Image" || fail "cannot copy the kit's Image"

# ready_count LOG: how many boots reached /init's wait.
ready_count() { grep -c "^READY-REBOOT" "$1"; }

# wait_ready LOG N PID: until the Nth boot waits at /init (or armvisor ended).
wait_ready() { wait_lines "$1" "^READY-REBOOT" "$2" "$3"; }

# run_reboot NAME CHANGE: boot, run CHANGE (a command) once the guest
# waits, let it reboot; answer "off" to a second boot. Sets rc and log.
run_reboot() {
	local name=$1 change=$2 pid
	log=$work/$name.log
	rm -f "$work/$name.in"
	mkfifo "$work/$name.in" || fail "mkfifo"
	timeout -k 5 "$guest_timeout" "$AV" -nographic -M virt -m 256M \
		-kernel "$work/Image" -initrd "$work/initrd.gz" \
		-append "console=ttyAMA0 quiet" <"$work/$name.in" >"$log" 2>&1 &
	pid=$!
	kill_at_exit+=("$pid")
	# Held open until the end: armvisor must not read end-of-file.
	exec 3>"$work/$name.in"
	if wait_ready "$log" 1 "$pid"; then
		$change
		echo reboot >&3
		wait_ready "$log" 2 "$pid" && echo off >&3
	fi
	rc=0
	wait_bg "$pid" || rc=$?
	exec 3>&-
	strip_cr "$log"
	fail_logs=("$log")
}

# Written to in place, and an mtime that surely differs from the start's.
change_kernel() {
	printf 'x' | dd of="$work/Image" bs=1 seek=4096 conv=notrunc status=none
	touch -d "2001-01-01 00:00:00" "$work/Image"
}
change_initrd() {
	cat "$work/initrd.gz" "$work/initrd.gz" >"$work/initrd.new"
	cat "$work/initrd.new" >"$work/initrd.gz"
}

run_reboot same true
[ $rc -eq 0 ] || fail "unchanged files: armvisor exited with status $rc"
[ "$(ready_count "$log")" -eq 2 ] || fail "unchanged files: the guest did not boot twice"
grep -q "^powering-off" "$log" || fail "unchanged files: the second boot did not power off"

run_reboot kernel change_kernel
[ $rc -eq 1 ] || fail "changed kernel: exit status $rc, not 1"
[ "$(ready_count "$log")" -eq 1 ] || fail "changed kernel: the guest booted again"
grep -qF "armvisor: cannot reset: kernel file '$work/Image' changed since armvisor started; restart armvisor to boot it" "$log" ||
	fail "changed kernel: no message naming the file"

cp "$kit/Image" "$work/Image" || fail "cannot copy the kit's Image"
run_reboot initrd change_initrd
[ $rc -eq 1 ] || fail "changed initrd: exit status $rc, not 1"
[ "$(ready_count "$log")" -eq 1 ] || fail "changed initrd: the guest booted again"
grep -qF "armvisor: cannot reset: initrd file '$work/initrd.gz' changed since armvisor started; restart armvisor to boot it" "$log" ||
	fail "changed initrd: no message naming the file"
echo "PASS: a reset boots unchanged files again and refuses changed ones with a message"
