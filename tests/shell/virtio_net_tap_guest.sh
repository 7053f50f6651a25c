#!/usr/bin/env bash
# virtio-net on a tap interface, with a Linux guest: inside a network
# namespace this test creates (nothing outside it changes), a tap
# interface 192.168.77.1/24 and an HTTP server on it; the guest takes
# 192.168.77.2 and fetches a file through -netdev tap, and the bytes match.
# Skipped (77) where network namespaces or /dev/net/tun are not available.
set -u
cd "$(dirname "$0")/../.."

skip() { echo "SKIP: $*"; exit 77; }
[ -x build/armvisor ] || skip "no build/armvisor (run make)"
command -v python3 >/dev/null || skip "python3 is not installed"
command -v ip >/dev/null || skip "no ip command (iproute2)"
[ -c /dev/net/tun ] || skip "no /dev/net/tun"
unshare -n true 2>/dev/null || skip "cannot create a network namespace here (needs root)"
kit=$(scripts/guest-kit.sh path 2>/dev/null) || skip "no guest kit (scripts/guest-kit.sh fetch)"
[ -f "$kit/Image" ] || skip "no kernel in the guest kit"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scripts/guest-kit.sh initramfs tests/guest/init-net.sh "$work/net.cpio.gz" \
	tests/guest/udhcpc.sh:/udhcpc.sh >/dev/null 2>&1 ||
	skip "cannot build an initramfs with scripts/guest-kit.sh"
head -c 204800 /dev/urandom >"$work/payload.bin"
want=$(md5sum <"$work/payload.bin" | cut -d' ' -f1)

# Everything below runs in the private namespace.
cat >"$work/inside.sh" <<'SH'
set -u
work=$1 kit=$2
ip link set lo up
ip tuntap add dev avtap0 mode tap || exit 77
ip addr add 192.168.77.1/24 dev avtap0
ip link set avtap0 up
(cd "$work" && exec python3 -u -m http.server 0 --bind 192.168.77.1) >"$work/http.log" 2>&1 &
server=$!
port=
for _ in $(seq 100); do
	port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$work/http.log" | head -n 1)
	[ -n "$port" ] && break
	sleep 0.1
done
[ -n "$port" ] || { kill $server; echo "the HTTP server did not start"; exit 1; }
timeout "${GUEST_TIMEOUT:-600}" build/armvisor -M virt -m 256M -nographic \
	-kernel "$kit/Image" -initrd "$work/net.cpio.gz" \
	-append "console=ttyAMA0 armvisor_port=$port armvisor_ip=192.168.77.2 armvisor_server=192.168.77.1" \
	-netdev tap,id=t0,ifname=avtap0,script=no,downscript=no \
	-device virtio-net-device,netdev=t0 </dev/null >"$work/tap.log" 2>&1
rc=$?
kill $server
exit $rc
SH
unshare -n bash "$work/inside.sh" "$work" "$kit"
rc=$?
[ $rc -eq 77 ] && skip "cannot create a tap interface in the namespace"
log=$work/tap.log
fail() { echo "FAIL: $*"; grep -v '^\[' "$log" 2>/dev/null | tail -n 30; exit 1; }
[ $rc -eq 0 ] || fail "armvisor (or the namespace set-up) exited with status $rc"
grep -q "ARMVISOR-INIT-START" "$log" || fail "the guest's /init never ran"
grep -q "^addr: 192.168.77.2" "$log" || fail "eth0 is not 192.168.77.2"
grep -q "^fetched-md5: $want" "$log" || fail "the file fetched through the tap differs (want md5 $want)"
echo "PASS: an HTTP fetch through -netdev tap in a private network namespace"
