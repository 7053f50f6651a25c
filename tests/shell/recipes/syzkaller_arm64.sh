#!/usr/bin/env bash
# Recipe: syzkaller's arm64 VM, from docs/linux/setup_linux-host_qemu-vm_arm64-kernel.md
# in google/syzkaller:
#   qemu-system-aarch64 -machine virt,virtualization=true,gic-version=3 \
#     -nographic -m size=1024M -cpu cortex-a57 -smp 8 -hda /path/to/image.ext4 \
#     -kernel /path/to/arch/arm64/boot/Image.gz \
#     -append "console=ttyAMA0 root=/dev/vda oops=panic panic_on_warn=1 panic=-1 ..." \
#     -net user,hostfwd=tcp::10023-:22 -net nic
# and syzkaller's vm/qemu, which runs its fuzzing VMs with -snapshot.
# Adapted to the kit: virtualization=true dropped (armvisor has no EL2),
# -smp 1 and 512M, the kit's kernel with a busybox initramfs instead of
# the ext4 root, and a 1 MiB -hda image.
# Boot 1 (-snapshot): the guest reads the image through /dev/vda, writes a
# pattern and reads it back, gets 10.0.2.15 by DHCP through the -net hub
# and fetches a file from the host; the image file stays byte-identical.
# Boot 2 (no -snapshot): the guest's write lands in the image.
. "$(dirname "$0")/../../lib/common.sh"
need_armvisor
need_tools python3
need_kit
has_user_net || skip "this armvisor has no user networking (built without libslirp)"

make_work
need_initramfs tests/guest/init-recipe.sh "$work/recipe.cpio.gz" tests/guest/udhcpc.sh:/udhcpc.sh
head -c 65536 /dev/urandom >"$work/payload.bin"
want_fetch=$(md5sum <"$work/payload.bin" | cut -d' ' -f1)
http_server "$work" 127.0.0.1 || { fail_logs=("$work/http.log"); fail "the HTTP server did not start"; }
awk 'BEGIN { for (i = 0; i < 65536; i++) printf "%015d\n", i * 104729 % 1000003 }' |
	head -c 1048576 >"$work/disk.img"
cp "$work/disk.img" "$work/disk.orig"
want_before=$(head -c 262144 "$work/disk.img" | md5sum | cut -d' ' -f1)
want_after=$(guest_pattern 16384 | md5sum | cut -d' ' -f1)
fwd=$(free_port)

boot() {
	local log=$1 append=$2
	shift 2
	boot_guest "$log" -machine virt,gic-version=3 -m size=512M -cpu cortex-a57 -smp 1 \
		-hda "$work/disk.img" -initrd "$work/recipe.cpio.gz" \
		-append "console=ttyAMA0 oops=panic panic_on_warn=1 panic=-1 $append" "$@"
}

fail_hide_kernel=1
log=$work/snapshot.log
boot "$log" "recipe_disk=1 recipe_net=$http_port" -net user,hostfwd=tcp::$fwd-:22 -net nic -snapshot
rc=$?
strip_cr "$log"
fail_logs=("$log")
[ $rc -eq 0 ] || fail "armvisor exited with status $rc"
grep -q "ARMVISOR-INIT-DONE" "$log" || fail "/init did not finish"
grep -q "^disk: vda ro=0 sectors=2048" "$log" || fail "-hda is not the writable 1 MiB /dev/vda"
grep -q "^vda-before: $want_before" "$log" || fail "the guest did not read the image through /dev/vda"
grep -q "^vda-written" "$log" || fail "the guest could not write /dev/vda under -snapshot"
grep -q "^vda-after: $want_after" "$log" || fail "the guest did not read back its own writes under -snapshot"
cmp -s "$work/disk.img" "$work/disk.orig" || fail "-snapshot: the image file changed"
grep -q "^dhcp-lease: 10.0.2.15 router 10.0.2.2" "$log" || fail "-net user/-net nic: no DHCP lease"
grep -q "^fetched-md5: $want_fetch" "$log" || fail "-net user/-net nic: the fetch from the host failed"

log=$work/persist.log
boot "$log" "recipe_disk=1"
rc=$?
strip_cr "$log"
fail_logs=("$log")
[ $rc -eq 0 ] || fail "armvisor exited with status $rc (no -snapshot)"
grep -q "^vda-after: $want_after" "$log" || fail "the guest did not read back its writes"
[ "$(head -c 262144 "$work/disk.img" | md5sum | cut -d' ' -f1)" = "$want_after" ] ||
	fail "without -snapshot the guest's write is not in the image"
echo "PASS: syzkaller's -hda/-net user/-net nic line, with -snapshot leaving the image untouched"
