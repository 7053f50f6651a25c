#!/usr/bin/env bash
# The console on a real terminal, as a user at a shell sees it: while a
# guest runs the terminal is raw (Ctrl-C reaches the guest, nothing is
# echoed twice), Ctrl-A h prints the keys, and when armvisor goes away,
# through Ctrl-A x, a SIGTERM or a crash, the terminal has the settings it
# had before. Runs armvisor on a pseudo-terminal (python3's pty module).
#
# The guest is a bare-metal ELF that prints READY through the PL011 and
# then echoes every byte it receives.
#
# ARMVISOR=... runs another binary with the same options (e.g.
# ARMVISOR=qemu-system-aarch64, to check the test itself; MONITOR_CHECK=0
# leaves out the monitor step, CRASH_CHECK=0 the SIGSEGV one).
. "$(dirname "$0")/../lib/common.sh"
need_armvisor
need_tools python3 aarch64-linux-gnu-as
make_work

cat >"$work/echo.S" <<'EOF'
	.text
	.global _start
_start:
	ldr	x1, =0x09000000		// PL011 on the virt board
	adr	x2, msg
1:	ldrb	w3, [x2], #1
	cbz	w3, 2f
	strb	w3, [x1]		// DR
	b	1b
2:	ldr	w3, [x1, #0x18]		// FR
	tbnz	w3, #4, 2b		// RXFE: nothing typed yet
	ldr	w3, [x1]		// DR
	strb	w3, [x1]
	b	2b
msg:	.asciz	"READY\r\n"
EOF
aarch64-linux-gnu-as -o "$work/echo.o" "$work/echo.S" || exit 1
# -N: one segment at exactly 0x40000000, the start of RAM (no ELF headers
# loaded below it).
ldflags="-N -Ttext=0x40000000 -e _start"
aarch64-linux-gnu-ld --no-warn-rwx-segments -v >/dev/null 2>&1 &&
	ldflags="$ldflags --no-warn-rwx-segments"
aarch64-linux-gnu-ld $ldflags -o "$work/echo.elf" "$work/echo.o" || exit 1

cat >"$work/tty.py" <<'EOF'
import fcntl, os, select, signal, subprocess, sys, termios, time

argv = sys.argv[1:]
# The monitor behind Ctrl-A c, as QEMU's: its prompt, then "info status".
MONITOR_TEXT = b"(qemu) " if os.environ.get("MONITOR_CHECK", "1") == "1" else b""
# Bounds for a hang only; a correct run is far quicker.
BOOT_WAIT, EXIT_WAIT = 120, 30
checks = {"ICANON": termios.ICANON, "ECHO": termios.ECHO, "ISIG": termios.ISIG}


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def start():
    master, slave = os.openpty()
    t = termios.tcgetattr(slave)
    t[3] |= termios.ICANON | termios.ECHO | termios.ISIG | termios.IEXTEN
    t[0] |= termios.ICRNL
    termios.tcsetattr(slave, termios.TCSANOW, t)

    def ctty():
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    # The settings to come back to, read before armvisor runs: read after
    # the spawn, they were now and then already its raw mode (it reaches
    # the guest within milliseconds), and a correct restore then "failed".
    before = termios.tcgetattr(slave)
    p = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave,
                         preexec_fn=ctty, close_fds=True)
    return p, master, slave, before


def read_until(master, want, p, limit):
    got = b""
    end = time.monotonic() + limit
    while want not in got:
        left = end - time.monotonic()
        if left <= 0 or p.poll() is not None:
            return got, False
        r, _, _ = select.select([master], [], [], min(left, 1.0))
        if r:
            try:
                got += os.read(master, 4096)
            except OSError:
                return got, False
    return got, True


def wait_exit(p, master):
    end = time.monotonic() + EXIT_WAIT
    while p.poll() is None and time.monotonic() < end:
        r, _, _ = select.select([master], [], [], 0.2)
        if r:
            try:
                os.read(master, 4096)
            except OSError:
                pass
    if p.poll() is None:
        p.kill()
        fail("armvisor did not exit")
    return p.returncode


def same_settings(before, slave, how):
    after = termios.tcgetattr(slave)
    for i, name in enumerate(["iflag", "oflag", "cflag", "lflag"]):
        if before[i] != after[i]:
            fail("after %s: terminal %s is 0x%x, was 0x%x"
                 % (how, name, after[i], before[i]))
    print("ok: terminal settings restored after", how)


def boot(p, master):
    got, ok = read_until(master, b"READY", p, BOOT_WAIT)
    if not ok:
        if p.poll() is None:
            p.kill()
        print("SKIP: the probe guest did not boot: %r" % got[-300:])
        sys.exit(77)


