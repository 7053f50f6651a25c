#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The process options of QEMU's command line that test harnesses pass
# (issue 17, docs/virtio-legacy.md "options"): one armvisor held at -S
# with a QMP socket, and
#  - -pidfile: the file holds its pid while it runs; a second armvisor
#    with the same file fails with a clear error and leaves it alone; the
#    file is gone after a QMP quit (under the sandbox, which lets the
#    main thread delete no file: a remover process does it, see
#    cli/pidfile.c), and after a SIGKILL too;
#  - -name guest=...,process=NAME: the process is called NAME;
#  - -rtc base=localtime, -vga none, -no-user-config, -display none are
#    accepted; -vga std and -rtc clock=vm are refused with a reason;
#  - -daemonize: the command returns 0 once the machine is set up (its
#    QMP socket already listens), the daemon's pid is in the pid file, it
#    has no terminal, runs in / with stdin on /dev/null, and quits over
#    QMP; a daemon that fails at start makes the command fail with the
#    reason on stderr; -nographic is refused with it;
#  - -machine virt,help and -chardev help list what armvisor takes.
. "$(dirname "$0")/../lib/common.sh"
need_armvisor
need_tools python3
make_work
fake_image "$work/Image"
pidf=$work/av.pid
sock=$work/qmp.sock
base=(-M virt -m 64M -nographic -kernel "$work/Image" -S)

start_bg "$AV" "${base[@]}" -qmp "unix:$sock,server=on,wait=off" -pidfile "$pidf" \
	-name guest=g1,process=av-hostopts,debug-threads=on -rtc base=localtime \
	-vga none -no-user-config -display none
vm=$bg_pid
for _ in $(seq 100); do
	[ -s "$pidf" ] && [ -S "$sock" ] && break
	sleep 0.1
done
fail_logs=()
[ -s "$pidf" ] || { stop_bg $vm; fail "no pid file after 10 s"; }
[ "$(cat "$pidf")" = "$vm" ] || { stop_bg $vm; fail "the pid file says '$(cat "$pidf")', not $vm"; }
[ "$(cat /proc/$vm/comm)" = av-hostopts ] ||
	{ stop_bg $vm; fail "-name process=: the process is called '$(cat /proc/$vm/comm)'"; }

"$AV" "${base[@]}" -pidfile "$pidf" -monitor none >"$work/second.out" 2>&1
rc=$?
[ $rc -ne 0 ] || { stop_bg $vm; fail "a second armvisor with the same pid file started"; }
grep -q "^armvisor: -pidfile $pidf: another process holds it$" "$work/second.out" ||
	{ stop_bg $vm; fail "unclear error for a held pid file: $(cat "$work/second.out")"; }
[ "$(cat "$pidf")" = "$vm" ] || { stop_bg $vm; fail "the second armvisor overwrote the pid file"; }

python3 - "$sock" <<'PY' || { stop_bg $vm; fail "QMP quit failed"; }
import json, socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(10)
s.connect(sys.argv[1])
f = s.makefile("rw")
json.loads(f.readline())                     # greeting
for cmd in ("qmp_capabilities", "quit"):
    f.write(json.dumps({"execute": cmd}) + "\n")
    f.flush()
    while True:
        r = json.loads(f.readline())
        if "return" in r or "error" in r:
            break
    if "return" not in r:
        sys.exit("%s: %r" % (cmd, r))
PY
wait_bg $vm
rc=$?
[ $rc -eq 0 ] || fail "armvisor exited with status $rc after quit"
gone() {	# the remover runs as armvisor ends: give it a moment
	for _ in $(seq 50); do [ -e "$1" ] || return 0; sleep 0.1; done
	return 1
}
gone "$pidf" || fail "the pid file is still there after exit"
start_bg "$AV" "${base[@]}" -pidfile "$pidf" -qmp "unix:$work/qmp2.sock,server=on,wait=off"
vm=$bg_pid
for _ in $(seq 100); do [ -S "$work/qmp2.sock" ] && break; sleep 0.1; done
[ -s "$pidf" ] && kill -0 "$vm" || fail "the second run did not start"
kill -KILL "$vm"
wait_bg "$vm"
gone "$pidf" || fail "the pid file is still there after a SIGKILL"

"$AV" -vga std -version >"$work/vga.out" 2>&1 && fail "-vga std was accepted"
grep -q "only -vga none" "$work/vga.out" || fail "-vga std: unclear error: $(cat "$work/vga.out")"
"$AV" -rtc clock=vm -version >"$work/rtc.out" 2>&1 && fail "-rtc clock=vm was accepted"
grep -q "clock=host" "$work/rtc.out" || fail "-rtc clock=vm: unclear error: $(cat "$work/rtc.out")"
# qmp_quit SOCKET: qmp_capabilities, then quit.
qmp_quit() {
	python3 - "$1" <<'PY'
import json, socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(10)
s.connect(sys.argv[1])
f = s.makefile("rw")
json.loads(f.readline())
for cmd in ("qmp_capabilities", "quit"):
    f.write(json.dumps({"execute": cmd}) + "\n")
    f.flush()
    r = json.loads(f.readline())
    if "return" not in r:
        sys.exit("%s: %r" % (cmd, r))
PY
}

