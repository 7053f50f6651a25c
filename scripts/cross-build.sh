#!/usr/bin/env bash
# Cross-build armvisor for arm64.
#
#   scripts/cross-build.sh [static]    (make aarch64-static)
#       A static binary at build/aarch64/armvisor, without libslirp (Debian
#       ships no static libslirp: no -netdev user) and without Capstone.
#   scripts/cross-build.sh dynamic     (make aarch64-dynamic)
#       A dynamic binary with libslirp at build/aarch64-dyn/armvisor, packed
#       with its shared libraries and ld.so into build/aarch64-dyn/pack/
#       (run it as pack/run ARGS, in a busybox initramfs too).
#
# libfdt-dev cannot be installed for amd64 and arm64 side by side (the two
# conflict), so the arm64 packages are fetched through apt multiarch
# (apt-get download) and unpacked into a private sysroot under build/.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-static}
PACK=scripts/pack-arm64.sh

die() { echo "cross-build: $*" >&2; exit 1; }

as_root_install() {
	[ "$(id -u)" = 0 ] || die "missing $*: as root run: apt-get install $*"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2
}

need_arm64_apt() {
	dpkg --print-foreign-architectures | grep -qx arm64 && return 0
	[ "$(id -u)" = 0 ] || die "as root run: dpkg --add-architecture arm64 && apt-get update"
	dpkg --add-architecture arm64
	apt-get update -q >&2
}

# make_sysroot DIR PKG...: unpack the arm64 packages once into DIR;
# .complete names them, so a list that grew (libseccomp) makes it again.
make_sysroot() {
	local dir=$1; shift
	[ -f "$dir/.complete" ] && [ "$(cat "$dir/.complete")" = "$*" ] && return 0
	need_arm64_apt
	rm -rf "$dir"
	"$PACK" unpack "$dir" "$@" || die "cannot make the arm64 sysroot $dir"
	echo "$*" >"$dir/.complete"
}

arm64_names() {
	local p
	for p in "$@"; do echo "$p:arm64"; done
}

build_static() {
	local out=build/aarch64 sys=build/aarch64/sysroot
	make_sysroot "$sys" $(arm64_names libfdt-dev libfdt1 libaio-dev libaio1 zlib1g-dev zlib1g \
		libseccomp-dev libseccomp2 libjansson-dev libjansson4)
	make --no-print-directory BUILD="$out" CC=aarch64-linux-gnu-gcc AR=aarch64-linux-gnu-ar \
		CAPSTONE=no SLIRP=no \
		CFLAGS="-O2 -g -I$sys/usr/include -I$sys/usr/include/aarch64-linux-gnu" \
		PIE=-static-pie LDFLAGS="-L$sys/usr/lib/aarch64-linux-gnu" \
		"$out/armvisor"
	file "$out/armvisor" 2>/dev/null || ls -l "$out/armvisor"
}

# The Makefile asks pkg-config for libslirp's flags: point it at the
# sysroot's .pc files (slirp.pc requires glib-2.0, which requires pcre2).
build_dynamic() {
	local out=build/aarch64-dyn sys=build/aarch64-dyn/sysroot
	local runtime
	need_arm64_apt
	runtime=$("$PACK" closure libfdt1 libaio1 zlib1g libslirp0 libseccomp2 libjansson4)
	make_sysroot "$sys" $(arm64_names libfdt-dev libaio-dev zlib1g-dev libslirp-dev libseccomp-dev libjansson-dev \
		libglib2.0-dev libpcre2-dev) $runtime
	local libdirs="$sys/usr/lib/aarch64-linux-gnu:$sys/lib/aarch64-linux-gnu"
	PKG_CONFIG_LIBDIR="$sys/usr/lib/aarch64-linux-gnu/pkgconfig:$sys/usr/share/pkgconfig" \
	PKG_CONFIG_SYSROOT_DIR="$sys" \
	make --no-print-directory BUILD="$out" CC=aarch64-linux-gnu-gcc AR=aarch64-linux-gnu-ar \
		CAPSTONE=no SLIRP=yes \
		CFLAGS="-O2 -g -I$sys/usr/include -I$sys/usr/include/aarch64-linux-gnu" \
		LDFLAGS="-L$sys/usr/lib/aarch64-linux-gnu -Wl,-rpath-link=$libdirs" \
		"$out/armvisor"
	pack_dynamic "$out" "$sys"
	file "$out/armvisor" 2>/dev/null || ls -l "$out/armvisor"
}

# pack_dynamic OUT SYSROOT: OUT/pack/{armvisor,lib/,run}, remade only when
# OUT/armvisor changed, and swapped in whole: a test may be packing the
# previous one into an initramfs right now.
pack_dynamic() {
	local out=$1 sys=$2 new=$1/pack.new
	[ -x "$out/pack/run" ] && [ "$out/pack/armvisor" -nt "$out/armvisor" ] && return 0
	rm -rf "$new" "$out/pack.old"
	mkdir -p "$new"
	# The pack goes into guest initramfs images: no debug info there.
	aarch64-linux-gnu-strip -o "$new/armvisor" "$out/armvisor" 2>/dev/null ||
		cp "$out/armvisor" "$new/armvisor"
	"$PACK" libs "$sys" "$new/lib"
	"$PACK" wrapper "$new" armvisor
	[ -d "$out/pack" ] && mv "$out/pack" "$out/pack.old"
	mv "$new" "$out/pack"
	rm -rf "$out/pack.old"
}

command -v aarch64-linux-gnu-gcc >/dev/null || as_root_install gcc-aarch64-linux-gnu
case $MODE in
static) build_static ;;
dynamic) build_dynamic ;;
*) die "usage: $0 [static|dynamic]" ;;
esac
