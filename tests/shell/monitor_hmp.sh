#!/usr/bin/env bash
# The human monitor as QEMU users reach it, with a Linux guest printing a
# tick every 0.3 s:
#  - -nographic (the serial port is mon:stdio): Ctrl-A c gives "(qemu) ";
#    info status, stop (the ticks stop), info registers, cont (they go
#    on), xp of guest RAM, Ctrl-A c back to the console, quit;
#  - -S -monitor pty: the CPUs wait until "cont" typed on the pty; then
#    system_reset boots the guest a second time, and q ends armvisor;
#  - -chardev socket,mux=on shared by -serial chardev:ID and -mon
#    chardev=ID: console and monitor over one TCP connection.
. "$(dirname "$0")/../lib/common.sh"
need_armvisor
need_tools python3
need_kit
make_work

KIT_MODULES="gpio_keys evdev" need_initramfs tests/guest/init-button.sh "$work/tick.cpio.gz"

cat >"$work/drive.py" <<'EOF'
import os, re, select, socket, subprocess, sys, time

mode, port = sys.argv[1], int(sys.argv[2])
argv = sys.argv[3:]
CTRL_A_C = b"\x01c"


def fail(msg):
    print("FAIL:", msg)
    print("---- output ----")
    print(out.decode(errors="replace")[-4000:])
    # Never leave armvisor running behind a failed test.
    if "p" in globals() and p.poll() is None:
        p.kill()
    sys.exit(1)


out = b""
p = subprocess.Popen(argv, stdin=subprocess.PIPE if mode == "stdio" else subprocess.DEVNULL,
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
if mode == "stdio":
    rfd, send = p.stdout.fileno(), lambda b: (p.stdin.write(b), p.stdin.flush())
elif mode == "pty":
    err = b""
    end = time.monotonic() + 60
    while time.monotonic() < end:
        err += os.read(p.stderr.fileno(), 4096)
        m = re.search(rb"char device redirected to (/dev/pts/\d+) \(label compat_monitor0\)", err)
        if m:
            break
    else:
        fail("no pty notice: %r" % err)
    pfd = os.open(m.group(1), os.O_RDWR | os.O_NOCTTY)
    rfd, send = pfd, lambda b: os.write(pfd, b)
    con_fd = p.stdout.fileno()
else:
    end = time.monotonic() + 60
    while True:
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            break
        except OSError:
            if time.monotonic() > end:
                fail("cannot connect to the mux chardev")
            time.sleep(0.2)
    rfd, send = s.fileno(), lambda b: s.sendall(b)


def read_until(pattern, timeout=120, fds=None):
    """Read from rfd (and the console in pty mode) until pattern shows up after mark."""
    global out
    start = len(out)
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        r, _, _ = select.select(fds or [rfd], [], [], 0.5)
        for fd in r:
            try:
                d = os.read(fd, 65536)
            except OSError:
                d = b""
            if not d:
                fail("end of output while waiting for %r" % pattern)
            out += d
        if re.search(pattern, out[start:]):
            return out[start:]
    fail("timed out waiting for %r" % pattern)


def command(cmd):
    # The prompt after the answer; guest output may follow it at once
    # (the console shares the connection), so no end anchor.
    send(cmd.encode() + b"\r")
    return read_until(re.escape(cmd.encode()) + rb"\r\n(?:.|\n)*?\(qemu\) ")


def ticks_during(seconds, fds=None):
    global out
    start = len(out)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        r, _, _ = select.select(fds or [rfd], [], [], 0.2)
        for fd in r:
            out += os.read(fd, 65536)
    return len(re.findall(rb"TICK \d+", out[start:]))


if mode == "pty":
    # -S: nothing runs until cont.
    read_until(rb"\(qemu\) ")
    got = command("info status")
    if b"VM status: paused" not in got:
        fail("-S: the machine is not paused at start")
    if ticks_during(1.0, [con_fd]) or out.count(b"Booting Linux"):
        fail("-S: the guest ran before cont")
    command("cont")
    read_until(rb"TICK 2", fds=[con_fd])
    command("system_reset")
    read_until(rb"GUEST-READY(?:.|\n)*TICK 1", fds=[con_fd])
    send(b"q\r")
else:
    read_until(rb"TICK 1")
    send(CTRL_A_C)
    read_until(rb"monitor - type 'help' for more information\r\n\(qemu\) ")
    if b"VM status: running" not in command("info status"):
        fail("info status does not say running")
    command("stop")
    if b"VM status: paused" not in command("info status"):
        fail("info status does not say paused after stop")
    n = ticks_during(1.5)
    if n:
        fail("the guest printed %d ticks while stopped" % n)
    if not re.search(rb" PC=[0-9a-f]{16} X00=[0-9a-f]{16}", command("info registers")):
        fail("info registers shows no PC/X00")
    if not re.search(rb"0000000040000000: 0x[0-9a-f]{8} 0x[0-9a-f]{8}",
                     command("xp /4xw 0x40000000")):
        fail("xp printed no dump of guest RAM")
    command("cont")
    send(CTRL_A_C)
    # Generous: under the sanitizers a tick can take seconds.
    if ticks_during(8.0) < 1:
        fail("the guest did not tick again after cont and Ctrl-A c")
    send(CTRL_A_C)
    read_until(rb"\(qemu\) ")
    send(b"quit\r")
try:
    rc = p.wait(timeout=60)
except subprocess.TimeoutExpired:
    p.kill()
    fail("armvisor did not quit")
if rc != 0:
    fail("armvisor exited with status %d after quit" % rc)
print("PASS: monitor over", mode)
EOF

opts=(-M virt -cpu cortex-a57 -m 256M -kernel "$kit/Image" -initrd "$work/tick.cpio.gz"
	-append "console=ttyAMA0")
failed=0
python3 "$work/drive.py" stdio 0 "$AV" -nographic "${opts[@]}" || failed=1
python3 "$work/drive.py" pty 0 "$AV" -nographic -S -monitor pty "${opts[@]}" || failed=1
port=$(free_port)
python3 "$work/drive.py" mux "$port" "$AV" -display none "${opts[@]}" \
	-chardev "socket,id=c0,host=127.0.0.1,port=$port,server=on,wait=off,mux=on" \
	-serial chardev:c0 -mon chardev=c0,mode=readline || failed=1
[ $failed -eq 0 ] || fail "a monitor case failed"
echo "PASS: the human monitor on mon:stdio, a pty with -S, and a mux=on socket"
