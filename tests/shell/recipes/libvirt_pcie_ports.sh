#!/usr/bin/env bash
# Recipe: the command line libvirt generates for an aarch64 "virt" domain
# with devices on PCIe root ports, from libvirt's own test data
# tests/qemuxmlconfdata/aarch64-virtio-pci-manual-addresses.aarch64-latest.args:
#   -machine virt,gic-version=2,acpi=off -accel tcg -cpu cortex-a53
#   -m size=1048576k -smp 1,sockets=1,cores=1,threads=1 -display none
#   -nodefaults
#   -chardev socket,id=charmonitor,fd=@mon-fd@,server=on,wait=off
#   -mon chardev=charmonitor,id=monitor,mode=control
#   -device {"driver":"pcie-root-port","port":16,"chassis":3,"id":"pci.3",
#            "bus":"pcie.0","multifunction":true,"addr":"0x2"}
#   (and pci.4 at 0x2.0x1, pci.5 at 0x2.0x2)
#   -netdev {"type":"user","id":"hostnet0"}
#   -device {"driver":"virtio-net-pci","netdev":"hostnet0","id":"net0",
#            "mac":"52:54:00:09:a4:37","bus":"pci.3","addr":"0x0"}
#   -sandbox on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny
# Adapted: armvisor takes the key=value spelling of those -device and
# -netdev options (older libvirt's), not JSON; the disk is a virtio-blk-pci
# on pci.4 instead of virtio-scsi-pci + scsi-hd (no SCSI here); a
# -chardev pty serial as libvirt adds for a <serial type='pty'>; the
# monitor socket is a path, not a passed fd. Left out because armvisor
# refuses them (by name): -name, -uuid, -no-user-config, -overcommit,
# -rtc, -no-shutdown, -boot, -msg, -audiodev, -object secret and
# memory-backend-ram, -machine usb=,dump-guest-core=,memory-backend=, and
# the i82801b11-bridge/pci-bridge pair. The kit's initramfs loads
# virtio_pci, writes the disk and fetches a file over the NIC; the
# console is read from the pty armvisor names on stderr, and a QMP client
# on the monitor socket checks query-status while the guest runs.
. "$(dirname "$0")/../../lib/common.sh"
need_armvisor
need_tools python3
need_kit
has_user_net || skip "this armvisor has no user networking (built without libslirp)"

make_work
KIT_MODULES=virtio_pci need_initramfs tests/guest/init-recipe.sh "$work/recipe.cpio.gz" \
	tests/guest/udhcpc.sh:/udhcpc.sh
head -c 65536 /dev/urandom >"$work/payload.bin"
want=$(md5sum <"$work/payload.bin" | cut -d' ' -f1)
http_server "$work" 127.0.0.1 || { fail_logs=("$work/http.log"); fail "the HTTP server did not start"; }
truncate -s 4M "$work/disk.img"
pattern_md5=$(guest_pattern 16384 | md5sum | cut -d' ' -f1)

cat >"$work/drive.py" <<'PYEOF'
import json, os, re, select, socket, subprocess, sys, time

sock, argv = sys.argv[1], sys.argv[2:]
deadline = time.monotonic() + 900
p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.PIPE)


def fail(msg):
    print("FAIL:", msg)
    if p.poll() is None:
        p.kill()
    sys.exit(1)


def pty_open():
    err = b""
    while time.monotonic() < deadline and p.poll() is None:
        r, _, _ = select.select([p.stderr], [], [], 1.0)
        if r:
            d = os.read(p.stderr.fileno(), 4096)
            if not d:
                break
            err += d
            m = re.search(rb"char device redirected to (/dev/pts/\d+) \(label charserial0\)\n", err)
            if m:
                return os.open(m.group(1), os.O_RDWR | os.O_NOCTTY)
    fail("no pty notice for charserial0 on stderr: %r" % err)


