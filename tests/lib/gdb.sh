# Sourced after common.sh by the gdbstub tests (gdb_tcg.sh under TCG,
# gdb_kvm_nested.sh under KVM): the gdb-multiarch session both run, from
# the kernel's first instruction to a hardware breakpoint, and the checks
# on what it printed. The test sets gdb_log to the session's output.

# gdb_to_break PORT ADDR: the start of a batch script. Connect, print pc at
# reset and the words there, stepi twice, hbreak at ADDR (the kernel's
# uname system call, found by a nokaslr boot), continue, print where the
# vCPU stopped and the code there, list the vCPUs, delete the breakpoint.
gdb_to_break() {
	cat <<GDB
set architecture aarch64
set pagination off
set confirm off
set tcp connect-timeout 300
target remote 127.0.0.1:$1
printf "RESET-PC %lx\n", \$pc
x/4xw \$pc
stepi
printf "STEP1-PC %lx\n", \$pc
stepi
printf "STEP2-PC %lx\n", \$pc
hbreak *0x$2
continue
printf "BREAK-PC %lx\n", \$pc
printf "BREAK-SP %lx\n", \$sp
printf "BREAK-MODE %x\n", \$cpsr & 0xf
x/8xw \$pc + 8
info threads
delete
GDB
}

# gdb_val NAME: the hex number the script printed as "NAME number".
gdb_val() { sed -n "s/^$1 \([0-9a-f]*\)\$/\1/p" "$gdb_log"; }

# check_gdb_to_break ADDR: what the gdb_to_break part printed is right.
check_gdb_to_break() {
	local addr=$1 reset step1 step2 want got
	reset=$(gdb_val RESET-PC) step1=$(gdb_val STEP1-PC) step2=$(gdb_val STEP2-PC)
	[ -n "$reset" ] || fail "no pc at reset"
	# The words at the reset pc are the Image's first 16 bytes (booting.rst header).
	want=$(od -An -tx4 -N16 "$kit/Image" | awk '{ for (i = 1; i <= NF; i++) printf "0x%s ", $i }')
	got=$(grep -A1 "^RESET-PC" "$gdb_log" | tail -n 1 | cut -d: -f2 | xargs | sed 's/$/ /')
	[ "$got" = "$want" ] || fail "at reset pc=$reset holds '$got', the Image starts with '$want'"
	[ -n "$step1" ] && [ "$step1" != "$reset" ] || fail "stepi did not move pc ($reset -> $step1)"
	[ -n "$step2" ] && [ "$step2" != "$step1" ] || fail "second stepi did not move pc ($step1 -> $step2)"
	[ "$(gdb_val BREAK-PC)" = "$addr" ] || fail "stopped at $(gdb_val BREAK-PC), not at the hbreak $addr"
	[ "$(gdb_val BREAK-MODE)" = 5 ] || fail "not at EL1h at the breakpoint (mode $(gdb_val BREAK-MODE))"
	grep -q "Thread 2 (CPU#1)" "$gdb_log" || fail "info threads does not list vCPU 1"
	kernel_code_at "$addr" || fail "memory at the breakpoint is not the kernel's code"
}

# kernel_code_at ADDR: code read through the guest's page tables is the
# kernel's: the 32 bytes gdb printed after the (runtime-patched) ftrace
# entry at ADDR are in the Image at the same page offset.
kernel_code_at() {
	# The words unquoted: one argument each.
	python3 - "$kit/Image" "$1" $(grep -A2 "^BREAK-MODE" "$gdb_log" | tail -n 2 | cut -d: -f2) <<'PY'
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
}
