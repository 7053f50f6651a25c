#!/usr/bin/env bash
# Start-up errors of -netdev, -nic, -chardev and the net/console -device
# forms, as a user sees them: exit status 1 and one line naming the option
# and what is wrong. No guest runs (a tiny raw "kernel" is enough).
. "$(dirname "$0")/../lib/common.sh"
need_armvisor
make_work
head -c 4096 /dev/zero >"$work/k.bin"
fails=0

# expect_error "MESSAGE PART" ARGS...
expect_error() {
	local want=$1; shift
	local out rc
	out=$(timeout 20 "$AV" -kernel "$work/k.bin" "$@" </dev/null 2>&1)
	rc=$?
	if [ $rc -ne 1 ] || ! grep -qF -- "$want" <<<"$out"; then
		echo "FAIL: armvisor $*"
		echo "  want status 1 and '$want'; got status $rc: $out"
		fails=$((fails + 1))
	fi
}

expect_error "-netdev user: Parameter 'id' is missing" -netdev user
expect_error "-netdev user,id=n,hostfwd=tcp:80-:80: invalid host forwarding rule" \
	-netdev user,id=n,hostfwd=tcp:80-:80
expect_error "Duplicate ID 'n' for netdev" -netdev user,id=n -netdev user,id=n
expect_error "-netdev tap,id=t: -netdev tap needs ifname=IF" -netdev tap,id=t
expect_error "network scripts are not supported" -netdev tap,id=t,ifname=tap0,script=/etc/qemu-ifup
expect_error "-device virtio-net-device,netdev=nope: no -netdev with id 'nope'" \
	-device virtio-net-device,netdev=nope
expect_error "netdev 'a' is already used by another NIC" -netdev user,id=a \
	-device virtio-net-device,netdev=a -device virtio-net-device,netdev=a
expect_error "Property 'mac' expects a MAC address" -nic user,mac=52:54:00:12:34
expect_error "NIC model 'e1000' is not emulated (armvisor's NICs: virtio-net-device, virtio-net-pci)" -nic user,model=e1000
expect_error "unsupported NIC model 'ne2k_isa'" -nic user,model=ne2k_isa
expect_error "-chardev socket,id=s: chardev: socket: needs either port=" -chardev socket,id=s
expect_error "chardev 'c' not found" -device virtio-serial-device -device virtconsole,chardev=c
expect_error "each virtconsole needs its own -device virtio-serial-device" \
	-chardev null,id=c -device virtconsole,chardev=c
expect_error "stdio is the serial console already" -chardev stdio,id=c \
	-device virtio-serial-device -device virtconsole,chardev=c

# A host port that is taken: the forwarding rule cannot be set up.
port=$(free_port 2>/dev/null)
if [ -n "$port" ]; then
	start_bg python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1); time.sleep(60)' "$port"
	for _ in $(seq 50); do
		python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])))' "$port" 2>/dev/null && break
		sleep 0.1
	done
	expect_error "could not set up host forwarding rule for tcp port $port" \
		-nic user,hostfwd=tcp:127.0.0.1:$port-:80
	expect_error "cannot connect to 127.0.0.1:1" -chardev socket,id=s,host=127.0.0.1,port=1 \
		-device virtio-serial-device -device virtconsole,chardev=s
fi
exit_fails
