#!/usr/bin/env bash
# The gdbstub under TCG, driven the way kernel developers use it
# (issue 6): gdb-multiarch in batch mode against -S -gdb tcp:127.0.0.1:PORT.
#  boot 1 (nokaslr, -gdb without -S): a hostile client connects (the VM
#    stops), sends junk, a bad checksum, an oversized packet and
#    malformed commands, gets protocol errors, continues the VM, is
#    refused commands while it runs, stops it with Ctrl-C, and drops the
#    connection;
#    the guest then runs on, prints the address of the kernel's uname
#    system call from /proc/kallsyms, and powers off with status 0.
#  boot 2 (-smp 2 -S): pc at reset is the kernel's first instruction;
#    stepi twice moves pc; hbreak on the uname address, continue, stop
#    there at EL1 with a kernel stack, read the code there through the
#    page tables, see both vCPUs as threads; a write and then a read
#    watchpoint on the stack slot the function saves its frame in
#    trigger inside the function; delete, detach; the guest runs to its
#    end and armvisor exits 0.
. "$(dirname "$0")/../lib/common.sh"
. tests/lib/gdb.sh
need_tools gdb-multiarch python3
need_kit
initrd=build/guest-gdb.cpio.gz
initramfs_cached tests/guest/init-gdb.sh "$initrd" || exit 1
make_work
fail_logs=("$work")

# Start armvisor in the background with extra options; vmpid, $work/vmN.log.
boot() {
	start_bg boot_guest "$work/$1.log" -M virt -cpu cortex-a57 -m 512M -initrd "$initrd" \
		-append "console=ttyAMA0 nokaslr" "${@:2}"
	vmpid=$bg_pid
}

wait_vm() { wait_bg "$vmpid"; }

# ---- option errors, before any guest runs ----
opt_error() {	# EXPECTED-TEXT OPTIONS...
	local want=$1 out; shift
	out=$(timeout 30 "$AV" "$@" -kernel "$kit/Image" -nographic </dev/null 2>&1) &&
		fail "armvisor $* started"
	echo "$out" | grep -qF -- "$want" || fail "armvisor $*: '$out' does not say '$want'"
}
opt_error "-S needs -gdb, -s or a monitor" -S -monitor none
opt_error "-gdb udp::1: only tcp:[HOST]:PORT" -gdb udp::1
opt_error "-gdb tcp::70000: invalid port" -gdb tcp::70000
opt_error "-gdb tcp:1234: expected tcp:[HOST]:PORT" -gdb tcp:1234

# ---- boot 1: a hostile client, then the guest carries on ----
# The client starts first and polls, so that its own start-up (seconds
# on a busy host) cannot let the short guest finish before it connects;
# it learns armvisor's pid from a file once armvisor runs.
port=$(free_port)
cat >"$work/hostile.py" <<'PY'
import os, socket, sys, time

port, pidfile = int(sys.argv[1]), sys.argv[2]
end = time.monotonic() + 300
while not os.path.exists(pidfile) or not open(pidfile).read().strip():
    if time.monotonic() > end:
        sys.exit("armvisor's pid never came")
    time.sleep(0.05)
pid = int(open(pidfile).read())
# Until armvisor listens (loading the kernel may take a while on a busy host).
while True:
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=60)
        break
    except OSError:
        try:
            os.kill(pid, 0)
        except OSError:
            sys.exit("armvisor ended before its gdbstub listened")
        time.sleep(0.02)

def frame(p):
    return b"$" + p + b"#%02x" % (sum(p) % 256)

def recv_until(pred):
    buf = b""
    while not pred(buf):
        c = s.recv(65536)
        if not c:
            sys.exit("the gdbstub closed the connection")
        buf += c
    return buf

def packet(p):
    """Send p, return the reply payload (after the '+' ack)."""
    s.sendall(frame(p))
    buf = recv_until(lambda b: b.startswith(b"+$") and b"#" in b and len(b) >= b.index(b"#") + 3)
    return buf[2:buf.index(b"#")]

s.sendall(b"junk\x00\xff between packets ")
s.sendall(b"$g#00")                      # wrong checksum
r = recv_until(lambda b: len(b) >= 1)
assert r == b"-", "bad checksum not NAKed: %r" % r
r = packet(b"m" + b"0" * 20000)          # longer than PacketSize
assert r.startswith(b"E"), "oversized packet: %r" % r
for bad in (b"mffffffffffffffffff,4", b"m0,", b"M0,4:zz", b"G00", b"P999=00",
            b"Z1,zz", b"Hgffff", b"X0,10:ab", b"vCont;q", b"p1ff"):
    r = packet(bad)
    assert r.startswith(b"E"), "%r gave %r, not an error" % (bad, r)
