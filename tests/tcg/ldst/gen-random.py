#!/usr/bin/env python3
# Generate a random load/store snippet for tests/tcg/run.sh:
#   gen-random.py SEED COUNT OUT.S
# Every form of ARM ARM C4.1.4 that an ARMv8.0 CPU has (single register
# in every addressing mode and size, signed loads, pairs, SIMD&FP
# registers, LD1-LD4/ST1-ST4 multiple, single and replicate, exclusives,
# acquire/release), written as assembly so the assembler checks each one.
# (LDTR/STTR are left out: the harness maps memory EL1-only.)
# Addresses stay inside the harness's 32 KiB data region (x27); bases are
# x16..x25, transfer registers x0..x15 and v0..v31, x26 is scratch.
import random
import sys

REGION = 32768
SIZES = {'b': 1, 'h': 2, 'w': 4, 'x': 8}


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.out = []

    def emit(self, line):
        self.out.append('\t' + line)

    def base(self, lo=1024, hi=REGION - 4096, align=1):
        b = 'x%d' % self.rng.randint(16, 25)
        off = self.rng.randrange(lo, hi) & ~(align - 1)
        self.emit('mov\tx26, #%d' % off)
        self.emit('add\t%s, x27, x26' % b)
        return b

    def xreg(self, avoid=()):
        while True:
            r = self.rng.randint(0, 15)
            if r not in avoid:
                return r

    def index(self, scale):
        """A register offset: (operand text, setup)."""
        i = self.xreg()
        kind = self.rng.choice(['lsl', 'uxtw', 'sxtw', 'sxtx'])
        sh = self.rng.choice([0, scale]) if scale else 0
        k = self.rng.randint(0, 64)
        if kind in ('sxtw', 'sxtx') and self.rng.random() < 0.5:
            k = -k
        if kind in ('uxtw', 'sxtw'):
            self.emit('mov\tw%d, #%d' % (i, k))
            if kind == 'uxtw':
                # upper bits of Xm are ignored by UXTW
                self.emit('movk\tx%d, #0x%x, lsl #48' % (i, self.rng.getrandbits(16)))
            reg = 'w%d' % i
        else:
            self.emit('mov\tx%d, #%d' % (i, k))
            reg = 'x%d' % i
        if kind == 'lsl':
            return ', %s, lsl #%d' % (reg, sh) if sh or self.rng.random() < 0.5 else ', ' + reg
        return ', %s, %s #%d' % (reg, kind, sh) if sh or self.rng.random() < 0.5 \
            else ', %s, %s' % (reg, kind)

    def addressing(self, size, scaled_max=256):
        """(mode, operand text) for a single-register access of size bytes."""
        mode = self.rng.choice(['uimm', 'unscaled', 'pre', 'post', 'reg'])
        if mode == 'reg':
            b = self.base()
            return mode, '[%s%s]' % (b, self.index({1: 0, 2: 1, 4: 2, 8: 3, 16: 4}[size]))
        b = self.base()
        if mode == 'uimm':
            return mode, '[%s, #%d]' % (b, self.rng.randint(0, scaled_max) * size)
        imm = self.rng.randint(-256, 255)
        if mode == 'unscaled':
            return mode, '[%s, #%d]' % (b, imm)
        if mode == 'pre':
            return mode, '[%s, #%d]!' % (b, imm)
        return mode, '[%s], #%d' % (b, imm)

    def single_gpr(self):
        forms = [('ldrb', 'w', 1), ('strb', 'w', 1), ('ldrh', 'w', 2), ('strh', 'w', 2),
                 ('ldr', 'w', 4), ('str', 'w', 4), ('ldr', 'x', 8), ('str', 'x', 8),
                 ('ldrsb', 'w', 1), ('ldrsb', 'x', 1), ('ldrsh', 'w', 2),
                 ('ldrsh', 'x', 2), ('ldrsw', 'x', 4)]
        mn, rk, size = self.rng.choice(forms)
        mode, addr = self.addressing(size)
        if mode == 'unscaled':
            mn = mn.replace('ldr', 'ldur').replace('str', 'stur')
        t = self.xreg()
        self.emit('%s\t%s%d, %s' % (mn, rk, t, addr))

    def single_fp(self):
        rk, size = self.rng.choice([('b', 1), ('h', 2), ('s', 4), ('d', 8), ('q', 16)])
        mode, addr = self.addressing(size, 64)
        mn = self.rng.choice(['ldr', 'str'])
        if mode == 'unscaled':
            mn = mn.replace('ldr', 'ldur').replace('str', 'stur')
        self.emit('%s\t%s%d, %s' % (mn, rk, self.rng.randint(0, 31), addr))

    def pair(self):
        fp = self.rng.random() < 0.4
        if fp:
            rk, size = self.rng.choice([('s', 4), ('d', 8), ('q', 16)])
            mn = self.rng.choice(['ldp', 'stp', 'ldnp', 'stnp'])
            t1, t2 = self.rng.sample(range(32), 2)
        else:
            rk, size = self.rng.choice([('w', 4), ('x', 8)])
            mn = self.rng.choice(['ldp', 'stp', 'ldnp', 'stnp', 'ldpsw'])
            if mn == 'ldpsw':
                rk, size = 'x', 4
            t1 = self.xreg()
            t2 = self.xreg((t1,))
        imm = self.rng.randint(-64, 63) * size
        b = self.base()
        mode = 'off' if 'np' in mn else self.rng.choice(['off', 'pre', 'post'])
        addr = {'off': '[%s, #%d]', 'pre': '[%s, #%d]!', 'post': '[%s], #%d'}[mode] % (b, imm)
        self.emit('%s\t%s%d, %s%d, %s' % (mn, rk, t1, rk, t2, addr))

    def post_index(self, total):
        r = self.rng.random()
        if r < 0.4:
            return ''
        if r < 0.7:
            return ', #%d' % total
        i = self.xreg()
        self.emit('mov\tx%d, #%d' % (i, self.rng.randint(-200, 200)))
        return ', x%d' % i

    def vlist(self, n, arr):
        t = self.rng.randint(0, 31)
        return '{' + ', '.join('v%d.%s' % ((t + k) % 32, arr) for k in range(n)) + '}'

    def multiple(self):
        arrs = {'8b': 8, '16b': 16, '4h': 8, '8h': 16, '2s': 8, '4s': 16, '1d': 8, '2d': 16}
        arr = self.rng.choice(list(arrs))
        n = self.rng.randint(1, 4)
        if n == 1 or arr == '1d':
            mn = self.rng.choice(['ld1', 'st1'])
            regs = self.rng.randint(1, 4)
        else:
            mn = self.rng.choice(['ld', 'st']) + str(n)
            regs = n
        b = self.base()
        post = self.post_index(regs * arrs[arr])
        self.emit('%s\t%s, [%s]%s' % (mn, self.vlist(regs, arr), b, post))

    def lanes(self):
        el, size, count = self.rng.choice([('b', 1, 16), ('h', 2, 8), ('s', 4, 4), ('d', 8, 2)])
        n = self.rng.randint(1, 4)
        b = self.base()
        if self.rng.random() < 0.3:
            arr = self.rng.choice({'b': ['8b', '16b'], 'h': ['4h', '8h'],
                                   's': ['2s', '4s'], 'd': ['1d', '2d']}[el])
            post = self.post_index(n * size)
            self.emit('ld%dr\t%s, [%s]%s' % (n, self.vlist(n, arr), b, post))
            return
        mn = self.rng.choice(['ld', 'st']) + str(n)
        post = self.post_index(n * size)
        self.emit('%s\t%s[%d], [%s]%s' % (mn, self.vlist(n, el), self.rng.randrange(count),
                                          b, post))

    def exclusive(self):
        size = self.rng.choice([1, 2, 4, 8, 16])
        b = self.base(align=16)
        if size == 16 or (size == 8 and self.rng.random() < 0.3):
            rk = 'x' if size == 16 else 'w'
            t1 = self.xreg()
            t2 = self.xreg((t1,))
            s = self.xreg((t1, t2))
            acq = self.rng.choice(['', 'a'])
            rel = self.rng.choice(['', 'l'])
            self.emit('ld%sxp\t%s%d, %s%d, [%s]' % (acq, rk, t1, rk, t2, b))
            self.emit('add\t%s%d, %s%d, #1' % (rk, t1, rk, t1))
            self.emit('st%sxp\tw%d, %s%d, %s%d, [%s]' % (rel, s, rk, t2, rk, t1, b))
            return
        suffix = {1: 'b', 2: 'h', 4: '', 8: ''}[size]
        rk = 'x' if size == 8 else 'w'
        t = self.xreg()
        s = self.xreg((t,))
        kind = self.rng.random()
        if kind < 0.5:
            self.emit('ld%sxr%s\t%s%d, [%s]' % (self.rng.choice(['', 'a']), suffix, rk, t, b))
            self.emit('add\t%s%d, %s%d, #3' % (rk, t, rk, t))
            if self.rng.random() < 0.2:
                self.emit('clrex')
            self.emit('st%sxr%s\tw%d, %s%d, [%s]' % (self.rng.choice(['', 'l']), suffix, s,
                                                     rk, t, b))
        elif kind < 0.75:
            self.emit('ldar%s\t%s%d, [%s]' % (suffix, rk, t, b))
        else:
            self.emit('stlr%s\t%s%d, [%s]' % (suffix, rk, t, b))

    def run(self, count):
        # Give the vector registers contents first.
        for v in range(0, 32, 4):
            self.emit('ld1\t{v%d.16b-v%d.16b}, [x27], #64' % (v, v + 3))
        self.emit('sub\tx27, x27, #512')
        kinds = [self.single_gpr] * 6 + [self.single_fp] * 3 + [self.pair] * 3 + \
            [self.multiple] * 2 + [self.lanes] * 2 + [self.exclusive] * 2
        for _ in range(count):
            self.rng.choice(kinds)()
        return '\n'.join(self.out) + '\n'


def main():
    seed, count, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    with open(out, 'w') as f:
        f.write('/* Random load/store snippet: gen-random.py %d %d */\n' % (seed, count))
        f.write(Gen(seed).run(count))


main()
