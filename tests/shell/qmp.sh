#!/usr/bin/env bash
# QMP as scripts and libvirt speak it (QEMU's docs/interop/qmp-spec.rst),
# from a client written here (no QEMU code), against a -smp 2 Debian
# guest that ticks and powers off on KEY_POWER:
#  - -qmp unix:PATH,server=on,wait=off: the greeting; commands refused
#    before qmp_capabilities; query-status/version/commands/cpus-fast/kvm;
#    stop (STOP event, the ticks stop) and cont (RESUME); a
#    human-monitor-command; malformed JSON, a non-object, an unknown
#    command, a missing argument and an over-long request each get an
#    error and the session goes on; system_powerdown (POWERDOWN) makes the
#    guest power off, which QMP hears as SHUTDOWN from the guest;
#  - -chardev socket + -mon chardev=ID,mode=control: quit, SHUTDOWN
#    with reason host-qmp-quit, exit 0.
. "$(dirname "$0")/../lib/common.sh"
need_armvisor
need_tools python3
need_kit
make_work

KIT_MODULES="gpio_keys evdev" need_initramfs tests/guest/init-button.sh "$work/qmp.cpio.gz"

cat >"$work/client.py" <<'EOF'
import json, os, re, select, socket, subprocess, sys, time

mode, where = sys.argv[1], sys.argv[2]
argv = sys.argv[3:]
console = b""


def fail(msg):
    print("FAIL:", msg)
    print(console.decode(errors="replace")[-2000:])
    # Never leave armvisor running behind a failed test.
    if "p" in globals() and p.poll() is None:
        p.kill()
    sys.exit(1)


p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                     stderr=subprocess.STDOUT)
end = time.monotonic() + 60
while True:
    try:
        if mode == "unix":
            s = socket.socket(socket.AF_UNIX)
            s.connect(where)
        else:
            s = socket.create_connection(("127.0.0.1", int(where)))
        break
    except OSError:
        if time.monotonic() > end or p.poll() is not None:
            fail("cannot connect to QMP")
        time.sleep(0.2)
rx = b""
events = []


def pump(timeout):
    """Read console and QMP for up to timeout seconds; returns QMP messages."""
    global rx, console
    msgs = []
    r, _, _ = select.select([s, p.stdout], [], [], timeout)
    if p.stdout in r:
        console += os.read(p.stdout.fileno(), 65536)
    if s in r:
        d = s.recv(65536)
        if not d:
            return None
        rx += d
        while b"\n" in rx:
            line, rx = rx.split(b"\n", 1)
            if line.strip():
                msgs.append(json.loads(line))
    return msgs


def next_msg(pred, what, timeout=60):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        for i, m in enumerate(events):
            if pred(m):
                return events.pop(i)
        msgs = pump(0.5)
        if msgs is None:
            fail("QMP closed while waiting for %s" % what)
        events.extend(msgs)
    fail("no %s" % what)


seq = [0]


def execute(cmd, args=None, raw=None):
    seq[0] += 1
    req = {"execute": cmd, "id": seq[0]}
    if args is not None:
        req["arguments"] = args
    s.sendall(raw if raw is not None else json.dumps(req).encode() + b"\n")
    if raw is not None:
        return next_msg(lambda m: "error" in m and "id" not in m, "error for raw input")
    return next_msg(lambda m: m.get("id") == seq[0], "reply to %s" % cmd)


def wait_console(pattern, timeout=300):
    global console
    end = time.monotonic() + timeout
    while time.monotonic() < end and not re.search(pattern, console):
        msgs = pump(0.5)
        if msgs:
            events.extend(msgs)
    if not re.search(pattern, console):
        fail("console never showed %r" % pattern)


greet = next_msg(lambda m: "QMP" in m, "greeting")
if "version" not in greet["QMP"] or "capabilities" not in greet["QMP"]:
    fail("odd greeting %r" % greet)
if mode == "tcp":
    r = execute("qmp_capabilities")
    if r.get("return") != {}:
        fail("qmp_capabilities: %r" % r)
    execute("quit")
    ev = next_msg(lambda m: m.get("event") == "SHUTDOWN", "SHUTDOWN after quit")
    if ev["data"] != {"guest": False, "reason": "host-qmp-quit"}:
        fail("SHUTDOWN data %r" % ev["data"])
