#!/usr/bin/env bash
# virtio-net on the user network, as a Linux guest uses it: the guest
# (virtio_net from the guest kit) gets 10.0.2.15 by DHCP from libslirp
# (busybox udhcpc), then fetches a file from an HTTP server this test runs
# on 127.0.0.1, through the gateway 10.0.2.2, and the bytes match. Once
# with -netdev user + -device virtio-net-device,mac=..., once with -nic
# user; with -nic, a hostfwd rule carries the file back out of the guest.
# Only loopback addresses are used on the host.
. "$(dirname "$0")/../lib/common.sh"
need_armvisor
need_tools python3
need_kit
has_user_net || skip "this armvisor has no user networking (built without libslirp)"

make_work
need_initramfs tests/guest/init-net.sh "$work/net.cpio.gz" tests/guest/udhcpc.sh:/udhcpc.sh

# 200 KiB of random bytes: more than one TCP window, many RX buffers.
head -c 204800 /dev/urandom >"$work/payload.bin"
want=$(md5sum <"$work/payload.bin" | cut -d' ' -f1)
http_server "$work" 127.0.0.1 || { fail_logs=("$work/http.log"); fail "the HTTP server did not start"; }
port=$http_port

run() {
	local log=$1; shift
	boot_guest "$log" -M virt -m 256M -initrd "$work/net.cpio.gz" \
		-append "console=ttyAMA0 armvisor_port=$port ${extra_append:-}" "$@"
}

fail_hide_kernel=1
check() {
	local log=$1 rc=$2 mac=$3
	fail_logs=("$log")
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
fwd=$(free_port)
extra_append=armvisor_serve=8080 start_bg run "$work/nic.log" -nic user,hostfwd=tcp:127.0.0.1:$fwd-:8080
vm=$bg_pid
got=$(read_hostfwd "$work/nic.log" "$fwd" | md5sum | cut -d' ' -f1)
# A failed read leaves the guest's nc waiting: do not wait for it then.
[ "$got" = "$want" ] || stop_bg $vm
wait_bg $vm
check "$work/nic.log" $? 52:54:00:12:34:56
fail_logs=()
grep -q "^SERVED" "$work/nic.log" || fail "the guest did not serve the file"
[ "$got" = "$want" ] || fail "the file read through hostfwd differs (md5 '$got', want $want)"
echo "PASS: DHCP, an HTTP fetch through 10.0.2.2, -netdev/-device and -nic, and hostfwd back into the guest"
