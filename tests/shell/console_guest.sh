#!/usr/bin/env bash
# The console and the RTC as a Linux guest uses them, through its own
# drivers (amba-pl011, rtc-pl031): a line typed at the console (longer
# than the 32-entry RX FIFO) reaches a shell `read` whole and in order, two
# lines in a row; the RTC reads the host's time; an RTC alarm raises the
# PL031 interrupt. Needs the guest kit (scripts/guest-kit.sh).
. "$(dirname "$0")/../lib/common.sh"
need_armvisor
need_tools python3
need_kit
make_work

cat >"$work/init" <<'EOF'
#!/bin/sh
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
echo "rtc-epoch: $(cat /sys/class/rtc/rtc0/since_epoch)"
echo +1 >/sys/class/rtc/rtc0/wakealarm
n=0
while [ $n -lt 60 ]; do
	irqs=$(awk '/pl031/ { print $2 }' /proc/interrupts)
	[ "${irqs:-0}" -gt 0 ] && break
	sleep 1
	n=$((n + 1))
done
echo "rtc-irqs: ${irqs:-none}"
echo "READY-RX"
read -r line
echo "got1: [$line]"
read -r line
echo "got2: [$line]"
poweroff -f
EOF
need_initramfs "$work/init" "$work/console.cpio.gz"

cat >"$work/drive.py" <<'EOF'
import os, select, subprocess, sys, time

LINE1 = b"the quick brown fox 0123456789 jumps over the lazy dog ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LINE2 = b"second line"
host_start = int(time.time())
p = subprocess.Popen(sys.argv[1:], stdin=subprocess.PIPE,
                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
out, stage = b"", 0
# Hang bounds only: the whole run, and each typed line's answer.
end = time.monotonic() + 600
line_end = end
while p.poll() is None and time.monotonic() < min(end, line_end):
    r, _, _ = select.select([p.stdout], [], [], 1.0)
    if r:
        d = os.read(p.stdout.fileno(), 65536)
        if not d:
            break
        out += d
    if stage == 0 and b"READY-RX" in out:
        p.stdin.write(LINE1 + b"\n")
        p.stdin.flush()
        stage, line_end = 1, time.monotonic() + 120
    elif stage == 1 and b"\n" in out.partition(b"got1: [")[2]:
        # Only after the whole answer: the echo of what we type would
        # land in the middle of it.
        p.stdin.write(LINE2 + b"\n")
        p.stdin.flush()
        stage, line_end = 2, time.monotonic() + 120
host_now = int(time.time())
if p.poll() is None:
    p.kill()
    p.wait()
sys.stdout.buffer.write(out)
text = out.decode(errors="replace")


def fail(msg):
    print("\nFAIL:", msg)
    sys.exit(1)


def value(key):
    for l in text.splitlines():
        if l.startswith(key + ": "):
            return l[len(key) + 2:].strip()
    fail("the guest never printed '%s'" % key)


epoch = int(value("rtc-epoch"))
# The guest read its RTC during this run: the value lies within it.
if not (host_start <= epoch <= host_now):
    fail("guest RTC says %d, host time is %d" % (epoch, host_now))
irqs = value("rtc-irqs")
if not irqs.isdigit() or int(irqs) < 1:
    fail("the RTC alarm raised no PL031 interrupt (%s)" % irqs)
if value("got1") != "[" + LINE1.decode() + "]":
    fail("first line arrived as %s" % value("got1"))
if value("got2") != "[" + LINE2.decode() + "]":
    fail("second line arrived as %s" % value("got2"))
if p.returncode != 0:
    fail("armvisor exited with status %d after poweroff" % p.returncode)
print("\nPASS: console RX, RTC time and RTC alarm under Linux")
EOF

python3 "$work/drive.py" "$AV" -M virt -cpu cortex-a57 -m 512M -nographic \
	-kernel "$kit/Image" -initrd "$work/console.cpio.gz" -append "console=ttyAMA0"
