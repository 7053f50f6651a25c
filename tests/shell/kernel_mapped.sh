#!/usr/bin/env bash
# Under TCG the kernel file is mapped copy-on-write into guest RAM under a
# read lease, not copied (machine/ram_map.c, docs/startup.md). A user sees:
#  - the timeline says so; a copier thread reads the file beside the guest,
#    then the guest's pages become its own and the lease goes, all before
#    /init; `cp other Image` afterwards finishes at once and the guest goes
#    on (a mapping still tied to the file would lose even the pages the
#    guest wrote when the file shrinks to 4 KiB, or fault past its end);
#  - with the copier off (ARMVISOR_KERNEL_COPY=off, for this test), the
#    same `cp` while the mapping is in place breaks the lease: cp finishes
#    within seconds, not after the 45 s lease-break time, and the guest
#    goes on from its own copy;
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

# ready LOG PID: until /init waits (or armvisor ended).
ready() { wait_lines "$1" "^READY-WAIT" 1 "$2"; }

# run NAME CHANGE [VAR=VALUE...]: boot from $work/Image at -smp 2 with
# that environment, run CHANGE once the guest waits, then let it go on.
# Sets rc, log, tl.
run() {
	local name=$1 change=$2 pid
	shift 2
	log=$work/$name.log tl=$work/$name.tl
	mkfifo "$work/$name.in" || fail "mkfifo"
	env "$@" timeout -k 5 "$guest_timeout" "$AV" -nographic -M virt -m 256M -smp 2 \
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

head -c 4096 /dev/urandom >"$work/other"
overwrite() {
	local t0=$SECONDS
	# With the lease held and never released, cp waits the whole lease-break time.
	timeout 20 cp "$work/other" "$work/Image" || echo "cp failed or waited 20 s" >>"$work/cp.err"
	echo "cp took $((SECONDS - t0)) s" >>"$work/cp.err"
}
# in_order FILE PATTERN...: each pattern on a later line than the one before.
in_order() {
	local f=$1
	shift
	awk -v pats="$(printf '%s\n' "$@")" 'BEGIN { n = split(pats, p, "\n"); i = 1 }
		i <= n && $0 ~ p[i] { i++ } END { exit !(i > n) }' "$f"
}
# check_survived NAME: what every overwritten run must show.
check_survived() {
	[ $rc -eq 0 ] || fail "$1: armvisor exited with status $rc"
	grep -q "kernel mapped copy-on-write" "$tl" || fail "$1: the timeline does not say the kernel was mapped"
	! grep -q "cp failed" "$work/cp.err" || fail "$1: $(cat "$work/cp.err"): the lease was not released"
	[ "$(stat -c %s "$work/Image")" -eq 4096 ] || fail "$1: cp did not replace the Image"
	grep -Eq "^ALIVE [0-9a-f]{32} [0-9]+" "$log" || fail "$1: the guest did not go on after the kernel file was overwritten"
}

# 1. The copier's way: private before /init, then the file overwritten.
cp "$kit/Image" "$work/Image" || fail "cannot copy the kit's Image"
run copier overwrite
check_survived copier
in_order "$tl" "kernel mapped copy-on-write" "first guest instruction" \
	"kernel read in the background .copier thread." \
	"kernel pages private, lease released .[0-9]+ written." \
	"vCPU 0 goes on, the kernel.s pages private" "power-off" ||
	fail "copier: the timeline lacks the copy, the pages made private and the vCPUs going on, in order"
! grep -q "kernel file written" "$tl" || fail "copier: the lease was still held when /init ran"

# 2. The lease's way: no copier, so the overwrite breaks the lease.
cp "$kit/Image" "$work/Image" || fail "cannot copy the kit's Image"
rm -f "$work/cp.err"
run lease overwrite ARMVISOR_KERNEL_COPY=off
check_survived lease
in_order "$tl" "kernel mapped copy-on-write" "first guest instruction" \
	"kernel file written: guest pages made private" \
	"vCPU 0 goes on, the kernel.s pages private" "power-off" ||
	fail "lease: the timeline lacks the pages made private, then the vCPUs going on"
! grep -q "background" "$tl" || fail "lease: the copier ran though turned off"

# 3. Open for writing elsewhere: no lease, so the kernel is read.
cp "$kit/Image" "$work/Image" || fail "cannot copy the kit's Image"
exec 4>>"$work/Image"
run writer true
exec 4>&-
[ $rc -eq 0 ] || fail "kernel open for writing: armvisor exited with status $rc"
! grep -q "kernel mapped" "$tl" || fail "the kernel was mapped though the file was open for writing"
grep -q "kernel read, not mapped: Resource temporarily unavailable" "$tl" ||
	fail "the timeline does not say why the kernel was read"
grep -Eq "^ALIVE [0-9a-f]{32} [0-9]+" "$log" || fail "the guest did not boot from the read kernel"
echo "PASS: the mapped kernel boots, survives its file being overwritten, and is read when no lease can be had"
