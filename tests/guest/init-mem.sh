#!/bin/sh
# /init for tests/shell/guest_mem.sh: six copies of mem-workload.sh run
# at once on every CPU (page faults, copy-on-write, process teardown with
# broadcast TLB invalidation, futexes on exclusives), then each prints
# its digest.
export PATH=/bin:/sbin
/bin/busybox mount -t proc proc /proc
# Background jobs read /dev/null: it must exist.
/bin/busybox mount -t devtmpfs dev /dev
echo "MEM-INIT-START"
pids=
for n in 1 2 3 4 5 6; do
	sh /mem-workload.sh "$n" >"/mem-out-$n" &
	pids="$pids $!"
done
for p in $pids; do
	wait "$p"
done
for n in 1 2 3 4 5 6; do
	echo "mem-worker-$n: $(cat "/mem-out-$n")"
done
echo "MEM-INIT-DONE"
/bin/busybox poweroff -f
