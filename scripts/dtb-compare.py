#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare our DTB with QEMU's for the same options.

usage: dtb-compare.py [--ours-may-add PROP,...] OURS.dtb QEMU.dtb

Both blobs are decompiled with dtc and parsed back. Every node we emit
must exist in QEMU's tree with the same properties (byte for byte), in
the same order among its siblings; phandle numbers may differ, so
phandle-valued properties are compared by the path they point at.
QEMU's nodes we leave out must be devices we do not emulate (SKIPPABLE).
--ours-may-add names properties we may write where QEMU writes none (for
-dtb, where we add seeds QEMU leaves out). Exit 0 when the trees agree, 1 on a difference, 2 on a usage or dtc error.
"""

import re
import subprocess
import sys

# QEMU 7.2 virt nodes for devices armvisor does not emulate.
SKIPPABLE = ("platform-bus", "fw-cfg", "flash")

# Properties whose cells are all phandles (clocks: apb-pclk has
# #clock-cells = <0>, so no specifier cells follow).
PHANDLE_PROPS = ("interrupt-parent", "clocks", "cpu")

# <rid-base phandle id-base length> tuples (bindings/pci/pci-msi.txt):
# compared with the phandle as the path it points at. Our tree may lack
# the property while QEMU's points at an MSI controller we leave out.
MSI_MAP_PROPS = ("msi-map",)

# Random per boot: only their presence and length are compared.
RANDOM_PROPS = ("rng-seed", "kaslr-seed")

# QEMU writes kaslr-seed; our caller may not supply one yet: warn only.
WARN_IF_MISSING = ("kaslr-seed",)

# Where the initrd goes is the loader's choice: compare its length.
INITRD_PROPS = ("linux,initrd-start", "linux,initrd-end")


class Node:
    def __init__(self, path):
        self.path = path
        self.props = {}         # name -> bytes
        self.children = []      # names, in blob order


def decompile(path):
    res = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", path],
                         capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit("dtb-compare: dtc cannot read %s: %s" % (path, res.stderr))
    return res.stdout


STRING_ESCAPES = {"0": b"\0", "n": b"\n", "t": b"\t", "r": b"\r",
                  '"': b'"', "\\": b"\\", "'": b"'"}


def parse_string(s):
    out = bytearray()
    i = 0
    while i < len(s):
        c = s[i]
        if c != "\\":
            out += c.encode()
            i += 1
        elif s[i + 1] == "x":
            out.append(int(s[i + 2:i + 4], 16))
            i += 4
        else:
            out += STRING_ESCAPES[s[i + 1]]
            i += 2
    return bytes(out + b"\0")


# One value component as dtc prints it: <cells>, "string" or [bytes].
VALUE_RE = re.compile(r'\s*(?:<([^>]*)>|"((?:[^"\\]|\\.)*)"|\[([^\]]*)\])\s*(,|$)')


def parse_value(text):
    out = b""
    pos = 0
    while pos < len(text):
        m = VALUE_RE.match(text, pos)
        if not m:
            raise ValueError("cannot parse value: %r" % text)
        cells, string, data = m.group(1), m.group(2), m.group(3)
        if cells is not None:
            for c in cells.split():
                out += int(c, 0).to_bytes(4, "big")
        elif string is not None:
            out += parse_string(string)
        else:
            out += bytes.fromhex(data.replace(" ", ""))
        pos = m.end()
    return out


PROP_RE = re.compile(r"^([^\s=]+)(?:\s*=\s*(.*))?;$")


def parse_dts(text):
    """Return {path: Node} and the root, from dtc's canonical output."""
    nodes = {}
    stack = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("/dts-v1/") or line.startswith("/memreserve/"):
            continue
        if line.endswith("{"):
            name = line[:-1].strip()
            if name == "/":
                path = "/"
            else:
                parent = stack[-1]
                parent.children.append(name)
                path = parent.path.rstrip("/") + "/" + name
            node = Node(path)
            nodes[path] = node
            stack.append(node)
        elif line == "};":
            stack.pop()
        else:
            m = PROP_RE.match(line)
            if not m:
                raise ValueError("cannot parse line: %r" % raw)
            value = parse_value(m.group(2)) if m.group(2) is not None else b""
            stack[-1].props[m.group(1)] = value
    return nodes


def cells(value):
    return [int.from_bytes(value[i:i + 4], "big") for i in range(0, len(value), 4)]


def phandle_paths(nodes, value):
    by_phandle = {int.from_bytes(n.props["phandle"], "big"): p
                  for p, n in nodes.items() if "phandle" in n.props}
    return [by_phandle.get(c, "<dangling 0x%x>" % c) for c in cells(value)]


