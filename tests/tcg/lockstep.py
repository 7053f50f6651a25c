#!/usr/bin/env python3
"""Compare two -d exec,cpu logs instruction by instruction.

    tests/tcg/lockstep.py [--from PC] [--allow PC]... REF.log OURS.log

REF is qemu-system-aarch64 -accel tcg,thread=single -singlestep
-d nochain,exec,cpu; OURS is armvisor -d exec,cpu (which translates one
insn a block under -d cpu). The logs are aligned at the first PC of OURS
(QEMU runs a boot stub first), then walked together; the first record
whose PC, X0..X30, SP or PSTATE differ is printed with the record before
it: the insn at that earlier PC is the one that went wrong. PC and
X0..X3 are compared from the start; the other registers and NZCV only
once the two logs agree on them (QEMU's boot stub leaves values there that
the booting protocol does not define). --allow PC (hex) accepts what the
insn at PC produces (e.g. an ID register we deliberately report
differently); those registers are compared again once they agree. Exit 0
when the common prefix matches. --from PC (hex) starts both logs at
their first record with that PC (past early code that reads ID registers
in which we and QEMU's CPU models differ, e.g. AArch32 support), with
every register but PC compared lazily as above.
"""
import re
import sys

REG = re.compile(r'\b(PC|X\d\d|SP)=([0-9a-f]{16})')
PSTATE = re.compile(r'PSTATE=([0-9a-f]{8})')


def records(path):
    """Yield dicts name -> int for each state dump, in order."""
    cur = None
    with open(path, errors='replace') as f:
        for line in f:
            if line.startswith('Trace'):
                continue
            regs = REG.findall(line)
            if line.startswith(' PC='):
                cur = {}
            if cur is None:
                continue
            for name, val in regs:
                cur[name] = int(val, 16)
            m = PSTATE.search(line)
            if m:
                cur['PSTATE'] = int(m.group(1), 16)
                yield cur
                cur = None


def show(tag, rec, keys):
    print('  %s: ' % tag + ' '.join('%s=%016x' % (k, rec.get(k, 0)) for k in keys))


def main():
    args = sys.argv[1:]
    allowed = set()
    start = None
    while len(args) > 2 and args[0] in ('--allow', '--from'):
        if args[0] == '--allow':
            allowed.add(int(args[1], 16))
        else:
            start = int(args[1], 16)
        args = args[2:]
    if len(args) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    ref = records(args[0])
    ours = records(args[1])
    first = next(ours, None)
    if start is not None:
        while first is not None and first.get('PC') != start:
            first = next(ours, None)
    if first is None:
        print('no state records in', args[1])
        return 2
    r = next((x for x in ref if x.get('PC') == first.get('PC')), None)
    if r is None:
        print('PC %016x never appears in %s' % (first['PC'], args[0]))
        return 2
    synced = {'PC', 'X00', 'X01', 'X02', 'X03'} if start is None else {'PC'}
    flags_synced = False
    prev_r = prev_o = None
    n = 0
    o = first
    while r is not None and o is not None:
        for k in r:
            if k != 'PSTATE' and r[k] == o.get(k):
                synced.add(k)
        if not flags_synced and (r['PSTATE'] >> 28) == (o['PSTATE'] >> 28):
            flags_synced = True
        mask = 0xffffffff if flags_synced else 0x0fffffff
        diff = [k for k in r if k in synced and k != 'PSTATE' and r[k] != o.get(k)]
        if (r['PSTATE'] & mask) != (o['PSTATE'] & mask):
            diff.append('PSTATE')
        if diff and prev_r is not None and prev_r['PC'] in allowed and 'PC' not in diff:
            synced -= set(diff)
            diff = []
        if diff:
            print('divergence after %d insns (ours vs reference):' % n)
            if prev_r is not None:
                print('  the insn at PC=%016x produced:' % prev_r['PC'])
            show('reference', r, ['PC'] + diff)
            show('ours     ', o, ['PC'] + diff)
            return 1
        prev_r, prev_o = r, o
        n += 1
        r = next(ref, None)
        o = next(ours, None)
    print('%d insns match' % n)
    return 0


if __name__ == '__main__':
    sys.exit(main())
