#!/usr/bin/env python3
"""Firmware boot against QEMU, alternating, ratios of medians (armvisor /
qemu, below 1 is better): wall time from start to edk2's first console
line ("UEFI firmware"), and to the guest kit's /init through the firmware
(-bios QEMU_EFI.fd -kernel Image -initrd marker: the EFI stub path).

    bench/firmware.py [--runs N]

Needs Debian's qemu-efi-aarch64, the guest kit and build/armvisor.
"""
import argparse
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as benchrun  # noqa: E402  (run_guest: one boot, markers timed)

ROOT = benchrun.ROOT
BIOS = "/usr/share/qemu-efi-aarch64/QEMU_EFI.fd"
MARKS = {"UEFI firmware": "banner", "ARMVISOR-INIT-MARKER": "init"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    kit = subprocess.check_output([os.path.join(ROOT, "scripts/guest-kit.sh"), "path"],
                                  text=True).strip()
    initrd = os.path.join(ROOT, "build", "bench-marker.cpio.gz")
    subprocess.check_call([os.path.join(ROOT, "scripts/guest-kit.sh"), "initramfs",
                           os.path.join(ROOT, "tests/guest/init-marker.sh"), initrd],
                          stdout=subprocess.DEVNULL)
    common = ["-M", "virt", "-cpu", "cortex-a57", "-m", "1G", "-nographic", "-nic", "none",
              "-bios", BIOS, "-kernel", os.path.join(kit, "Image"), "-initrd", initrd,
              "-append", "console=ttyAMA0"]
    cmds = {"armvisor": [os.path.join(ROOT, "build/armvisor")] + common,
            "qemu": ["qemu-system-aarch64", "-accel", "tcg"] + common}
    benchrun.MARKERS[:] = list(MARKS)
    times = {(who, m): [] for who in cmds for m in MARKS.values()}
    for i in range(args.runs):
        for who, cmd in cmds.items():
            seen, rc, out = benchrun.run_guest(cmd, 600)
            for text, name in MARKS.items():
                if text not in seen:
                    sys.exit(f"{who} run {i + 1}: no '{text}' (exit {rc})\n"
                             + out[-2000:].decode(errors="replace"))
                times[(who, name)].append(seen[text])
    for name in MARKS.values():
        a = statistics.median(times[("armvisor", name)])
        q = statistics.median(times[("qemu", name)])
        print(f"{name:7s} armvisor {a:6.2f} s  qemu {q:6.2f} s  ratio {a / q:.2f}")


if __name__ == "__main__":
    main()
