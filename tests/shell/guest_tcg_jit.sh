#!/usr/bin/env bash
# Guest tests on the x86-64 code-emitting tier (-accel tcg,jit=on): the
# boots of guest_tcg.sh, and one with a 1 MiB code buffer so that it
# fills and is flushed while the kernel boots. Skipped on other hosts
# (jit=on runs the portable tier there, which guest_tcg.sh covers).
. "$(dirname "$0")/../lib/common.sh"
[ "$(uname -m)" = x86_64 ] || skip "the code-emitting tier needs an x86-64 host"
rc=0
for args in "1 -accel tcg,jit=on" "2 -accel tcg,jit=on" \
	    "2 -M virt,gic-version=3 -accel tcg,jit=on,tb-size=1"; do
	# shellcheck disable=SC2086
	tests/guest/boot-basic.sh $args || rc=1
done
exit $rc
