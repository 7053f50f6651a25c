# What the shell tests share. A test starts with
#   . "$(dirname "$0")/../lib/common.sh"
# which turns on `set -u` and moves to the repository root, so every path in
# the test is relative to the root. Exit status, as scripts/run-shell-tests.sh
# reads it: 0 passed, 77 cannot run here (skip()), anything else failed.
# Sourcing starts nothing: helpers act only when a test calls them.

set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1

BUILD=${BUILD:-build}
# The binary under test; ARMVISOR= runs another with the same options.
AV=${ARMVISOR:-$BUILD/armvisor}
CROSS=${CROSS:-aarch64-linux-gnu-}
test_name=$(basename "$0" .sh)
# Bounds for a hung guest, never a measurement: a Linux boot under TCG
# takes a minute or a few on a busy 2-core machine. A test that does more
# (two boots, O_DIRECT disks, four inner guests) raises its own default.
guest_timeout=${GUEST_TIMEOUT:-600}
nested_timeout=${NESTED_TIMEOUT:-900}

# ---- verdicts ----

# skip REASON: the test cannot run here (a tool, the guest kit or a kernel
# feature is missing). The runner reports this, the log's last line.
skip() { echo "SKIP: $*"; exit 77; }

# The logs whose ends fail() shows, named by the test as it makes them (a
# directory stands for the *.log files in it): the reason is usually there,
# and the files are gone once the test exits.
fail_logs=()
# 1 where the guest's /init lines are what matters and the kernel's
# "[    1.234567] ..." lines would crowd them out of the tail.
fail_hide_kernel=0

