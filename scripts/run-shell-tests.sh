#!/usr/bin/env bash
# Run every tests/shell/*.sh (or those named in $TESTS). A test exits 0 on
# pass, 77 when it cannot run here (reported as skipped, never as a pass),
# anything else on failure. Under CI (CI=true) or with NO_SKIP=1 a skipped
# test fails the run: CI installs everything, so a skip there is a missing
# package, not a test that passed.
set -u
dir=$1
pass=0 fail=0 skip=0
for t in ${TESTS:-"$dir"/*.sh "$dir"/recipes/*.sh}; do
	name=$(basename "$t" .sh)
	start=$(date +%s)
	bash "$t" >"build/shell-$name.log" 2>&1
	rc=$?
	secs=$(( $(date +%s) - start ))
	case $rc in
	0) pass=$((pass + 1)); echo "PASS: $name (${secs}s)" ;;
	77) skip=$((skip + 1)); echo "SKIP: $name: $(tail -n 1 "build/shell-$name.log")" ;;
	*) fail=$((fail + 1)); echo "FAIL: $name (exit $rc):"
	   # The test's own verdict lines first: log tails that follow can hide them.
	   grep -m 5 '^FAIL' "build/shell-$name.log" | sed 's/^/    /'
	   echo "    last lines of build/shell-$name.log:"
	   tail -n 25 "build/shell-$name.log" | sed 's/^/    /' ;;
	esac
done
echo "shell: $pass passed, $fail failed, $skip skipped"
if [ "$skip" -gt 0 ] && { [ "${CI:-}" = true ] || [ "${NO_SKIP:-0}" = 1 ]; }; then
	echo "shell: $skip skipped under CI/NO_SKIP=1: install what they need (scripts/install-deps.sh)"
	exit 1
fi
[ "$fail" -eq 0 ]
