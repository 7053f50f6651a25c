#!/usr/bin/env bash
# A short run of every libFuzzer target (tests/fuzz/fuzz_*.c) on its
# committed seed corpus (tests/fuzz/corpus/<target>/): hostile rings,
# boot files, gdb packets, command lines, config files, register
# accesses and instruction words must never crash, hang, leak or trip
# AddressSanitizer or UBSan. Two targets at a time, FUZZ_SECONDS each
# (default 8): the whole run stays near 40 s on a 2-core machine once
# built. New inputs go to a scratch folder, never into the committed
# corpus. `make fuzz-smoke` runs this alone; longer by hand:
#   make fuzz && build/fuzz/fuzz_boot -max_total_time=600 tests/fuzz/corpus/fuzz_boot
. "$(dirname "$0")/../lib/common.sh"
need_tools clang
make_work
need_libfuzzer

make -s -j2 BUILD="$BUILD" fuzz >"$work/build.log" 2>&1 || { fail_logs=("$work/build.log"); fail "make fuzz"; }

secs=${FUZZ_SECONDS:-8}
# Reproducers outlive the test: a finding goes into the corpus once fixed.
artifacts=$BUILD/fuzz/artifacts
mkdir -p "$artifacts"
targets=()
for src in tests/fuzz/fuzz_*.c; do
	targets+=("$(basename "$src" .c)")
done

# run_one TARGET: its verdict in $work/TARGET.rc, its output in TARGET.log.
run_one() {
	local t=$1
	mkdir -p "$work/new-$t"
	"$BUILD/fuzz/$t" -max_total_time="$secs" -timeout=10 \
		-artifact_prefix="$artifacts/$t-" "$work/new-$t" "tests/fuzz/corpus/$t" \
		>"$work/$t.log" 2>&1
	echo $? >"$work/$t.rc"
}

for t in "${targets[@]}"; do
	[ -d "tests/fuzz/corpus/$t" ] || fail "$t has no seed corpus in tests/fuzz/corpus/$t"
	run_one "$t" &
	# Two at a time: this machine's two cores.
	while [ "$(jobs -rp | wc -l)" -ge 2 ]; do wait -n; done
done
wait

fails=0
for t in "${targets[@]}"; do
	log=$work/$t.log
	if [ "$(cat "$work/$t.rc")" != 0 ] || grep -q "runtime error\|ERROR: " "$log"; then
		echo "FAIL: $t found a crash, hang, leak or sanitizer report:"
		grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$log" | head -n 20
		ls "$artifacts/$t"-* 2>/dev/null
		fails=$((fails + 1))
	elif ! grep -q "^Done [0-9]* runs" "$log"; then
		echo "FAIL: $t did not run"
		tail -n 5 "$log"
		fails=$((fails + 1))
	else
		echo "PASS: $t: $(grep -o 'Done [0-9]* runs' "$log"), $(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n 1)"
	fi
done
exit_fails
