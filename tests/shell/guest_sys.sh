#!/usr/bin/env bash
# Guest test of the system side under TCG (SYS): Debian's kernel with
# -smp 2 on GICv2 and on GICv3 ticks, exchanges IPIs, takes CPU 1
# offline and back twice (PSCI CPU_OFF/CPU_ON/AFFINITY_INFO), and
# powers off (SYSTEM_OFF) with armvisor exiting 0 (tests/guest/init-sys.sh).
. "$(dirname "$0")/../lib/common.sh"
need_kit
[ -x "$AV" ] || fail "$AV missing: run make"
initrd=build/guest-sys.cpio.gz
initramfs_cached tests/guest/init-sys.sh "$initrd" || fail "cannot build $initrd"
make_work
log=$work/console.log
rc=0
for gic in 2 3; do
	boot_guest "$log" -M "virt,gic-version=$gic" -cpu cortex-a57 -smp 2 -m 512M \
		-initrd "$initrd" -append "console=ttyAMA0" -accel tcg
	status=$?
	strip_cr "$log"
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
