#!/bin/sh
# /init of the PMU guest test (tests/shell/pmu_guest.sh): what the kernel's
# PMU driver said at boot, then /perf_count's own counts; power off.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
echo "ARMVISOR-INIT-START"
dmesg | grep -i "hw perfevents" | sed 's/^\[[^]]*\] /dmesg: /'
echo "pmu-devices: $(ls /sys/bus/event_source/devices | tr '\n' ' ')"
/perf_count
echo "ARMVISOR-INIT-DONE"
poweroff -f
