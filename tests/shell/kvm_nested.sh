#!/usr/bin/env bash
# accel-kvm, nested: qemu-system-aarch64 (virtualization=on, GICv3) boots
# Debian's arm64 kernel, whose /dev/kvm works there; the static aarch64
# armvisor inside boots the guest kit with -accel kvm -smp 1 and -smp 2.
set -u
cd "$(dirname "$0")/../.."
command -v qemu-system-aarch64 >/dev/null || { echo "qemu-system-aarch64 missing"; exit 77; }
make -s aarch64-static >/dev/null || { echo "FAIL: make aarch64-static"; exit 1; }
kit=$(scripts/guest-kit.sh path) || exit 1
scripts/guest-kit.sh initramfs tests/guest/init-basic.sh build/kvm-inner.cpio.gz || exit 1
scripts/guest-kit.sh initramfs tests/guest/init-kvm-outer.sh build/kvm-outer.cpio.gz \
	build/aarch64/armvisor:/armvisor "$kit/Image:/Image" build/kvm-inner.cpio.gz:/inner.cpio.gz || exit 1
expected_md5=$(awk 'BEGIN { for (i = 0; i < 16384; i++) printf "%015d\n", i * 7919 % 1000003 }' | md5sum | cut -d' ' -f1)
log=build/kvm-nested.log
timeout ${NESTED_TIMEOUT:-900} qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 \
	-cpu max,pauth-impdef=on -nic none -smp 2 -m 1536 -nographic -kernel "$kit/Image" \
	-initrd build/kvm-outer.cpio.gz \
	-append "console=ttyAMA0 quiet armvisor_smp=1,2" </dev/null >"$log" 2>&1
rc=$?
fail() { echo "FAIL: $*"; tail -n 40 "$log"; exit 1; }
[ $rc -eq 0 ] || fail "the outer guest did not power off (status $rc)"
grep -q OUTER-DONE "$log" || fail "the outer /init did not finish"
for n in 1 2; do
	# The inner run's console lies between its OUTER-RUN and OUTER-EXIT lines.
	run=$(sed -n "/^OUTER-RUN smp=$n\r\?$/,/^OUTER-EXIT smp=$n /p" "$log")
	echo "$run" | grep -q "OUTER-EXIT smp=$n status=0" || fail "-smp $n: armvisor did not exit 0"
	echo "$run" | grep -q "^cpus: $n" || fail "-smp $n: inner /proc/cpuinfo lacks $n CPUs"
	echo "$run" | grep -q "^uname-m: aarch64" || fail "-smp $n: inner uname -m"
	echo "$run" | grep -q "^md5: $expected_md5" || fail "-smp $n: inner md5 differs"
	echo "$run" | grep -q "ARMVISOR-INIT-DONE" || fail "-smp $n: inner /init did not finish"
	echo "PASS: nested KVM -smp $n ($(echo "$run" | sed -n 's/.*start=\([0-9.]*\) end=\([0-9.]*\).*/\1 \2/p' | awk '{printf "%.2f s outer-guest time", $2 - $1}'))"
done
