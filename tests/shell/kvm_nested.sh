#!/usr/bin/env bash
# accel-kvm, nested: qemu-system-aarch64 (virtualization=on, GICv3) boots
# Debian's arm64 kernel, whose /dev/kvm works there; the static aarch64
# armvisor inside boots the guest kit with -accel kvm -smp 1 and -smp 2.
. "$(dirname "$0")/../lib/common.sh"
need_tools qemu-system-aarch64
make -s aarch64-static >/dev/null || fail "make aarch64-static"
guest_kit || fail "no guest kit (scripts/guest-kit.sh fetch)"
initramfs tests/guest/init-basic.sh build/kvm-inner.cpio.gz || exit 1
initramfs tests/guest/init-kvm-outer.sh build/kvm-outer.cpio.gz \
	build/aarch64/armvisor:/armvisor "$kit/Image:/Image" build/kvm-inner.cpio.gz:/inner.cpio.gz || exit 1
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
