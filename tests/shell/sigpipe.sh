#!/usr/bin/env bash
# SIGPIPE must not end the VMM, whatever the serial port is. A write to a
# socket or pipe whose reader is gone raises SIGPIPE in the writing thread
# (send(2), write(2): EPIPE "and the thread also receives SIGPIPE");
# libslirp sends to its host sockets without MSG_NOSIGNAL, so a guest
# talking TCP to a host peer that has closed used to end armvisor with
# status 141 under -serial none or file:. armvisor ignores SIGPIPE for the
# whole process at start-up (as QEMU does in os_setup_early_signal_handling), so
# such a write is only an EPIPE. No guest runs: a "kernel" that sleeps in
# WFI is enough to check the disposition and survive a SIGPIPE.
. "$(dirname "$0")/../lib/common.sh"
need_armvisor
make_work
# wfi; b .-4 (A64, little-endian), loaded raw at RAM + 0x80000.
printf '\x7f\x20\x03\xd5\xff\xff\xff\x17' >"$work/wfi.bin"
fails=0

# sigpipe_ignored PID: true once /proc says PID ignores SIGPIPE (13, bit 12
# of SigIgn); false if it does not within 10 s or PID is gone.
sigpipe_ignored() {
	local i mask
	for i in $(seq 100); do
		mask=$(awk '/^SigIgn:/ { print $2 }' "/proc/$1/status" 2>/dev/null) || return 1
		[ -n "$mask" ] || return 1
		(( (16#$mask & 0x1000) != 0 )) && return 0
		sleep 0.1
	done
	return 1
}

# child_of PID: PID's first child, from /proc (no procps on a minimal system).
child_of() {
	local c=
	# The file has no final newline: read fails at its end but sets c.
	read -r c _ <"/proc/$1/task/$1/children" 2>/dev/null
	[ -n "$c" ] && echo "$c"
}

# check NAME ARGS...: armvisor ARGS ignores SIGPIPE, lives through one, and
# still ends cleanly (status 0) on SIGTERM.
check() {
	local name=$1 pid av rc=0 before=$fails
	shift
	timeout -k 5 60 "$AV" -M virt -m 64M -nic none -kernel "$work/wfi.bin" "$@" \
		</dev/null >"$work/$name.log" 2>&1 &
	pid=$!
	kill_at_exit+=("$pid")
	# timeout(1) runs armvisor as its child: look at that one.
	sleep 0.2
	av=$(child_of "$pid")
	if [ -z "$av" ] || ! sigpipe_ignored "$av"; then
		echo "FAIL: $name: armvisor does not ignore SIGPIPE"
		fails=$((fails + 1))
	fi
	[ -n "$av" ] && kill -PIPE "$av" 2>/dev/null
	sleep 0.3
	[ -n "$av" ] && kill -TERM "$av" 2>/dev/null
	wait_bg "$pid" || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "FAIL: $name: armvisor ended with status $rc after SIGPIPE (want 0 on SIGTERM)"
		sed 's/^/    /' "$work/$name.log" | tail -n 5
		fails=$((fails + 1))
	fi
	[ "$fails" -ne "$before" ] || echo "PASS: $name"
}

check serial-none -serial none
check serial-file -serial "file:$work/serial.txt"
if has_user_net; then
	check serial-none-user-net -serial none -netdev user,id=n0 \
		-device virtio-net-device,netdev=n0
fi
exit_fails
