#!/usr/bin/env bash
# virtio-blk throughput inside the guest (direct I/O: sequential 1 MiB and
# random 4 KiB reads and writes, and random reads 16 deep, bench/blkbench.c) under armvisor and
# qemu-system-aarch64 with the same options, in one run; prints each
# result and armvisor/QEMU as a ratio (above 1: armvisor is faster).
#   bench/virtio_blk.sh [armvisor options...]   e.g. -accel kvm
# ARMVISOR= picks the binary; BENCH_MIB= the disk size (default 64).
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

opts=(-M virt -cpu cortex-a57 -smp 2 -m 512M -nographic -kernel "$kit/Image"
	-initrd "$work/bench.cpio.gz" -append "console=ttyAMA0 quiet"
	-drive "file=$work/disk.img,if=none,id=d,format=raw,cache=none"
	-device virtio-blk-device,drive=d)

run() {
	rm -f "$work/disk.img"
	truncate -s "${mib}M" "$work/disk.img"
	"$@" "${opts[@]}" </dev/null 2>&1 | tr -d '\r' | grep -o 'blkbench: [a-z0-9-]* [0-9.]* MB/s' || true
}

ours=$(run "$armvisor" "$@")
theirs=$(run qemu-system-aarch64 "$@")
printf '%-13s %14s %14s %8s\n' test armvisor qemu ratio
for t in seqwrite seqread randwrite randread randread-qd16; do
	a=$(awk -v t="$t" '$2 == t { print $3 }' <<<"$ours")
	q=$(awk -v t="$t" '$2 == t { print $3 }' <<<"$theirs")
	r=$(awk -v a="${a:-0}" -v q="${q:-0}" 'BEGIN { if (q > 0 && a > 0) printf "%.2f", a / q; else print "n/a" }')
	printf '%-13s %9s MB/s %9s MB/s %8s\n' "$t" "${a:-fail}" "${q:-fail}" "$r"
done
