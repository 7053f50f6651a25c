#!/usr/bin/env bash
# Both TCG tiers boot the guest. The other guest tests run the default,
# which on x86-64 hosts is the code-emitting tier (jit=on): here the
# portable tier boots with -smp 1 and 2 (jit=off), and the code-emitting
# tier once with a 1 MiB code buffer, so that it fills and is flushed
# while the kernel boots. Skipped on other hosts (only the portable tier
# exists there, which guest_tcg.sh covers).
. "$(dirname "$0")/../lib/common.sh"
[ "$(uname -m)" = x86_64 ] || skip "the code-emitting tier needs an x86-64 host"
rc=0
for args in "1 -accel tcg,jit=off" "2 -accel tcg,jit=off" \
	    "2 -M virt,gic-version=3 -accel tcg,jit=on,tb-size=1"; do
	# shellcheck disable=SC2086
	tests/guest/boot-basic.sh $args || rc=1
done
exit $rc
