#!/usr/bin/env bash
# The guest's PMU under KVM (accel-kvm/kvm_pmu.c, docs/pmu.md), nested:
# qemu-system-aarch64 (virtualization=on, -cpu max: it has a PMUv3) boots
# Debian's kernel, whose KVM offers KVM_CAP_ARM_PMU_V3; the static arm64
# armvisor inside runs the guest kit with -accel kvm and
# tests/guest/init-pmu.sh: the inner guest's driver must probe the PMU
# from our DT node (PPI 23 through the vGIC) and perf_event_open must
# count its cycles. The inner instruction counts depend on the outer
# QEMU (it counts instructions only with -icount) and are printed only.
. "$(dirname "$0")/../lib/common.sh"
need_tools qemu-system-aarch64
cc=${CROSS_CC:-${CROSS}gcc}
need_tools "$cc"
need_inner_armvisor
guest_kit || fail "no guest kit (scripts/guest-kit.sh fetch)"
make_work build
"$cc" -static -O2 -Wall -Wextra -Werror -o "$work/perf_count" tests/guest/perf_count.c ||
	fail "cannot build tests/guest/perf_count.c"
initramfs tests/guest/init-pmu.sh "$work/inner.cpio.gz" "$work/perf_count:/perf_count" || exit 1
initramfs tests/guest/init-kvm-outer.sh "$work/outer.cpio.gz" \
	"$inner_av:/armvisor" "$kit/Image:/Image" "$work/inner.cpio.gz:/inner.cpio.gz" ||
	exit 1
log=$work/nested.log
boot_nested "$log" "$work/outer.cpio.gz" armvisor_smp=1 -nic none
rc=$?
strip_cr "$log"
fail_logs=("$log")
check_outer $rc "$log"
run=$(sed -n "/^OUTER-RUN smp=1$/,/^OUTER-EXIT smp=1 /p" "$log")
echo "$run" | grep -q "OUTER-EXIT smp=1 status=0" || fail "armvisor -accel kvm did not exit 0"
echo "$run" | grep -q "ARMVISOR-INIT-DONE" || fail "the inner /init did not finish"
echo "$run" | grep -q "^dmesg: hw perfevents: enabled with armv8_pmuv3 PMU driver, [0-9]* counters available" ||
	fail "the inner guest's PMU driver did not probe the KVM vPMU"
cycles=$(echo "$run" | sed -n 's/^perf: user-cycles=\([0-9]*\) .*/\1/p')
[ -n "$cycles" ] && [ "$cycles" -gt 0 ] || fail "perf_event_open counted no cycles in the inner guest"
echo "$run" | grep '^perf: \|^dmesg: ' | sed 's/^/inner guest under KVM: /'
echo "PASS: the KVM guest's PMU"