# fail REASON: a check failed; say why, show the logs' ends, exit 1.
fail() {
	echo "FAIL: $*"
	local f log
	for f in "${fail_logs[@]}"; do
		for log in "$f" "$f"/*.log; do
			[ -f "$log" ] && show_tail "$log"
		done
	done
	exit 1
}

show_tail() {
	echo "== the end of $1:"
	if [ "$fail_hide_kernel" = 1 ]; then
		grep -v '^\[' "$1" | tail -n 30
	else
		tail -n 40 "$1"
	fi
}

# exit_fails: the end of a test that counts failed checks in $fails and
# carries on after each, to list them all.
exit_fails() {
	echo "$test_name: $fails failure(s)"
	exit $((fails > 0))
}

# ---- what a test needs ----

# need_tools TOOL...: skip unless every TOOL is on PATH.
need_tools() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null || skip "$t is not installed (scripts/install-deps.sh)"
	done
}

# need_armvisor: skip unless the binary under test is built (or, named by
# ARMVISOR=, on PATH).
need_armvisor() { [ -x "$AV" ] || command -v "$AV" >/dev/null || skip "no $AV (run make)"; }

# need_inner_armvisor: sets inner_av to the static arm64 armvisor the
# nested KVM tests run inside their outer guest: $ARMVISOR_AARCH64, or
# build/aarch64/armvisor, made (make aarch64-static) when not given.
need_inner_armvisor() {
	inner_av=${ARMVISOR_AARCH64:-build/aarch64/armvisor}
	[ -n "${ARMVISOR_AARCH64:-}" ] || make -s aarch64-static >/dev/null 2>&1 ||
		fail "make aarch64-static"
	[ -x "$inner_av" ] || fail "no static arm64 armvisor at $inner_av"
}

# has_user_net: the binary has -netdev user (it was built with libslirp).
has_user_net() { "$AV" -netdev user,id=probe -version >/dev/null 2>&1; }

# guest_kit: sets kit to the guest kit's directory: Debian's arm64 kernel
# ($kit/Image) and busybox. scripts/guest-kit.sh fetches it on first use,
# into $ARMVISOR_KIT or build/guest-kit; false where it cannot.
guest_kit() { kit=$(scripts/guest-kit.sh path) && [ -f "$kit/Image" ]; }

need_kit() { guest_kit || skip "no guest kit (scripts/guest-kit.sh fetch)"; }

# need_libfuzzer: skip unless clang links -fsanitize=fuzzer programs (not
# every clang install has libFuzzer). Probes in $work.
need_libfuzzer() {
	need_tools clang
	echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }' >"$work/p.c"
	clang -fsanitize=fuzzer "$work/p.c" -o "$work/p" 2>/dev/null || skip "clang has no libFuzzer here"
}

# ---- scratch space and background jobs, cleaned up at exit ----

rm_at_exit=()
kill_at_exit=()
cleanup() {
	local pid
	for pid in "${kill_at_exit[@]}"; do stop_bg "$pid"; done
	# KEEP_WORK=1 keeps the scratch directories, to read a failure's logs.
	[ -n "${KEEP_WORK:-}" ] || rm -rf "${rm_at_exit[@]}"
}
trap cleanup EXIT

# make_work [DIR]: an empty directory in $work, removed at exit. In /tmp,
# or under DIR (e.g. build: a disk image opened with cache=none needs
# O_DIRECT, which tmpfs lacks). Relative when DIR is, so paths stay short
# in the messages tests compare.
make_work() {
	local dir=${1:-${TMPDIR:-/tmp}}
	mkdir -p "$dir" && work=$(mktemp -d "$dir/$test_name.XXXXXX") || exit 1
	rm_at_exit+=("$work")
}

# start_bg COMMAND...: run COMMAND (a program or a function) in the
# background, its pid in bg_pid; stopped at exit unless wait_bg took it.
start_bg() {
	"$@" &
	bg_pid=$!
	kill_at_exit+=("$bg_pid")
}

# wait_bg PID: wait for the job, return its exit status, and forget it (the
# pid may belong to another process later).
wait_bg() {
	local rc=0 i
	wait "$1" || rc=$?
	for i in "${!kill_at_exit[@]}"; do
		[ "${kill_at_exit[$i]}" != "$1" ] || unset "kill_at_exit[$i]"
	done
	return $rc
}

# wait_lines LOG PATTERN N PID: until N lines of LOG match PATTERN (a
# guest reached a point), or PID ended; bounded by guest_timeout for a
# hung guest. Non-zero when it did not get there.
wait_lines() {
	local end=$((SECONDS + guest_timeout))
	while [ "$(grep -c "$2" "$1" 2>/dev/null)" -lt "$3" ]; do
		kill -0 "$4" 2>/dev/null || return 1
		[ $SECONDS -lt $end ] || return 1
		sleep 0.2
	done
}

# stop_bg PID: end a job. For a function the pid is a subshell, and ending
# it alone would leave the program it runs (an emulator) going: the
# children go first.
stop_bg() {
	pkill -P "$1" 2>/dev/null
	kill "$1" 2>/dev/null
}

# ---- guests ----

# initramfs INIT OUT [FILE[:DEST]...]: a busybox initramfs with INIT as
# /init, the kit's virtio modules and FILEs (scripts/guest-kit.sh).
initramfs() { scripts/guest-kit.sh initramfs "$@" >/dev/null; }

need_initramfs() { initramfs "$@" || skip "cannot build an initramfs with scripts/guest-kit.sh"; }

# initramfs_cached INIT OUT [FILE[:DEST]...]: the same for an OUT that is
# kept in build/ between runs; rebuilt when INIT or a FILE is newer.
initramfs_cached() {
	local init=$1 out=$2 spec
	shift 2
	for spec in "$init" "$@"; do
		[ "$out" -nt "${spec%%:*}" ] || { initramfs "$init" "$out" "$@"; return; }
	done
}

# run_guest LOG COMMAND...: run an emulator with the console in LOG and no
# input; its exit status (124 when it hung until $guest_timeout).
run_guest() {
	local log=$1
	shift
	timeout -k 5 "$guest_timeout" "$@" </dev/null >"$log" 2>&1
}

# boot_guest LOG OPTIONS...: the binary under test boots the kit's kernel.
boot_guest() {
	local log=$1
	shift
	run_guest "$log" "$AV" -nographic -kernel "$kit/Image" "$@"
}

# boot_nested LOG INITRD APPEND [QEMU-OPTIONS...]: the outer guest of the
# nested KVM tests, whose /init (tests/guest/init-kvm-*outer.sh) runs an
# arm64 armvisor with -accel kvm. qemu-system-aarch64 (TCG) gives the kit's
# kernel EL2 (virtualization=on), so its /dev/kvm works, and a GICv3 for
# KVM's vGIC; pauth-impdef=on takes QEMU's cheap pointer-authentication
# algorithm (emulating QARMA costs much of the boot time).
boot_nested() {
	local log=$1 initrd=$2 append=$3
	shift 3
	timeout "$nested_timeout" qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 \
		-cpu max,pauth-impdef=on -smp 2 -m 1536 -nographic -kernel "$kit/Image" \
		-initrd "$initrd" -append "console=ttyAMA0 quiet${append:+ $append}" "$@" \
		</dev/null >"$log" 2>&1
}

# check_outer RC LOG: the outer guest of a nested test ended as it should.
check_outer() {
	[ "$1" -eq 0 ] || fail "the outer guest did not power off (status $1)"
	grep -q "^OUTER-DONE" "$2" || fail "the outer /init did not finish"
}

# strip_cr FILE: a guest's tty ends lines with \r\n (ONLCR); the checks
# match plain lines.
strip_cr() { tr -d '\r' <"$1" >"$1.lf" && mv "$1.lf" "$1"; }

# guest_pattern LINES: the text the guests' /init scripts write to disks
# and checksum (tests/guest/init-*.sh make the same lines with busybox awk).
guest_pattern() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "%015d\n", i * 7919 % 1000003 }'
}

# fake_image FILE: the smallest arm64 Image armvisor and QEMU load
# (Documentation/arm64/booting.rst header: LE, 4K pages, text_offset 0,
# image_size 64 KiB, magic "ARM\x64" at 56), for machines never run.
fake_image() {
	python3 - "$1" <<'PY'
import struct, sys
hdr = struct.pack("<IIQQQQQQII", 0x14000010, 0, 0, 0x10000, 2, 0, 0, 0,
                  0x644d5241, 0)
open(sys.argv[1], "wb").write(hdr + bytes(0x10000 - len(hdr)))
PY
}

# ---- the host end of guest networking ----

# free_port: a TCP port on 127.0.0.1 nothing listens on (the kernel picks
# it; in the short time until the test binds it another program could).
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# http_server DIR ADDRESS: serve DIR over HTTP on ADDRESS, at a port the
# kernel picks, in http_port; stopped at exit. False when the server has not
# said its port within 10 s.
http_server() {
	# -u: the port line must reach the log now, whatever PYTHONUNBUFFERED says.
	(cd "$1" && exec python3 -u -m http.server 0 --bind "$2") >"$1/http.log" 2>&1 &
	kill_at_exit+=($!)
	local i
	for i in $(seq 100); do
		http_port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$1/http.log" | head -n 1)
		[ -n "$http_port" ] && return 0
		sleep 0.1
	done
	return 1
}

# read_hostfwd LOG PORT: once the guest says LISTENING in its console LOG,
# print what it sends to 127.0.0.1:PORT (a hostfwd rule leads there).
read_hostfwd() {
	timeout "$guest_timeout" python3 - "$1" "$2" <<'PY'
import socket, sys, time
log, port = sys.argv[1], int(sys.argv[2])
while True:
    try:
        text = open(log, errors="replace").read()
        if "LISTENING" in text:
            break
        if "ARMVISOR-INIT-DONE" in text:
            sys.exit("the guest finished without listening")
    except OSError:
        pass
    time.sleep(0.1)
s = socket.create_connection(("127.0.0.1", port))
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    sys.stdout.buffer.write(chunk)
PY
}

# ---- test programs linked with build/libarmvisor.a ----

# armvisor_libs: the libraries the Makefile links armvisor with (libfdt,
# libaio, and capstone and libslirp where it found them).
armvisor_libs() {
	printf 'print-libs:\n\t@echo $(AV_LDLIBS) $(LDLIBS)\n' |
		make -s --no-print-directory -f Makefile -f - print-libs
}

# build_decode_cov OUT: tests/tcg/fp/decode-cov, which tells for each
# encoding whether our decoder takes it.
build_decode_cov() {
	make -s "$BUILD/libarmvisor.a" || exit 1
	# armvisor_libs unquoted: one word a library.
	${CC:-cc} -O2 -std=gnu11 -Wall -Wextra -Werror -Iinclude -Iaccel-tcg -D_GNU_SOURCE \
		-o "$1" tests/tcg/fp/decode-cov.c "$BUILD/libarmvisor.a" $(armvisor_libs) || exit 1
}