else:
    r = execute("query-status")
    if r.get("error", {}).get("class") != "CommandNotFound":
        fail("a command before qmp_capabilities was not refused: %r" % r)
    if execute("qmp_capabilities").get("return") != {}:
        fail("qmp_capabilities failed")
    if execute("qmp_capabilities").get("error", {}).get("class") != "CommandNotFound":
        fail("a second qmp_capabilities was accepted")
    wait_console(rb"GUEST-READY")
    st = execute("query-status")["return"]
    if st["status"] != "running" or st["running"] is not True:
        fail("query-status %r" % st)
    v = execute("query-version")["return"]
    if not isinstance(v["qemu"]["major"], int) or "armvisor" not in v["package"]:
        fail("query-version %r" % v)
    names = [c["name"] for c in execute("query-commands")["return"]]
    for n in ("stop", "cont", "system_powerdown", "human-monitor-command"):
        if n not in names:
            fail("query-commands lacks %s" % n)
    cpus = execute("query-cpus-fast")["return"]
    if len(cpus) != 2 or any(c["thread-id"] <= 0 for c in cpus):
        fail("query-cpus-fast %r" % cpus)
    if execute("query-kvm")["return"] != {"enabled": False, "present": False}:
        fail("query-kvm under TCG")
    execute("stop")
    next_msg(lambda m: m.get("event") == "STOP", "STOP event")
    if execute("query-status")["return"]["status"] != "paused":
        fail("not paused after stop")
    before = console.count(b"TICK")
    end = time.monotonic() + 1.5
    while time.monotonic() < end:
        events.extend(pump(0.2) or [])
    if console.count(b"TICK") != before:
        fail("the guest ticked while stopped")
    hmp = execute("human-monitor-command", {"command-line": "info status"})["return"]
    if hmp != "VM status: paused\n":
        fail("human-monitor-command returned %r" % hmp)
    execute("cont")
    next_msg(lambda m: m.get("event") == "RESUME", "RESUME event")
    before = console.count(b"TICK")
    end = time.monotonic() + 5  # generous: the sanitizer builds run this too
    while time.monotonic() < end:
        events.extend(pump(0.2) or [])
    if console.count(b"TICK") <= before:
        fail("no ticks after cont")
    for raw, what in ((b'{"execute": "stop",,}\n', "malformed JSON"),
                      (b"[1, 2]\n", "a non-object"),
                      (b"{" + b'"x":"' + b"a" * 70000 + b'"}\n', "an over-long request")):
        if execute(None, raw=raw).get("error", {}).get("class") != "GenericError":
            fail("%s got no GenericError" % what)
    if execute("frobnicate").get("error", {}).get("class") != "CommandNotFound":
        fail("an unknown command got no CommandNotFound")
    if "error" not in execute("human-monitor-command", {}):
        fail("human-monitor-command without command-line did not fail")
    execute("system_powerdown")
    next_msg(lambda m: m.get("event") == "POWERDOWN", "POWERDOWN event")
    ev = next_msg(lambda m: m.get("event") == "SHUTDOWN", "SHUTDOWN from the guest", 120)
    if ev["data"] != {"guest": True, "reason": "guest-shutdown"}:
        fail("SHUTDOWN data %r" % ev["data"])
try:
    rc = p.wait(timeout=60)
except subprocess.TimeoutExpired:
    p.kill()
    fail("armvisor did not exit")
if rc != 0:
    fail("armvisor exited with status %d" % rc)
print("PASS: QMP over", mode)
EOF

opts=(-M virt -cpu cortex-a57 -m 256M -nographic -kernel "$kit/Image"
	-initrd "$work/qmp.cpio.gz" -append "console=ttyAMA0")
failed=0
python3 "$work/client.py" unix "$work/qmp.sock" "$AV" "${opts[@]}" -smp 2 \
	-qmp "unix:$work/qmp.sock,server=on,wait=off" || failed=1
port=$(free_port)
python3 "$work/client.py" tcp "$port" "$AV" "${opts[@]}" \
	-chardev "socket,id=q,host=127.0.0.1,port=$port,server=on,wait=off" \
	-mon chardev=q,mode=control || failed=1
[ $failed -eq 0 ] || fail "a QMP case failed"
echo "PASS: QMP over a unix socket and a -mon control chardev"
