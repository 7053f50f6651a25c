#!/usr/bin/env bash
# Run each Check program given; print one summary line. Check prints its
# own per-suite line ("100%: Checks: N, Failures: 0, Errors: 0").
set -u
pass=0 fail=0
for t in "$@"; do
	if CK_DEFAULT_TIMEOUT=${CK_DEFAULT_TIMEOUT:-60} "$t"; then
		pass=$((pass + 1))
	else
		echo "FAIL: $t" >&2
		fail=$((fail + 1))
	fi
done
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
