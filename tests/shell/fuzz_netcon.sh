#!/usr/bin/env bash
# A short run of the virtio-net/virtio-console libFuzzer target
# (tests/fuzz/fuzz_netcon.c): hostile rings, TX buffers, RX buffers,
# frames and console input must never crash, hang, trip AddressSanitizer
# or UBSan, write outside guest RAM, or hand the back end a frame no
# Ethernet carries. Seeded with one well-formed TX of a 60-byte frame.
# Longer by hand: make fuzz && build/fuzz/fuzz_netcon -max_total_time=600
. "$(dirname "$0")/../lib/common.sh"
need_tools clang python3
make_work
need_libfuzzer

make -s BUILD="$BUILD" "$BUILD/fuzz/fuzz_netcon" || fail "building the fuzz target"

mkdir -p "$work/corpus"
python3 - "$work/corpus/net-tx" <<'PY'
import struct, sys
# net, MAC+STATUS, 8 entries; queue 0 rings at RAM+0/0x100/0x200, queue 1
# at RAM+0x1000/0x1100/0x1200 (the target maps v to RAM_BASE - 0x800 + v).
addrs = [0x0, 0x100, 0x200, 0x1000, 0x1100, 0x1200]
hdr = bytes([0, 0x60, 3]) + b"".join(struct.pack("<I", a + 0x800) for a in addrs)
ops = bytes([0, 1, 0, 0])				# notify the TX queue
hdr += bytes([len(ops) // 4])
ram = bytearray(0x2100)
struct.pack_into("<QIHH", ram, 0x1000, 0x40002000, 12 + 60, 0, 0)
struct.pack_into("<HHH", ram, 0x1100, 0, 1, 0)	# avail: idx 1, ring[0] = 0
open(sys.argv[1], "wb").write(hdr + ops + bytes(ram))
PY
"$BUILD/fuzz/fuzz_netcon" -max_total_time="${FUZZ_SECONDS:-20}" -timeout=10 \
	"$work/corpus" >"$work/fuzz.log" 2>&1
rc=$?
fail_logs=("$work/fuzz.log")
[ $rc -eq 0 ] || fail "the fuzzer found a problem (status $rc)"
grep -q "^Done [0-9]* runs" "$work/fuzz.log" || fail "the fuzzer did not run"
echo "PASS: $(grep -o 'Done [0-9]* runs' "$work/fuzz.log") without a finding"
