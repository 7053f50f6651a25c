#!/usr/bin/env bash
# Both TCG tiers boot the guest. The other guest tests run the default,
# which on x86-64 hosts is the code-emitting tier (jit=on): here the
# portable tier boots with -smp 1 and 2 (jit=off), and the code-emitting
# tier once with a 1 MiB code buffer, so that it fills and is flushed
# while the kernel boots; -d out_asm logs the host code of the kernel's
# first block as QEMU does ("OUT: [size=N]", then x86-64 insns). Skipped
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
[ $rc -ne 0 ] || echo "PASS: -d out_asm"
exit $rc
