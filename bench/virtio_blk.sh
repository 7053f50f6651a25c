#!/usr/bin/env bash
# virtio-blk throughput inside the guest (direct I/O: sequential 1 MiB and
# random 4 KiB reads and writes, and random reads 16 deep, bench/blkbench.c) under armvisor and
# qemu-system-aarch64 with the same options, in one run; prints each
# result and armvisor/QEMU as a ratio (above 1: armvisor is faster).
#   bench/virtio_blk.sh [armvisor options...]   e.g. -accel kvm
# ARMVISOR= picks the binary; BENCH_MIB= the disk size (default 64);
# BENCH_RUNS= runs of each VMM, alternating (default 3; medians shown).
set -euo pipefail
cd "$(dirname "$0")/.."
armvisor=${ARMVISOR:-build/armvisor}
mib=${BENCH_MIB:-64}
[ -x "$armvisor" ] || { echo "no $armvisor: run make" >&2; exit 1; }
command -v qemu-system-aarch64 >/dev/null || { echo "qemu-system-aarch64 is not installed" >&2; exit 1; }
kit=$(scripts/guest-kit.sh path)
mkdir -p build
work=$(mktemp -d build/bench-blk.XXXXXX)
trap 'rm -rf "$work"' EXIT

aarch64-linux-gnu-gcc -O2 -static -o "$work/blkbench" bench/blkbench.c
cat >"$work/init" <<INIT
#!/bin/sh
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
ver=\$(uname -r)
while read -r m; do insmod "/lib/modules/\$ver/\$m"; done <"/lib/modules/\$ver/load-order"
/blkbench /dev/vda $mib
poweroff -f
INIT
scripts/guest-kit.sh initramfs "$work/init" "$work/bench.cpio.gz" "$work/blkbench:/blkbench" >/dev/null

opts=(-M virt -cpu cortex-a57 -smp 2 -m 512M -nographic -nic none -kernel "$kit/Image"
	-initrd "$work/bench.cpio.gz" -append "console=ttyAMA0 quiet"
	-drive "file=$work/disk.img,if=none,id=d,format=raw,cache=none"
	-device virtio-blk-device,drive=d)

run() {
	rm -f "$work/disk.img"
	truncate -s "${mib}M" "$work/disk.img"
	"$@" "${opts[@]}" </dev/null 2>&1 | tr -d '\r' | grep -o 'blkbench: [a-z0-9-]* [0-9.]* MB/s' || true
}

# Alternate the two VMMs so a busy host slows both alike; report medians.
runs=${BENCH_RUNS:-3}
: >"$work/results"
for i in $(seq 1 "$runs"); do
	run "$armvisor" "$@" | sed 's/^/armvisor /' >>"$work/results"
	run qemu-system-aarch64 "$@" | sed 's/^/qemu /' >>"$work/results"
done
python3 - "$work/results" "$runs" <<'PY'
import statistics, sys
res = {}
for line in open(sys.argv[1]):
    vmm, _, test, mbs, _ = line.split()
    res.setdefault((vmm, test), []).append(float(mbs))
print(f"{'test':13} {'armvisor':>14} {'qemu':>14} {'ratio':>8}   (median of {sys.argv[2]} runs each)")
for t in ("seqwrite", "seqread", "randwrite", "randread", "randread-qd16"):
    a, q = res.get(("armvisor", t)), res.get(("qemu", t))
    ma = statistics.median(a) if a else None
    mq = statistics.median(q) if q else None
    ratio = f"{ma / mq:.2f}" if ma and mq else "n/a"
    fmt = lambda m: f"{m:9.2f} MB/s" if m is not None else "     fail     "
    print(f"{t:13} {fmt(ma)} {fmt(mq)} {ratio:>8}")
PY
