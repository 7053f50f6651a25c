#!/usr/bin/env bash
# Guest test of the system side under TCG (SYS): Debian's kernel with
# -smp 2 on GICv2 and on GICv3 ticks, exchanges IPIs, takes CPU 1
# offline and back twice (PSCI CPU_OFF/CPU_ON/AFFINITY_INFO), and
# powers off (SYSTEM_OFF) with armvisor exiting 0 (tests/guest/init-sys.sh).
set -u
cd "$(dirname "$0")/../.."
kit=$(scripts/guest-kit.sh path) || exit 77
[ -x build/armvisor ] || { echo "build/armvisor missing: run make"; exit 1; }
initrd=build/guest-sys.cpio.gz
[ "$initrd" -nt tests/guest/init-sys.sh ] ||
	scripts/guest-kit.sh initramfs tests/guest/init-sys.sh "$initrd" || exit 1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
rc=0
for gic in 2 3; do
	timeout -k 5 "${GUEST_TIMEOUT:-600}" build/armvisor -M "virt,gic-version=$gic" \
		-cpu cortex-a57 -smp 2 -m 512M -nographic -kernel "$kit/Image" \
		-initrd "$initrd" -append "console=ttyAMA0" -accel tcg </dev/null 2>&1 |
		tr -d '\r' >"$log"
	status=${PIPESTATUS[0]}
	why=
	[ "$status" -eq 0 ] || why="armvisor exited with status $status"
	grep -q "^SYS-INIT-START" "$log" || why=${why:-"the guest's /init never ran"}
	grep -q "^timer-ticks: ok" "$log" || why=${why:-"no timer interrupts"}
	grep -q "^ipis: ok" "$log" || why=${why:-"no IPIs"}
	[ "$(grep -c '^online-after-off: 0$' "$log")" -eq 2 ] || why=${why:-"CPU 1 did not go offline"}
	[ "$(grep -c '^online-after-on: 0-1$' "$log")" -eq 2 ] || why=${why:-"CPU 1 did not come back"}
	grep -q "^SYS-INIT-DONE" "$log" || why=${why:-"/init did not finish"}
	if [ -n "$why" ]; then
		echo "FAIL: GICv$gic: $why"
		tail -n 30 "$log"
		rc=1
	else
		echo "PASS: GICv$gic"
	fi
done
exit $rc
