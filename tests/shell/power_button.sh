#!/usr/bin/env bash
# The power button as QEMU's virt has it: the monitor's system_powerdown
# presses PL061 line 3, which the DT's gpio-keys node names KEY_POWER.
# The Debian guest's own drivers (gpio-pl061, gpio_keys, evdev) deliver
# it to /dev/input/event0, where the guest's /init waits for the key and
# powers off; armvisor then exits 0. Under -nographic the monitor is
# behind Ctrl-A c.
. "$(dirname "$0")/../lib/common.sh"
need_armvisor
need_tools python3
need_kit
make_work

KIT_MODULES="gpio_keys evdev" need_initramfs tests/guest/init-button.sh "$work/button.cpio.gz"

cat >"$work/drive.py" <<'EOF'
import os, select, subprocess, sys, time

p = subprocess.Popen(sys.argv[1:], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=subprocess.STDOUT)
out, sent, end = b"", False, time.monotonic() + 600
while time.monotonic() < end and p.poll() is None:
    r, _, _ = select.select([p.stdout], [], [], 0.5)
    if r:
        d = os.read(p.stdout.fileno(), 65536)
        if not d:
            break
        out += d
    if not sent and b"GUEST-READY" in out:
        p.stdin.write(b"\x01c")
        p.stdin.flush()
        time.sleep(0.5)
        p.stdin.write(b"system_powerdown\r")
        p.stdin.flush()
        sent = True
try:
    rc = p.wait(timeout=60)
except subprocess.TimeoutExpired:
    p.kill()
    rc = -1
text = out.decode(errors="replace").replace("\r", "")
print(text[-3000:])
if "input: gpio-keys" not in text:
    print("FAIL: the guest has no gpio-keys input device")
    sys.exit(1)
if "KEY_POWER pressed" not in text:
    print("FAIL: the guest never saw KEY_POWER")
    sys.exit(1)
if rc != 0:
    print("FAIL: armvisor exited with status %d" % rc)
    sys.exit(1)
print("PASS: system_powerdown reached the guest as KEY_POWER")
EOF
python3 "$work/drive.py" "$AV" -M virt -cpu cortex-a57 -m 256M -nographic \
	-kernel "$kit/Image" -initrd "$work/button.cpio.gz" -append "console=ttyAMA0" ||
	fail "the power button did not work"
