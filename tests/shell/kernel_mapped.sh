#!/usr/bin/env bash
# Under TCG the kernel file is mapped copy-on-write into guest RAM under a
# read lease, not copied (machine/ram_map.c, docs/startup.md). A user sees:
#  - the timeline says so, and the guest boots;
#  - while the guest runs, `cp other Image` (an open with O_TRUNC: it waits
#    for our lease) finishes within seconds, not after the 45 s lease-break
#    time, and the guest goes on running from its own copy: it does work
#    after the file shrank to 4 KiB, which a mapping still tied to the file
#    would have lost (truncation discards even the pages it wrote);
#  - a kernel file open for writing elsewhere gets no lease: it is read
#    as before, and boots.
. "$(dirname "$0")/../lib/common.sh"
need_armvisor
need_kit
make_work

cat >"$work/init" <<'EOF2'
#!/bin/sh
export PATH=/bin:/sbin
mount -t proc proc /proc
echo "READY-WAIT"
read -r line
# Kernel code and data all over: exec, page cache, proc, a pipe.
ls -R / >/dev/null 2>&1
sum=$(cat /bin/busybox | md5sum)
echo "ALIVE ${sum%% *} $(wc -l </proc/kallsyms)"
poweroff -f
EOF2
need_initramfs "$work/init" "$work/initrd.gz"
fail_logs=("$work")

# ready LOG PID: until /init waits (or armvisor ended); bounded for a hung guest.
ready() {
	local end=$((SECONDS + guest_timeout))
	until grep -q "^READY-WAIT" "$1"; do
		kill -0 "$2" 2>/dev/null || return 1
		[ $SECONDS -lt $end ] || return 1
		sleep 0.2
	done
}

# run NAME CHANGE: boot from $work/Image at -smp 2, run CHANGE once the
# guest waits, then let it go on. Sets rc, log, tl.
run() {
	local name=$1 change=$2 pid
	log=$work/$name.log tl=$work/$name.tl
	mkfifo "$work/$name.in" || fail "mkfifo"
	timeout -k 5 "$guest_timeout" "$AV" -nographic -M virt -m 256M -smp 2 \
		-accel tcg -kernel "$work/Image" -initrd "$work/initrd.gz" \
		-append "console=ttyAMA0 quiet" -boot-timeline="$tl" \
		<"$work/$name.in" >"$log" 2>&1 &
	pid=$!
	kill_at_exit+=("$pid")
	exec 3>"$work/$name.in"
	if ready "$log" "$pid"; then
		$change
		echo go >&3
	fi
	rc=0
	wait_bg "$pid" || rc=$?
	exec 3>&-
	strip_cr "$log"
}

# 1. The file overwritten (and shrunk) while the guest runs from it.
cp "$kit/Image" "$work/Image" || fail "cannot copy the kit's Image"
head -c 4096 /dev/urandom >"$work/other"
overwrite() {
	local t0=$SECONDS
	# Without the lease released, cp waits the whole lease-break time.
	timeout 20 cp "$work/other" "$work/Image" || echo "cp failed or waited 20 s" >>"$work/cp.err"
	echo "cp took $((SECONDS - t0)) s" >>"$work/cp.err"
}
run overwrite overwrite
[ $rc -eq 0 ] || fail "overwritten kernel: armvisor exited with status $rc"
grep -q "kernel mapped copy-on-write" "$tl" || fail "the timeline does not say the kernel was mapped"
! grep -q "cp failed" "$work/cp.err" || fail "$(cat "$work/cp.err"): the lease was not released"
[ "$(stat -c %s "$work/Image")" -eq 4096 ] || fail "cp did not replace the Image"
grep -Eq "^ALIVE [0-9a-f]{32} [0-9]+" "$log" || fail "the guest did not go on after the kernel file was overwritten"
awk '/kernel file written: guest pages made private/ { p = NR }
     /vCPU 0 goes on, the kernel.s pages private/ { if (p && NR > p) ok = 1 }
     END { exit !ok }' "$tl" || fail "the timeline lacks the pages made private, then the vCPUs going on"

# 2. Open for writing elsewhere: no lease, so the kernel is read.
cp "$kit/Image" "$work/Image" || fail "cannot copy the kit's Image"
exec 4>>"$work/Image"
run writer true
exec 4>&-
[ $rc -eq 0 ] || fail "kernel open for writing: armvisor exited with status $rc"
! grep -q "kernel mapped" "$tl" || fail "the kernel was mapped though the file was open for writing"
grep -Eq "^ALIVE [0-9a-f]{32} [0-9]+" "$log" || fail "the guest did not boot from the read kernel"
echo "PASS: the mapped kernel boots, survives its file being overwritten, and is read when no lease can be had"
