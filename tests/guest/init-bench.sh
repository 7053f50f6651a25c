#!/bin/sh
# /init of the benchmark guest: markers the host timestamps on the console.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t tmpfs tmp /tmp
mount -t devtmpfs dev /dev
echo "BENCH-INIT"
head -c 16777216 /dev/urandom >/tmp/r16
echo "BENCH-MD5-START"
sum=$(dd if=/dev/zero bs=1048576 count=32 2>/dev/null | md5sum)
echo "BENCH-MD5-END $sum"
echo "BENCH-GZIP-START"
size=$(gzip -1 -c /tmp/r16 | wc -c)
echo "BENCH-GZIP-END $size"
echo "BENCH-LOOP-START"
i=0
while [ $i -lt 20000 ]; do i=$((i + 1)); done
echo "BENCH-LOOP-END"
poweroff -f
