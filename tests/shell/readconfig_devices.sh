#!/usr/bin/env bash
# A guest whose whole machine comes from one -readconfig file, as a user
# coming from QEMU writes it (issue 5): [machine] with kernel, initrd and
# append, [memory], [accel] tcg, a [drive] used by a [device]
# virtio-blk-device, a [chardev] file behind [device] virtio-serial-device
# + virtconsole, and a [netdev] user with a hostfwd rule behind a [device]
# virtio-net-device with a MAC. The guest (tests/guest/init-readconfig.sh)
# writes a pattern to the disk, a line with this run's token to hvc0, and
# serves the token on its port 8080. This test finds the pattern in the
# image, the line in the chardev's file, reads the token through the
# file's hostfwd rule, and sees the file's MAC and a DHCP lease.
# Needs the guest kit (scripts/guest-kit.sh). ARMVISOR= picks the binary.
. "$(dirname "$0")/../lib/common.sh"
# O_DIRECT disk I/O and a network round trip.
guest_timeout=${GUEST_TIMEOUT:-900}
need_armvisor
need_tools python3
need_kit
net=yes
has_user_net || net=no

# The image lives next to the build: cache=none needs O_DIRECT, not tmpfs.
make_work "$BUILD"
# Absolute paths in the config file, as -writeconfig writes them.
work=$(realpath "$work")
need_initramfs tests/guest/init-readconfig.sh "$work/rc.cpio.gz" tests/guest/udhcpc.sh:/udhcpc.sh
truncate -s 1M "$work/disk.img"
token=rc$RANDOM$RANDOM
fwd=$(free_port)

cat >"$work/vm.cfg" <<EOF
# Written as QEMU's -writeconfig writes its groups.
[machine]
  type = "virt"
  kernel = "$kit/Image"
  initrd = "$work/rc.cpio.gz"
  append = "console=ttyAMA0 armvisor_token=$token"

[memory]
  size = "256M"

[accel]
  accel = "tcg"

[drive "disk0"]
  file = "$work/disk.img"
  if = "none"
  format = "raw"
  cache = "none"

[device]
  driver = "virtio-blk-device"
  drive = "disk0"
  serial = "rc"

[chardev "c0"]
  backend = "file"
  path = "$work/hvc0.txt"

[device "vs"]
  driver = "virtio-serial-device"

[device]
  driver = "virtconsole"
  chardev = "c0"
EOF
if [ $net = yes ]; then
	cat >>"$work/vm.cfg" <<EOF

[netdev "n0"]
  type = "user"
  hostfwd = "tcp:127.0.0.1:$fwd-:8080"

[device]
  driver = "virtio-net-device"
  netdev = "n0"
  mac = "52:54:00:0c:f9:05"
EOF
fi

log=$work/console.log
start_bg run_guest "$log" "$AV" -nographic -readconfig "$work/vm.cfg"
vm=$bg_pid
got=
if [ $net = yes ]; then
	got=$(read_hostfwd "$log" "$fwd")
	# A failed read leaves the guest's nc waiting: do not wait for it then.
	[ "$got" = "HOSTFWD-TOKEN $token" ] || stop_bg $vm
fi
wait_bg $vm
rc=$?
strip_cr "$log"

fail_logs=("$log")
fail_hide_kernel=1
[ $rc -eq 0 ] || fail "armvisor exited with status $rc"
grep -q "ARMVISOR-INIT-START" "$log" || fail "the guest's /init never ran"
grep -q "insmod-failed" "$log" && fail "a virtio module did not load"
grep -q "^disk: vda serial=rc ro=0 sectors=2048" "$log" ||
	fail "the guest does not see the [drive] as vda (serial rc, 1 MiB, writable)"
grep -q "^rc-written: vda" "$log" || fail "the guest could not write the disk"
cmp <(guest_pattern 4096) <(head -c 65536 "$work/disk.img") || fail "the image does not hold what the guest wrote"
# The guest's tty ends lines with \r\n (ONLCR).
tr -d '\r' <"$work/hvc0.txt" 2>/dev/null | grep -qx "HVC0-FROM-READCONFIG $token" ||
	fail "the line written to /dev/hvc0 is not in the [chardev] file"
if [ $net = yes ]; then
	grep -q "^mac: 52:54:00:0c:f9:05" "$log" || fail "eth0 does not have the file's MAC"
	grep -q "^dhcp-lease: 10.0.2.15 router 10.0.2.2" "$log" || fail "no DHCP lease on the [netdev]"
	grep -q "^SERVED" "$log" || fail "the guest did not serve the token"
	[ "$got" = "HOSTFWD-TOKEN $token" ] ||
		fail "read '$got' through the file's hostfwd rule, want 'HOSTFWD-TOKEN $token'"
fi
grep -q "ARMVISOR-INIT-DONE" "$log" || fail "/init did not finish"
if [ $net = yes ]; then
	echo "PASS: disk, virtconsole and user network with hostfwd, all from -readconfig"
else
	echo "PASS: disk and virtconsole from -readconfig (no libslirp: network not tested)"
fi
