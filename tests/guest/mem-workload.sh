#!/bin/sh
# mem-workload.sh N: a deterministic, memory-hungry workload (awk hash
# tables, 40 short-lived processes, pipes), printed as one md5. The host
# and the guest (tests/guest/init-mem.sh) must get the same digest.
n=$1
{
	awk -v n="$n" 'BEGIN {
		x = n
		for (i = 0; i < 20000; i++) {
			x = (x * 75 + 74) % 65537
			a[x % 4099] += i % 1000
		}
		for (k = 0; k < 4099; k++)
			print k, a[k]
	}'
	i=0
	while [ "$i" -lt 40 ]; do
		echo "$n $i" | md5sum
		i=$((i + 1))
	done
} | md5sum | cut -d' ' -f1