# ---- -daemonize ----
abs=$(realpath "$work")
dpid=$abs/daemon.pid
dsock=$abs/daemon.sock
timeout 60 "$AV" -daemonize -M virt -m 64M -kernel "$abs/Image" -S -pidfile "$dpid" \
	-qmp "unix:$dsock,server=on,wait=off" -serial "file:$abs/daemon.log" \
	>"$work/daemon.out" 2>&1 </dev/null
rc=$?
[ $rc -eq 0 ] || fail "armvisor -daemonize returned $rc: $(cat "$work/daemon.out")"
[ -S "$dsock" ] || fail "-daemonize returned before its QMP socket listened"
d=$(cat "$dpid" 2>/dev/null)
[ -n "$d" ] && kill -0 "$d" 2>/dev/null || fail "no running daemon in the pid file ('$d')"
# /proc/PID/stat (proc(5)) after the ")" that ends the name: state,
# ppid, pgrp, session, tty_nr. A session of its own, and no terminal.
stat_field() { sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f"$2"; }
[ "$(stat_field "$d" 4)" != "$(stat_field $$ 4)" ] || { kill "$d"; fail "the daemon stayed in our session"; }
[ "$(stat_field "$d" 5)" = 0 ] || { kill "$d"; fail "the daemon has a terminal (tty_nr $(stat_field "$d" 5))"; }
[ "$(readlink "/proc/$d/cwd")" = / ] || { kill "$d"; fail "the daemon runs in $(readlink "/proc/$d/cwd"), not /"; }
[ "$(readlink "/proc/$d/fd/0")" = /dev/null ] || { kill "$d"; fail "the daemon's stdin is $(readlink "/proc/$d/fd/0")"; }
qmp_quit "$dsock" || { kill "$d"; fail "QMP quit to the daemon failed"; }
for _ in $(seq 100); do kill -0 "$d" 2>/dev/null || break; sleep 0.1; done
kill -0 "$d" 2>/dev/null && { kill -KILL "$d"; fail "the daemon did not quit"; }
gone "$dpid" || fail "the daemon's pid file is still there after quit"
timeout 60 "$AV" -daemonize -M virt -m 64M -kernel "$abs/missing-Image" >"$work/dfail.out" 2>&1 </dev/null &&
	fail "-daemonize with a missing kernel returned 0"
grep -q "missing-Image" "$work/dfail.out" || fail "a failing daemon did not say why: $(cat "$work/dfail.out")"
"$AV" -daemonize -nographic -kernel "$abs/Image" >"$work/dng.out" 2>&1 && fail "-daemonize -nographic was accepted"
grep -q "^armvisor: -nographic cannot be used with -daemonize$" "$work/dng.out" ||
	fail "-daemonize -nographic: unclear error: $(cat "$work/dng.out")"

# ---- the lists ----
"$AV" -machine virt,help >"$work/mhelp.out" 2>&1 || fail "-machine virt,help failed"
head -n1 "$work/mhelp.out" | grep -q "^virt-7.2-machine options:$" || fail "-machine virt,help: $(head -n1 "$work/mhelp.out")"
grep -q "^  gic-version=<string> *- " "$work/mhelp.out" || fail "-machine virt,help does not list gic-version"
"$AV" -chardev help >"$work/chelp.out" 2>&1 || fail "-chardev help failed"
grep -qx "  socket" "$work/chelp.out" && grep -q "^Available chardev backend types:" "$work/chelp.out" ||
	fail "-chardev help: $(cat "$work/chelp.out")"
# ---- a crash says where (util/crash.c) and keeps the signal's status ----
"$AV" -M virt -m 64M -display none -serial none -kernel "$work/Image" </dev/null >"$work/crash.out" 2>&1 &
cpid=$!
sleep 1
kill -SEGV "$cpid"
wait "$cpid"
rc=$?
[ "$rc" -eq 139 ] || fail "armvisor hit by SIGSEGV ended with status $rc, not 139"
grep -q "^armvisor: crashed: SIGSEGV at address .* program loaded at 0x[0-9a-f]*; backtrace:$" "$work/crash.out" ||
	fail "a crash did not say where: $(cat "$work/crash.out")"
echo "PASS: -pidfile (written, locked, removed), -name process=, -rtc/-vga/-no-user-config accepted or refused clearly, -daemonize, -machine virt,help, -chardev help, a crash report"
