#!/usr/bin/env bash
# make aarch64-static: a static arm64 armvisor at build/aarch64/armvisor.
#
# libfdt-dev cannot be installed for amd64 and arm64 side by side (the two
# conflict), so the arm64 -dev packages are fetched through apt multiarch
# (apt-get download) and unpacked into a private sysroot under build/.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=build/aarch64
SYSROOT=$OUT/sysroot
PKGS="libfdt-dev libfdt1 libaio-dev libaio1 zlib1g-dev zlib1g"

die() { echo "cross-build: $*" >&2; exit 1; }

as_root_install() {
	[ "$(id -u)" = 0 ] || die "missing $*: as root run: apt-get install $*"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2
}

command -v aarch64-linux-gnu-gcc >/dev/null || as_root_install gcc-aarch64-linux-gnu

if [ ! -f "$SYSROOT/.complete" ]; then
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		[ "$(id -u)" = 0 ] || die "as root run: dpkg --add-architecture arm64 && apt-get update"
		dpkg --add-architecture arm64
		apt-get update -q >&2
	fi
	rm -rf "$SYSROOT"
	mkdir -p "$SYSROOT/debs"
	(cd "$SYSROOT/debs" && apt-get download -q $(for p in $PKGS; do echo "$p:arm64"; done)) ||
		die "apt-get download of the arm64 -dev packages failed"
	for deb in "$SYSROOT"/debs/*.deb; do
		dpkg-deb -x "$deb" "$SYSROOT"
	done
	touch "$SYSROOT/.complete"
fi

make --no-print-directory BUILD="$OUT" CC=aarch64-linux-gnu-gcc AR=aarch64-linux-gnu-ar \
	CAPSTONE=no SLIRP=no \
	CFLAGS="-O2 -g -I$SYSROOT/usr/include -I$SYSROOT/usr/include/aarch64-linux-gnu" \
	LDFLAGS="-static -L$SYSROOT/usr/lib/aarch64-linux-gnu" \
	"$OUT/armvisor"
file "$OUT/armvisor" 2>/dev/null || ls -l "$OUT/armvisor"
