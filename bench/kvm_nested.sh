#!/usr/bin/env bash
# Nested KVM boot time: inside qemu-system-aarch64 (virtualization=on,
# GICv3), the static aarch64 armvisor boots the guest kit with -accel kvm;
# the outer guest's clock measures VMM start -> inner /init marker.
# When bench/pack-qemu-arm64.sh has packed an arm64 qemu-system-aarch64
# into build/qemu-arm64/, the same boot under it is measured in the same
# run and the ratio printed.
#   bench/kvm_nested.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
make -s aarch64-static
kit=$(scripts/guest-kit.sh path)
scripts/guest-kit.sh initramfs tests/guest/init-marker.sh build/marker.cpio.gz
extra=(build/aarch64/armvisor:/armvisor "$kit/Image:/Image" build/marker.cpio.gz:/marker.cpio.gz)
[ -x build/qemu-arm64/run ] && extra+=(build/qemu-arm64:/qemu)
scripts/guest-kit.sh initramfs tests/guest/init-kvm-bench.sh build/kvm-bench.cpio.gz "${extra[@]}"
log=build/kvm-bench.log
timeout 1800 qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu max,pauth-impdef=on -nic none \
	-smp 2 -m 2G -nographic -kernel "$kit/Image" -initrd build/kvm-bench.cpio.gz \
	-append "console=ttyAMA0 quiet bench_runs=$runs" </dev/null >"$log" 2>&1
tr -d '\r' <"$log" | grep '^BENCH ' | python3 -c '
import re, statistics, sys
t = {}
for line in sys.stdin:
    m = re.match(r"BENCH (\S+) run=\d+ start=([\d.]+) marker=([\d.]+)", line)
    if m:
        t.setdefault(m.group(1), []).append(float(m.group(3)) - float(m.group(2)))
if "armvisor" not in t:
    sys.exit("no armvisor run reached the marker; see build/kvm-bench.log")
for name, v in t.items():
    print(f"{name:9} median {statistics.median(v):6.2f} s to the inner /init marker ({len(v)} runs: " +
          " ".join(f"{x:.2f}" for x in v) + ")")
if "qemu" in t:
    a, q = statistics.median(t["armvisor"]), statistics.median(t["qemu"])
    print(f"ratio armvisor/qemu: {a / q:.2f}")
'
