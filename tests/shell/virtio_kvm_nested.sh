#!/usr/bin/env bash
# virtio-blk and virtio-rng under accel-kvm, nested: qemu-system-aarch64
# (virtualization=on, GICv3) boots Debian's arm64 kernel, and the static
# aarch64 armvisor inside boots the guest kit with -accel kvm, three disks
# and virtio-rng (tests/guest/init-kvm-virtio-outer.sh). The same checks
# as virtio_blk_guest.sh: the pattern the inner guest writes is in the
# image byte for byte, the host pattern reads back, the read-only disk
# refuses writes and stays untouched, /dev/hwrng gives 16 bytes.
set -u
cd "$(dirname "$0")/../.."
command -v qemu-system-aarch64 >/dev/null || { echo "SKIP: qemu-system-aarch64 missing"; exit 77; }
kit=$(scripts/guest-kit.sh path 2>/dev/null) || { echo "SKIP: no guest kit"; exit 77; }
# ARMVISOR_AARCH64= names a static arm64 armvisor built elsewhere.
inner_av=${ARMVISOR_AARCH64:-build/aarch64/armvisor}
if [ -z "${ARMVISOR_AARCH64:-}" ]; then
	make -s aarch64-static >/dev/null || { echo "FAIL: make aarch64-static"; exit 1; }
fi
work=$(mktemp -d build/virtio-kvm.XXXXXX)
trap 'rm -rf "$work"' EXIT
scripts/guest-kit.sh initramfs tests/guest/init-virtio.sh "$work/inner.cpio.gz" >/dev/null || exit 1
scripts/guest-kit.sh initramfs tests/guest/init-kvm-virtio-outer.sh "$work/outer.cpio.gz" \
	"$inner_av:/armvisor" "$kit/Image:/Image" "$work/inner.cpio.gz:/inner.cpio.gz" \
	>/dev/null || exit 1
log=$work/nested.log
timeout "${NESTED_TIMEOUT:-900}" qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 \
	-cpu max,pauth-impdef=on -smp 2 -m 1536 -nographic -kernel "$kit/Image" \
	-initrd "$work/outer.cpio.gz" -append "console=ttyAMA0 quiet" </dev/null >"$log" 2>&1
rc=$?
tr -d '\r' <"$log" >"$log.lf" && mv "$log.lf" "$log"
fail() { echo "FAIL: $*"; tail -n 40 "$log"; exit 1; }
[ $rc -eq 0 ] || fail "the outer guest did not power off (status $rc)"
grep -q "^OUTER-DONE" "$log" || fail "the outer /init did not finish"
grep -q "^OUTER-EXIT status=0" "$log" || fail "armvisor -accel kvm did not exit 0"
grep -q "insmod-failed" "$log" && fail "a virtio module did not load in the inner guest"
grep -q "^disk: vd. serial=ro ro=1" "$log" || fail "the inner guest does not see a read-only disk"
grep -q "^out-written: " "$log" || fail "the inner guest could not write disk 'out'"
grep -q "^OUTER-OUT: match" "$log" || fail "disk 'out' does not hold what the inner guest wrote"
want=$(sed -n 's/^OUTER-IN-MD5: //p' "$log")
grep -q "^in-md5: $want" "$log" || fail "the inner guest read disk 'in' wrongly"
grep -q "^ro-write: refused" "$log" || fail "a write to the read-only disk was not refused"
grep -q "^OUTER-RO: untouched" "$log" || fail "the read-only image changed"
grep -Eq "^hwrng: [0-9a-f]{32}$" "$log" || fail "/dev/hwrng did not give 16 bytes"
echo "PASS: virtio-blk and virtio-rng under nested KVM"
