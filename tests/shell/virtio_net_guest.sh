#!/usr/bin/env bash
# virtio-net on the user network, as a Linux guest uses it: the guest
# (virtio_net from the guest kit) gets 10.0.2.15 by DHCP from libslirp
# (busybox udhcpc), then fetches a file from an HTTP server this test runs
# on 127.0.0.1, through the gateway 10.0.2.2, and the bytes match. Once
# with -netdev user + -device virtio-net-device,mac=..., once with -nic
# user; with -nic, a hostfwd rule carries the file back out of the guest.
# Only loopback addresses are used on the host.
set -u
cd "$(dirname "$0")/../.."

skip() { echo "SKIP: $*"; exit 77; }
[ -x build/armvisor ] || skip "no build/armvisor (run make)"
command -v python3 >/dev/null || skip "python3 is not installed"
kit=$(scripts/guest-kit.sh path 2>/dev/null) || skip "no guest kit (scripts/guest-kit.sh fetch)"
[ -f "$kit/Image" ] || skip "no kernel in the guest kit"
build/armvisor -netdev user,id=probe -version >/dev/null 2>&1 ||
	skip "this armvisor has no user networking (built without libslirp)"

work=$(mktemp -d)
server=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

scripts/guest-kit.sh initramfs tests/guest/init-net.sh "$work/net.cpio.gz" \
	tests/guest/udhcpc.sh:/udhcpc.sh >/dev/null 2>&1 ||
	skip "cannot build an initramfs with scripts/guest-kit.sh"

# 200 KiB of random bytes: more than one TCP window, many RX buffers.
head -c 204800 /dev/urandom >"$work/payload.bin"
want=$(md5sum <"$work/payload.bin" | cut -d' ' -f1)
(cd "$work" && exec python3 -u -m http.server 0 --bind 127.0.0.1) >"$work/http.log" 2>&1 &
server=$!
port=
for _ in $(seq 100); do
	port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$work/http.log" | head -n 1)
	[ -n "$port" ] && break
	sleep 0.1
done
[ -n "$port" ] || { echo "FAIL: the HTTP server did not start"; cat "$work/http.log"; exit 1; }

run() {
	local log=$1; shift
	timeout "${GUEST_TIMEOUT:-600}" build/armvisor -M virt -m 256M -nographic \
		-kernel "$kit/Image" -initrd "$work/net.cpio.gz" \
		-append "console=ttyAMA0 armvisor_port=$port ${extra_append:-}" "$@" \
		</dev/null >"$log" 2>&1
}

check() {
	local log=$1 rc=$2 mac=$3
	fail() { echo "FAIL ($log): $*"; grep -v '^\[' "$log" | tail -n 30; exit 1; }
	[ "$rc" -eq 0 ] || fail "armvisor exited with status $rc"
	grep -q "ARMVISOR-INIT-START" "$log" || fail "the guest's /init never ran"
	grep -q "insmod-failed" "$log" && fail "a virtio module did not load"
	grep -q "^mac: $mac" "$log" || fail "eth0 does not have MAC $mac"
	grep -q "^dhcp-lease: 10.0.2.15 router 10.0.2.2 dns 10.0.2.3" "$log" ||
		fail "no DHCP lease with QEMU's user-net defaults"
	grep -q "^addr: 10.0.2.15" "$log" || fail "eth0 is not 10.0.2.15"
	grep -q "^fetched-md5: $want" "$log" || fail "the file fetched through 10.0.2.2 differs (want md5 $want)"
	grep -q "ARMVISOR-INIT-DONE" "$log" || fail "/init did not finish"
}

run "$work/device.log" -netdev user,id=n0 -device virtio-net-device,netdev=n0,mac=52:54:00:ab:cd:ef
check "$work/device.log" $? 52:54:00:ab:cd:ef
# -nic with a host forward: the guest serves the file back on its port
# 8080, and this test reads it through 127.0.0.1:$fwd.
fwd=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$work/fetch.py" <<'PY'
import hashlib, socket, sys, time
log, port = sys.argv[1], int(sys.argv[2])
for _ in range(6000):
    try:
        if "LISTENING" in open(log, errors="replace").read():
            break
    except OSError:
        pass
    time.sleep(0.1)
else:
    sys.exit("the guest never listened")
s = socket.create_connection(("127.0.0.1", port))
data = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
print(hashlib.md5(data).hexdigest())
PY
extra_append=armvisor_serve=8080 run "$work/nic.log" -nic user,hostfwd=tcp:127.0.0.1:$fwd-:8080 &
vm=$!
got=$(timeout "${GUEST_TIMEOUT:-600}" python3 "$work/fetch.py" "$work/nic.log" "$fwd")
# A failed read leaves the guest's nc waiting: do not wait for it then.
[ "$got" = "$want" ] || kill $vm 2>/dev/null
wait $vm
check "$work/nic.log" $? 52:54:00:12:34:56
grep -q "^SERVED" "$work/nic.log" || { echo "FAIL: the guest did not serve the file"; exit 1; }
[ "$got" = "$want" ] || { echo "FAIL: the file read through hostfwd differs (md5 '$got', want $want)"; exit 1; }
echo "PASS: DHCP, an HTTP fetch through 10.0.2.2, -netdev/-device and -nic, and hostfwd back into the guest"
