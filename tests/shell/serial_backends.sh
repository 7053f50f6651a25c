#!/usr/bin/env bash
# The serial port on the back ends QEMU users attach to later, each in a
# Linux guest typing a line back through its console (amba-pl011):
#  - -serial pty: armvisor prints QEMU's "char device redirected to
#    /dev/pts/N (label serial0)", the test opens that pty, reads the boot
#    and types a line the guest's `read` gets whole;
#  - -serial tcp:127.0.0.1:PORT,server=on: armvisor waits for the client
#    (QEMU's default wait=on) and the console runs over the socket;
#  - -chardev socket,...,server=on + -serial chardev:ID: the same through
#    a named -chardev (the syzkaller/libvirt spelling).
. "$(dirname "$0")/../lib/common.sh"
need_armvisor
need_tools python3
need_kit
make_work

cat >"$work/init" <<'EOF'
#!/bin/sh
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t devtmpfs dev /dev 2>/dev/null
stty -F /dev/console -echo 2>/dev/null
echo "READY-RX"
read -r line
echo "got: [$line]"
poweroff -f
EOF
need_initramfs "$work/init" "$work/serial.cpio.gz"

cat >"$work/drive.py" <<'EOF'
import os, re, select, socket, subprocess, sys, time

mode, port = sys.argv[1], int(sys.argv[2])
argv = sys.argv[3:]
LINE = b"typed over the %s back end 0123456789 abcdefghijklmnopqrstuvwxyz" % mode.encode()
deadline = time.monotonic() + 600


def fail(msg):
    print("FAIL:", msg)
    # Never leave armvisor running behind a failed test.
    if "p" in globals() and p.poll() is None:
        p.kill()
    sys.exit(1)


p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE)


def pty_open():
    # The path comes on stderr before the guest starts.
    err = b""
    while time.monotonic() < deadline and p.poll() is None:
        r, _, _ = select.select([p.stderr], [], [], 1.0)
        if r:
            d = os.read(p.stderr.fileno(), 4096)
            if not d:
                break
            err += d
            m = re.search(rb"char device redirected to (/dev/pts/\d+) \(label serial0\)\n", err)
            if m:
                return os.open(m.group(1), os.O_RDWR | os.O_NOCTTY)
    fail("no pty notice on stderr: %r" % err)


def tcp_open():
    while time.monotonic() < deadline and p.poll() is None:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=5)
        except OSError:
            time.sleep(0.2)
    fail("could not connect to the serial port's socket")


if mode == "pty":
    fd = pty_open()
    rd = lambda: os.read(fd, 65536)
    wr = lambda b: os.write(fd, b)
else:
    s = tcp_open()
    s.setblocking(True)
    fd = s.fileno()
    rd = lambda: s.recv(65536)
    wr = lambda b: s.sendall(b)

out, typed = b"", False
while time.monotonic() < deadline:
    r, _, _ = select.select([fd], [], [], 1.0)
    if r:
        try:
            d = rd()
        except OSError:
            d = b""
        if not d:
            break
        out += d
    if not typed and b"READY-RX" in out:
        wr(LINE + b"\r")
        typed = True
    if b"reboot: Power down" in out or (p.poll() is not None and not r):
        break
try:
    p.wait(timeout=60)
except subprocess.TimeoutExpired:
    p.kill()
    p.wait()
text = out.decode(errors="replace").replace("\r", "")
sys.stdout.write(text[-3000:])
if "got: [" + LINE.decode() + "]" not in text:
    fail("the guest did not get the typed line back through %s" % mode)
if p.returncode != 0:
    fail("armvisor exited with status %d" % p.returncode)
print("\nPASS: console over", mode)
EOF

opts=(-M virt -cpu cortex-a57 -m 256M -nographic -kernel "$kit/Image"
	-initrd "$work/serial.cpio.gz" -append "console=ttyAMA0")
failed=0
python3 "$work/drive.py" pty 0 "$AV" "${opts[@]}" -serial pty || failed=1
port=$(free_port)
python3 "$work/drive.py" tcp "$port" "$AV" "${opts[@]}" \
	-serial "tcp:127.0.0.1:$port,server=on" || failed=1
port=$(free_port)
python3 "$work/drive.py" chardev "$port" "$AV" "${opts[@]}" \
	-chardev "socket,id=con0,host=127.0.0.1,port=$port,server=on,wait=off" \
	-serial chardev:con0 || failed=1
[ $failed -eq 0 ] || fail "a serial back end did not carry the console"
echo "PASS: -serial pty, tcp: and chardev:ID carry the guest's console"
