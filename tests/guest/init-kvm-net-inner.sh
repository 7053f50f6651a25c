#!/bin/sh
# /init of the inner guest of tests/shell/virtio_net_kvm_nested.sh: the
# user-network steps of tests/guest/init-net.sh (packed as /init-net.sh:
# DHCP, a fetch through 10.0.2.2, the file served back for hostfwd), then,
# as that script powers off, one line to the virtconsole /dev/hvc0.
# A shell function comes before a command of the same name (POSIX, XCU
# 2.9.1.1), so init-net.sh's final `poweroff -f` lands here first.
poweroff() {
	i=0
	while [ ! -c /dev/hvc0 ] && [ $i -lt 20 ]; do sleep 1; i=$((i + 1)); done
	# The write returns once the device has taken the bytes: virtio
	# console's put_chars() waits for the used buffer
	# (drivers/char/virtio_console.c, __send_to_port).
	if echo "HVC0-LINE-FROM-NESTED-GUEST 4711" >/dev/hvc0; then
		echo "hvc0-written"
	else
		echo "hvc0-write-failed"
	fi
	command poweroff "$@"
}
. /init-net.sh
