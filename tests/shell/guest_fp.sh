#!/usr/bin/env bash
# Guest FP test: boot the guest kit's kernel with tests/tcg/fp/init-fp.sh
# as /init; the FP workload (busybox awk/printf/seq/sort -g: float
# arithmetic, conversions, formatting, AdvSIMD string functions) must
# print on the console exactly what the same busybox prints on the host
# under qemu-aarch64-static. Exit 77 without the guest kit or qemu.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
command -v qemu-aarch64-static >/dev/null || { echo "cannot run: qemu-aarch64-static missing"; exit 77; }
kit=$(scripts/guest-kit.sh path 2>/dev/null) && [ -f "$kit/Image" ] ||
	{ echo "cannot run: no guest kit (make guest-kit)"; exit 77; }
make -s "$BUILD/armvisor" || exit 1
initrd=$BUILD/guest-fp.cpio.gz
scripts/guest-kit.sh initramfs tests/tcg/fp/init-fp.sh "$initrd" \
	tests/tcg/fp/fp-workload.sh:/fp-workload.sh >/dev/null || exit 1

ref=$(mktemp) ours=$(mktemp) log=$(mktemp)
trap 'rm -f "$ref" "$ours" "$log"' EXIT
BB="qemu-aarch64-static $kit/busybox" sh tests/tcg/fp/fp-workload.sh 2>&1 | grep '^FP ' >"$ref"
[ "$(wc -l <"$ref")" -gt 20 ] || { echo "FAIL: the reference run printed too little:"; cat "$ref"; exit 1; }

timeout ${GUEST_TIMEOUT:-600} "$BUILD/armvisor" -M virt -cpu cortex-a57 -smp 1 -m 256M \
	-nographic -kernel "$kit/Image" -initrd "$initrd" -append "console=ttyAMA0 quiet" \
	</dev/null >"$log" 2>&1
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: armvisor exited with status $rc"; tail -n 30 "$log"; exit 1; }
grep -q "ARMVISOR-FP-DONE" "$log" || { echo "FAIL: the workload did not finish"; tail -n 30 "$log"; exit 1; }
tr -d '\r' <"$log" | grep '^FP ' >"$ours"
if ! diff -u "$ref" "$ours"; then
	echo "FAIL: guest FP output differs from qemu-aarch64's (above)"
	exit 1
fi
echo "PASS: $(wc -l <"$ours") FP workload lines match qemu-aarch64"
