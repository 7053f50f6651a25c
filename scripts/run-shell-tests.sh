#!/usr/bin/env bash
# Run every tests/shell/*.sh (or those named in $TESTS). A test exits 0 on
# pass, 77 when it cannot run here (reported as skipped, never as a pass),
# anything else on failure. Under CI (CI=true) or with NO_SKIP=1 a skipped
# test fails the run: CI installs everything, so a skip there is a missing
# package, not a test that passed.
#
# SHELL_JOBS=2 (the default with two or more CPUs) runs two lanes at once:
# the nested KVM tests (*_nested.sh: each boots an arm64 host under
# qemu-system-aarch64 and wants the machine to itself) one after another
# in one lane, every other test one after another in the other. What the
# tests share is made once before the lanes start (the guest kit, the
# static arm64 build), and cached initramfs files are written atomically
# (scripts/guest-kit.sh). SHELL_JOBS=1: one test at a time, in order.
set -u
dir=$1
tests=(${TESTS:-"$dir"/*.sh "$dir"/recipes/*.sh})
jobs=${SHELL_JOBS:-$( [ "$(nproc 2>/dev/null || echo 1)" -ge 2 ] && echo 2 || echo 1 )}
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

# run_one TEST LANE: run it, print its verdict in one write, count it.
run_one() {
	local t=$1 lane=$2 name rc start secs report
	name=$(basename "$t" .sh)
	start=$(date +%s)
	bash "$t" >"build/shell-$name.log" 2>&1
	rc=$?
	secs=$(( $(date +%s) - start ))
	case $rc in
	0) echo pass >>"$results/$lane"; report="PASS: $name (${secs}s)" ;;
	77) echo skip >>"$results/$lane"; report="SKIP: $name: $(tail -n 1 "build/shell-$name.log")" ;;
	*) echo fail >>"$results/$lane"
	   # The test's own verdict lines first: log tails that follow can hide them.
	   report="FAIL: $name (exit $rc):
$(grep -m 5 '^FAIL' "build/shell-$name.log" | sed 's/^/    /')
    last lines of build/shell-$name.log:
$(tail -n 25 "build/shell-$name.log" | sed 's/^/    /')" ;;
	esac
	printf '%s\n' "$report"
}

# run_lane LANE TEST...: one after another.
run_lane() {
	local lane=$1 t
	shift
	: >"$results/$lane"
	for t in "$@"; do
		run_one "$t" "$lane"
	done
}

mkdir -p build
if [ "$jobs" -gt 1 ]; then
	nested=() others=()
	for t in "${tests[@]}"; do
		case $(basename "$t") in
		*_nested.sh) nested+=("$t") ;;
		*) others+=("$t") ;;
		esac
	done
	# Shared by both lanes: fetched or built once, here (a test that
	# needs either and cannot have it still says so itself).
	scripts/guest-kit.sh path >/dev/null 2>&1 || true
	if [ ${#nested[@]} -gt 0 ] && command -v aarch64-linux-gnu-gcc >/dev/null; then
		make -s aarch64-static >/dev/null 2>&1 || true
	fi
	run_lane nested "${nested[@]}" &
	run_lane others "${others[@]}" &
	wait
else
	run_lane all "${tests[@]}"
fi
pass=$(cat "$results"/* | grep -c '^pass$')
fail=$(cat "$results"/* | grep -c '^fail$')
skip=$(cat "$results"/* | grep -c '^skip$')
echo "shell: $pass passed, $fail failed, $skip skipped"
if [ "$skip" -gt 0 ] && { [ "${CI:-}" = true ] || [ "${NO_SKIP:-0}" = 1 ]; }; then
	echo "shell: $skip skipped under CI/NO_SKIP=1: install what they need (scripts/install-deps.sh)"
	exit 1
fi
[ "$fail" -eq 0 ]
