#!/usr/bin/env bash
# virtio-9p as Linux's v9fs uses it (9pnet, 9pnet_virtio, 9p and their
# dependencies from the kit's modules.dep; mount -t 9p -o trans=virtio,
# version=9p2000.L), under TCG with two vCPUs, with three shares:
#  - rw (-fsdev ... security_model=passthrough + -device virtio-9p-device):
#    the guest reads host files (content checked), writes new ones (content
#    and mode checked on the host after poweroff), chmods, mkdirs, renames,
#    makes a symlink (readlink in the guest, a symlink on the host) and a
#    hard link, unlinks, lists a directory of 2000 entries (several
#    Treaddir requests), reads a file from two processes at once, and
#    symlinks the host made pointing outside the share, and "..", show the
#    guest nothing of the host outside it;
#  - ro (-virtfs ...,readonly=on): reads work, a write fails with EROFS;
#  - mapped (security_model=mapped-xattr, a virtio-9p-pci): the guest's owner and modes
#    are kept in user.virtfs.* xattrs; the host files keep the server's;
#  - then the guest reboots while a reader streams a file over 9p (the
#    reset cancels requests in flight) and mounts the share again.
# First, the errors the machine finds in the options, in QEMU's words.
# Needs the guest kit (scripts/guest-kit.sh). ARMVISOR= picks the binary.
. "$(dirname "$0")/../lib/common.sh"
guest_timeout=${GUEST_TIMEOUT:-900}
need_armvisor
need_kit
need_tools python3

make_work

fake_image "$work/Image"
machine_err() {
	local want=$1 out rc=0
	shift
	out=$("$AV" -M virt -nographic -nic none -kernel "$work/Image" "$@" 2>&1) || rc=$?
	[ $rc -ne 0 ] || fail "'$*' was accepted"
	echo "$out" | grep -qF -- "$want" || fail "'$*': '$out' lacks '$want'"
}
mkdir -p "$work/empty"
machine_err "-device virtio-9p-device,fsdev=nope,mount_tag=t: 9pfs device couldn't find fsdev with the id = nope" \
	-device virtio-9p-device,fsdev=nope,mount_tag=t
machine_err "9pfs device couldn't find fsdev with the id = NULL" -device virtio-9p-device,mount_tag=t
machine_err "fsdev with id f needs mount_tag arguments" \
	-fsdev "local,id=f,path=$work/empty,security_model=none" -device virtio-9p-device,fsdev=f
machine_err "cannot initialize fsdev 'f': failed to open '$work/nonexistent': No such file or directory" \
	-fsdev "local,id=f,path=$work/nonexistent,security_model=none" -device virtio-9p-device,fsdev=f,mount_tag=t
machine_err "security_model property not set" -virtfs "local,path=$work/empty,mount_tag=t"
# The worker runs in its own sandbox kind: a forbidden call from it stops armvisor.
rc=0
out=$(ARMVISOR_SANDBOX_SELFTEST=9p timeout 60 "$AV" -sandbox on -M virt -nographic -nic none -kernel "$work/Image" \
	-virtfs "local,path=$work/empty,mount_tag=t,security_model=none" 2>&1) || rc=$?
[ $rc -eq 159 ] || fail "execve from the 9p worker: status $rc, want 159 (128 + SIGSYS)"
echo "$out" | grep -Eq "^armvisor: sandbox: blocked syscall execve \([0-9]+\) in 9p thread" ||
	fail "no message naming execve and the 9p thread: $out"

ver=$(cat "$kit/version" 2>/dev/null || ls "$kit/root/lib/modules" | head -n 1)
moddir=$kit/root/lib/modules/$ver
# The 9p modules and their dependencies, dependencies first (modules.dep
# lists a module's own dependencies nearest first).
mods=()
for m in kernel/net/9p/9pnet_virtio.ko kernel/fs/9p/9p.ko; do
	deps=$(sed -n "s|^$m:||p" "$moddir/modules.dep")
	[ -n "$(grep "^$m:" "$moddir/modules.dep")" ] || fail "$m is not in the kit's modules.dep"
	for d in $(echo "$deps" | tr ' ' '\n' | tac) "$m"; do
		[[ " ${mods[*]} " == *" $d "* ]] || mods+=("$d")
	done
