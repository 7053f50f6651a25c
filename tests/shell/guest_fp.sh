#!/usr/bin/env bash
# Guest FP test: boot the guest kit's kernel with tests/tcg/fp/init-fp.sh
# as /init; the FP workload (busybox awk/printf/seq/sort -g: float
# arithmetic, conversions, formatting, AdvSIMD string functions) must
# print on the console exactly what the same busybox prints on the host
# under qemu-aarch64-static. Exit 77 without the guest kit or qemu.
. "$(dirname "$0")/../lib/common.sh"
need_tools qemu-aarch64-static
need_kit
make -s "$BUILD/armvisor" || exit 1
initrd=$BUILD/guest-fp.cpio.gz
initramfs tests/tcg/fp/init-fp.sh "$initrd" tests/tcg/fp/fp-workload.sh:/fp-workload.sh || exit 1

make_work
ref=$work/ref ours=$work/ours log=$work/console.log
BB="qemu-aarch64-static $kit/busybox" sh tests/tcg/fp/fp-workload.sh 2>&1 | grep '^FP ' >"$ref"
[ "$(wc -l <"$ref")" -gt 20 ] || { echo "FAIL: the reference run printed too little:"; cat "$ref"; exit 1; }

boot_guest "$log" -M virt -cpu cortex-a57 -smp 1 -m 256M -initrd "$initrd" \
	-append "console=ttyAMA0 quiet"
rc=$?
fail_logs=("$log")
[ $rc -eq 0 ] || fail "armvisor exited with status $rc"
grep -q "ARMVISOR-FP-DONE" "$log" || fail "the workload did not finish"
tr -d '\r' <"$log" | grep '^FP ' >"$ours"
fail_logs=()
diff -u "$ref" "$ours" || fail "guest FP output differs from qemu-aarch64's (above)"
echo "PASS: $(wc -l <"$ours") FP workload lines match qemu-aarch64"