r = packet(b"m0,4")                        # no RAM at 0: an error, no crash
assert r.startswith(b"E"), "m0,4 gave %r" % r
r = packet(b"?")
assert r.startswith(b"T"), "? gave %r" % r
r = packet(b"qfThreadInfo")
assert r == b"m1", "qfThreadInfo gave %r" % r
s.sendall(frame(b"c"))                    # run: no reply until it stops
assert recv_until(lambda b: len(b) >= 1) == b"+", "c was not acked"
r = packet(b"g")                          # only Ctrl-C while running
assert r.startswith(b"E"), "g while running gave %r" % r
time.sleep(0.5)
s.sendall(b"\x03")                        # Ctrl-C: stops with SIGINT
buf = recv_until(lambda b: b"#" in b and len(b) >= b.index(b"#") + 3)
assert buf.startswith(b"$T02thread:01;"), "Ctrl-C gave %r" % buf
s.sendall(b"+")
r = packet(b"qC")                          # stopped again: commands work
assert r == b"QC1", "qC gave %r" % r
s.close()                                 # dropped: the guest runs on
print("hostile client done")
PY
python3 "$work/hostile.py" "$port" "$work/vm1.pid" >"$work/hostile.log" 2>&1 &
client=$!
boot vm1 -gdb "tcp:127.0.0.1:$port"
echo "$vmpid" >"$work/vm1.pid.tmp" && mv "$work/vm1.pid.tmp" "$work/vm1.pid"
wait "$client" || fail "hostile client: $(tail -n 1 "$work/hostile.log")"
wait_vm || fail "boot 1: armvisor exited with status $? after the hostile client"
grep -q "ARMVISOR-INIT-DONE" "$work/vm1.log" || fail "boot 1: the guest did not run to its end"
addr=$(sed -n 's/^KSYM-UNAME: \([0-9a-f]*\).*/\1/p' "$work/vm1.log" | tr -d '\r')
[ -n "$addr" ] && [ "$addr" != 0000000000000000 ] || fail "no address for __arm64_sys_newuname"

# ---- boot 2: gdb from reset to a hardware breakpoint and back out ----
port=$(free_port)
gdb_to_break "$port" "$addr" >"$work/cmds.gdb"
cat >>"$work/cmds.gdb" <<GDB
set \$slot = \$sp - 16
watch *(long *)\$slot
continue
printf "WATCH-PC %lx\n", \$pc
delete
rwatch *(long *)\$slot
continue
printf "RWATCH-PC %lx\n", \$pc
delete
detach
GDB
boot vm2 -smp 2 -S -gdb "tcp:127.0.0.1:$port"
timeout "$guest_timeout" gdb-multiarch -batch -nx -x "$work/cmds.gdb" >"$work/gdb.log" 2>&1 ||
	fail "gdb failed"
wait_vm || fail "boot 2: armvisor exited with status $? after gdb detached"
gdb_log=$work/gdb.log
check_gdb_to_break "$addr"
case $(gdb_val BREAK-SP) in ffff*) ;; *) fail "sp $(gdb_val BREAK-SP) is not a kernel stack" ;; esac
# The function's prologue saves the frame below sp, its epilogue reads it back.
in_function() { [ -n "$1" ] && [ $((0x$1 - 0x$addr)) -gt 0 ] && [ $((0x$1 - 0x$addr)) -lt 4096 ]; }
grep -q "^New value = " "$gdb_log" || fail "the write watchpoint on the stack did not trigger"
in_function "$(gdb_val WATCH-PC)" || fail "write watchpoint stopped at $(gdb_val WATCH-PC), outside the function"
grep -q "^Value = " "$gdb_log" || fail "the read watchpoint on the stack did not trigger"
in_function "$(gdb_val RWATCH-PC)" || fail "read watchpoint stopped at $(gdb_val RWATCH-PC), outside the function"
grep -q "ARMVISOR-INIT-DONE" "$work/vm2.log" || fail "boot 2: the guest did not run to its end after detach"
grep -q "^uname-m: aarch64" "$work/vm2.log" || fail "boot 2: uname in the guest went wrong"
echo "PASS: gdb_tcg (hbreak at $addr)"
