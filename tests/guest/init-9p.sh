#!/bin/sh
# /init of the virtio-9p guest test (tests/shell/virtio_9p_guest.sh): load
# the 9p modules (/lib/9p/order, from the kit's modules.dep), mount the
# host's shares and use them; the host checks the lines printed here and
# the shared directories after poweroff.
#   rw      passthrough, read-write
#   ro      readonly=on, mounted with cache=loose (the guest caches pages)
#   mapped  security_model=mapped-xattr
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
echo "ARMVISOR-INIT-START"
ver=$(uname -r)
while read -r m; do
	insmod "/lib/modules/$ver/$m" || echo "insmod-failed: $m"
done <"/lib/modules/$ver/load-order"
while read -r m; do
	insmod "/lib/9p/$m" || echo "insmod-failed: $m"
done </lib/9p/order
mnt() {
	mkdir -p "/mnt/$1"
	mount -t 9p -o "trans=virtio,version=9p2000.L$2" "$1" "/mnt/$1" && echo "mounted: $1"
}
mnt rw
mnt ro ,cache=loose
mnt mapped
r=/mnt/rw
# The second boot, after the reset below: the share works again.
if [ -e $r/.rebooted ]; then
	rm $r/.rebooted && echo "second-boot: $(cat $r/hello.txt)"
	umount /mnt/rw /mnt/ro /mnt/mapped && echo "ARMVISOR-REBOOT-DONE"
	poweroff -f
fi
pattern() {
	awk 'BEGIN { for (i = 0; i < 16384; i++) printf "%015d\n", i * 7919 % 1000003 }'
}
# Host files, read.
echo "hello: $(cat $r/hello.txt)"
echo "big-md5: $(md5sum <$r/big.bin | cut -d' ' -f1)"
# A new file, its mode, a larger write.
printf 'written by the guest\n' >$r/new.txt && echo "new-written"
chmod 640 $r/new.txt && echo "new-mode: $(stat -c %a $r/new.txt)"
pattern >$r/pattern.txt && echo "pattern-written: $(md5sum <$r/pattern.txt | cut -d' ' -f1)"
# Directories, rename, symlink, hard link.
mkdir $r/dir1 && echo "mkdir: $(stat -c %F $r/dir1)"
echo moved >$r/torename && mv $r/torename $r/dir1/renamed && echo "renamed: $(cat $r/dir1/renamed)"
ln -s hello.txt $r/link && echo "readlink: $(readlink $r/link) -> $(cat $r/link)"
ln $r/hello.txt $r/hardlink && echo "hardlink: $(stat -c %h $r/hello.txt)"
echo gone >$r/gone && rm $r/gone && [ ! -e $r/gone ] && echo "unlink: ok"
mkdir $r/emptydir && rmdir $r/emptydir && echo "rmdir: ok"
# Two readers at once (-smp 2: both vCPUs queue requests for the worker).
(md5sum <$r/big.bin | cut -d' ' -f1 >/tmp/m1) &
(md5sum <$r/big.bin | cut -d' ' -f1 >/tmp/m2) &
wait
echo "parallel-md5: $(cat /tmp/m1) $(cat /tmp/m2)"
# Many entries: readdir over several requests.
echo "many-count: $(ls $r/many | wc -l)"
echo "many-md5: $(ls $r/many | LC_ALL=C sort | md5sum | cut -d' ' -f1)"
# Escapes: symlinks the host made pointing outside resolve in the guest.
cat $r/escape-abs 2>/dev/null
cat $r/escape-rel 2>/dev/null
echo overwrite >$r/escape-abs 2>/dev/null
ls $r/.. >/dev/null && echo "dotdot: $(ls -d $r/..)"
echo "escape-done"
# readonly=on.
echo "ro-hello: $(cat /mnt/ro/hello.txt)"
if (echo x >/mnt/ro/new) 2>/tmp/err; then
	echo "ro-write: accepted"
else
	echo "ro-write: $(cat /tmp/err)"
fi
mkdir /mnt/ro/d 2>/tmp/err || echo "ro-mkdir: $(cat /tmp/err)"
# mapped-xattr: the guest's owner and modes.
m=/mnt/mapped
echo data >$m/f && chmod 751 $m/f && chown 1234:5678 $m/f && echo "mapped-f: $(stat -c '%a %u %g' $m/f)"
mkdir $m/d && chmod 705 $m/d && echo "mapped-d: $(stat -c '%a %F' $m/d)"
ln -s target-of-link $m/l && echo "mapped-l: $(readlink $m/l) $(stat -c %F $m/l)"
mknod $m/fifo p && echo "mapped-fifo: $(stat -c %F $m/fifo)"
sync
umount /mnt/ro /mnt/mapped && echo "umounted"
echo "ARMVISOR-INIT-DONE"
# A machine reset while requests are in flight: a reader keeps the worker
# busy, and the reset must cancel what it has without harm.
: >$r/.rebooted
(while :; do cat $r/big.bin >/dev/null; done) &
sleep 1
echo "rebooting"
reboot -f
