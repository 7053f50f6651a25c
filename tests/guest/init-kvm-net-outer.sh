#!/bin/sh
# /init of the outer guest of tests/shell/virtio_net_kvm_nested.sh: on
# qemu-system-aarch64 with virtualization=on, /dev/kvm works. An HTTP
# server on this guest's 127.0.0.1:8000 serves /payload.bin; the dynamic
# armvisor (with libslirp, packed in /av) runs the inner guest under
# -accel kvm with -netdev user (the gateway 10.0.2.2 is our loopback, a
# host forward 127.0.0.1:8081 reaches the inner guest's port 8080) and a
# virtconsole on a -chardev file. The inner guest's output follows the
# OUTER-RUN line; what we measured is printed as OUTER-* lines.
export PATH=/bin:/sbin
# Start on a fresh line: a stray byte was once seen on the console before
# our first line.
echo
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
ifconfig lo 127.0.0.1 up
mkdir -p /tmp/www
cp /payload.bin /tmp/www/payload.bin
want=$(md5sum </tmp/www/payload.bin | cut -d' ' -f1)
httpd -p 127.0.0.1:8000 -h /tmp/www && echo "OUTER-HTTPD: up"
echo "OUTER-RUN"
/av/run -accel kvm -cpu host -smp 2 -m 256 -nographic -kernel /Image \
	-initrd /inner.cpio.gz \
	-append "console=ttyAMA0 quiet armvisor_port=8000 armvisor_serve=8080" \
	-netdev user,id=n0,hostfwd=tcp:127.0.0.1:8081-:8080 \
	-device virtio-net-device,netdev=n0 \
	-chardev file,id=c0,path=/tmp/hvc0.txt \
	-device virtio-serial-device -device virtconsole,chardev=c0 \
	</dev/null >/tmp/inner.log 2>&1 &
av=$!
# Wait for the inner guest to listen (or for armvisor to end).
while kill -0 $av 2>/dev/null && ! grep -q '^LISTENING' /tmp/inner.log; do
	sleep 1
done
if grep -q '^LISTENING' /tmp/inner.log; then
	# busybox nc stops reading the socket at EOF on its stdin: give it a
	# FIFO opened read-write, which never ends.
	mkfifo /tmp/never
	got=$(nc 127.0.0.1 8081 <>/tmp/never | md5sum | cut -d' ' -f1)
	echo "OUTER-FWD-MD5: $got"
	# A failed read leaves the inner nc waiting: do not wait for it.
	[ "$got" = "$want" ] || kill $av
fi
wait $av
status=$?
tr -d '\r' </tmp/inner.log
echo "OUTER-EXIT status=$status"
sed 's/^/OUTER-HVC0: /' /tmp/hvc0.txt 2>/dev/null
echo "OUTER-DONE"
poweroff -f
