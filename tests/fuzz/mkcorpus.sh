#!/usr/bin/env bash
# Regenerate the seed corpora under tests/fuzz/corpus/<target>/: small,
# valid inputs that start each fuzzer past the checks a random input
# almost never passes (ring layouts, checksums, magic numbers, option
# names). Deterministic: rerunning changes no committed file.
#   tests/fuzz/mkcorpus.sh
set -eu
cd "$(dirname "$0")/../.."
out=tests/fuzz/corpus
mkdir -p "$out"/fuzz_{virtqueue,netcon,boot,gdbstub,cli,mmio,a64,its,9p,pci}

# fuzz_boot: the unit tests' generators write one file per format.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE -Itests/unit -o "$tmp/corpus_boot" \
	tests/fuzz/corpus_boot.c tests/unit/bootgen.c -lz
"$tmp/corpus_boot" "$out/fuzz_boot"

python3 - "$out" <<'PY'
import os, struct, sys
out = sys.argv[1]

def put(target, name, data):
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data)

# ---- fuzz_virtqueue: the target maps an address v to RAM_BASE - 0x800 + v ----
def blk(req_type, data_flags, indirect):
    # blk, indirect descriptors allowed, 16 entries, rings at RAM+0/0x100/0x200.
    hdr = bytes([0, 1, 4]) + struct.pack("<III", 0x800, 0x900, 0xa00) + bytes([0])
    ram = bytearray(0x3001)
    def desc(base, i, addr, length, flags, nxt):
        struct.pack_into("<QIHH", ram, base + 16 * i, 0x40000000 + addr, length, flags, nxt)
    if indirect:
        desc(0, 0, 0x400, 48, 4, 0)             # INDIRECT table of 3 at RAM+0x400
        table = 0x400
    else:
        table = 0
    desc(table, 0, 0x1000, 16, 1, 1)            # header, NEXT
    desc(table, 1, 0x2000, 512, data_flags | 1, 2)  # data, NEXT (WRITE for IN)
    desc(table, 2, 0x3000, 1, 2, 0)             # status, WRITE
    struct.pack_into("<HHH", ram, 0x100, 0, 1, 0)   # avail: idx 1, ring[0] = 0
    struct.pack_into("<IIQ", ram, 0x1000, req_type, 0, 3)  # type, sector 3
    return hdr + bytes(ram)

put("fuzz_virtqueue", "blk-read", blk(0, 2, False))
put("fuzz_virtqueue", "blk-write", blk(1, 0, False))
put("fuzz_virtqueue", "blk-read-indirect", blk(0, 2, True))
rng = bytearray(blk(0, 2, False))
rng[0] = 2                                       # the rng device, same chain
put("fuzz_virtqueue", "rng", bytes(rng))
# Legacy (virtio-mmio version 1) blk and rng: 4 KiB pages, QueueAlign 128,
# so QueuePFN = RAM_BASE / 4096 puts the descriptors at RAM+0, the
# available ring at RAM+0x100 and the used ring at RAM+0x180.
for dev, name in ((3, "legacy-blk-read"), (4, "legacy-rng")):
    seed = bytearray(blk(0, 2, False))
    seed[0] = dev
    seed[1] = 1 | 2 << 2 | 1 << 6
    put("fuzz_virtqueue", name, bytes(seed))

# ---- fuzz_pci: the transitional rng's legacy I/O BAR 0 at 0x1000 ----
def pio(write, size_log2, off, val=0):
    return bytes([(3 if write else 2) | 2 << 2, size_log2]) + struct.pack("<I", off)[:3] + struct.pack("<I", val)
