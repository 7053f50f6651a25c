#!/usr/bin/env bash
# The guest kit: Debian's arm64 kernel and busybox, fetched with apt, and
# busybox initramfs images built around a given /init.
#
#   scripts/guest-kit.sh fetch
#       Download (once) into $ARMVISOR_KIT (default: build/guest-kit) the kernel
#       package that linux-image-arm64:arm64 depends on and busybox-static:arm64;
#       leaves $ARMVISOR_KIT/Image (uncompressed arm64 Image), the modules tree
#       and busybox. Prints the kit directory.
#   scripts/guest-kit.sh initramfs INIT OUT.cpio.gz [FILE[:DEST]...]
#       Build a gzip'd newc cpio: busybox with its applet links, INIT as /init,
#       the kernel's virtio modules (and their dependencies) under
#       /lib/modules/<version>, and any extra files (copied to DEST, or /).
#   scripts/guest-kit.sh path
#       Print the kit directory (fetching it when missing).
set -euo pipefail

KIT=${ARMVISOR_KIT:-$(cd "$(dirname "$0")/.." && pwd)/build/guest-kit}
# The virtio drivers the kernel ships as modules (Debian 12's 6.1 arm64).
VIRTIO_MODULES="virtio_mmio virtio_blk virtio_net virtio_console virtio-rng"

die() { echo "guest-kit: $*" >&2; exit 1; }

need_root_apt() {
	dpkg --print-foreign-architectures | grep -qx arm64 && \
		apt-cache show busybox-static:arm64 >/dev/null 2>&1 && return 0
	[ "$(id -u)" = 0 ] || die "arm64 packages are not known to apt; as root run: dpkg --add-architecture arm64 && apt-get update"
	dpkg --add-architecture arm64
	apt-get update -q >&2
}

apt_install() {
	[ "$(id -u)" = 0 ] || die "missing $*: as root run: apt-get install $*"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2
}

kernel_package() {
	# linux-image-arm64 is a metapackage: its Depends names the real image.
	apt-cache depends linux-image-arm64:arm64 2>/dev/null |
		awk '/Depends: linux-image-[0-9]/ { sub(":arm64", "", $2); print $2; exit }'
}

fetch() {
	[ -f "$KIT/.complete" ] && return 0
	need_root_apt
	local pkg tmp
	pkg=$(kernel_package)
	[ -n "$pkg" ] || die "cannot find the kernel package linux-image-arm64:arm64 depends on"
	mkdir -p "$KIT/debs"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' RETURN
	(cd "$KIT/debs" && apt-get download -q "$pkg:arm64" busybox-static:arm64 >&2) ||
		die "apt-get download failed"
	rm -rf "$KIT/root"
	mkdir -p "$KIT/root"
	for deb in "$KIT"/debs/*.deb; do
		dpkg-deb -x "$deb" "$KIT/root"
	done
	local img
	img=$(ls "$KIT"/root/boot/vmlinuz-* | head -n 1)
	[ -f "$img" ] || die "no /boot/vmlinuz-* in $pkg"
	cp "$img" "$KIT/Image"
	basename "$img" | sed 's/^vmlinuz-//' >"$KIT/version"
	cp "$KIT/root/bin/busybox" "$KIT/busybox"
	# The package ships no modules.dep (the postinst makes it): make it here.
	command -v depmod >/dev/null || PATH=$PATH:/sbin:/usr/sbin
	command -v depmod >/dev/null || apt_install kmod
	depmod -b "$KIT/root" "$(cat "$KIT/version")"
	touch "$KIT/.complete"
}

# Print the module files (with dependencies first) for the names given.
module_closure() {
	local ver=$1; shift
	local moddir="$KIT/root/lib/modules/$ver"
	local dep="$moddir/modules.dep"
	[ -f "$dep" ] || die "no modules.dep for $ver"
	local todo=("$@") seen=" " out=()
	while [ ${#todo[@]} -gt 0 ]; do
		local m=${todo[0]}; todo=("${todo[@]:1}")
		local line
		line=$(grep -E "(^|/)${m//-/[-_]}\.ko(\.[a-z]+)?:" "$dep" | head -n 1) || true
		[ -n "$line" ] || continue		# built in, not a module
		local file=${line%%:*}
		case $seen in *" $file "*) continue ;; esac
		seen="$seen$file "
		out+=("$file")
		for d in ${line#*:}; do
			todo+=("$(basename "$d" | sed -E 's/\.ko(\.[a-z]+)?$//')")
		done
	done
	# Dependencies were appended after their users: load in reverse.
	for ((i = ${#out[@]} - 1; i >= 0; i--)); do echo "${out[$i]}"; done
}

initramfs() {
	[ $# -ge 2 ] || die "usage: $0 initramfs INIT OUT.cpio.gz [FILE[:DEST]...]"
	local init=$1 out=$2; shift 2
	[ -f "$init" ] || die "no such /init script: $init"
	fetch
	command -v cpio >/dev/null || apt_install cpio
	local ver dir
	ver=$(cat "$KIT/version")
	dir=$(mktemp -d)
	trap 'rm -rf "$dir"' RETURN
	mkdir -p "$dir"/{bin,sbin,dev,proc,sys,tmp,etc,root,mnt,"lib/modules/$ver"}
	cp "$KIT/busybox" "$dir/bin/busybox"
	for a in $("$KIT/busybox" --list 2>/dev/null || qemu-aarch64-static "$KIT/busybox" --list); do
		[ -e "$dir/bin/$a" ] || ln -s busybox "$dir/bin/$a"
	done
	cp "$init" "$dir/init"
	chmod 755 "$dir/init"
	: >"$dir/lib/modules/$ver/load-order"
	# KIT_MODULES: more modules a test needs (ext4 for a disk root), with their deps.
	for f in $(module_closure "$ver" $VIRTIO_MODULES ${KIT_MODULES:-}); do
		mkdir -p "$dir/lib/modules/$ver/$(dirname "$f")"
		cp "$KIT/root/lib/modules/$ver/$f" "$dir/lib/modules/$ver/$f"
		echo "$f" >>"$dir/lib/modules/$ver/load-order"
	done
	local spec
	for spec in "$@"; do
		local src=${spec%%:*} dest=${spec#*:}
		[ "$dest" != "$spec" ] || dest=/$(basename "$src")
		mkdir -p "$dir$(dirname "$dest")"
		cp -a "$src" "$dir$dest"
	done
	# A temporary of its own, renamed into place: two tests building the
	# same cached initramfs at once (scripts/run-shell-tests.sh's lanes)
	# each write whole files, and a reader sees the old one or a new one.
	local tmp_out
	tmp_out=$(mktemp "$out.XXXXXX") || die "cannot create a file beside $out"
	(cd "$dir" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc --owner=0:0 --quiet | gzip -1) >"$tmp_out"
	chmod 644 "$tmp_out"
	mv "$tmp_out" "$out"
}

case ${1:-} in
fetch) fetch; echo "$KIT" ;;
path) fetch; echo "$KIT" ;;
initramfs) shift; initramfs "$@" ;;
*) die "usage: $0 fetch | path | initramfs INIT OUT.cpio.gz [FILE[:DEST]...]" ;;
esac
