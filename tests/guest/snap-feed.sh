# Sourced by tests/shell/snapshot_kvm_nested.sh (bash, on the host) and by
# its outer guest's /init (busybox sh): run armvisor with its terminal
# (-nographic: the serial port is mon:stdio) fed from a FIFO, type into
# the guest's shell (tests/guest/init-snap.sh) or, after Ctrl-A c, into
# the human monitor, and wait for lines in its output. FEED_DIR is a
# scratch directory; FEED_TIMEOUT bounds every armvisor run.

# feed_start LOG COMMAND...: start COMMAND with its terminal on fd 9.
feed_start() {
	feed_log=$1
	shift
	rm -f "$FEED_DIR/feed.fifo"
	mkfifo "$FEED_DIR/feed.fifo"
	timeout "${FEED_TIMEOUT:-600}" "$@" <"$FEED_DIR/feed.fifo" >"$feed_log" 2>&1 &
	feed_pid=$!
	# Read-write: the open never blocks. A write-only open waits for the
	# reader, and in the outer guest's /init (PID 1) a SIGCHLD meanwhile
	# (an orphan it inherited, e.g. busybox timeout's watcher, ending)
	# fails it with EINTR, and busybox sh then exits: init dies.
	exec 9<>"$FEED_DIR/feed.fifo"
}

# feed_wait PATTERN SECONDS: true once the output has a line matching the
# extended regular expression PATTERN; false after SECONDS or when
# armvisor ended.
feed_wait() {
	feed_i=0
	while [ "$feed_i" -lt "$2" ]; do
		tr -d '\r' <"$feed_log" | grep -Eq "$1" && return 0
		kill -0 "$feed_pid" 2>/dev/null || return 1
		sleep 1
		feed_i=$((feed_i + 1))
	done
	return 1
}

# feed LINE: type LINE and Enter. feed_mon: Ctrl-A c (console <-> monitor).
feed() { printf '%s\r' "$1" >&9; }
feed_mon() { printf '\001c' >&9; }

# feed_end: close the terminal and wait for armvisor; its status in feed_rc.
feed_end() {
	exec 9>&-
	feed_rc=0
	wait "$feed_pid" || feed_rc=$?
}

# snap_mark: the guest writes a file in its RAM and says its uptime.
snap_mark() {
	feed 'echo "MARK-$((6 * 7))" >/tmp/mark; echo "UP-BEFORE $(cut -d" " -f1 /proc/uptime)"'
	feed_wait '^UP-BEFORE [0-9]' 120
}

# snap_check: the restored guest answers: its uptime, the file, a task
# its second CPU runs (-smp 2: that CPU came back too), a sum.
snap_check() {
	feed 'echo "UP-AFTER $(cut -d" " -f1 /proc/uptime)"; cat /tmp/mark; taskset 2 echo "CPU1-RAN"; echo "SHELL-$((6 * 7))"'
	feed_wait '^SHELL-42' "${1:-180}"
}

# snap_disk: every busy disk's writes go on in the restored guest.
snap_disk() {
	feed 'busy_moving'
	feed_wait '^DISK-MOVING' 120
}

# snap_save FILE: stop the CPUs and save the machine to FILE, then quit;
# true when the monitor said the migration completed (armvisor runs with
# -sandbox off: the sandbox forbids creating files once the guest runs).
snap_save() {
	feed_mon
	feed "stop"
	feed "migrate \"file:$1\""
	feed "info migrate"
	feed_wait 'Migration status: (completed|failed)|sandbox|[Ee]rror' 300
	feed "quit"
	tr -d '\r' <"$feed_log" | grep -q 'Migration status: completed'
}

# snap_quit: leave the console for the monitor and quit.
snap_quit() {
	feed_mon
	feed "quit"
}