ops = (pio(1, 0, 0x1012, 3) + pio(1, 2, 0x1004, 0) + pio(1, 1, 0x100e, 0) +
       pio(1, 2, 0x1008, 0x40000000 // 4096) + pio(1, 0, 0x1012, 7) +
       pio(1, 1, 0x1010, 0) + pio(0, 0, 0x1013))
ram = bytearray(0x1100)
struct.pack_into("<QIHH", ram, 0, 0x40000000 + 0x800, 16, 2, 0)   # 16 bytes, WRITE
struct.pack_into("<HHH", ram, 16 * 8, 0, 1, 0)   # avail after 8 descriptors: idx 1
put("fuzz_pci", "legacy-rng-pio", bytes([len(ops) // 9]) + ops + bytes(ram))

# ---- fuzz_netcon: net, MAC+STATUS, 8 entries, one TX of a 60-byte frame ----
addrs = [0x0, 0x100, 0x200, 0x1000, 0x1100, 0x1200]
hdr = bytes([0, 0x60, 3]) + b"".join(struct.pack("<I", a + 0x800) for a in addrs)
ops = bytes([0, 1, 0, 0])                        # notify the TX queue
hdr += bytes([len(ops) // 4])
ram = bytearray(0x2100)
struct.pack_into("<QIHH", ram, 0x1000, 0x40002000, 12 + 60, 0, 0)
struct.pack_into("<HHH", ram, 0x1100, 0, 1, 0)
put("fuzz_netcon", "net-tx", hdr + ops + bytes(ram))

# ---- fuzz_gdbstub: what gdb-multiarch sends on attach, then commands ----
def pkt(s):
    b = s.encode()
    return b"$" + b + b"#%02x" % (sum(b) & 0xff)

attach = [
    "qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;fork-events+;"
    "vfork-events+;exec-events+;vContSupported+;QThreadEvents+;no-resumed+;"
    "xmlRegisters=aarch64",
    "vMustReplyEmpty", "QStartNoAckMode", "Hgp0.0", "qXfer:features:read:target.xml:0,ffb",
    "qTStatus", "?", "qfThreadInfo", "qsThreadInfo", "qAttached", "Hc-1", "qC",
    "qOffsets", "g", "qSymbol::",
]
put("fuzz_gdbstub", "attach", b"+".join(pkt(p) for p in attach) + b"+")
session = [
    "Hg2", "p20", "p21", "P1f=0100000000000080", "m1000,40", "M1000,4:01020304",
    "X1010,2:\x7d\x03\x7d\x04", "Z0,1000,4", "z0,1000,4", "Z2,1000,8", "vCont?",
    "vCont;s:2;c", "T2", "s", "c", "qRcmd,7265736574", "D",
]
put("fuzz_gdbstub", "session", b"+".join(pkt(p) for p in session))
regs = "G" + "00" * (33 * 8 + 4 + 32 * 16 + 8)
put("fuzz_gdbstub", "regs", pkt("g") + b"+" + pkt(regs) + b"+" + pkt("k"))
# Run-length encoding (gdb's "0* " is eight zeros), a bad checksum, Ctrl-C.
put("fuzz_gdbstub", "framing", b"$m1000,10* #00-\x03" + pkt("m1000,10") + b"$m1000,4#ff+")

# ---- fuzz_cli: argv split at NUL bytes; the whole input as a config file ----
lines = [
    "-M virt -cpu cortex-a57 -smp 2 -m 1G -nographic -kernel Image -initrd "
    "initramfs.cpio.gz -append console=ttyAMA0",
    "-nographic -cpu cortex-a57 -readconfig virt.cfg",
    "-M virt,gic-version=3,dumpdtb=virt.dtb -smp cpus=4 -m 512M -accel tcg,jit=on,tb-size=64",
    "-machine virt -enable-kvm -cpu host -s -S -no-reboot -d in_asm,int,guest_errors -D log.txt",
    "-gdb tcp:127.0.0.1:1234 -serial file:serial.log -dtb board.dtb -kernel vmlinux",
    "-drive file=disk.img,if=none,id=d0,format=raw,cache=none,serial=S1,file.locking=off "
    "-device virtio-blk-device,drive=d0 -drive file=ro.img,if=virtio,format=raw,readonly=on",
    "-netdev user,id=n0,hostfwd=tcp:127.0.0.1:2222-:22 -device virtio-net-device,netdev=n0,"
    "mac=52:54:00:12:34:56 -nic user -device virtio-rng-device",
    "-chardev socket,id=c0,path=/tmp/s,server=on,wait=off -device virtio-serial-device "
    "-device virtconsole,chardev=c0 -global virtio-mmio.ioeventfd=off "
    "-global virtio-mmio.force-legacy=off",
]
for i, line in enumerate(lines):
    put("fuzz_cli", "argv%d" % i, line.replace(" ", "\0").encode())
with open("tests/data/virt.cfg", "rb") as f:
    put("fuzz_cli", "virt.cfg", f.read())
put("fuzz_cli", "devices.cfg", b"""[drive "d0"]
  file = "disk.img"
  if = "none"
  format = "raw"

[device]
  driver = "virtio-blk-device"
  drive = "d0"

[netdev "n0"]
  type = "user"
  hostfwd = "tcp::2222-:22"

[chardev "c0"]
  backend = "file"
  path = "out.txt"

[accel]
  accel = "tcg"

[global]
  driver = "virtio-mmio"
  property = "ioeventfd"
  value = "off"
""")

# ---- fuzz_mmio: 8-byte operations (see the target's comment) ----
def op(region, write, size, off, val, other=False):
    ctrl = region | (8 if write else 0) | {0: 0, 1: 0, 2: 1, 4: 2, 8: 3}[size] << 4 | (0x40 if other else 0)
    return bytes([ctrl, off >> 8 & 0xff, off & 0xff]) + struct.pack("<I", val) + bytes([off >> 16 & 1])

UART, V2D, V2C, V3D, V3R = range(5)
put("fuzz_mmio", "pl011", b"".join([
    op(UART, 1, 4, 0x30, 0x301), op(UART, 1, 4, 0x2c, 0x70), op(UART, 1, 4, 0x38, 0x70),
    op(UART, 1, 4, 0x00, 0x41), op(UART, 0, 4, 0x18, 0), op(UART, 0, 0, 0, 0x68696a6b, True),
    op(UART, 0, 4, 0x00, 0), op(UART, 0, 4, 0x40, 0), op(UART, 1, 4, 0x44, 0x7ff),
    op(UART, 0, 4, 0xfe0, 0), op(UART, 0, 1, 0xfe4, 0),
]))
put("fuzz_mmio", "gicv2", b"".join([
    op(V2D, 1, 4, 0x000, 1), op(V2C, 1, 4, 0x00, 1), op(V2C, 1, 4, 0x04, 0xf0),
    op(V2D, 1, 1, 0x400 + 33, 0x80), op(V2D, 1, 4, 0x104, 2), op(V2D, 0, 0, 33 - 16, 1, True),
    op(V2C, 0, 4, 0x0c, 0), op(V2C, 1, 4, 0x10, 33), op(V2D, 1, 4, 0xf00, (2 << 24) | 3),
    op(V2D, 0, 1, 0xf23, 0), op(V2D, 1, 4, 0x800 + 32, 0x01010101), op(V2D, 0, 4, 0xc08, 0),
]))
put("fuzz_mmio", "gicv3", b"".join([
    op(V3D, 1, 4, 0x000, 0x12), op(V3R, 1, 4, 0x14, 0), op(V3R, 0, 4, 0x14, 0),
    op(V3R, 1, 4, 0x10080, 0xffffffff), op(V3R, 1, 4, 0x10100, 1 << 27),
    op(V3D, 1, 4, 0x84, 0xffffffff), op(V3D, 1, 4, 0x104, 2), op(V3D, 1, 8, 0x6108, 0),
    op(V3D, 0, 8, 0x6108, 0), op(V3D, 0, 0, 33 - 16, 1, True), op(V3R, 0, 8, 0x08, 0),
    op(V3D, 0, 4, 0xffe8, 0),
]))

# ---- fuzz_a64: instruction words ----
def words(*ws):
    return b"".join(struct.pack("<I", w) for w in ws)

put("fuzz_a64", "alu", words(0x8b020020, 0x0a020020, 0x9340fc20, 0x8b820c20, 0x9b027c20,
                              0x9ac20c20, 0x93c2fc20, 0xf100041f, 0x54000040, 0xd503201f))
put("fuzz_a64", "ldst", words(0xf9400020, 0xf9000020, 0xa9bf7bfd, 0xa8c17bfd, 0x38401420,
                               0xc85f7c20, 0xc8027c20, 0x3dc00020, 0xb8626820))
put("fuzz_a64", "fp", words(0x1e622820, 0x4ea21c20, 0x1e610820, 0x9e670020, 0x1e220020,
                             0x4e208420))
put("fuzz_a64", "sys", words(0xd53b4200, 0xd518c000, 0xd5184600, 0xd538cc00, 0xd5181000,
                              0xd4000001, 0xd503207f))
put("fuzz_a64", "loop", words(0xd1000400, 0xb5ffffe0, 0x17ffffff))
# The x86-64 tier's inline forms (flag setters, CSEL and kin, ADR, every
# direct branch kind), for the tier comparison.
put("fuzz_a64", "inline", words(0xab020023, 0x9a820024, 0x71000425, 0x1a82b426, 0xf2401c27,
                                0xda821428, 0x10000009, 0xeb02003f, 0x54000048, 0xd503201f,
                                0x37400041, 0xda84306a, 0xb4000044, 0xcb820c2b, 0x94000001,
                                0x3100143f, 0x5400004a, 0x8b22082c))
# Code that rewrites itself: copy word 6 over word 7 (x2 = the code), IC IVAU, ISB.
put("fuzz_a64", "smc", words(0x91402002, 0xb9401841, 0xb9001c41, 0xd50b7522, 0xd5033fdf,
                             0xd503201f, 0xd2824685, 0xd28acf06))

# ---- fuzz_its: 40-byte operations (see the target's comment) ----
def its_op(kind, region_or_size=0, off=0, payload=b""):
    return bytes([kind, region_or_size]) + struct.pack("<I", off)[:3] + bytes(3) + \
        payload.ljust(32, b"\0")
def its_cmd(*dw):
    return its_op(0, 0, 0, struct.pack("<4Q", *(list(dw) + [0] * (4 - len(dw)))))
itt, dev = 0x40060000, 5
def cfg(intid, byte):
    return its_op(4, 0, 0x20000 + intid - 8192 - 0x1000, bytes([byte]))
boot = [
    its_cmd(0x09, 0, 0 | 0 << 16 | 1 << 63),               # MAPC 0 -> CPU 0
    its_cmd(0x09, 0, 1 | 1 << 16 | 1 << 63),               # MAPC 1 -> CPU 1
    its_cmd(0x08 | dev << 32, 3, itt | 1 << 63),           # MAPD, 16 events
    its_cmd(0x0a | dev << 32, 2 | 8300 << 32, 0),          # MAPTI event 2
    cfg(8300, 0xa1),
    its_cmd(0x0c | dev << 32, 2, 0),                       # INV
]
msi = its_op(3, 0, 0, struct.pack("<II", dev, 2))
put("fuzz_its", "msi-ack", b"".join(boot + [msi, its_op(5)]))
put("fuzz_its", "movi-discard", b"".join(boot + [
    msi, its_cmd(0x01 | dev << 32, 2, 1), its_cmd(0x05, 0, 1 << 16),
    its_cmd(0x0f | dev << 32, 2, 0), msi, its_cmd(0x0e, 0, 1 << 16, 0)]))
put("fuzz_its", "int-clear-invall", b"".join(boot + [
    its_cmd(0x03 | dev << 32, 2), its_cmd(0x04 | dev << 32, 2), its_cmd(0x0d, 0, 0),
    its_cmd(0x0b | dev << 32, 8200, 1), its_op(5)]))
# An ITT entry the guest forged (INTID 5, ICID 0), then commands over it.
put("fuzz_its", "forged-itt", b"".join(boot[:3] + [
    its_op(4, 0, itt - 0x40000000 - 0x1000 + 8 * 2, struct.pack("<Q", 1 << 63 | 5)),
    its_cmd(0x01 | dev << 32, 2, 1), its_cmd(0x03 | dev << 32, 2), msi,
    its_cmd(0x0f | dev << 32, 2)]))
put("fuzz_its", "registers", b"".join([
    its_op(2, 0 | 3 << 2, 0x08), its_op(1, 0 | 3 << 2, 0x100, struct.pack("<Q", 0xc7000000402f0403)),
    its_op(1, 0 | 2 << 2, 0x00, struct.pack("<Q", 0)),
    its_op(1, 0 | 3 << 2, 0x80, struct.pack("<Q", 0x7ffff000 | 1 << 63)),
    its_op(1, 0 | 2 << 2, 0x00, struct.pack("<Q", 1)),
    its_op(1, 0 | 3 << 2, 0x88, struct.pack("<Q", 0x40)),
    its_op(1, 1 | 3 << 2, 0x70, struct.pack("<Q", 0x40020000 | 15)),
    its_op(1, 0 | 2 << 2, 0x10040, struct.pack("<Q", 2))]))
# ---- fuzz_9p: [model] then records [flags][len le16][message]; fid 0 is
# the share's root. Messages as Linux's v9fs sends them (net/9p/client.c).
def p9str(s):
    return struct.pack("<H", len(s)) + s
def p9msg(t, body, tag=1):
    return struct.pack("<IBH", 7 + len(body), t, tag) + body
def rec(msg, room=0):
    return bytes([1 | room << 1]) + struct.pack("<H", len(msg)) + msg
def walk(fid, newfid, *names):
    return p9msg(110, struct.pack("<IIH", fid, newfid, len(names)) + b"".join(p9str(n) for n in names))
def fid_op(t, fid, rest=b""):
    return p9msg(t, struct.pack("<I", fid) + rest)
read_file = (rec(walk(0, 1, b"file")) + rec(fid_op(12, 1, struct.pack("<I", 0))) +
             rec(fid_op(116, 1, struct.pack("<QI", 0, 4096))) +
             rec(fid_op(24, 1, struct.pack("<Q", 0x7ff))) + rec(fid_op(120, 1)))
put("fuzz_9p", "read", b"\x00" + read_file)
put("fuzz_9p", "read-mapped-ro", b"\x03" + read_file)
put("fuzz_9p", "create-write", b"\x00" + rec(walk(0, 1)) +
    rec(p9msg(14, struct.pack("<I", 1) + p9str(b"new") + struct.pack("<III", 2, 0o644, 0))) +
    rec(fid_op(118, 1, struct.pack("<QI", 0, 5) + b"hello")) +
    rec(fid_op(26, 1, struct.pack("<IIIIQQQQQ", 1 | 8, 0o600, 0, 0, 2, 0, 0, 0, 0))) +
    rec(p9msg(74, struct.pack("<I", 0) + p9str(b"new") + struct.pack("<I", 0) + p9str(b"moved"))))
put("fuzz_9p", "namespace", b"\x01" +
    rec(p9msg(72, struct.pack("<I", 0) + p9str(b"d") + struct.pack("<II", 0o755, 0))) +
    rec(p9msg(16, struct.pack("<I", 0) + p9str(b"l") + p9str(b"../outside/secret") + struct.pack("<I", 0))) +
    rec(p9msg(18, struct.pack("<I", 0) + p9str(b"n") + struct.pack("<IIII", 0o10644, 0, 0, 0))) +
    rec(walk(0, 2, b"file")) + rec(p9msg(70, struct.pack("<II", 0, 2) + p9str(b"hard"))) +
    rec(walk(0, 3, b"l")) + rec(fid_op(22, 3)) +
    rec(p9msg(76, struct.pack("<I", 0) + p9str(b"d") + struct.pack("<I", 0x200))) +
    rec(fid_op(122, 2)))
put("fuzz_9p", "readdir", b"\x00" + rec(walk(0, 1, b"dir")) + rec(fid_op(12, 1, struct.pack("<I", 0))) +
    rec(fid_op(40, 1, struct.pack("<QI", 0, 64)), 10) + rec(fid_op(40, 1, struct.pack("<QI", 1, 8192))))
put("fuzz_9p", "escape", b"\x00" + rec(walk(0, 1, b"abs", b"secret")) + rec(walk(0, 1, b"..", b"outside")) +
    rec(walk(0, 1, b"rel")) + rec(fid_op(12, 1, struct.pack("<I", 2))) +
    rec(p9msg(14, struct.pack("<I", 0) + p9str(b"../x") + struct.pack("<III", 2, 0o644, 0))))
put("fuzz_9p", "xattr", b"\x01" + rec(walk(0, 1, b"file")) +
    rec(p9msg(32, struct.pack("<I", 1) + p9str(b"user.k") + struct.pack("<QI", 2, 0))) +
    rec(fid_op(118, 1, struct.pack("<QI", 0, 2) + b"v!")) + rec(fid_op(120, 1)) +
    rec(walk(0, 1, b"file")) + rec(p9msg(30, struct.pack("<II", 1, 2) + p9str(b""))) +
    rec(fid_op(116, 2, struct.pack("<QI", 0, 100))) + rec(fid_op(8, 0)) +
    rec(fid_op(52, 1, struct.pack("<BIQQI", 1, 0, 0, 0, 1) + p9str(b"c"))) +
    rec(fid_op(54, 1, struct.pack("<BQQI", 1, 0, 0, 1) + p9str(b"c"))) +
    rec(p9msg(108, struct.pack("<H", 1))))

# ---- fuzz_fw_cfg: [0..1] RAM bytes, RAM image, then 8-byte ops ----
def fwop(dev, write, size_log2, off, val, dma_in_ram=0, hi=0):
    return bytes([dev | write << 1 | size_log2 << 2 | dma_in_ram << 4, off >> 8, off & 0xff]) + \
        struct.pack("<I", val) + bytes([hi])
os.makedirs(os.path.join(out, "fuzz_fw_cfg"), exist_ok=True)
# The signature and ID through the data register (selector big-endian).
put("fuzz_fw_cfg", "signature", b"\0\0" + fwop(0, 1, 1, 8, 0x0000) + fwop(0, 0, 2, 0, 0) +
    fwop(0, 1, 1, 8, 0x0100) + fwop(0, 0, 2, 0, 0) + fwop(0, 0, 3, 16, 0))
# DMA: select the file directory and read it to RAM + 0x100.
acc = struct.pack(">IIQ", 0x19 << 16 | 0x0a, 4 + 64 * 2, 0x40000100)
put("fuzz_fw_cfg", "dma-dir", struct.pack(">H", len(acc)) + acc + fwop(0, 1, 3, 16, 0, 1))
# Flash: CFI query, word program, block erase, buffered program, status.
put("fuzz_fw_cfg", "pflash", b"\0\0" + fwop(1, 1, 2, 0x154, 0x98) + fwop(1, 0, 2, 0x40, 0) +
    fwop(1, 1, 2, 0, 0x40) + fwop(1, 1, 2, 0x100, 0x1234) + fwop(1, 1, 2, 0, 0x20) +
    fwop(1, 1, 2, 0, 0xd0) + fwop(1, 1, 2, 0x800, 0xe8) + fwop(1, 1, 2, 0x800, 1) +
    fwop(1, 1, 2, 0x800, 0x11) + fwop(1, 1, 2, 0x804, 0x22) + fwop(1, 1, 2, 0x800, 0xd0) +
    fwop(1, 1, 2, 0, 0x70) + fwop(1, 0, 2, 0, 0) + fwop(1, 1, 2, 0, 0xff))

# ---- fuzz_snapshot: [0] odd = the target recomputes the CRC, then a file ----
import zlib

def snap_sec(tag, payload):
    return tag + struct.pack("<IQ", 0, len(payload)) + payload

def snap_irq(enabled=0, prio=0xa0):
    return struct.pack("<8BQ", enabled, 0, 0, 1, 0, 0, prio, 1, 0)

def snap_mach():
    cpu = struct.pack("<31Q", *range(31)) + struct.pack("<6Q", 0x1000, 0x2000, 0x40080000, 0x3c5, 0, 0)
    cpu += bytes(512) + struct.pack("<II", 0, 0)
    cpu += struct.pack("<I", 2) + struct.pack("<HQ", 0xc080, 0x30d00800) + struct.pack("<HQ", 0xc102, 0)
    cpu += struct.pack("<QIQIQ", 1000, 0, 0, 1, 2000) + struct.pack("<IQ", 1, 0x80000000)
    cpu += struct.pack("<15Q", 0x411fd070, 0, 0x11, 0, 0, 0, 0x10000, 0, 0, 0, 0, 0, 0, 0, 0)
    gic = struct.pack("<II", 3, 3) + b"".join(snap_irq(i < 4) for i in range(256))
    gcpu = b"".join(snap_irq(1) for i in range(32)) + bytes(16) + struct.pack("<I5B", 0, 0xf0, 2, 3, 0, 1)
    gcpu += struct.pack("<8I", 0, 0, 0, 0, 1 << 20, 0, 0, 0) + struct.pack("<IBQQ", 0, 1, 0x40100000, 0x40110000)
    gcpu += struct.pack("<Q", 0x8001) + bytes(8 * 895)
    its = struct.pack("<BIQQQ", 1, 1, 0x8000000040120000, 0x20, 0x20) + bytes(64) + b"\0"
    its += struct.pack("<H", 1) + bytes(2 * 255) + struct.pack("<I", 1) + struct.pack("<IBQ", 8, 5, 0x40130000)
    return struct.pack("<I", 1) + b"tcg".ljust(8, b"\0") + cpu + gic + gcpu + b"\0" + its

def snap_devs():
    pl011 = struct.pack("<I2H9IBI", 2, 0x41, 0x42, 0, 0, 0, 0, 0x70, 0x301, 0x12, 0x50, 0x10, 1, 0)
    pl061 = bytes([0, 8, 0, 0, 0, 8, 8, 0, 0])
    rec = lambda n, b: struct.pack("<I", len(n)) + n + struct.pack("<Q", len(b)) + b
    # pflash1: status mode after a word program, one page of contents; fw_cfg mid-read.
    flash = struct.pack("<4BIQB", 0x70, 0x80, 0, 0, 0, 0, 1) + b"\x01" + bytes(2047) + \
        b"\x5a" * 4096
    fw_cfg = struct.pack("<IQQ", 0x15, 2, 0)
    return rec(b"pl011", pl011) + rec(b"pl061", pl061) + rec(b"pflash1", flash) + \
        rec(b"fw_cfg", fw_cfg) + snap_pci(rec)

# PCI records (docs/snapshot.md "PCI"): config bytes, MSI-X, vectors, the virtio device.
def snap_pci_cfg(bars):
    cfg = bytearray(256)
    cfg[4] = 0x06                                    # Command: memory, bus master
    for n, v in bars:
        cfg[0x10 + 4 * n:0x14 + 4 * n] = struct.pack("<I", v)
    return bytes(cfg)

def snap_msix(entries, pba=0):
    return struct.pack("<I", len(entries)) + b"".join(
        struct.pack("<QII", a, d, c) for a, d, c in entries) + struct.pack("<Q", pba)

def snap_virtio_rng(ready):
    q = struct.pack("<HBQQQHHHBB", 8, ready, 0x40000000, 0x40001000, 0x40002000, 1, 1, 1, 1, 0)
    return struct.pack("<IBIIIQII", 4, 0x0f, 0, 0, 0, 1 << 32, 0, 0) + struct.pack("<I", 0) + \
        struct.pack("<I", 1) + q

def snap_pci(rec):
    rng = snap_pci_cfg([(1, 0x10000000), (4, 0x0000000c), (5, 0x80)]) + \
        snap_msix([(0x08090040, 0x20, 0), (0x08090040, 0x21, 1)], 2) + \
        struct.pack("<HIH", 0, 1, 1) + snap_virtio_rng(1)
    port = snap_pci_cfg([(0, 0x10004000)]) + snap_msix([(0x08090040, 0x30, 1)])
    port = bytearray(port)
    port[0x18:0x1b] = bytes([0, 1, 1])               # primary, secondary, subordinate bus
    below = snap_pci_cfg([(0, 0x1001), (1, 0x10100000), (4, 0x0010000c), (5, 0x80)]) + \
        snap_msix([(0, 0, 1), (0, 0, 1)]) + struct.pack("<HIH", 0xffff, 1, 0xffff) + \
        snap_virtio_rng(0)
    return rec(b"pci@00:00.0", snap_pci_cfg([])) + rec(b"pci@00:02.0", bytes(port)) + \
        rec(b"pci@00:01.0", rng) + rec(b"pci@00:02.0/00.0", below)

def snap_file(ram_pages):
    f = b"ARMVSNAP" + struct.pack("<II", 2, 48) + b"seed".ljust(32, b"\0")
    f += snap_sec(b"CONF", b"machine=virt\nram-size=2097152\ncpus=1\n")
    f += snap_sec(b"MACH", snap_mach()) + snap_sec(b"DEVS", snap_devs())
    if ram_pages:
        head = struct.pack("<Q", 0x40000000) + bytes([(1 << ram_pages) - 1]) + bytes(63)
        f += snap_sec(b"RAMC", head + b"".join(bytes([0x10 + i]) * 4096 for i in range(ram_pages)))
    f += b"END " + struct.pack("<IQ", 0, 4)
    return f + struct.pack("<I", zlib.crc32(f))

os.makedirs(os.path.join(out, "fuzz_snapshot"), exist_ok=True)
put("fuzz_snapshot", "stored-crc", b"\x00" + snap_file(0))
put("fuzz_snapshot", "ram-fixed-crc", b"\x01" + snap_file(2))
PY
echo "corpora in $out"
