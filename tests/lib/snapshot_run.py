#!/usr/bin/env python3
"""Drive a guest through a snapshot round trip (tests/shell/snapshot_tcg.sh).

A QMP client written here (QEMU's wire format, docs/interop/qmp-spec.rst)
plus the guest's serial console on armvisor's stdin/stdout.

  snapshot_run.py save QMP-SOCK SNAPFILE STATE -- ARMVISOR ARGS...
      wait for the guest's shell (init-snapshot.sh), note its uptime and
      disk/net counters in STATE, migrate to file:SNAPFILE, check
      query-migrate and query-status, quit.
  snapshot_run.py restore QMP-SOCK DISK STATE -- ARMVISOR ARGS... -incoming ...
      the shell answers, the uptime did not go backwards, the disk and
      network loops go on; stop them, power off, and check every record
      on DISK.
"""
import json, os, re, select, socket, subprocess, sys, time

console = b""
p = None


def fail(msg):
    print("FAIL:", msg)
    print(console.decode(errors="replace")[-3000:])
    if p is not None and p.poll() is None:
        p.kill()
    sys.exit(1)


class Qmp:
    def __init__(self, path):
        end = time.monotonic() + 120
        while True:
            try:
                self.s = socket.socket(socket.AF_UNIX)
                self.s.connect(path)
                break
            except OSError:
                if time.monotonic() > end or p.poll() is not None:
                    fail("cannot connect to QMP at %s" % path)
                time.sleep(0.2)
        self.rx = b""
        self.msgs = []
        self.seq = 0
        self.wait(lambda m: "QMP" in m, "greeting")
        if self.execute("qmp_capabilities").get("return") != {}:
            fail("qmp_capabilities failed")

    def pump(self, timeout):
        global console
        r, _, _ = select.select([self.s, p.stdout], [], [], timeout)
        if p.stdout in r:
            d = os.read(p.stdout.fileno(), 65536)
            console += d
        if self.s in r:
            d = self.s.recv(65536)
            if not d:
                return False
            self.rx += d
            while b"\n" in self.rx:
                line, self.rx = self.rx.split(b"\n", 1)
                if line.strip():
                    self.msgs.append(json.loads(line))
        return True

    def wait(self, pred, what, timeout=600):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for i, m in enumerate(self.msgs):
                if pred(m):
                    return self.msgs.pop(i)
            if not self.pump(0.5):
                fail("QMP closed while waiting for %s" % what)
        fail("no %s within %d s" % (what, timeout))

    def execute(self, cmd, args=None, timeout=600):
        self.seq += 1
        req = {"execute": cmd, "id": self.seq}
        if args is not None:
            req["arguments"] = args
        self.s.sendall(json.dumps(req).encode() + b"\n")
        return self.wait(lambda m: m.get("id") == self.seq, "reply to %s" % cmd, timeout)


def wait_console(q, pattern, timeout=900, start=0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        m = re.search(pattern, console[start:])
        if m:
            return m
        q.pump(0.5)
    fail("console never showed %r within %d s" % (pattern, timeout))


def type_line(line):
    p.stdin.write(line.encode() + b"\n")
    p.stdin.flush()


def ask(q, cmd, pattern, timeout=300):
    """Type cmd at the shell and return the match of pattern in what follows."""
    start = len(console)
    type_line(cmd)
    return wait_console(q, pattern, timeout, start)


def counters(q):
    m = ask(q, 'echo "C=$(cut -d" " -f1 /proc/uptime):$(cat /tmp/disk-seq):$(cat /tmp/net-seq)="',
            rb"C=([0-9.]+):([0-9]+):([0-9]+)=")
    return float(m.group(1)), int(m.group(2)), int(m.group(3))


def start(argv):
    global p
    p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)


def finish(rc_want=0, timeout=300):
    global console
    end = time.monotonic() + timeout
    while p.poll() is None and time.monotonic() < end:
        r, _, _ = select.select([p.stdout], [], [], 0.5)
        if r:
            console += os.read(p.stdout.fileno(), 65536)
    if p.poll() is None:
        fail("armvisor did not exit")
    console += p.stdout.read()
    if p.returncode != rc_want:
        fail("armvisor exited with %d, expected %d" % (p.returncode, rc_want))


