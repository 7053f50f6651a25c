#!/bin/sh
# /init of tests/shell/guest_fp.sh: run the FP workload, power off.
export PATH=/bin:/sbin
mount -t proc proc /proc
echo "ARMVISOR-FP-START"
BB=busybox sh /fp-workload.sh
echo "ARMVISOR-FP-DONE"
poweroff -f
