#!/usr/bin/env bash
# Run instruction snippets on our CPU (tcg-run) and on qemu-aarch64-static
# and compare the final states. Usage: tests/tcg/run.sh [SNIPPET.S ...]
# (default: every tests/tcg/snippets/*.S). Exit 0 when all match, 1 on a
# mismatch, 77 when the cross tools or the reference are missing.
. "$(dirname "$0")/../lib/common.sh"
QEMU=${QEMU:-qemu-aarch64-static}
out=$BUILD/tcg-tests

need_tools "${CROSS}gcc" "${CROSS}objcopy" "$QEMU"

make -s "$BUILD/libarmvisor.a" || exit 1
mkdir -p "$out"
# armvisor_libs unquoted: one word a library.
${CC:-cc} -O2 -g -std=gnu11 -Wall -Wextra -Werror -Iinclude -Iaccel-tcg -Itests/tcg \
	-pthread -D_GNU_SOURCE -o "$out/tcg-run" tests/tcg/tcg-run.c \
	"$BUILD/libarmvisor.a" $(armvisor_libs) || exit 1

asm() {	# asm SNIPPET OUT [extra flags]
	local s=$1 o=$2
	shift 2
	"${CROSS}gcc" -nostdlib -static -Itests/tcg -DSNIPPET="\"$s\"" \
		-T tests/tcg/harness.ld -Wl,--build-id=none "$@" -o "$o" tests/tcg/harness.S
}

# Each snippet runs on the portable tier, and on the x86-64 tier where
# this host has it (TCG_RUN_JIT; TCG_TIERS=portable to skip it).
tiers=(portable)
"$out/tcg-run" jit && tiers+=(jit)
[ -n "${TCG_TIERS:-}" ] && read -ra tiers <<<"$TCG_TIERS"
echo "tcg instruction tests: tiers ${tiers[*]}"

pass=0 failed=0
snippets=("$@")
[ ${#snippets[@]} -eq 0 ] && snippets=(tests/tcg/snippets/*.S)
for s in "${snippets[@]}"; do
	n=$(basename "$s" .S)
	if ! asm "$PWD/$s" "$out/$n.user" -DUSER_MODE || ! asm "$PWD/$s" "$out/$n.elf" ||
	   ! "${CROSS}objcopy" -O binary "$out/$n.elf" "$out/$n.bin"; then
		echo "FAIL: $n (does not assemble)"; failed=$((failed + 1)); continue
	fi
	if ! "$QEMU" "$out/$n.user" >"$out/$n.ref"; then
		echo "FAIL: $n (the reference run failed)"; failed=$((failed + 1)); continue
	fi
	for tier in "${tiers[@]}"; do
		our=$out/$n.$tier
		if ! TCG_RUN_JIT=$([ "$tier" = jit ] && echo 1) \
		     "$out/tcg-run" run "$out/$n.bin" "$our"; then
			echo "FAIL: $n (did not reach its end on our CPU, $tier tier)"
			failed=$((failed + 1)); continue
		fi
		if "$out/tcg-run" compare "$out/$n.ref" "$our" >"$our.diff"; then
			pass=$((pass + 1))
		else
			echo "FAIL: $n (state differs from qemu-aarch64, $tier tier):"; cat "$our.diff"
			failed=$((failed + 1))
		fi
	done
done
echo "tcg instruction tests: $pass passed, $failed failed"
[ "$failed" -eq 0 ]
