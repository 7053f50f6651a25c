#!/bin/sh
# /init of the inner guest of the console benchmark and test
# (bench/console.sh, tests/shell/console_kvm_nested.sh): print
# console_kib=N KiB of known lines (guest_pattern in tests/lib/common.sh,
# 16 bytes each) through the tty on ttyAMA0 between two markers, then
# the kernel log when console_dmesg=1, then power off at once: the last
# line must still reach the host, after everything before it.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
kib=$(sed -n 's/.*console_kib=\([0-9]*\).*/\1/p' /proc/cmdline)
lines=$((${kib:-0} * 64))
awk -v n="$lines" 'BEGIN { for (i = 0; i < n; i++) printf "%015d\n", i * 7919 % 1000003 }' >/tmp/pattern
now() { cut -d' ' -f1 /proc/uptime; }
t0=$(now)
echo "CONSOLE-BEGIN"
cat /tmp/pattern
echo "CONSOLE-END"
t1=$(now)
grep -q console_dmesg=1 /proc/cmdline && dmesg
t2=$(now)
# The same phases on this guest's clock (under KVM, the host's counter).
echo "CONSOLE-PHASES print=$t0-$t1 dmesg=$t1-$t2"
echo "ARMVISOR-INIT-DONE"
poweroff -f
