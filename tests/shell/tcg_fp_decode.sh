#!/usr/bin/env bash
# The FP/AdvSIMD decoder accepts exactly the ARMv8.0 encodings:
#  1. random encodings of the op0 = x111 space (fixed seed): those we
#     decode are the ones binutils reassembles with -march=armv8-a
#     (tests/tcg/fp/decode-space.py);
#  2. every FP/AdvSIMD data-processing instruction in the guest's busybox
#     (static, with glibc's string functions) decodes to a real handler.
# Exit 77 when the cross binutils (or, for part 2, the guest kit) are missing.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
CROSS=${CROSS:-aarch64-linux-gnu-}
for tool in "${CROSS}objdump" "${CROSS}as" python3; do
	command -v "$tool" >/dev/null || { echo "cannot run: $tool missing"; exit 77; }
done

make -s "$BUILD/libarmvisor.a" || exit 1
# The libraries the Makefile links the program with (libslirp, capstone...).
libs=$(printf 'print-libs:\n\t@echo $(AV_LDLIBS) $(LDLIBS)\n' |
	make -s --no-print-directory -f Makefile -f - print-libs)
out=$BUILD/tcg-tests
mkdir -p "$out"
${CC:-cc} -O2 -std=gnu11 -Wall -Wextra -Werror -Iinclude -Iaccel-tcg -D_GNU_SOURCE \
	-o "$out/decode-cov" tests/tcg/fp/decode-cov.c "$BUILD/libarmvisor.a" \
	$libs || exit 1

python3 tests/tcg/fp/decode-space.py "$out/decode-cov" "$CROSS" 1 40000 || {
	echo "FAIL: the decoder and binutils disagree on what is ARMv8.0 (above)"; exit 1; }

kit=$(scripts/guest-kit.sh path 2>/dev/null) && [ -x "$kit/busybox" ] ||
	{ echo "cannot run: no guest kit (make guest-kit) for the busybox part"; exit 77; }
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