# 1: raw while running, Ctrl-C to the guest, help, Ctrl-A x
p, master, slave, before = start()
boot(p, master)
now = termios.tcgetattr(slave)
for name, bit in checks.items():
    if now[3] & bit:
        fail("%s still set while the guest runs" % name)
print("ok: terminal raw while the guest runs")
os.write(master, b"a\x03b")
got, ok = read_until(master, b"a\x03b", p, BOOT_WAIT)
if not ok:
    fail("guest did not echo a Ctrl-C typed at the console: %r" % got)
print("ok: Ctrl-C reaches the guest")
# A paste far bigger than the RX FIFO: every byte arrives, in order (the
# console holds input back while the FIFO is full, it never drops it).
paste = bytes(97 + (i * 7) % 26 for i in range(8192)) + b"<END>"
echoed, sent = b"", 0
end = time.monotonic() + BOOT_WAIT
while b"<END>" not in echoed and time.monotonic() < end and p.poll() is None:
    want_w = [master] if sent < len(paste) else []
    r, w, _ = select.select([master], want_w, [], 1.0)
    if w:
        sent += os.write(master, paste[sent:sent + 256])
    if r:
        echoed += os.read(master, 65536)
if echoed != paste:
    fail("paste of %d bytes came back as %d bytes%s" % (len(paste), len(echoed),
         "" if len(echoed) != len(paste) else " (different)"))
print("ok: an 8 KiB paste reaches the guest whole and in order")
os.write(master, b"\x01h")
got, ok = read_until(master, b"C-a x", p, BOOT_WAIT)
if not ok:
    fail("Ctrl-A h printed no help: %r" % got)
print("ok: Ctrl-A h lists the keys")
if MONITOR_TEXT:
    os.write(master, b"\x01c")
    got, ok = read_until(master, MONITOR_TEXT, p, BOOT_WAIT)
    if not ok:
        fail("Ctrl-A c gave no monitor prompt: %r" % got)
    os.write(master, b"info status\r")
    got, ok = read_until(master, b"VM status: running", p, BOOT_WAIT)
    if not ok:
        fail("the monitor did not answer info status: %r" % got)
    print("ok: Ctrl-A c opens the monitor, which answers")
    # Back to the guest, which still talks.
    os.write(master, b"\x01c")
    os.write(master, b"q")
    got, ok = read_until(master, b"q", p, BOOT_WAIT)
    if not ok:
        fail("console dead after Ctrl-A c: %r" % got)
os.write(master, b"\x01x")
rc = wait_exit(p, master)
if rc != 0:
    fail("Ctrl-A x: exit status %d, expected 0" % rc)
same_settings(before, slave, "Ctrl-A x")
os.close(master)
os.close(slave)

# 2: SIGTERM
p, master, slave, before = start()
boot(p, master)
p.send_signal(signal.SIGTERM)
wait_exit(p, master)
same_settings(before, slave, "SIGTERM")
os.close(master)
os.close(slave)

# 3: a crash (armvisor's own report, util/crash.c): the terminal comes back
# too, and the status is still the signal's. Sent to the process (the
# kernel picks the thread) and to each other thread in turn (vCPU, timer:
# sandboxed, where a real crash is likeliest; their filters must let the
# report put the terminal back).
def crash(target):
    p, master, slave, before = start()
    boot(p, master)
    tids = sorted(int(t) for t in os.listdir("/proc/%d/task" % p.pid))
    others = [t for t in tids if t != p.pid]
    if target is None:
        p.send_signal(signal.SIGSEGV)
        how = "the process"
    elif target >= len(others):
        fail("no thread %d beside the main one (threads %r)" % (target, tids))
    else:
        import ctypes	# tgkill(2): a thread of another process
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.syscall(234 if os.uname().machine == "x86_64" else 131,
                        p.pid, others[target], signal.SIGSEGV) != 0:
            fail("tgkill: errno %d" % ctypes.get_errno())
        how = "thread %d of %d" % (target + 2, len(tids))
    rc = wait_exit(p, master)
    if rc != -signal.SIGSEGV:
        fail("SIGSEGV to %s: exit status %d, expected death by the signal" % (how, rc))
    same_settings(before, slave, "a crash (SIGSEGV to %s)" % how)
    os.close(master)
    os.close(slave)
    print("ok: a crash (SIGSEGV to %s) puts the terminal back and dies of its signal" % how)
    return len(others)

if os.environ.get("CRASH_CHECK", "1") == "1":
    for i in range(crash(None)):
        crash(i)
EOF

python3 "$work/tty.py" "$AV" -M virt -cpu cortex-a57 -m 128M -nographic \
	-kernel "$work/echo.elf"
