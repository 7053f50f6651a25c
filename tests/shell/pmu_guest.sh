#!/usr/bin/env bash
# The PMU as Linux uses it (docs/pmu.md): the Debian guest's driver
# probes it ("hw perfevents: enabled with armv8_pmuv3 PMU driver, 7
# counters available") and tests/guest/perf_count.c, a static program,
# counts its own instructions and cycles with perf_event_open around a
# known loop of 2N + 6 user instructions (N = 100000):
#  - user-only (exclude_kernel): exactly 200006 instructions, and as many
#    cycles (one cycle per instruction), on both TCG tiers;
#  - kernel included: the loop plus the two ioctls' kernel path, which
#    is under 50000 instructions;
#  - its branches, user-only: BR_RETIRED (raw 0x21) exactly N,
#    PC_WRITE_RETIRED (raw 0x0c) exactly N - 1 (the last B.NE falls
#    through), and perf's generic "branches" one of the two (Linux 6.1
#    maps it to PC_WRITE_RETIRED, later kernels prefer BR_RETIRED);
#  - perf's generic cache-references (L1D_CACHE, which Linux opens only
#    where PMCEID0 advertises it): 0 in the loop, which accesses no
#    memory, and some in the kernel's ioctl path;
#  - under qemu-system-aarch64 -icount shift=0 (QEMU counts instructions
#    only with -icount), when installed: the same 200006.
# Needs the guest kit and aarch64-linux-gnu-gcc. ARMVISOR= picks the binary.
. "$(dirname "$0")/../lib/common.sh"
guest_timeout=${GUEST_TIMEOUT:-600}
need_armvisor
need_kit
cc=${CROSS_CC:-${CROSS}gcc}
need_tools "$cc"
make_work
"$cc" -static -O2 -Wall -Wextra -Werror -o "$work/perf_count" tests/guest/perf_count.c ||
	fail "cannot build tests/guest/perf_count.c"
initrd=$work/pmu.cpio.gz
need_initramfs tests/guest/init-pmu.sh "$initrd" "$work/perf_count:/perf_count"
fails=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fails=$((fails + 1)); fi; }

loop=200006
opts=(-M virt -cpu cortex-a57 -m 512M -nographic -nic none -kernel "$kit/Image"
	-initrd "$initrd" -append "console=ttyAMA0")
value() { sed -n "s/^perf: $2=\([0-9]*\) .*/\1/p" "$1"; }

boot() {	# boot LOG CMD...: console in LOG; the exit status
	local log=$1 rc
	shift
	run_guest "$log" "$@" "${opts[@]}"
	rc=$?
	strip_cr "$log"
	return $rc
}

for tier in jit=on jit=off; do
	log=$work/$tier.log
	boot "$log" "$AV" -accel "tcg,$tier"
	rc=$?
	check "$tier: the guest powered off ($rc)" '[ $rc = 0 ] && grep -q ARMVISOR-INIT-DONE "$log"'
	check "$tier: the PMU driver probed 7 counters" \
		'grep -q "^dmesg: hw perfevents: enabled with armv8_pmuv3 PMU driver, 7 counters available" "$log"'
	check "$tier: user instructions exactly $loop ($(value "$log" user-instructions))" \
		'[ "$(value "$log" user-instructions)" = $loop ]'
	check "$tier: user cycles exactly $loop ($(value "$log" user-cycles))" \
		'[ "$(value "$log" user-cycles)" = $loop ]'
	all=$(value "$log" all-instructions)
	check "$tier: with the kernel: the loop plus < 50000 ($all)" \
		'[ -n "$all" ] && [ "$all" -gt $loop ] && [ "$all" -lt $((loop + 50000)) ]'
	check "$tier: BR_RETIRED exactly 100000 ($(value "$log" user-br-retired))" \
		'[ "$(value "$log" user-br-retired)" = 100000 ]'
	check "$tier: PC_WRITE_RETIRED exactly 99999 ($(value "$log" user-pc-write-retired))" \
		'[ "$(value "$log" user-pc-write-retired)" = 99999 ]'
	br=$(value "$log" user-branches)
	check "$tier: perf's branches is one of them ($br)" \
		'[ "$br" = 99999 ] || [ "$br" = 100000 ]'
	check "$tier: cache-references (L1D_CACHE): none in the loop ($(value "$log" user-cache-references))" \
		'[ "$(value "$log" user-cache-references)" = 0 ]'
	ck=$(value "$log" all-cache-references)
	check "$tier: cache-references with the kernel's ioctl path: some ($ck)" \
		'[ -n "$ck" ] && [ "$ck" -gt 0 ] && [ "$ck" -lt 50000 ]'
	check "$tier: every counter opened" 'grep -q "^perf: done ok" "$log"'
	grep '^perf: ' "$log" | sed "s/^/$tier: /"
done
if command -v qemu-system-aarch64 >/dev/null; then
	log=$work/qemu.log
	boot "$log" qemu-system-aarch64 -icount shift=0
	rc=$?
	check "QEMU -icount: the guest powered off ($rc)" '[ $rc = 0 ]'
	check "QEMU -icount: user instructions $loop too ($(value "$log" user-instructions))" \
		'[ "$(value "$log" user-instructions)" = $loop ]'
	grep '^perf: ' "$log" | sed 's/^/qemu -icount shift=0: /'
fi
[ $fails = 0 ] || for f in "$work"/*.log; do show_tail "$f"; done
exit_fails
