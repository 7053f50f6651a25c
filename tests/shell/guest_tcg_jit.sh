#!/usr/bin/env bash
# Both TCG tiers boot the guest. The other guest tests run the default,
# which on x86-64 hosts is the code-emitting tier (jit=on): here the
# portable tier boots with -smp 1 and 2 (jit=off), and the code-emitting
# tier once with a 1 MiB code buffer, so that it fills and is flushed
# while the kernel boots; -d out_asm logs the host code of the kernel's
# first block as QEMU does ("OUT: [size=N]", then x86-64 insns), and
# -d in_asm its guest insns. Capstone, which disassembles both, is loaded
# only by a run that logs them (accel-tcg/engine/disas.c). Skipped
# on other hosts (only the portable tier
# exists there, which guest_tcg.sh covers).
. "$(dirname "$0")/../lib/common.sh"
[ "$(uname -m)" = x86_64 ] || skip "the code-emitting tier needs an x86-64 host"
rc=0
for args in "1 -accel tcg,jit=off" "2 -accel tcg,jit=off" \
	    "2 -M virt,gic-version=3 -accel tcg,jit=on,tb-size=1"; do
	# shellcheck disable=SC2086
	tests/guest/boot-basic.sh $args || rc=1
done

need_kit
make_work
# The first few seconds of a boot are plenty: the first block is logged at once.
timeout 5 "$AV" -M virt -cpu cortex-a57 -m 256M -nographic -nic none -accel tcg,jit=on \
	-kernel "$kit/Image" -append console=ttyAMA0 -d out_asm -D "$work/out.log" \
	>/dev/null 2>&1
grep -q '^OUT: \[size=[0-9]*\] 0x0000000040200000 EL1$' "$work/out.log" ||
	{ echo "FAIL: -d out_asm did not log the kernel's first block"; rc=1; }
grep -q '^  0x[0-9a-f]*:  movabs   r12, 0x' "$work/out.log" ||
	{ echo "FAIL: -d out_asm shows no x86-64 code"; rc=1; }
timeout 5 "$AV" -M virt -cpu cortex-a57 -m 256M -nographic -nic none -accel tcg,jit=on \
	-kernel "$kit/Image" -append console=ttyAMA0 -d in_asm -D "$work/in.log" \
	>/dev/null 2>&1
grep -q '^0x0000000040200000:  fa405a4d      ccmp     x18, #0, #0xd, pl$' "$work/in.log" ||
	{ echo "FAIL: -d in_asm did not disassemble the kernel's first insn"; rc=1; }
# Without a log that disassembles, libcapstone is not in the process.
"$AV" -M virt -cpu cortex-a57 -m 256M -nographic -nic none -accel tcg,jit=on \
	-kernel "$kit/Image" -append console=ttyAMA0 </dev/null >/dev/null 2>&1 &
pid=$!
sleep 1
if ! grep -q 'memfd:armvisor-jit' "/proc/$pid/maps"; then
	echo "FAIL: the guest was not running after a second"; rc=1
elif grep -q 'libcapstone' "/proc/$pid/maps"; then
	echo "FAIL: libcapstone is mapped without -d in_asm/out_asm"; rc=1
fi
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
[ $rc -ne 0 ] || echo "PASS: -d out_asm, -d in_asm"
exit $rc