done
files=()
: >"$work/order"
for m in "${mods[@]}"; do
	files+=("$moddir/$m:/lib/9p/$(basename "$m")")
	basename "$m" >>"$work/order"
done
files+=("$work/order:/lib/9p/order")
initrd=$work/9p.cpio.gz
# virtio_pci too: the mapped share is a virtio-9p-pci.
KIT_MODULES=virtio_pci need_initramfs tests/guest/init-9p.sh "$initrd" "${files[@]}"

# The shares, and something outside them the guest must not reach.
rw=$work/rw ro=$work/ro mapped=$work/mapped outside=$work/outside
mkdir -p "$rw/many" "$ro" "$mapped" "$outside"
echo "hello from the host" >"$rw/hello.txt"
echo "read-only share" >"$ro/hello.txt"
head -c 700000 /dev/urandom >"$rw/big.bin"
echo "SECRET-OUTSIDE-THE-SHARE" >"$outside/secret.txt"
ln -s "$outside/secret.txt" "$rw/escape-abs"
ln -s ../outside/secret.txt "$rw/escape-rel"
long=$(printf 'n%.0s' $(seq 100))
for i in $(seq 2000); do : >"$rw/many/$long-$i"; done

log=$work/armvisor.log
run_guest "$log" "$AV" -M virt -cpu cortex-a57 -smp 2 -m 512M -nographic -nic none \
	-kernel "$kit/Image" -initrd "$initrd" -append "console=ttyAMA0" -accel tcg \
	-fsdev "local,id=fsrw,path=$rw,security_model=passthrough" \
	-device virtio-9p-device,fsdev=fsrw,mount_tag=rw \
	-virtfs "local,path=$ro,mount_tag=ro,security_model=none,readonly=on" \
	-fsdev "local,id=fsm,path=$mapped,security_model=mapped-xattr" \
	-device virtio-9p-pci,fsdev=fsm,mount_tag=mapped
rc=$?
strip_cr "$log"
fail_logs=("$log")
[ $rc -eq 0 ] || fail "armvisor exited with status $rc"
grep -q "blocked syscall" "$log" && fail "the sandbox stopped a call"
grep -q "ARMVISOR-INIT-START" "$log" || fail "the guest's /init never ran"
grep -q "insmod-failed" "$log" && fail "a module did not load"
grep -q "ARMVISOR-INIT-DONE" "$log" || fail "/init did not finish"
for t in rw ro mapped; do
	grep -q "^mounted: $t" "$log" || fail "the guest could not mount share '$t'"
done
want() { grep -qxF -- "$1" "$log" || fail "the guest did not print '$1'"; }
want "hello: hello from the host"
big_md5=$(md5sum <"$rw/big.bin" | cut -d' ' -f1)
want "big-md5: $big_md5"
want "parallel-md5: $big_md5 $big_md5"
want "new-written"
want "new-mode: 640"
want "pattern-written: $(guest_pattern 16384 | md5sum | cut -d' ' -f1)"
want "mkdir: directory"
want "renamed: moved"
want "readlink: hello.txt -> hello from the host"
want "hardlink: 2"
want "unlink: ok"
want "rmdir: ok"
want "many-count: 2000"
want "many-md5: $(ls "$rw/many" | LC_ALL=C sort | md5sum | cut -d' ' -f1)"
want "escape-done"
want "ro-hello: read-only share"
grep -q "^ro-write: .*can't create /mnt/ro/new: Read-only file system" "$log" ||
	fail "a write on the read-only share did not fail with EROFS"
