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
. "$(dirname "$0")/../lib/common.sh"
. tests/lib/gdb.sh
need_tools qemu-system-aarch64 gdb-multiarch python3
need_kit
need_inner_armvisor
make -s >/dev/null || fail "make"
inner=build/guest-gdb.cpio.gz outer=build/gdb-outer.cpio.gz
initramfs_cached tests/guest/init-gdb.sh "$inner" || exit 1
initramfs tests/guest/init-gdb-outer.sh "$outer" \
	"$inner_av:/armvisor" "$kit/Image:/Image" "$inner:/inner.cpio.gz" || exit 1
make_work
fail_logs=("$work")

# The uname system call's address: same kernel, nokaslr, booted under TCG.
boot_guest "$work/tcg.log" -M virt -m 512M -initrd "$inner" -append "console=ttyAMA0 nokaslr" ||
	fail "the TCG boot failed"
addr=$(sed -n 's/^KSYM-UNAME: \([0-9a-f]*\).*/\1/p' "$work/tcg.log" | tr -d '\r')
[ -n "$addr" ] || fail "no address for __arm64_sys_newuname"

# The outer QEMU forwards a host port to the inner armvisor's gdbstub.
port=$(free_port)
start_bg boot_nested "$work/outer.log" "$outer" "" \
	-netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$port-10.0.2.15:1234" \
	-device virtio-net-device,netdev=n0
qpid=$bg_pid
for _ in $(seq 600); do
	grep -q OUTER-GDB-READY "$work/outer.log" && break
	kill -0 "$qpid" 2>/dev/null || fail "the outer guest ended before armvisor listened"
	sleep 1
done
grep -q OUTER-GDB-READY "$work/outer.log" || fail "armvisor never listened in the outer guest"

gdb_to_break "$port" "$addr" >"$work/cmds.gdb"
echo detach >>"$work/cmds.gdb"
timeout "$nested_timeout" gdb-multiarch -batch -nx -x "$work/cmds.gdb" >"$work/gdb.log" 2>&1 ||
	fail "gdb failed"
wait_bg "$qpid"
rc=$?
[ $rc -eq 0 ] || fail "the outer guest did not power off (status $rc)"
# Code is read through the inner guest's page tables by the walk in
# kvm_debug_state.c.
gdb_log=$work/gdb.log
check_gdb_to_break "$addr"
grep -q "OUTER-EXIT status=0" "$work/outer.log" || fail "the inner armvisor did not exit 0 after detach"
grep -q "ARMVISOR-INIT-DONE" "$work/outer.log" || fail "the inner guest did not run to its end"
echo "PASS: gdb_kvm_nested (hbreak at $addr under KVM)"
