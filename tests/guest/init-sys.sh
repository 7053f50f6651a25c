#!/bin/sh
# /init for tests/shell/guest_sys.sh: the guest sees timer interrupts
# and IPIs through the emulated GIC, and CPU 1 goes offline and back
# through PSCI CPU_OFF / CPU_ON. Prints one line per check.
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sys /sys
echo "SYS-INIT-START"
ticks() { awk '/arch_timer/ { s = 0; for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i; print s }' /proc/interrupts; }
t0=$(ticks)
sleep 1
t1=$(ticks)
[ "$t1" -gt "$t0" ] && echo "timer-ticks: ok" || echo "timer-ticks: FAIL $t0 -> $t1"
ipis=$(awk '/Function call interrupts/ { s = 0; for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i; print s }' /proc/interrupts)
[ "${ipis:-0}" -gt 0 ] && echo "ipis: ok" || echo "ipis: FAIL"
for i in 1 2; do
	echo 0 > /sys/devices/system/cpu/cpu1/online
	echo "online-after-off: $(cat /sys/devices/system/cpu/online)"
	echo 1 > /sys/devices/system/cpu/cpu1/online
	echo "online-after-on: $(cat /sys/devices/system/cpu/online)"
done
echo "SYS-INIT-DONE"
/bin/busybox poweroff -f
