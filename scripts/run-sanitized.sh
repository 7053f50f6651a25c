#!/usr/bin/env bash
# make check's sanitized runs (issue 13): chosen guest tests on the ASan
# (+UBSan) build, the SMP ones on the TSan build. Any sanitizer report
# fails the run, even in a test that would have passed: the reports go to
# files (log_path) this script looks for, besides ending armvisor with
# status 86. The runs are chosen to add ~10 minutes to CI on 2 cores (see
# the README); SAN_ASAN_TESTS / SAN_TSAN_TESTS name others (tests/shell or
# tests/guest scripts, with their arguments after a colon, commas for
# spaces), or none when set empty (SAN_ASAN_TESTS= runs TSan's alone).
set -u
cd "$(dirname "$0")/.." || exit 1

# Measured on 2 busy cores (load ~7): ASan boot 24 s, virtio_blk_guest
# 42 s, virtio_console_guest 41 s (virtio_net_guest 100 s and guest_tcg
# 88 s are left out for time); TSan guest_sys 413 s (PSCI CPU_OFF/ON,
# IPIs, GICv2 and v3, -smp 2), virtio_reboot 458 s (virtio-blk/rng and
# SYSTEM_RESET, -smp 2). -smp 4 (guest_mem) under TSan would cost more
# than the whole budget. The bare-metal SMP programs take seconds under
# TSan, so they run on both TCG tiers: baremetal.sh's smp (PSCI CPU_ON/
# OFF, SGIs, -smp 2) and smc (one CPU rewrites code the other runs, IC
# IVAU and IALLUIS: cross-vCPU block invalidation), 19 s and 29 s for
# both GIC versions (with the programs' build and QEMU's runs), and
# mmu_smp (-smp 4, broadcast TLBI ...IS and exclusives under
# contention), 10 s and 9 s: about a minute more in all (load ~7). qmp
# (-smp 2: the monitor parks and releases the vCPUs from the main thread,
# the power button's timer) about a minute.
asan_tests=${SAN_ASAN_TESTS-"tests/guest/boot-basic.sh:2,-accel,tcg tests/shell/virtio_blk_guest.sh tests/shell/virtio_console_guest.sh"}
tsan_bare="tests/shell/baremetal.sh:jit=on,smp,smc tests/shell/baremetal.sh:jit=off,smp,smc
	tests/shell/tcg_mmu_baremetal.sh:jit=on,mmu_smp tests/shell/tcg_mmu_baremetal.sh:jit=off,mmu_smp"
tsan_tests=${SAN_TSAN_TESTS-"$tsan_bare tests/shell/guest_sys.sh tests/shell/virtio_reboot.sh tests/shell/qmp.sh"}

logs=${SAN_LOGS:-$PWD/build/san-logs}
rm -rf "$logs"
mkdir -p "$logs"
common=halt_on_error=1:exitcode=86
export ASAN_OPTIONS="$common:abort_on_error=0:detect_leaks=1:log_path=$logs/asan"
export UBSAN_OPTIONS="$common:print_stacktrace=1:log_path=$logs/ubsan"
export TSAN_OPTIONS="$common:second_deadlock_stack=1:history_size=4:log_path=$logs/tsan:suppressions=$PWD/tests/sanitizers/tsan.supp"
# A sanitized guest boot is 2-5 times slower than a plain one.
export GUEST_TIMEOUT=${GUEST_TIMEOUT:-1200}

pass=0 fail=0 skip=0
run() {
	local build=$1 spec=$2 t args name rc secs start reports
	t=${spec%%:*}
	args=
	[ "$t" != "$spec" ] && args=${spec#*:}
	name=$build-$(basename "$t" .sh)${args:+-${args//[ ,=]/_}}
	start=$(date +%s)
	# shellcheck disable=SC2086
	ARMVISOR=build/$build/armvisor bash "$t" ${args//,/ } >"build/san-$name.log" 2>&1
	rc=$?
	secs=$(( $(date +%s) - start ))
	reports=$(find "$logs" -type f 2>/dev/null)
	if [ -n "$reports" ]; then
		fail=$((fail + 1))
		echo "FAIL: $name (${secs}s): sanitizer report(s):"
		# shellcheck disable=SC2086 # one path per word
		cat $reports | sed 's/^/    /' | head -n 80
		mkdir -p "$logs.kept"
		# shellcheck disable=SC2086
		mv $reports "$logs.kept/"
		return
	fi
	case $rc in
	0) pass=$((pass + 1)); echo "PASS: $name (${secs}s)" ;;
	77) skip=$((skip + 1)); echo "SKIP: $name: $(tail -n 1 "build/san-$name.log")" ;;
	*) fail=$((fail + 1)); echo "FAIL: $name (exit $rc), last lines of build/san-$name.log:"
	   tail -n 25 "build/san-$name.log" | sed 's/^/    /' ;;
	esac
}

for spec in $asan_tests; do run asan "$spec"; done
for spec in $tsan_tests; do run tsan "$spec"; done
echo "sanitized: $pass passed, $fail failed, $skip skipped"
if [ "$skip" -gt 0 ] && { [ "${CI:-}" = true ] || [ "${NO_SKIP:-0}" = 1 ]; }; then
	echo "sanitized: $skip skipped under CI/NO_SKIP=1: install what they need (scripts/install-deps.sh)"
	exit 1
fi
[ "$fail" -eq 0 ]
