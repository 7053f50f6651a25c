#!/bin/sh
# /init of a guest (tests/shell/power_button.sh, qmp.sh, monitor_hmp.sh,
# pci_kvm_nested.sh) that ticks on the console and powers off when the
# power button's KEY_POWER arrives (gpio-keys on the PL061, read from
# /dev/input/event0: struct input_event is 16 bytes of time, then type
# and code as u16 and value as s32 on arm64). Needs KIT_MODULES="gpio_keys
# evdev" in its initramfs.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
ver=$(uname -r)
while read -r m; do
	insmod "/lib/modules/$ver/$m" || echo "insmod-failed: $m"
done <"/lib/modules/$ver/load-order"
i=0
while [ ! -c /dev/input/event0 ] && [ $i -lt 30 ]; do sleep 1; i=$((i + 1)); done
echo "input: $(cat /sys/class/input/event0/device/name 2>/dev/null)"
(i=0; while true; do echo "TICK $i"; i=$((i + 1)); sleep 0.3; done) &
echo "GUEST-READY"
while true; do
	set -- $(dd if=/dev/input/event0 bs=24 count=1 2>/dev/null | od -An -tu2)
	if [ "$9" = 1 ] && [ "${10}" = 116 ] && [ "${11}" = 1 ]; then
		echo "KEY_POWER pressed"
		poweroff -f
	fi
done
