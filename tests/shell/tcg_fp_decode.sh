#!/usr/bin/env bash
# The FP/AdvSIMD decoder accepts exactly the ARMv8.0 encodings:
#  1. random encodings of the op0 = x111 space (fixed seed): those we
#     decode are the ones binutils reassembles with -march=armv8-a
#     (tests/tcg/fp/decode-space.py);
#  2. every FP/AdvSIMD data-processing instruction in the guest's busybox
#     (static, with glibc's string functions) decodes to a real handler.
# Exit 77 when the cross binutils (or, for part 2, the guest kit) are missing.
. "$(dirname "$0")/../lib/common.sh"
need_tools "${CROSS}objdump" "${CROSS}as" python3

out=$BUILD/tcg-tests
mkdir -p "$out"
build_decode_cov "$out/decode-cov"

python3 tests/tcg/fp/decode-space.py "$out/decode-cov" "$CROSS" 1 40000 || {
	echo "FAIL: the decoder and binutils disagree on what is ARMv8.0 (above)"; exit 1; }

need_kit
# objdump lines: "addr:<TAB>word <TAB>mnemonic operands"; keep op0 = x111.
"${CROSS}objdump" -d "$kit/busybox" | python3 -c '
import sys
for l in sys.stdin:
    p = l.rstrip("\n").split("\t")
    if len(p) < 3 or not p[2].split():
        continue
    try:
        w = int(p[1].strip(), 16)
    except ValueError:
        continue
    if (w >> 25) & 7 == 7:
        print("%08x %s" % (w, p[2].split()[0]))
' >"$out/busybox-fp.txt"
n=$(wc -l <"$out/busybox-fp.txt")
[ "$n" -gt 100 ] || { echo "FAIL: only $n FP/SIMD instructions found in busybox"; exit 1; }
if ! "$out/decode-cov" <"$out/busybox-fp.txt" >"$out/busybox-fp.undef"; then
	echo "FAIL: busybox FP/SIMD instructions decoded as UNDEFINED:"
	sort -k2 "$out/busybox-fp.undef" | head -40
	exit 1
fi
echo "PASS: all $n FP/SIMD instructions of busybox decode"
