# Recipes that boot a disk root (root=/dev/vda): an ext4 image holding
# busybox and an /sbin/init that reports what it sees, writes a file and
# powers off; and the checks of what such a boot printed. Sourced after
# common.sh, with $work and $kit set.

# ext4_root IMAGE [SIZE]: make the image (mkfs.ext4 -d, no root needed),
# 32M unless SIZE says. /etc/root-token holds a random line only the image
# has: the guest printing it proves the root is this file system.
ext4_root() {
	local img=$1 size=${2:-32M} root=$work/rootfs
	rm -rf "$root" "$img"
	mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,etc}
	cp "$kit/busybox" "$root/bin/busybox"
	ext4_token=$(od -An -tx8 -N8 /dev/urandom | tr -d ' ')
	echo "ext4-only-$ext4_token" >"$root/etc/root-token"
	cat >"$root/sbin/init" <<'EOF'
#!/bin/busybox sh
bb=/bin/busybox
$bb mount -t proc proc /proc
$bb mount -t sysfs sys /sys
echo "ROOTFS-INIT-START"
echo "root-mount: $($bb awk '$2 == "/" && $1 != "rootfs" { print $1, $3 }' /proc/mounts | $bb tail -n 1)"
echo "net: $($bb ls /sys/class/net | $bb tr '\n' ' ')"
echo "cpus: $($bb grep -c ^processor /proc/cpuinfo)"
echo "root-token: $($bb cat /etc/root-token)"
id=$($bb cat /proc/sys/kernel/random/boot_id)
echo "boot-id: $id"
echo "written by the guest $id" >/guest-wrote.txt
$bb sync
echo "ROOTFS-INIT-DONE"
$bb poweroff -f
EOF
	chmod 755 "$root/sbin/init"
	mkfs.ext4 -q -F -d "$root" "$img" "$size" || fail "mkfs.ext4 -d failed"
}

# ext4_root_check LOG IMAGE [DEV]: the guest ran the image's /sbin/init
# from DEV (/dev/vda) as ext4, read the image's token, and its file is in
# the image after poweroff.
ext4_root_check() {
	local log=$1 img=$2 dev=${3:-/dev/vda} want got
	grep -q "insmod-failed" "$log" && fail "a module of the initramfs did not load"
	grep -q "ROOTFS-INIT-START" "$log" || fail "the ext4 root's /sbin/init never ran"
	grep -q "^root-mount: $dev ext4" "$log" || fail "/ is not $dev as ext4"
	grep -q "^root-token: ext4-only-$ext4_token" "$log" ||
		fail "the guest did not read the token only the ext4 image holds"
	grep -q "ROOTFS-INIT-DONE" "$log" || fail "/sbin/init did not finish"
	want=$(sed -n 's/^boot-id: //p' "$log" | head -n 1)
	[ -n "$want" ] || fail "the guest printed no boot id"
	got=$(debugfs -R "cat /guest-wrote.txt" "$img" 2>/dev/null)
	[ "$got" = "written by the guest $want" ] ||
		fail "the image does not hold the guest's file after poweroff (got '$got')"
}
