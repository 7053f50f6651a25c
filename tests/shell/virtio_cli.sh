#!/usr/bin/env bash
# -drive and -device as a user meets them: bad options, a missing image,
# an image in a format we do not read, unknown devices and properties all
# stop start-up with exit status 1 and a message naming the offending
# option or file; good ones get past machine creation (-M dumpdtb).
. "$(dirname "$0")/../lib/common.sh"
need_armvisor
make_work "$BUILD"
truncate -s 1M "$work/raw.img"
printf 'QFI\373\000\000\000\003' >"$work/q.img"
truncate -s 1M "$work/q.img"
printf 'KDMV\001\000\000\000' >"$work/v.img"
truncate -s 1M "$work/v.img"
qemu-img create -q -f qcow2 "$work/good.qcow2" 1M
fails=0

. tests/lib/expect-dumpdtb.sh

r=$work/raw.img
expect_error "$work/none.img" -drive "file=$work/none.img,format=raw"
expect_error "$work/v.img is a vmdk image" -drive "file=$work/v.img"
expect_error "$work/q.img: not a valid qcow2 image" -drive "file=$work/q.img"
expect_error "$work/raw.img: not a qcow2 image" -drive "file=$work/raw.img,format=qcow2"
expect_error "format 'vmdk' is not supported" -drive "file=$r,format=vmdk"
expect_error "unknown property 'bogus'" -drive "file=$r,bogus=1"
expect_error "if=scsi is not supported" -drive "file=$r,if=scsi"
expect_error "cache=fast is not supported" -drive "file=$r,cache=fast"
expect_error "readonly=maybe" -drive "file=$r,readonly=maybe"
expect_error "file=PATH" -drive "if=none,id=x"
expect_error "duplicate drive id 'x'" -drive "file=$r,if=none,id=x" -drive "file=$r,if=none,id=x"
expect_error "'virtio-gpu-device' is not a valid device model name" -device virtio-gpu-device
expect_error "-device virtio-rng-device,foo=1: unknown property 'foo'" -device virtio-rng-device,foo=1
expect_error "drive property not set" -device virtio-blk-device
expect_error "no -drive has id 'nope'" -device virtio-blk-device,drive=nope
expect_error "already in use" -drive "file=$r,if=none,id=d" -device virtio-blk-device,drive=d \
	-device virtio-blk-device,drive=d
expect_error "give it if=none" -drive "file=$r,id=d" -device virtio-blk-device,drive=d
expect_error "-drive" -drive
# QEMU's image locks: one writer, or any number of readers; file.locking=off opts out.
expect_error "disk image $r is in use by another process" -drive "file=$r" -drive "file=$r"
expect_error "file.locking' expects 'on' or 'off'" -drive "file=$r,file.locking=maybe"

expect_ok -drive "file=$r,format=raw"
expect_ok -drive "file=$work/good.qcow2,format=qcow2,if=virtio"
expect_ok -drive "file=$work/good.qcow2"
expect_ok -hda "$work/good.qcow2"
expect_ok -drive "file=$work/good.qcow2,if=none,id=q" -device virtio-blk-pci,drive=q
expect_ok -drive "file=$r,if=none,id=d,readonly=on,cache=none" -device virtio-blk-device,drive=d,serial=s1
expect_ok -device virtio-rng-device -drive "file=$r"
for mode in writeback none writethrough directsync unsafe; do
	expect_ok -drive "file=$r,format=raw,cache=$mode"
done
# -hda with -snapshot (an overlay in $TMPDIR) and an rng object build a machine.
expect_ok -hda "$r" -snapshot -object rng-builtin,id=g -device virtio-rng-device,rng=g
expect_ok -drive "file=$r,readonly=on" -drive "file=$r,readonly=on"
expect_ok -drive "file=$r,file.locking=off" -drive "file=$r,locking=off"
exit_fails
