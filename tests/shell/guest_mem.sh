#!/usr/bin/env bash
# Guest test of the memory system under TCG (MEM): Debian's kernel with
# -smp 4 runs six copies of tests/guest/mem-workload.sh at once (page
# faults, copy-on-write, process exits with broadcast TLB invalidation,
# futexes built on exclusives); each digest must equal the host's.
. "$(dirname "$0")/../lib/common.sh"
need_kit
[ -x "$AV" ] || fail "$AV missing: run make"
initrd=build/guest-mem.cpio.gz
initramfs_cached tests/guest/init-mem.sh "$initrd" tests/guest/mem-workload.sh:/mem-workload.sh ||
	fail "cannot build $initrd"
make_work
log=$work/console.log
boot_guest "$log" -M virt -cpu cortex-a57 -smp 4 -m 512M -initrd "$initrd" \
	-append "console=ttyAMA0" -accel tcg
status=$?
strip_cr "$log"
fail_logs=("$log")
[ "$status" -eq 0 ] || fail "armvisor exited with status $status"
grep -q "^MEM-INIT-START" "$log" || fail "the guest's /init never ran"
for n in 1 2 3 4 5 6; do
	want=$(sh tests/guest/mem-workload.sh "$n")
	grep -q "^mem-worker-$n: $want\$" "$log" ||
		fail "worker $n: the guest's digest is not the host's ($want)"
done
grep -q "^MEM-INIT-DONE" "$log" || fail "/init did not finish"
echo "PASS: six concurrent workloads on -smp 4 match the host"