grep -q "^ro-mkdir: .*Read-only file system" "$log" || fail "mkdir on the read-only share did not fail with EROFS"
want "mapped-f: 751 1234 5678"
want "mapped-d: 705 directory"
want "mapped-l: target-of-link symbolic link"
want "mapped-fifo: fifo"
want "umounted"
grep -q "^rebooting" "$log" || fail "the guest did not reach its reboot"
want "second-boot: hello from the host"
grep -q "ARMVISOR-REBOOT-DONE" "$log" || fail "after the reset, the share did not work again"
[ ! -e "$rw/.rebooted" ] || fail "the second boot could not remove its marker"
grep -q "SECRET-OUTSIDE" "$log" && fail "the guest read a host file outside the share"

# The host side, after poweroff.
[ "$(cat "$rw/new.txt")" = "written by the guest" ] || fail "new.txt on the host: '$(cat "$rw/new.txt")'"
[ "$(stat -c %a "$rw/new.txt")" = 640 ] || fail "new.txt's host mode is $(stat -c %a "$rw/new.txt"), want 640"
cmp -s <(guest_pattern 16384) "$rw/pattern.txt" || fail "pattern.txt on the host differs from what the guest wrote"
[ -d "$rw/dir1" ] || fail "dir1 is not a directory on the host"
[ "$(cat "$rw/dir1/renamed")" = moved ] && [ ! -e "$rw/torename" ] || fail "the rename did not reach the host"
[ -L "$rw/link" ] && [ "$(readlink "$rw/link")" = hello.txt ] || fail "the host does not see the symlink 'link' -> hello.txt"
[ "$(stat -c %h "$rw/hello.txt")" = 2 ] || fail "the hard link did not reach the host"
[ ! -e "$rw/gone" ] && [ ! -e "$rw/emptydir" ] || fail "unlink/rmdir did not reach the host"
[ ! -e "$ro/new" ] && [ ! -e "$ro/d" ] || fail "the read-only share changed"
[ "$(cat "$outside/secret.txt")" = SECRET-OUTSIDE-THE-SHARE ] || fail "a file outside the share changed"
[ "$(ls "$outside")" = secret.txt ] || fail "something was created outside the share: $(ls "$outside")"
[ -L "$rw/escape-abs" ] || fail "the guest replaced the host's symlink escape-abs"
# mapped-xattr: host files keep the server's modes (fmode 0600, dmode 0700);
# the guest's are in QEMU's user.virtfs.* attributes (le32).
python3 - "$mapped" <<'PY' || fail "the mapped-xattr share's host files are not as QEMU would leave them"
import os, stat, struct, sys
d = sys.argv[1]
def xa(p, n):
    return struct.unpack("<I", os.getxattr(p, "user.virtfs." + n, follow_symlinks=False))[0]
f, dd, l, fifo = (os.path.join(d, n) for n in ("f", "d", "l", "fifo"))
st = os.lstat(f)
assert stat.S_IMODE(st.st_mode) == 0o600, oct(st.st_mode)
assert xa(f, "mode") == 0o100751 and xa(f, "uid") == 1234 and xa(f, "gid") == 5678
assert stat.S_IMODE(os.lstat(dd).st_mode) == 0o700 and xa(dd, "mode") == 0o40705
assert stat.S_ISREG(os.lstat(l).st_mode) and open(l).read() == "target-of-link"
assert xa(l, "mode") & 0o170000 == 0o120000
assert stat.S_ISREG(os.lstat(fifo).st_mode) and xa(fifo, "mode") & 0o170000 == 0o10000
PY
echo "PASS: 9p shares: QEMU's errors, host files read, new files/modes/dirs/rename/symlink/link/unlink" \
	"on the host, 2000-entry readdir, no escape outside the share, readonly=on gives EROFS," \
	"mapped-xattr as QEMU's, a reset with requests in flight"
