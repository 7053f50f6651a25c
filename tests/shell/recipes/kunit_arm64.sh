#!/usr/bin/env bash
# Recipe: the Linux kernel's KUnit runner for arm64. tools/testing/kunit/
# qemu_configs/arm64.py gives "-machine virt -cpu max,pauth-impdef=on" and
# kunit_kernel.py runs:
#   qemu-system-aarch64 -nodefaults -m 1024 -kernel IMAGE \
#     -append 'kunit.enable=1 console=ttyAMA0 kunit_shutdown=reboot' \
#     -no-reboot -nographic -serial stdio -machine virt -cpu max,pauth-impdef=on
# Adapted to the kit: the kit's kernel (no KUnit tests built in) with a
# busybox initramfs whose /init powers off. The same line, with sve=off
# and lpa2=off as QEMU's cpu-features.rst spells them, boots to /init and
# exits 0; asking for a feature we lack (sve=on) is refused by name.
. "$(dirname "$0")/../../lib/common.sh"
need_armvisor
need_kit

make_work
need_initramfs tests/guest/init-recipe.sh "$work/recipe.cpio.gz"
log=$work/kunit.log
run_guest "$log" "$AV" -nodefaults -m 1024 -kernel "$kit/Image" -initrd "$work/recipe.cpio.gz" \
	-append 'kunit.enable=1 console=ttyAMA0 kunit_shutdown=reboot' \
	-no-reboot -nographic -serial stdio -machine virt -cpu max,pauth-impdef=on,sve=off,lpa2=off
rc=$?
strip_cr "$log"
fail_logs=("$log")
[ $rc -eq 0 ] || fail "armvisor exited with status $rc"
grep -q "ARMVISOR-INIT-DONE" "$log" || fail "/init did not finish"

"$AV" -nodefaults -kernel "$kit/Image" -machine virt -cpu max,sve=on >"$work/out" 2>&1
rc=$?
[ $rc -eq 1 ] || fail "-cpu max,sve=on: exit $rc, want 1"
grep -qx "armvisor: -cpu max,sve=on: CPU feature 'sve' is not implemented by armvisor (only sve=off)" \
	"$work/out" || fail "-cpu max,sve=on: unexpected message: $(cat "$work/out")"
echo "PASS: KUnit's arm64 command line boots; sve=on is refused by name"
