#!/usr/bin/env bash
# -readconfig device groups as a user meets their mistakes: each broken
# file stops start-up with exit status 1 and "FILE:LINE:" of the group at
# fault, whether the parser or the machine finds it; ids given in a file
# and on the command line refer to each other both ways; the QemuOpts
# short forms (readonly, server,nowait) work as in QEMU. No guest is
# booted: -M dumpdtb= builds the machine and exits.
. "$(dirname "$0")/../lib/common.sh"
need_armvisor
make_work "$BUILD"
truncate -s 1M "$work/disk.img"
fails=0
net=yes
has_user_net || net=no

# cfg NAME: the config file $work/NAME.cfg from stdin.
cfg() { cat >"$work/$1.cfg"; }

. tests/lib/expect-dumpdtb.sh

cfg no-driver <<EOF
# the driver line is missing
[device]
  drive = "disk0"
EOF
expect_error "$work/no-driver.cfg:2: '[device]': Parameter 'driver' is missing" \
	-readconfig "$work/no-driver.cfg"

cfg no-backend <<EOF
[chardev "c0"]
  path = "$work/out.txt"
EOF
expect_error "$work/no-backend.cfg:1: '[chardev \"c0\"]': Parameter 'backend' is missing" \
	-readconfig "$work/no-backend.cfg"

cfg no-type <<EOF
[netdev "n0"]
  ifname = "tap0"
EOF
expect_error "$work/no-type.cfg:1: '[netdev \"n0\"]': Parameter 'type' is missing" \
	-readconfig "$work/no-type.cfg"

cfg dup-chardev <<EOF
[chardev "c0"]
  backend = "null"

[chardev "c0"]
  backend = "null"
EOF
expect_error "$work/dup-chardev.cfg:4: '[chardev \"c0\"]': Duplicate ID 'c0' for chardev" \
	-readconfig "$work/dup-chardev.cfg"
expect_error "$work/dup-chardev.cfg:1: '[chardev \"c0\"]': Duplicate ID 'c0' for chardev" \
	-chardev null,id=c0 -readconfig "$work/dup-chardev.cfg"

cfg bad-key <<EOF
[chardev "c0"]
  backend = "file"
  file = "$work/out.txt"
EOF
expect_error "$work/bad-key.cfg:1: '[chardev \"c0\"]': Invalid parameter 'file' for this chardev" \
	-readconfig "$work/bad-key.cfg"

# Found when the group is read, which names the group as written.
cfg drive-key <<EOF
[drive "disk0"]
  file = "$work/disk.img"
  discard = "unmap"
EOF
expect_error "$work/drive-key.cfg:1: '[drive \"disk0\"]': unknown property 'discard'" \
	-readconfig "$work/drive-key.cfg"

# Found by the machine, which names the group's line and the option.
cfg no-drive <<EOF
[device]
  driver = "virtio-rng-device"

[device]
  driver = "virtio-blk-device"
  drive = "disk9"
EOF
expect_error "$work/no-drive.cfg:4: -device driver=virtio-blk-device,drive=disk9: no -drive has id 'disk9'" \
	-readconfig "$work/no-drive.cfg"

cfg no-image <<EOF
[drive]
  file = "$work/none.img"
EOF
expect_error "$work/no-image.cfg:1: -drive file=$work/none.img" -readconfig "$work/no-image.cfg"

# The CLI knows the device models: the group's header names it.
cfg unknown-model <<EOF
[device]
  driver = "virtio-gpu-device"
EOF
expect_error "$work/unknown-model.cfg:1: '[device]': 'virtio-gpu-device' is not a valid device model name" \
	-readconfig "$work/unknown-model.cfg"

if [ $net = yes ]; then
	cfg bad-fwd <<EOF
[netdev "n0"]
  type = "user"
  hostfwd = "tcp:127.0.0.1:5555:22"
EOF
	expect_error "$work/bad-fwd.cfg:1: '[netdev \"n0\"]': invalid host forwarding rule 'tcp:127.0.0.1:5555:22'" \
		-readconfig "$work/bad-fwd.cfg"
fi

# Not a config file at all: a clear message, never a crash.
head -c 4096 /dev/urandom >"$work/random.cfg"
expect_error "$work/random.cfg:" -readconfig "$work/random.cfg"
expect_error "there is no option group 'blockdev'" -readconfig <(printf '[blockdev]\n  driver = "file"\n')

# Ids across the file and the command line, both ways.
cfg drive-only <<EOF
[drive "disk0"]
  file = "$work/disk.img"
  if = "none"
EOF
cfg device-only <<EOF
[device]
  driver = "virtio-blk-device"
  drive = "cmd0"
EOF
expect_ok -device virtio-blk-device,drive=disk0 -readconfig "$work/drive-only.cfg"
expect_ok -readconfig "$work/device-only.cfg" -drive "file=$work/disk.img,if=none,id=cmd0"
expect_error "already in use" -readconfig "$work/drive-only.cfg" \
	-device virtio-blk-device,drive=disk0 -device virtio-blk-device,drive=disk0

# QemuOpts' short forms, as QEMU 7.2 takes them (with a deprecation warning).
expect_ok -drive "file=$work/disk.img,if=none,id=d,readonly" -device virtio-blk-device,drive=d
expect_ok -drive "file=$work/disk.img,if=none,id=d,noreadonly" -device virtio-blk-device,drive=d
expect_ok -chardev "socket,id=s,path=$work/s.sock,server,nowait,nodelay" \
	-device virtio-serial-device -device virtconsole,chardev=s
expect_error "Parameter 'server' expects 'on' or 'off'" -chardev "socket,id=s,path=$work/t.sock,server=maybe"

exit_fails
