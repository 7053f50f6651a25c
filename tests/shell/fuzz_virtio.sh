#!/usr/bin/env bash
# A short run of the virtio libFuzzer target (tests/fuzz/fuzz_virtqueue.c):
# hostile rings and requests must never crash, hang, trip AddressSanitizer
# or UBSan, or make the device write outside guest RAM. Seeded with one
# well-formed virtio-blk read so the run starts past the ring checks.
# Longer by hand: make fuzz && build/fuzz/fuzz_virtqueue -max_total_time=600
. "$(dirname "$0")/../lib/common.sh"
need_tools clang python3
make_work
need_libfuzzer

make -s BUILD="$BUILD" fuzz || fail "make fuzz"

corpus=$work/corpus
mkdir -p "$corpus"
python3 - "$corpus/blk-read" <<'PY'
import struct, sys
# Header: blk, indirect, 16 entries, rings at RAM+0/0x100/0x200 (the
# target maps v to RAM_BASE - 0x800 + v), no operations.
hdr = bytes([0, 1, 4]) + struct.pack("<III", 0x800, 0x900, 0xa00) + bytes([0])
ram = bytearray(0x3001)
def desc(i, addr, length, flags, nxt):
    struct.pack_into("<QIHH", ram, 16 * i, 0x40000000 + addr, length, flags, nxt)
desc(0, 0x1000, 16, 1, 1)          # header, NEXT
desc(1, 0x2000, 512, 3, 2)         # data, WRITE|NEXT
desc(2, 0x3000, 1, 2, 0)           # status, WRITE
struct.pack_into("<HHH", ram, 0x100, 0, 1, 0)   # avail: idx 1, ring[0] = 0
struct.pack_into("<IIQ", ram, 0x1000, 0, 0, 3)  # IN, sector 3
open(sys.argv[1], "wb").write(hdr + bytes(ram))
PY
out=$work/fuzz.log
if ! "$BUILD/fuzz/fuzz_virtqueue" -runs="${FUZZ_RUNS:-20000}" -max_len=16384 \
	-timeout=10 -artifact_prefix="$work/" "$corpus" >"$out" 2>&1; then
	echo "FAIL: the fuzzer found a crash, hang or sanitizer report:"
	grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$out" | head -n 20
	exit 1
fi
grep -q "Done [0-9]* runs" "$out" || { echo "FAIL: the fuzzer did not finish"; tail -n 5 "$out"; exit 1; }
echo "PASS: $(grep -o 'Done [0-9]* runs.*' "$out")"
