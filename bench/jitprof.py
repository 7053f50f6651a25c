#!/usr/bin/env python3
"""Name the samples perf took in the x86-64 tier's code buffer.

perf names code it finds in no file from /tmp/perf-PID.map, but only for
anonymous memory; the tier's code lives in a memfd (W^X double mapping,
accel-tcg/jit-x86_64/codebuf.h), so perf leaves it as raw addresses.
This script reads `perf script` and the map that armvisor -perfmap
wrote, and prints where the time went: per kind (guest code, the tier's
shared code, armvisor's C functions, the kernel, libraries), then the
hottest guest blocks by guest virtual address.

    perf record -e cpu-clock -F 2000 -o perf.data -- armvisor -perfmap ...
    bench/jitprof.py perf.data [--top 40] [--map /tmp/perf-PID.map]
"""
import argparse
import bisect
import collections
import glob
import os
import re
import subprocess
import sys


def load_map(path):
    """[(start, end, name)] sorted by start; later lines win over earlier."""
    spans = {}
    with open(path) as f:
        for line in f:
            parts = line.split(None, 2)
            if len(parts) != 3:
                continue
            start, size = int(parts[0], 16), int(parts[1], 16)
            spans[start] = (start + size, parts[2].strip())
    out = sorted((s, e, n) for s, (e, n) in spans.items())
    return out, [s for s, _, _ in out]


def find_pid(perf_data):
    """The pid armvisor ran as: the map file perf's comm events name."""
    text = subprocess.run(["perf", "script", "-i", perf_data, "-F", "pid,comm"],
                          capture_output=True, text=True).stdout
    pids = collections.Counter(l.split()[-1] for l in text.splitlines()
                               if "armvisor" in l or "vcpu" in l)
    for pid, _ in pids.most_common():
        if os.path.exists("/tmp/perf-%s.map" % pid):
            return pid
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("perf_data")
    ap.add_argument("--map", help="the -perfmap file (default: found by pid)")
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args()
    path = args.map
    if not path:
        pid = find_pid(args.perf_data)
        if not pid:
            sys.exit("no /tmp/perf-PID.map for the recorded armvisor: run it with -perfmap")
        path = "/tmp/perf-%s.map" % pid
    spans, starts = load_map(path)
    text = subprocess.run(["perf", "script", "-i", args.perf_data, "-F", "ip,sym,dso"],
                          capture_output=True, text=True, check=True).stdout
    kinds, blocks, funcs = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for line in text.splitlines():
        m = re.match(r"\s*([0-9a-f]+)\s*(.*?)\s*\((.*)\)\s*$", line)
        if not m:
            continue
        ip, sym, dso = int(m.group(1), 16), m.group(2), m.group(3)
        total += 1
        if "armvisor-jit" in dso:
            i = bisect.bisect_right(starts, ip) - 1
            if i >= 0 and ip < spans[i][1]:
                name = spans[i][2]
                if name.startswith("guest-"):
                    va = int(name[6:], 16)
                    kinds["guest code (EL1)" if va >> 63 else "guest code (EL0)"] += 1
                    blocks[name] += 1
                else:
                    kinds["the tier's shared code: " + name.rsplit("-", 1)[0][13:]] += 1
            else:
                kinds["code buffer, unnamed"] += 1
        elif dso.endswith("armvisor") or "/armvisor" in dso:
            kinds["armvisor C code"] += 1
            funcs[sym or "?"] += 1
        elif "kernel" in dso:
            kinds["host kernel"] += 1
        else:
            kinds[os.path.basename(dso)] += 1
    if not total:
        sys.exit("no samples")
    print("%d samples, map %s" % (total, path))
    for k, n in kinds.most_common():
        print("  %6.2f%%  %s" % (100.0 * n / total, k))
    print("hottest armvisor functions:")
    for k, n in funcs.most_common(15):
        print("  %6.2f%%  %s" % (100.0 * n / total, k))
    print("hottest guest blocks:")
    for k, n in blocks.most_common(args.top):
        print("  %6.2f%%  %s" % (100.0 * n / total, k))


if __name__ == "__main__":
    main()
