#!/usr/bin/env python3
# Generate a random FP/AdvSIMD instruction snippet for tests/tcg/run.sh:
#   gen-random.py SEED COUNT DECODE_COV OUT.S
# Encodings are random fills of the fixed bits of every ARMv8.0 group of
# ARM ARM C4.1.6; only those our decoder accepts are kept (DECODE_COV
# defined), so qemu-aarch64 (-cpu max) refusing one is a finding too.
# Rd is kept in 0..15 (x26/x27 are the harness's). Operands mix random
# bits with FP specials and short-mantissa floats; FPCR (rounding, FZ, DN, AHP) is random per file.
# After each insn: Q[rd], X[rd], NZCV and FPSR go to the data region.
import random
import subprocess
import sys

GROUPS = [
    (0x9f200400, 0x0e200400), (0x9f200c00, 0x0e200000), (0x9f3e0c00, 0x0e200800),
    (0x9f3e0c00, 0x0e300800), (0x9fe08400, 0x0e000400), (0x9f000400, 0x0f000000),
    (0x9ff80400, 0x0f000400), (0x9f800400, 0x0f000400), (0xbf208c00, 0x0e000000),
    (0xbf208c00, 0x0e000800), (0xbf208400, 0x2e000000), (0xdf200400, 0x5e200400),
    (0xdf200c00, 0x5e200000), (0xdf3e0c00, 0x5e200800), (0xdf3e0c00, 0x5e300800),
    (0xdfe08400, 0x5e000400), (0xdf000400, 0x5f000000), (0xdf800400, 0x5f000400),
    # scalar FP: fixed/int conversions, 3-source, ccmp, 2-source, csel,
    # 1-source, compare, immediate
    (0x5f200000, 0x1e000000), (0x5f20fc00, 0x1e200000), (0x5f000000, 0x1f000000),
    (0x7f200c00, 0x1e200400), (0x7f200c00, 0x1e200800), (0x7f200c00, 0x1e200c00),
    (0x7f207c00, 0x1e204000), (0x7f203c00, 0x1e202000), (0x7f201c00, 0x1e201000),
]
SPECIAL = [
    0, 0x8000000000000000, 0x7ff0000000000000, 0x7ff8000000000001, 0x7ff4000000000001,
    0x3ff0000000000000, 0x7f8000007fc00001, 0x7fa0000100800000, 0x000fffffffffffff,
    0x00000001807fffff, 0xffffffffffffffff, 0x7fffffff80000000, 0x4f0000005f000000,
    0x3f800000bf800000, 0x0001000080007c00, 0x7bff7c00fc007e01, 0x43e0000000000000,
    0x3fe0000000000000, 0x40000000c0400000, 0x0010000000000000,
]
FPCRS = [0, 0x400000, 0x800000, 0xc00000, 0x1000000, 0x2000000, 0x4000000, 0x3c00000,
         0x7400000]


def nice_f32(rng):
    # few mantissa bits and a small exponent: exact results, rounding ties
    return ((rng.getrandbits(1) << 31) | ((127 + rng.randint(-30, 30)) << 23) |
            (rng.getrandbits(4) << rng.choice((0, 10, 19))))


def nice_f64(rng):
    return ((rng.getrandbits(1) << 63) | ((1023 + rng.randint(-60, 60)) << 52) |
            (rng.getrandbits(6) << rng.choice((0, 20, 46))))


def value(rng):
    r = rng.random()
    if r < 0.3:
        return rng.choice(SPECIAL)
    if r < 0.45:
        return nice_f32(rng) | (nice_f32(rng) << 32)
    if r < 0.6:
        return nice_f64(rng)
    return rng.getrandbits(64)


def main():
    seed, count, cov, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    rng = random.Random(seed)
    cands = []
    for _ in range(count * 4):
        mask, val = rng.choice(GROUPS)
        word = (rng.getrandbits(32) & ~mask) | val
        cands.append((word & ~31) | rng.randrange(16))
    res = subprocess.run([cov, "defined"], input="\n".join("%08x" % w for w in cands),
                         capture_output=True, text=True, check=True)
    words = [int(x, 16) for x in res.stdout.split()][:count]
    lines = ['#include "fp/macros.inc"', "\tsetfpcr\t0x%x" % rng.choice(FPCRS)]
    for r in range(32):
        lines.append("\tvpair\t%d, 0x%x, 0x%x" % (r, value(rng), value(rng)))
    lines.append("\tpool")
    for i, w in enumerate(words):
        rd = w & 31
        lines += ["\t.inst\t0x%08x" % w, "\tstr\tq%d, [x27], #16" % rd,
                  "\tstr\tx%d, [x27], #8" % rd, "\tmrs\tx26, nzcv",
                  "\tstr\tx26, [x27], #8", "\tmrs\tx26, fpsr", "\tstr\tx26, [x27], #8"]
        if i % 8 == 7:
            lines += ["\tvpair\t%d, 0x%x, 0x%x" % (rng.randrange(32), value(rng), value(rng)),
                      "\tpool"]
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


main()
