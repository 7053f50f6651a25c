#!/usr/bin/env python3
"""VMM start-up cost: armvisor against qemu-system-aarch64, alternating.

The guest is a 32 MiB arm64 Image (the size of Debian's kernel) whose first
instructions write 'X' to the PL011 and power off through PSCI, so a run's
wall time is the VMM's own start-up (options, RAM, devices, DTB, placing
the Image), one guest instruction's worth of work, and its exit. Both get
the same options and -m (1 GiB by default). armvisor's -boot-timeline gives
the split of its own start-up; the report shows their medians.

    bench/startup.py [--runs N] [--mem SIZE] [--image-mib N]
                     [--armvisor-accel tcg,jit=on]
"""
import argparse
import os
import statistics
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# A64, little-endian: write 'X' to the PL011 at 0x09000000, then
# PSCI SYSTEM_OFF (0x84000008) by HVC, as the virt board's DT says.
CODE = [
    0xD2A12001,  # movz x1, #0x0900, lsl #16
    0x52800B02,  # movz w2, #'X'
    0xB9000022,  # str  w2, [x1]
    0xD2B08000,  # movz x0, #0x8400, lsl #16
    0xF2800100,  # movk x0, #0x0008
    0xD4000002,  # hvc  #0
    0x14000000,  # b    .
]


def make_image(path, mib):
    """An arm64 Image (Documentation/arch/arm64/booting.rst header)."""
    size = mib << 20
    header = struct.pack("<IIQQQQQQII",
                         0x14000010,   # code0: b +64, past the header
                         0,            # code1
                         0,            # text_offset
                         size,         # image_size
                         0xA,          # flags: LE, 4K pages, anywhere
                         0, 0, 0,      # res2..res4
                         0x644D5241,   # magic "ARM\x64"
                         0)            # res5
    code = b"".join(struct.pack("<I", w) for w in CODE)
    with open(path, "wb") as f:
        f.write(header + code)
        f.truncate(size)


def timed(cmd):
    start = time.monotonic()
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=120)
    return time.monotonic() - start, p


def timeline_stages(text):
    """{stage: ms} from a -boot-timeline report."""
    stages = {}
    for line in text.splitlines()[1:]:
        parts = line.split(None, 2)
        if len(parts) == 3:
            try:
                stages.setdefault(parts[2], float(parts[0]))
            except ValueError:
                pass
    return stages


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--mem", default="1G")
    ap.add_argument("--image-mib", type=int, default=32)
    ap.add_argument("--armvisor-accel", default="tcg")
    args = ap.parse_args()
    armvisor = os.environ.get("ARMVISOR", os.path.join(ROOT, "build", "armvisor"))
    with tempfile.TemporaryDirectory() as tmp:
        image = os.path.join(tmp, "Image")
        tl = os.path.join(tmp, "timeline.txt")
        make_image(image, args.image_mib)
        common = ["-M", "virt", "-cpu", "cortex-a57", "-m", args.mem, "-nographic",
                  "-nic", "none", "-kernel", image]
        av_cmd = [armvisor] + common + ["-accel", args.armvisor_accel,
                                        "-boot-timeline=" + tl]
        qemu_cmd = ["qemu-system-aarch64"] + common + ["-accel", "tcg"]
        av_t, qemu_t, first_insn, stages_all = [], [], [], []
        for i in range(args.runs):
            for name, cmd, out in (("armvisor", av_cmd, av_t), ("qemu", qemu_cmd, qemu_t)):
                # Truncating the last run's timeline file costs ext4 1-5 ms
                # inside armvisor's start-up: the measurement's, not the VMM's.
                if name == "armvisor" and os.path.exists(tl):
                    os.unlink(tl)
                secs, p = timed(cmd)
                if p.returncode != 0 or b"X" not in p.stdout:
                    sys.exit(f"{name} failed (rc {p.returncode}): {p.stderr.decode()[-300:]}")
                out.append(secs)
            with open(tl) as f:
                st = timeline_stages(f.read())
            stages_all.append(st)
            first_insn.append(st.get("first guest instruction (vCPU 0 enters the guest)", 0))
        av, qm = statistics.median(av_t), statistics.median(qemu_t)
        print(f"start-up to exit, {args.image_mib} MiB Image, -m {args.mem}, "
              f"{args.runs} runs alternating, medians:")
        print(f"  armvisor {av * 1000:.1f} ms, qemu {qm * 1000:.1f} ms, ratio {av / qm:.2f}")
        print(f"  armvisor's main() to the first guest instruction: "
              f"{statistics.median(first_insn):.2f} ms")
        print("  armvisor's stages (median ms from main()):")
        for name in stages_all[0]:
            vals = [s[name] for s in stages_all if name in s]
            print(f"    {statistics.median(vals):9.3f}  {name}")


if __name__ == "__main__":
    main()
