#!/usr/bin/env python3
"""Host CPU that an idle guest shell costs, armvisor against
qemu-system-aarch64 on the same guest: boot in a pty, wait for the
shell prompt, sample the process's CPU time for 10 s, power off.

    bench/idle_cpu.py
"""
import os
import pty
import select
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pump(fd, buf, seconds):
    end = time.time() + seconds
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                buf += os.read(fd, 4096)
            except OSError:
                break
    return buf


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(cmd):
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(cmd[0], cmd)
    buf = b""
    deadline = time.time() + 300
    while b"to leave" not in buf and time.time() < deadline:
        buf = pump(fd, buf, 0.5)
    buf = pump(fd, buf, 5)
    c0, t0 = cpu_seconds(pid), time.time()
    buf = pump(fd, buf, 10)
    c1, t1 = cpu_seconds(pid), time.time()
    os.write(fd, b"poweroff -f\r")
    pump(fd, buf, 5)
    try:
        os.kill(pid, 9)
    except ProcessLookupError:
        pass
    return 100.0 * (c1 - c0) / (t1 - t0)


def main():
    kit = subprocess.check_output([f"{ROOT}/scripts/guest-kit.sh", "path"], text=True).strip()
    initrd = f"{ROOT}/build/idle-initramfs.cpio.gz"
    subprocess.check_call([f"{ROOT}/scripts/guest-kit.sh", "initramfs",
                           f"{ROOT}/tests/guest/init-shell.sh", initrd])
    common = ["-M", "virt", "-cpu", "cortex-a57", "-smp", "2", "-m", "1G", "-nographic",
              "-nic", "none",
              "-kernel", f"{kit}/Image", "-initrd", initrd, "-append", "console=ttyAMA0"]
    a = measure([f"{ROOT}/build/armvisor"] + common)
    q = measure(["qemu-system-aarch64"] + common)
    print(f"idle guest shell, % of one host CPU: armvisor {a:.1f}, qemu {q:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
