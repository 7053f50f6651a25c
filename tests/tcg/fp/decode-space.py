#!/usr/bin/env python3
# Check the edges of the FP/AdvSIMD decoder against binutils as an
# independent oracle:  decode-space.py DECODE_COV CROSS_PREFIX SEED COUNT
# Random fills of every group of ARM ARM C4.1.6 (gen-random.py's GROUPS)
# and random words of the whole op0 = x111 space are split by our decoder into accepted and UNDEFINED. objdump prints
# each; an accepted word must reassemble with -march=armv8-a (ARMv8.0
# with FP and AdvSIMD, nothing newer), an UNDEFINED one must not (or be
# unallocated for objdump too). Exit 1 on any disagreement.
import os
import random
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
src = open(os.path.join(here, "gen-random.py")).read().replace("\nmain()\n", "\n")
ns = {}
exec(compile(src, "gen-random.py", "exec"), ns)


def disassemble(cross, words, tmp):
    s = os.path.join(tmp, "w.s")
    o = os.path.join(tmp, "w.o")
    with open(s, "w") as f:
        f.write("".join(".inst 0x%08x\n" % w for w in words))
    subprocess.run([cross + "as", s, "-o", o], check=True)
    out = subprocess.run([cross + "objdump", "-d", o], check=True,
                         capture_output=True, text=True).stdout
    text = {}
    for line in out.splitlines():
        p = line.split("\t")
        if len(p) >= 3 and p[0].strip().endswith(":"):
            w = int(p[1].strip(), 16)
            insn = " ".join(p[2:]).split("//")[0].strip()
            if not insn.startswith(".inst") and "undefined" not in insn:
                text[w] = insn
    return text


def assembles(cross, lines, tmp):
    """Indexes of the lines that -march=armv8-a accepts."""
    s = os.path.join(tmp, "l.s")
    with open(s, "w") as f:
        f.write("".join(l + "\n" for l in lines))
    r = subprocess.run([cross + "as", "-march=armv8-a", s, "-o", os.path.join(tmp, "l.o")],
                       capture_output=True, text=True)
    bad = set()
    for line in r.stderr.splitlines():
        p = line.split(":")
        if len(p) > 2 and p[1].isdigit():
            bad.add(int(p[1]) - 1)
    return [i for i in range(len(lines)) if i not in bad]


def main():
    cov, cross, seed, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    rng = random.Random(seed)
    # half group fills, half anywhere in op0 = x111 (bits 27:25 = 111)
    words = {(rng.getrandbits(32) & ~m) | v
             for m, v in (rng.choice(ns["GROUPS"]) for _ in range(count // 2))}
    words |= {rng.getrandbits(32) | (7 << 25) for _ in range(count // 2)}
    words = sorted(words)
    res = subprocess.run([cov, "defined"], input="".join("%08x\n" % w for w in words),
                         capture_output=True, text=True, check=True)
    accepted = {int(x, 16) for x in res.stdout.split()}
    with tempfile.TemporaryDirectory() as tmp:
        text = disassemble(cross, words, tmp)
        known = [w for w in words if w in text]
        ok = set(known[i] for i in assembles(cross, [text[w] for w in known], tmp))
    wrong = 0
    for w in words:
        if (w in accepted) != (w in ok):
            wrong += 1
            if wrong <= 30:
                what = "accepted, not ARMv8.0" if w in accepted else "UNDEFINED, but ARMv8.0"
                print("%08x %-28s %s" % (w, text.get(w, "(unallocated)"), what))
    print("%d encodings: %d decode, %d ARMv8.0 for binutils, %d disagree"
          % (len(words), len(accepted), len(ok), wrong))
    return 1 if wrong else 0


sys.exit(main())
