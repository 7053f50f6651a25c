#!/usr/bin/env python3
"""Boot the same guest under armvisor and qemu-system-aarch64, alternating,
and print ratios of medians (armvisor / qemu): wall time to the /init
marker and to poweroff, the in-guest workloads (md5sum of 32 MiB, gzip -1
of 16 MiB, a 20000-iteration shell loop), and peak RSS.

    bench/run.py [--runs N] [--smp N] [--mem SIZE] [--accel tcg|kvm]
                 [--armvisor-accel tcg,jit=on]

--armvisor-accel changes armvisor's -accel only (QEMU keeps --accel), so
the tiers of armvisor's TCG can be compared with QEMU's.
"""
import argparse
import os
import select
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARKERS = ["BENCH-INIT", "BENCH-MD5-START", "BENCH-MD5-END", "BENCH-GZIP-START",
           "BENCH-GZIP-END", "BENCH-LOOP-START", "BENCH-LOOP-END"]


def run_guest(cmd, timeout):
    """Run one boot; return ({marker: seconds since start}, rc, console bytes).
    The dict also holds "poweroff" (process end) and "rss_kib" (peak RSS from
    wait4's rusage of that one process)."""
    start = time.monotonic()
    seen = {}
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    buf = b""
    deadline = start + timeout
    while True:
        # select, so that a guest that hangs silently still hits the timeout
        ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
        now = time.monotonic()
        if not ready:
            proc.kill()
            break
        chunk = proc.stdout.read1(4096)
        if not chunk:
            break
        buf += chunk
        for m in MARKERS:
            if m not in seen and m.encode() in buf:
                seen[m] = now - start
    _, status, ru = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seen["poweroff"] = time.monotonic() - start
    seen["rss_kib"] = ru.ru_maxrss
    return seen, proc.returncode, buf


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--smp", default="1")
    ap.add_argument("--mem", default="1G")
    ap.add_argument("--accel", default="tcg")
    ap.add_argument("--armvisor-accel", default=None,
                    help="armvisor's -accel (e.g. tcg,jit=on); default: --accel")
    ap.add_argument("--timeout", type=float, default=600)
    args = ap.parse_args()

    kit = subprocess.check_output([os.path.join(ROOT, "scripts/guest-kit.sh"), "path"],
                                  text=True).strip()
    initrd = os.path.join(ROOT, "build/bench-initramfs.cpio.gz")
    subprocess.check_call([os.path.join(ROOT, "scripts/guest-kit.sh"), "initramfs",
                           os.path.join(ROOT, "tests/guest/init-bench.sh"), initrd])
    av_accel = args.armvisor_accel or args.accel
    common = ["-M", "virt", "-cpu", "cortex-a57", "-smp", args.smp, "-m", args.mem,
              "-nographic", "-nic", "none", "-kernel", os.path.join(kit, "Image"), "-initrd", initrd,
              "-append", "console=ttyAMA0 quiet"]
    cmds = {
        "armvisor": [os.environ.get("ARMVISOR", os.path.join(ROOT, "build/armvisor")),
                     "-accel", av_accel] + common,
        "qemu": ["qemu-system-aarch64", "-accel", args.accel] + common,
    }
    results = {name: [] for name in cmds}
    for i in range(args.runs):
        for name, cmd in cmds.items():
            seen, rc, out = run_guest(cmd, args.timeout)
            # The workloads must have done real work: md5 of 32 MiB of zeros, ~16 MiB gzip'd.
            text = out.decode(errors="replace")
            if rc != 0 or "BENCH-LOOP-END" not in seen or \
                    "BENCH-MD5-END 58f06dd588d8ffb3beb46ada6309436b" not in text or \
                    "BENCH-GZIP-END 0" in text:
                sys.stderr.write(f"{name} run {i}: exit {rc}, markers {sorted(seen)}\n")
                sys.stderr.write(out[-2000:].decode(errors="replace") + "\n")
                return 1
            results[name].append(seen)

    def med(name, f):
        return statistics.median(f(r) for r in results[name])

    metrics = [
        ("wall to /init marker (s)", lambda r: r["BENCH-INIT"]),
        ("wall to poweroff (s)", lambda r: r["poweroff"]),
        ("md5sum 32 MiB (s)", lambda r: r["BENCH-MD5-END"] - r["BENCH-MD5-START"]),
        ("gzip -1 16 MiB (s)", lambda r: r["BENCH-GZIP-END"] - r["BENCH-GZIP-START"]),
        ("shell loop 20000 (s)", lambda r: r["BENCH-LOOP-END"] - r["BENCH-LOOP-START"]),
        ("peak RSS (MiB)", lambda r: r["rss_kib"] / 1024.0),
    ]
    print(f"# {args.runs} alternating runs, -accel {av_accel} (qemu: {args.accel}) "
          f"-smp {args.smp} -m {args.mem}; "
          "medians; ratio = armvisor / qemu (below 1 is better)")
    print(f"{'metric':28} {'armvisor':>10} {'qemu':>10} {'ratio':>8}")
    for label, f in metrics:
        a, q = med("armvisor", f), med("qemu", f)
        print(f"{label:28} {a:10.3f} {q:10.3f} {a / q if q else float('nan'):8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
