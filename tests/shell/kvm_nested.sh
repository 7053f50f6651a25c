#!/usr/bin/env bash
# accel-kvm, nested: qemu-system-aarch64 (virtualization=on, GICv3) boots
# Debian's arm64 kernel, whose /dev/kvm works there; the static aarch64
# armvisor inside boots the guest kit with -accel kvm -smp 1 and -smp 2,
# and runs tests/baremetal/nisv.c: an LDP to MMIO, which KVM cannot
# decode, must give that guest a data abort, not end armvisor.
. "$(dirname "$0")/../lib/common.sh"
need_tools qemu-system-aarch64
need_inner_armvisor
guest_kit || fail "no guest kit (scripts/guest-kit.sh fetch)"
tests/baremetal/build.sh build/baremetal >/dev/null || fail "tests/baremetal/build.sh"
initramfs tests/guest/init-basic.sh build/kvm-inner.cpio.gz || exit 1
initramfs tests/guest/init-kvm-outer.sh build/kvm-outer.cpio.gz \
	"$inner_av:/armvisor" "$kit/Image:/Image" build/kvm-inner.cpio.gz:/inner.cpio.gz \
	build/baremetal/nisv.elf:/nisv.elf || exit 1
expected_md5=$(guest_pattern 16384 | md5sum | cut -d' ' -f1)
# Kept after the run: the outer and both inner consoles.
log=build/kvm-nested.log
boot_nested "$log" build/kvm-outer.cpio.gz armvisor_smp=1,2 -nic none
rc=$?
strip_cr "$log"
fail_logs=("$log")
check_outer $rc "$log"
for n in 1 2; do
	# The inner run's console lies between its OUTER-RUN and OUTER-EXIT lines.
	run=$(sed -n "/^OUTER-RUN smp=$n$/,/^OUTER-EXIT smp=$n /p" "$log")
	echo "$run" | grep -q "OUTER-EXIT smp=$n status=0" || fail "-smp $n: armvisor did not exit 0"
	echo "$run" | grep -q "^cpus: $n" || fail "-smp $n: inner /proc/cpuinfo lacks $n CPUs"
	echo "$run" | grep -q "^uname-m: aarch64" || fail "-smp $n: inner uname -m"
	echo "$run" | grep -q "^md5: $expected_md5" || fail "-smp $n: inner md5 differs"
	echo "$run" | grep -q "ARMVISOR-INIT-DONE" || fail "-smp $n: inner /init did not finish"
	echo "PASS: nested KVM -smp $n ($(echo "$run" | sed -n 's/.*start=\([0-9.]*\) end=\([0-9.]*\).*/\1 \2/p' | awk '{printf "%.2f s outer-guest time", $2 - $1}'))"
done
nisv=$(sed -n "/^OUTER-NISV-RUN$/,/^OUTER-NISV-EXIT /p" "$log")
echo "$nisv" | grep -q "OUTER-NISV-EXIT status=0" ||
	fail "undecodable MMIO: armvisor did not exit 0 (KVM_RUN ENOSYS ends the VM?)"
echo "$nisv" | grep -q "^nisv: external abort taken" || fail "undecodable MMIO: the guest saw no data abort"
echo "$nisv" | grep -q "^RESULT: PASS" || fail "undecodable MMIO: the guest's checks failed"
echo "PASS: nested KVM, undecodable MMIO is the guest's data abort"
