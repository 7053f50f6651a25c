#!/usr/bin/env bash
# virtio-console as a Linux guest uses it (virtio_console from the guest
# kit, one port per device): a line the guest writes to /dev/hvc0 lands in
# a -chardev file; a line this test sends through a -chardev socket
# (server on 127.0.0.1) reaches the guest's `read` on /dev/hvc1.
. "$(dirname "$0")/../lib/common.sh"
need_armvisor
need_tools python3
need_kit
make_work
need_initramfs tests/guest/init-console.sh "$work/con.cpio.gz"

port=$(free_port)

# As under QEMU, the first -device takes the highest virtio-mmio slot and
# Linux probes the lowest address first: the socket's console is hvc1.
# The host end of hvc1: wait for the guest's GUEST-READY, answer one line.
cat >"$work/drive.py" <<'PYEOF'
import socket, sys, time
port = int(sys.argv[1])
for _ in range(3000):
    try:
        s = socket.create_connection(("127.0.0.1", port))
        break
    except OSError:
        time.sleep(0.2)
else:
    sys.exit("cannot connect to the chardev socket")
buf = b""
while b"GUEST-READY" not in buf:
    data = s.recv(4096)
    if not data:
        sys.exit("the socket closed before GUEST-READY")
    buf += data
s.sendall(b"PING-FROM-HOST 1234\n")
# Stay connected until armvisor exits (the guest powers off).
while s.recv(4096):
    pass
PYEOF

start_bg boot_guest "$work/console.log" -M virt -m 256M -initrd "$work/con.cpio.gz" \
	-append "console=ttyAMA0" \
	-chardev socket,id=sock,host=127.0.0.1,port="$port",server=on,wait=off \
	-device virtio-serial-device -device virtconsole,chardev=sock \
	-chardev file,id=out,path="$work/hvc0.txt" \
	-device virtio-serial-device -device virtconsole,chardev=out
vm=$bg_pid
timeout "$guest_timeout" python3 "$work/drive.py" "$port" >"$work/drive.log" 2>&1
drive_rc=$?
wait_bg $vm
rc=$?

fail_logs=("$work/console.log" "$work/drive.log")
fail_hide_kernel=1
[ $rc -eq 0 ] || fail "armvisor exited with status $rc"
grep -q "ARMVISOR-INIT-START" "$work/console.log" || fail "the guest's /init never ran"
grep -q "insmod-failed" "$work/console.log" && fail "a virtio module did not load"
grep -q "^HVC0-LINE-FROM-GUEST 4711.\?$" "$work/hvc0.txt" 2>/dev/null ||
	fail "the line written to /dev/hvc0 is not in the -chardev file"
[ $drive_rc -eq 0 ] || fail "the socket side failed (status $drive_rc)"
grep -q "^hvc1-got: PING-FROM-HOST 1234" "$work/console.log" ||
	fail "the line sent through the -chardev socket did not reach /dev/hvc1"
echo "PASS: hvc0 to a -chardev file, a -chardev socket to hvc1"
