#!/usr/bin/env bash
# Recipe: examples from QEMU's own documentation (qemu-options.hx):
#   -object rng-random,id=rng0,filename=/dev/urandom -device virtio-rng-pci,rng=rng0
#   -echr 0x14          ("change the escape character to Control-t")
#   -drive file=IMG,cache=writethrough
#   -machine virt,highmem=off
# As written (the guest's initramfs adds virtio_pci, a module in the kit's
# kernel). The guest takes /dev/hwrng from the rng object through
# virtio-rng-pci; on the console Ctrl-A is an ordinary key, Ctrl-T x quits.
. "$(dirname "$0")/../../lib/common.sh"
need_armvisor
need_kit

make_work
KIT_MODULES=virtio_pci need_initramfs tests/guest/init-recipe.sh "$work/recipe.cpio.gz"
truncate -s 1M "$work/disk.img"
log=$work/rng.log
fifo=$work/in
mkfifo "$fifo" || fail "mkfifo"
fail_hide_kernel=1
fail_logs=("$log")
timeout -k 5 "$guest_timeout" "$AV" -nographic -machine virt,highmem=off -m 512M \
	-kernel "$kit/Image" -initrd "$work/recipe.cpio.gz" \
	-append "console=ttyAMA0 recipe_rng=1 recipe_input=1" -echr 0x14 \
	-drive "file=$work/disk.img,format=raw,cache=writethrough" \
	-object rng-random,id=rng0,filename=/dev/urandom -device virtio-rng-pci,rng=rng0 \
	<"$fifo" >"$log" 2>&1 &
pid=$!
kill_at_exit+=("$pid")
# Held open until the end: armvisor must not read end-of-file.
exec 3>"$fifo"

# wait_for TEXT: until the console shows TEXT (false if armvisor ended).
wait_for() {
	until grep -q "$1" "$log"; do
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.2
	done
}

wait_for "RECIPE-READY" || fail "the guest never asked for input"
# Ctrl-A x is no escape with -echr 0x14: the guest gets both keys.
printf '\001xping\n' >&3
wait_for "got: .xping" || fail "Ctrl-A x did not reach the guest as keys"
printf '\024x' >&3
rc=0
wait_bg "$pid" || rc=$?
exec 3>&-
strip_cr "$log"
[ $rc -eq 0 ] || fail "Ctrl-T x: armvisor exited with status $rc, want 0"
grep -q "armvisor: Terminated" "$log" || fail "Ctrl-T x did not end armvisor"
grep -q "ARMVISOR-INIT-DONE" "$log" && fail "the guest ended on its own, not by Ctrl-T x"
grep -q "^hwrng-current: virtio_rng" "$log" || fail "the rng object's virtio-rng is not the guest's hwrng"
grep -Eq "^hwrng: [0-9a-f]{32}$" "$log" || fail "/dev/hwrng did not give 16 bytes"
grep -q "^disk: vda ro=0 sectors=2048" "$log" || fail "the cache=writethrough disk is missing"

# An rng= that names no object is refused before anything runs.
timeout 60 "$AV" -M virt,dumpdtb="$work/pci.dtb" -kernel "$kit/Image" \
	-device virtio-rng-pci,rng=nope </dev/null >"$work/out" 2>&1 &&
	fail "virtio-rng-pci,rng=nope was accepted"
echo "PASS: -object rng-random, -echr 0x14, cache=writethrough and highmem=off in a guest"
