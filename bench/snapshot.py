#!/usr/bin/env python3
"""Snapshot cost of a 1 GiB guest under armvisor and qemu-system-aarch64
(TCG both), alternating, with ratios of medians (armvisor / QEMU):

  - save: QMP migrate to exec:cat >FILE until query-migrate says completed
    (QEMU 7.2 has no file: URI), the guest having filled FILL MiB of its
    RAM with random bytes (/dev/shm) so the file is not all skipped zeros;
  - file size;
  - restore: from starting the VMM with -incoming to the guest's shell
    answering a typed command.

    bench/snapshot.py [--runs N] [--mem MiB] [--fill MiB]

Needs the guest kit (scripts/guest-kit.sh) and builds its initramfs.
"""
import argparse, json, os, re, select, socket, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Vm:
    def __init__(self, argv, qmp_path):
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT)
        self.out = b""
        end = time.monotonic() + 120
        while True:
            try:
                self.s = socket.socket(socket.AF_UNIX)
                self.s.connect(qmp_path)
                break
            except OSError:
                if time.monotonic() > end or self.p.poll() is not None:
                    raise SystemExit("cannot connect to QMP: %s" % self.out[-500:])
                time.sleep(0.05)
        self.rx = b""
        self.msgs = []
        self.seq = 0
        self.wait(lambda m: "QMP" in m)
        self.cmd("qmp_capabilities")

    def pump(self, t):
        r, _, _ = select.select([self.s, self.p.stdout], [], [], t)
        if self.p.stdout in r:
            self.out += os.read(self.p.stdout.fileno(), 65536)
        if self.s in r:
            d = self.s.recv(65536)
            if not d:
                raise SystemExit("QMP closed: %s" % self.out[-500:])
            self.rx += d
            while b"\n" in self.rx:
                line, self.rx = self.rx.split(b"\n", 1)
                if line.strip():
                    self.msgs.append(json.loads(line))

    def wait(self, pred, timeout=900):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for i, m in enumerate(self.msgs):
                if pred(m):
                    return self.msgs.pop(i)
            self.pump(0.05)
        raise SystemExit("timeout waiting on QMP")

    def cmd(self, name, args=None):
        self.seq += 1
        req = {"execute": name, "id": self.seq}
        if args:
            req["arguments"] = args
        self.s.sendall(json.dumps(req).encode() + b"\n")
        r = self.wait(lambda m: m.get("id") == self.seq)
        if "error" in r:
            raise SystemExit("%s: %r" % (name, r))
        return r["return"]

    def type_and_wait(self, line, pattern, timeout=900):
        start = len(self.out)
        self.p.stdin.write(line.encode() + b"\n")
        self.p.stdin.flush()
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            m = re.search(pattern, self.out[start:])
            if m:
                return m
            self.pump(0.05)
        raise SystemExit("console never showed %r: %s" % (pattern, self.out[-500:]))

    def quit(self):
        self.s.sendall(b'{"execute": "quit"}\n')
        self.p.wait(60)


def one(vmm, args, work, initrd, kit):
    qmp = os.path.join(work, "qmp.sock")
    snap = os.path.join(work, "snap.bin")
    for f in (qmp, snap):
        if os.path.exists(f):
            os.unlink(f)
    base = [vmm, "-M", "virt", "-cpu", "cortex-a57", "-m", "%dM" % args.mem, "-nographic",
            "-nic", "none", "-kernel", os.path.join(kit, "Image"), "-initrd", initrd,
            "-append", "console=ttyAMA0 quiet", "-qmp", "unix:%s,server=on,wait=off" % qmp]
    if "armvisor" in os.path.basename(vmm):
        base += ["-sandbox", "off"]
    vm = Vm(base, qmp)
    vm.type_and_wait("echo R=$((40+2))", rb"R=42")
    vm.type_and_wait("dd if=/dev/urandom of=/dev/shm/fill bs=1M count=%d 2>/dev/null; echo F=$((1+1))"
                     % args.fill, rb"F=2")
    t0 = time.monotonic()
    vm.cmd("migrate", {"uri": "exec:cat >%s" % snap})
    while vm.cmd("query-migrate").get("status") not in ("completed", "failed"):
        time.sleep(0.05)
    save = time.monotonic() - t0
    info = vm.cmd("query-migrate")
    if info.get("status") != "completed":
        raise SystemExit("migrate failed: %r" % info)
    vm.quit()
    size = os.path.getsize(snap)
    os.unlink(qmp)
    t0 = time.monotonic()
    vm = Vm(base + ["-incoming", "exec:cat %s" % snap], qmp)
    vm.type_and_wait("echo A=$((6*7))", rb"A=42")
    restore = time.monotonic() - t0
    vm.quit()
    return {"save_s": save, "size_mib": size / 1048576.0, "restore_s": restore}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--mem", type=int, default=1024)
    ap.add_argument("--fill", type=int, default=256)
    ap.add_argument("--armvisor", default=os.path.join(ROOT, "build/armvisor"))
    ap.add_argument("--qemu", default="qemu-system-aarch64")
    args = ap.parse_args()
    kit = subprocess.check_output([os.path.join(ROOT, "scripts/guest-kit.sh"), "path"],
                                  text=True).strip()
    with tempfile.TemporaryDirectory(dir=os.path.join(ROOT, "build")) as work:
        initrd = os.path.join(work, "shell.cpio.gz")
        subprocess.check_call([os.path.join(ROOT, "scripts/guest-kit.sh"), "initramfs",
                               os.path.join(ROOT, "tests/guest/init-shell.sh"), initrd],
                              stdout=subprocess.DEVNULL)
        res = {"armvisor": [], "qemu": []}
        for i in range(args.runs):
            for name, vmm in (("armvisor", args.armvisor), ("qemu", args.qemu)):
                r = one(vmm, args, work, initrd, kit)
                res[name].append(r)
                print("run %d %-8s save %.2f s  file %.1f MiB  restore %.2f s" %
                      (i + 1, name, r["save_s"], r["size_mib"], r["restore_s"]), flush=True)
    print("\n%d MiB guest, %d MiB filled, medians of %d runs:" % (args.mem, args.fill, args.runs))
    print("| | armvisor | QEMU | ratio |\n| --- | --- | --- | --- |")
    for key, unit in (("save_s", "s"), ("size_mib", "MiB"), ("restore_s", "s")):
        a = statistics.median(r[key] for r in res["armvisor"])
        q = statistics.median(r[key] for r in res["qemu"])
        print("| %s | %.2f %s | %.2f %s | %.2f |" % (key, a, unit, q, unit, a / q))


if __name__ == "__main__":
    main()
