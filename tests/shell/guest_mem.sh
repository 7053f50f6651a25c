#!/usr/bin/env bash
# Guest test of the memory system under TCG (MEM): Debian's kernel with
# -smp 4 runs six copies of tests/guest/mem-workload.sh at once (page
# faults, copy-on-write, process exits with broadcast TLB invalidation,
# futexes built on exclusives); each digest must equal the host's.
set -u
cd "$(dirname "$0")/../.."
kit=$(scripts/guest-kit.sh path) || exit 77
[ -x build/armvisor ] || { echo "build/armvisor missing: run make"; exit 1; }
initrd=build/guest-mem.cpio.gz
if ! [ "$initrd" -nt tests/guest/init-mem.sh ] || ! [ "$initrd" -nt tests/guest/mem-workload.sh ]; then
	scripts/guest-kit.sh initramfs tests/guest/init-mem.sh "$initrd" \
		tests/guest/mem-workload.sh:/mem-workload.sh || exit 1
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
timeout -k 5 "${GUEST_TIMEOUT:-600}" build/armvisor -M virt -cpu cortex-a57 -smp 4 -m 512M \
	-nographic -kernel "$kit/Image" -initrd "$initrd" -append "console=ttyAMA0" \
	-accel tcg </dev/null 2>&1 | tr -d '\r' >"$log"
status=${PIPESTATUS[0]}
fail() { echo "FAIL: $*"; tail -n 30 "$log"; exit 1; }
[ "$status" -eq 0 ] || fail "armvisor exited with status $status"
grep -q "^MEM-INIT-START" "$log" || fail "the guest's /init never ran"
for n in 1 2 3 4 5 6; do
	want=$(sh tests/guest/mem-workload.sh "$n")
	grep -q "^mem-worker-$n: $want\$" "$log" ||
		fail "worker $n: the guest's digest is not the host's ($want)"
done
grep -q "^MEM-INIT-DONE" "$log" || fail "/init did not finish"
echo "PASS: six concurrent workloads on -smp 4 match the host"