def qmp():
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(30)
    s.connect(sock)
    f = s.makefile("rwb")
    json.loads(f.readline())                      # the greeting

    def execute(cmd):
        f.write(json.dumps({"execute": cmd}).encode() + b"\n")
        f.flush()
        while True:
            r = json.loads(f.readline())
            if "event" not in r:
                return r
    execute("qmp_capabilities")
    print("qmp-status:", execute("query-status").get("return", {}).get("status"))
    s.close()


fd = pty_open()
out, asked = b"", False
while time.monotonic() < deadline:
    r, _, _ = select.select([fd], [], [], 1.0)
    if r:
        try:
            d = os.read(fd, 65536)
        except OSError:
            d = b""
        if not d:
            break
        out += d
    if not asked and b"ARMVISOR-INIT-START" in out:
        qmp()
        asked = True
    if b"reboot: Power down" in out or (p.poll() is not None and not r):
        break
try:
    p.wait(timeout=60)
except subprocess.TimeoutExpired:
    p.kill()
    p.wait()
sys.stdout.write(out.decode(errors="replace").replace("\r", ""))
print("ARMVISOR-EXIT status=%d" % p.returncode)
PYEOF

log=$work/libvirt.log
timeout -k 5 960 python3 "$work/drive.py" "$work/monitor.sock" "$AV" \
	-machine virt,gic-version=2,acpi=off -accel tcg -cpu cortex-a53 \
	-m size=1048576k -smp 1,sockets=1,cores=1,threads=1 -display none \
	-nodefaults \
	-chardev "socket,id=charmonitor,path=$work/monitor.sock,server=on,wait=off" \
	-mon chardev=charmonitor,id=monitor,mode=control \
	-kernel "$kit/Image" -initrd "$work/recipe.cpio.gz" \
	-append "console=ttyAMA0 recipe_disk=1 recipe_net=$http_port" \
	-device pcie-root-port,port=16,chassis=3,id=pci.3,bus=pcie.0,multifunction=on,addr=0x2 \
	-device pcie-root-port,port=17,chassis=4,id=pci.4,bus=pcie.0,addr=0x2.0x1 \
	-device pcie-root-port,port=18,chassis=5,id=pci.5,bus=pcie.0,addr=0x2.0x2 \
	-drive "file=$work/disk.img,format=raw,if=none,id=drive-virtio-disk0" \
	-device virtio-blk-pci,bus=pci.4,addr=0x0,drive=drive-virtio-disk0,id=virtio-disk0,bootindex=1 \
	-netdev user,id=hostnet0 \
	-device virtio-net-pci,netdev=hostnet0,id=net0,mac=52:54:00:09:a4:37,bus=pci.3,addr=0x0 \
	-netdev user,id=hostnet1 \
	-device virtio-net-pci,netdev=hostnet1,id=net1,mac=52:54:00:09:a4:38,bus=pci.5,addr=0x0 \
	-chardev pty,id=charserial0 -serial chardev:charserial0 \
	-sandbox on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny >"$log" 2>&1
strip_cr "$log"
fail_logs=("$log")
grep -q "^FAIL:" "$log" && fail "$(grep '^FAIL:' "$log")"
grep -q "^ARMVISOR-EXIT status=0$" "$log" || fail "armvisor did not exit 0"
grep -q "insmod-failed" "$log" && fail "a module did not load"
grep -q "^qmp-status: running$" "$log" || fail "QMP query-status did not say running"
grep -q "^vda-after: $pattern_md5$" "$log" || fail "the disk below pci.4 did not keep what the guest wrote"
[ "$(head -c 262144 "$work/disk.img" | md5sum | cut -d' ' -f1)" = "$pattern_md5" ] ||
	fail "the image does not hold what the guest wrote"
grep -q "^mac: 52:54:00:09:a4:37$" "$log" || fail "eth0 (net0 on pci.3) does not have libvirt's mac="
grep -q "^fetched-md5: $want$" "$log" || fail "the fetch over the NIC below pci.3 failed"
echo "PASS: libvirt's PCIe-root-port line (GICv2m MSI, pty serial, QMP monitor, -nodefaults, -sandbox) runs a disk and NICs"
