#!/usr/bin/env bash
# Run each Check program given; print one summary line. Check prints its
# own per-suite line ("100%: Checks: N, Failures: 0, Errors: 0"). A program
# that exits 77 could not test anything here (tests/unit/check_run.h): it
# is reported as skipped, never as a pass, and fails the run under CI
# (CI=true) or NO_SKIP=1, as scripts/run-shell-tests.sh does.
set -u
pass=0 fail=0 skip=0
for t in "$@"; do
	CK_DEFAULT_TIMEOUT=${CK_DEFAULT_TIMEOUT:-60} "$t"
	case $? in
	0) pass=$((pass + 1)) ;;
	77) skip=$((skip + 1)); echo "SKIP: $t" >&2 ;;
	*) fail=$((fail + 1)); echo "FAIL: $t" >&2 ;;
	esac
done
echo "unit: $pass passed, $fail failed, $skip skipped"
if [ "$skip" -gt 0 ] && { [ "${CI:-}" = true ] || [ "${NO_SKIP:-0}" = 1 ]; }; then
	echo "unit: $skip skipped under CI/NO_SKIP=1: install what they need (scripts/install-deps.sh)"
	exit 1
fi
[ "$fail" -eq 0 ]
