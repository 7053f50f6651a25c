#!/usr/bin/env bash
# The gdbstub under KVM, nested (issue 6): qemu-system-aarch64 with
# virtualization=on boots Debian's kernel; inside, the static armvisor
# boots the guest kit under -accel kvm with -S -gdb tcp:0.0.0.0:1234, and
# the outer QEMU forwards a host port there. gdb-multiarch on the host:
# pc at reset is the kernel's first instruction, stepi twice moves pc
# (KVM_GUESTDBG_SINGLESTEP), a hardware breakpoint on the uname system
# call (its address from a TCG boot with nokaslr) stops there, memory
# reads go through the vCPU's page tables and find the kernel's code;
# after detach the inner guest
# runs to its end and armvisor exits 0.
set -u
cd "$(dirname "$0")/../.."
for t in qemu-system-aarch64 gdb-multiarch python3; do
	command -v $t >/dev/null || { echo "SKIP: no $t"; exit 77; }
done
kit=$(scripts/guest-kit.sh path 2>/dev/null) || { echo "SKIP: no guest kit"; exit 77; }
make -s aarch64-static >/dev/null 2>&1 || { echo "FAIL: make aarch64-static"; exit 1; }
make -s >/dev/null || { echo "FAIL: make"; exit 1; }
inner=build/guest-gdb.cpio.gz outer=build/gdb-outer.cpio.gz
[ "$inner" -nt tests/guest/init-gdb.sh ] ||
	scripts/guest-kit.sh initramfs tests/guest/init-gdb.sh "$inner" || exit 1
scripts/guest-kit.sh initramfs tests/guest/init-gdb-outer.sh "$outer" \
	build/aarch64/armvisor:/armvisor "$kit/Image:/Image" "$inner:/inner.cpio.gz" || exit 1
tmp=$(mktemp -d)
qpid=
trap '[ -n "$qpid" ] && kill "$qpid" 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; for f in "$tmp"/*.log; do echo "== $f"; tail -n 30 "$f"; done; exit 1; }

# The uname system call's address: same kernel, nokaslr, booted under TCG.
timeout ${GUEST_TIMEOUT:-600} build/armvisor -M virt -m 512M -nographic -kernel "$kit/Image" \
	-initrd "$inner" -append "console=ttyAMA0 nokaslr" </dev/null >"$tmp/tcg.log" 2>&1 ||
	fail "the TCG boot failed"
addr=$(sed -n 's/^KSYM-UNAME: \([0-9a-f]*\).*/\1/p' "$tmp/tcg.log" | tr -d '\r')
[ -n "$addr" ] || fail "no address for __arm64_sys_newuname"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
timeout ${NESTED_TIMEOUT:-900} qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 \
	-cpu max,pauth-impdef=on -smp 2 -m 1536 -nographic -kernel "$kit/Image" \
	-initrd "$outer" -append "console=ttyAMA0 quiet" \
	-netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$port-10.0.2.15:1234" \
	-device virtio-net-device,netdev=n0 </dev/null >"$tmp/outer.log" 2>&1 &
qpid=$!
for _ in $(seq 600); do
	grep -q OUTER-GDB-READY "$tmp/outer.log" && break
	kill -0 "$qpid" 2>/dev/null || fail "the outer guest ended before armvisor listened"
	sleep 1
done
grep -q OUTER-GDB-READY "$tmp/outer.log" || fail "armvisor never listened in the outer guest"

cat >"$tmp/cmds.gdb" <<GDB
set architecture aarch64
set pagination off
set confirm off
set tcp connect-timeout 300
target remote 127.0.0.1:$port
printf "RESET-PC %lx\n", \$pc
x/4xw \$pc
stepi
printf "STEP1-PC %lx\n", \$pc
stepi
printf "STEP2-PC %lx\n", \$pc
hbreak *0x$addr
continue
printf "BREAK-PC %lx\n", \$pc
printf "BREAK-MODE %x\n", \$cpsr & 0xf
x/8xw \$pc + 8
info threads
delete
detach
GDB
timeout ${NESTED_TIMEOUT:-900} gdb-multiarch -batch -nx -x "$tmp/cmds.gdb" >"$tmp/gdb.log" 2>&1 ||
	fail "gdb failed"
wait "$qpid"
rc=$?
qpid=
[ $rc -eq 0 ] || fail "the outer guest did not power off (status $rc)"
log=$tmp/gdb.log
val() { sed -n "s/^$1 \([0-9a-f]*\)\$/\1/p" "$log"; }
want=$(od -An -tx4 -N16 "$kit/Image" | awk '{ for (i = 1; i <= NF; i++) printf "0x%s ", $i }')
got=$(grep -A1 "^RESET-PC" "$log" | tail -n 1 | cut -d: -f2 | xargs | sed 's/$/ /')
[ "$got" = "$want" ] || fail "at reset pc=$(val RESET-PC) holds '$got', the Image starts with '$want'"
[ -n "$(val STEP1-PC)" ] && [ "$(val STEP1-PC)" != "$(val RESET-PC)" ] || fail "stepi did not move pc"
[ -n "$(val STEP2-PC)" ] && [ "$(val STEP2-PC)" != "$(val STEP1-PC)" ] || fail "second stepi did not move pc"
[ "$(val BREAK-PC)" = "$addr" ] || fail "stopped at $(val BREAK-PC), not at the hbreak $addr"
[ "$(val BREAK-MODE)" = 5 ] || fail "not at EL1h at the breakpoint"
grep -q "Thread 2 (CPU#1)" "$log" || fail "info threads does not list vCPU 1"
# Code read through the inner guest's page tables (the walk in
# kvm_debug_state.c) is the kernel's: the 32 bytes after the ftrace entry
# are in the Image at the same page offset.
words=$(grep -A2 "^BREAK-MODE" "$log" | tail -n 2 | cut -d: -f2 | xargs)
python3 - "$kit/Image" "$addr" $words <<'PY' || fail "memory at the breakpoint is not the kernel's code"
import struct, sys
image = open(sys.argv[1], "rb").read()
addr = int(sys.argv[2], 16) + 8
code = b"".join(struct.pack("<I", int(w, 16)) for w in sys.argv[3:])
assert len(code) == 32, code
off = image.find(code)
while off >= 0 and off % 4096 != addr % 4096:
    off = image.find(code, off + 1)
sys.exit(0 if off >= 0 else 1)
PY
grep -q "OUTER-EXIT status=0" "$tmp/outer.log" || fail "the inner armvisor did not exit 0 after detach"
grep -q "ARMVISOR-INIT-DONE" "$tmp/outer.log" || fail "the inner guest did not run to its end"
echo "PASS: gdb_kvm_nested (hbreak at $addr under KVM)"