def save(sock, snapfile, state, argv):
    start(argv)
    q = Qmp(sock)
    wait_console(q, rb"ARMVISOR-SNAPSHOT-READY")
    wait_console(q, rb"snap# ")
    # Let the loops run, so requests are in flight when the snapshot is taken.
    up0, d0, n0 = counters(q)
    time.sleep(3)
    up, d, n = counters(q)
    if d <= d0 or n <= n0:
        fail("the guest's disk or network loop is stuck (%d->%d, %d->%d)" % (d0, d, n0, n))
    r = q.execute("migrate", {"uri": "file:" + snapfile})
    if r.get("return") != {}:
        fail("migrate: %r" % r)
    q.wait(lambda m: m.get("event") == "STOP", "STOP event")
    info = q.execute("query-migrate")["return"]
    if info.get("status") != "completed" or info["ram"]["transferred"] != os.path.getsize(snapfile):
        fail("query-migrate %r (file has %d bytes)" % (info, os.path.getsize(snapfile)))
    st = q.execute("query-status")["return"]
    if st["status"] != "postmigrate" or st["running"]:
        fail("query-status after migrate %r" % st)
    with open(state, "w") as f:
        json.dump({"uptime": up, "disk": d, "net": n, "time_ms": info["total-time"],
                   "bytes": info["ram"]["transferred"]}, f)
    q.execute("quit")
    finish(0)
    # What the guest's /init reported about itself (init-snapshot.sh).
    for line in re.findall(rb"SNAPINFO: [^\r\n]*", console):
        print(line.decode(errors="replace"))
    print("saved: uptime %.2f disk-seq %d net-seq %d, %d bytes in %d ms" %
          (up, d, n, info["ram"]["transferred"], info["total-time"]))


def check_disk(disk, last):
    with open(disk, "rb") as f:
        img = f.read(1024 * 512)
    for k in range(1024):
        if k > last:
            want = b"\0" * 512
        else:
            want_n = k + ((last - k) // 1024) * 1024
            want = (b"rec%08d\n" % want_n).ljust(512, b"\0")
        got = img[k * 512:(k + 1) * 512]
        if got != want:
            fail("disk sector %d holds %r, expected %r (last record %d)" %
                 (k, got[:16], want[:16], last))


def restore(sock, disk, state, argv):
    with open(state) as f:
        before = json.load(f)
    start(argv)
    q = Qmp(sock)
    st = q.execute("query-status")["return"]
    if st["status"] != "running":
        fail("query-status after -incoming %r" % st)
    # The shell answers where it stopped: no boot messages, a computed answer.
    m = ask(q, "echo ALIVE-$((6*7))", rb"ALIVE-42", 300)
    if b"ARMVISOR-INIT-START" in console:
        fail("the guest booted again instead of continuing")
    up, d, n = counters(q)
    if up < before["uptime"]:
        fail("the guest's clock went backwards: uptime %.2f before, %.2f after" %
             (before["uptime"], up))
    if d < before["disk"] or n < before["net"]:
        fail("the counters went backwards (%r -> %d %d)" % (before, d, n))
    time.sleep(3)
    up2, d2, n2 = counters(q)
    if d2 <= d or n2 <= n:
        fail("the disk or network loop stopped after the restore (%d->%d, %d->%d)" %
             (d, d2, n, n2))
    type_line("touch /tmp/stop")
    m = wait_console(q, rb"DISK-STOPPED ([0-9]+)\r?\n", 300)
    last = int(m.group(1))
    if b"DISK-WRITE-FAILED" in console:
        fail("a disk write failed in the guest")
    type_line("sync; poweroff -f")
    finish(0)
    check_disk(disk, last)
    print("restored: uptime %.2f -> %.2f, disk-seq %d -> %d, net-seq %d -> %d, %d records checked" %
          (before["uptime"], up2, before["disk"], d2, before["net"], n2, last + 1))


def main():
    sep = sys.argv.index("--")
    mode, a, b, state = sys.argv[1:5]
    argv = sys.argv[sep + 1:]
    if mode == "save":
        save(a, b, state, argv)
    elif mode == "restore":
        restore(a, b, state, argv)
    else:
        fail("unknown mode %s" % mode)


if __name__ == "__main__":
    main()
