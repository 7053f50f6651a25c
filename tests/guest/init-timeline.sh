#!/bin/sh
# /init of tests/shell/boot_timeline.sh and matrix.sh: mark two
# milestones on armvisor's boot-timeline word (VIRT_MARKER, 0x09ff0000,
# docs/timeline.md) with busybox devmem, print what the matrix compares,
# then power off. MATRIX_RANDOM on the kernel command line adds a line
# that differs on every run, which --matrix must report.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
devmem 0x09ff0000 32 1
echo "TIMELINE-INIT uname-m: $(uname -m) cpus: $(grep -c ^processor /proc/cpuinfo)"
grep -m1 "CPU implementer" /proc/cpuinfo
if grep -q MATRIX_RANDOM /proc/cmdline; then
	echo "random: $(od -An -N8 -tx1 /dev/urandom)"
fi
devmem 0x09ff0000 32 2
echo "TIMELINE-DONE"
poweroff -f