class Comparison:
    def __init__(self, ours, qemu, may_add=()):
        self.ours = ours
        self.qemu = qemu
        self.may_add = may_add
        self.errors = []
        self.warnings = []

    def fail(self, msg):
        self.errors.append(msg)

    def msi_map(self, nodes, value):
        c = cells(value)
        out = []
        for i in range(0, len(c) - 3, 4):
            target = phandle_paths(nodes, c[i + 1].to_bytes(4, "big"))[0]
            out.append((c[i], target, c[i + 2], c[i + 3]))
        return out

    def msi_target_left_out(self, value):
        targets = [t for _, t, _, _ in self.msi_map(self.qemu, value)]
        return all(t not in self.ours and t.rsplit("/", 1)[-1].split("@")[0]
                   in SKIPPABLE for t in targets)

    def prop(self, path, name):
        a = self.ours[path].props.get(name)
        b = self.qemu[path].props.get(name)
        if a is None and name in MSI_MAP_PROPS and b is not None and \
                self.msi_target_left_out(b):
            self.warnings.append("%s: no %s (its controller is left out)" % (path, name))
        elif a is None or b is None:
            if a is None and name in WARN_IF_MISSING:
                self.warnings.append("%s: no %s (QEMU writes one)" % (path, name))
            elif a is None:
                self.fail("%s: we lack %s" % (path, name))
            elif name not in self.may_add:
                self.fail("%s: QEMU has no %s" % (path, name))
        elif name == "phandle":
            pass                # compared through the references
        elif name in PHANDLE_PROPS:
            pa, pb = phandle_paths(self.ours, a), phandle_paths(self.qemu, b)
            if pa != pb:
                self.fail("%s %s: ours -> %s, QEMU's -> %s" % (path, name, pa, pb))
        elif name in MSI_MAP_PROPS:
            ma, mb = self.msi_map(self.ours, a), self.msi_map(self.qemu, b)
            if ma != mb:
                self.fail("%s %s: ours %s, QEMU's %s" % (path, name, ma, mb))
        elif name in RANDOM_PROPS:
            if len(a) != len(b):
                self.fail("%s %s: %d bytes, QEMU %d" % (path, name, len(a), len(b)))
        elif name in INITRD_PROPS:
            pass                # see initrd()
        elif a != b:
            self.fail("%s %s: ours %s, QEMU's %s" % (path, name, show(a), show(b)))

    def initrd(self):
        def length(nodes):
            props = nodes.get("/chosen", Node("/chosen")).props
            if INITRD_PROPS[0] not in props:
                return None
            start = int.from_bytes(props[INITRD_PROPS[0]], "big")
            return int.from_bytes(props[INITRD_PROPS[1]], "big") - start
        a, b = length(self.ours), length(self.qemu)
        if a != b:
            self.fail("/chosen initrd length: ours %s, QEMU's %s" % (a, b))

    def order(self, path):
        ours = self.ours[path].children
        theirs = [c for c in self.qemu[path].children if c in ours]
        if ours != theirs:
            self.fail("%s: children in order %s, QEMU's %s" % (path, ours, theirs))

    def skipped(self):
        """QEMU's nodes we lack, each listed once (not its children)."""
        out = []
        for path in self.qemu:
            parent, name = path.rsplit("/", 1)
            if path in self.ours or (parent or "/") not in self.ours:
                continue
            if name.split("@")[0] in SKIPPABLE:
                out.append(path)
            else:
                self.fail("%s: QEMU has it, we do not" % path)
        return out

    def run(self):
        for path in self.ours:
            if path not in self.qemu:
                self.fail("%s: not in QEMU's tree" % path)
                continue
            names = set(self.ours[path].props) | set(self.qemu[path].props)
            for name in sorted(names):
                self.prop(path, name)
            self.order(path)
        self.initrd()
        return self.skipped()


def show(value):
    if len(value) % 4 == 0 and value:
        return "<%s>" % " ".join("0x%x" % c for c in cells(value))
    return repr(value)


def main(argv):
    may_add = ()
    if len(argv) == 5 and argv[1] == "--ours-may-add":
        may_add = tuple(argv[2].split(","))
        argv = argv[:1] + argv[3:]
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    ours = parse_dts(decompile(argv[1]))
    qemu = parse_dts(decompile(argv[2]))
    cmp = Comparison(ours, qemu, may_add)
    skipped = cmp.run()
    print("compared %d nodes; left out (not emulated): %s"
          % (len(ours), " ".join(skipped) or "none"))
    for w in cmp.warnings:
        print("warning: " + w)
    for e in cmp.errors:
        print("DIFFERENT: " + e)
    return 1 if cmp.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
