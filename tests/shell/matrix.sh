#!/usr/bin/env bash
# --matrix (docs/timeline.md): one guest on every accelerator here. On
# this x86-64 host that is TCG with the code-emitting tier and without
# it (KVM is reported as not run, with the reason):
#  - a guest whose console is the same everywhere: exit 0, each run's
#    exit status, time and timeline, "consoles: the same", "matrix: ok";
#    also with --matrix=parallel;
#  - the same guest printing a random line (MATRIX_RANDOM): exit 1 and the
#    differing line shown, so the comparison is no blind pass;
#  - a guest that fails on one run fails the matrix (a missing initrd);
#  - --matrix with -accel is refused.
. "$(dirname "$0")/../lib/common.sh"
need_armvisor
need_kit
make_work
need_initramfs tests/guest/init-timeline.sh "$work/tl.cpio.gz"
opts=(-nographic -m 512M -nic none -kernel "$kit/Image" -initrd "$work/tl.cpio.gz")
fails=0
fail_logs=("$work")
check() { if ! eval "$2"; then echo "FAIL: $1"; fails=$((fails + 1)); fi; }

matrix() {
	local log=$1
	shift
	timeout -k 5 "$guest_timeout" "$AV" "$@" </dev/null >"$log" 2>&1
}

matrix "$work/same.log" --matrix "${opts[@]}" -append "console=ttyAMA0 quiet"
rc=$?
check "same consoles: exit 0 ($rc)" '[ $rc = 0 ]'
check "both TCG tiers ran" \
	'grep -q "^== tcg,jit=on: exit status 0" "$work/same.log" &&
	 grep -q "^== tcg,jit=off: exit status 0" "$work/same.log"'
check "KVM is named as not run" 'grep -q "not run: kvm: " "$work/same.log"'
check "each run has its timeline" \
	'[ "$(grep -c "|.*first guest instruction" "$work/same.log")" = 2 ]'
check "the verdict" 'grep -q "^consoles: the same" "$work/same.log" &&
	grep -q "^matrix: ok" "$work/same.log"'

matrix "$work/par.log" --matrix=parallel "${opts[@]}" -append "console=ttyAMA0 quiet"
rc=$?
check "parallel: exit 0 ($rc)" '[ $rc = 0 ] && grep -q "^matrix: ok" "$work/par.log"'

matrix "$work/random.log" --matrix "${opts[@]}" -append "console=ttyAMA0 quiet MATRIX_RANDOM"
rc=$?
check "differing consoles: exit 1 ($rc)" '[ $rc = 1 ]'
check "the differing line is shown" \
	'grep -q "^consoles differ: tcg,jit=on and tcg,jit=off" "$work/random.log" &&
	 grep -q "^  tcg,jit=off *: random: " "$work/random.log" &&
	 grep -q "^matrix: FAILED" "$work/random.log"'

matrix "$work/fail.log" --matrix -nographic -kernel "$kit/Image" -initrd "$work/none.cpio"
rc=$?
check "a failing run fails the matrix ($rc)" \
	'[ $rc = 1 ] && grep -q "^== tcg,jit=on: exit status 1" "$work/fail.log" &&
	 grep -q "none.cpio" "$work/fail.log"'

"$AV" --matrix -accel tcg "${opts[@]}" >"$work/accel.log" 2>&1
rc=$?
check "--matrix with -accel is refused" \
	'[ $rc = 1 ] && grep -q "chooses the accelerators itself" "$work/accel.log"'
exit_fails
