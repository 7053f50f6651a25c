#!/usr/bin/env bash
# Pack a dynamically linked arm64 program with the shared libraries it runs
# on, all taken from Debian's arm64 packages through apt multiarch, so it
# runs inside a guest initramfs that has nothing but busybox. Used by
# bench/pack-qemu-arm64.sh (Debian's qemu-system-aarch64) and
# scripts/cross-build.sh dynamic (armvisor with libslirp).
#
#   scripts/pack-arm64.sh closure PKG...
#       Print the arm64 packages PKG... need at run time (Depends,
#       recursively, PKG... included), one a line, as NAME:arm64.
#   scripts/pack-arm64.sh unpack DIR PKG...
#       apt-get download PKG... (name them with :arm64 where it matters)
#       into DIR/debs and unpack them all into DIR (a sysroot).
#   scripts/pack-arm64.sh libs ROOT LIBDIR
#       Copy the versioned shared libraries of ROOT's multiarch library
#       directories and its ld-linux-aarch64.so.1 into LIBDIR.
#   scripts/pack-arm64.sh wrapper OUT PROG [WORD...]
#       Write OUT/run: it runs OUT/PROG through OUT/lib/ld-linux-aarch64.so.1
#       with OUT/lib as the only library path, WORD... first (written as is:
#       "$d" there is OUT as the wrapper finds itself), then its arguments.
set -euo pipefail

die() { echo "pack-arm64: $*" >&2; exit 1; }

closure() {
	[ $# -gt 0 ] || die "closure: no package named"
	local pkgs=() p
	for p in "$@"; do
		case $p in *:*) pkgs+=("$p") ;; *) pkgs+=("$p:arm64") ;; esac
	done
	# Only real arm64 packages (lines at column 0); alternatives and
	# virtual names (indented, <...>) are resolved by apt into real ones.
	local out
	out=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
		--no-breaks --no-replaces --no-enhances "${pkgs[@]}" 2>/dev/null |
		grep -E '^[a-z0-9].*:arm64$' | sort -u) ||
		die "apt knows no arm64 package ${pkgs[*]} (dpkg --add-architecture arm64 && apt-get update)"
	echo "$out"
}

unpack() {
	[ $# -ge 2 ] || die "usage: unpack DIR PKG..."
	local dir=$1 deb; shift
	mkdir -p "$dir/debs"
	(cd "$dir/debs" && apt-get download -q "$@" >/dev/null) ||
		die "apt-get download $* failed"
	for deb in "$dir"/debs/*.deb; do
		dpkg-deb -x "$deb" "$dir"
	done
	relink_absolute "$dir"
}

# A -dev package's libfoo.so may point at /lib/...: inside a sysroot that
# names the build host's file. Point such links into the sysroot instead.
relink_absolute() {
	local root=$1 link target
	while IFS= read -r -d '' link; do
		target=$(readlink "$link")
		case $target in
		/*) ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$root$target")" "$link" ;;
		esac
	done < <(find "$root" -path "$root/debs" -prune -o -type l -print0)
}

libs() {
	[ $# -eq 2 ] || die "usage: libs ROOT LIBDIR"
	local root=$1 out=$2 d ld=
	mkdir -p "$out"
	for d in "$root/lib/aarch64-linux-gnu" "$root/usr/lib/aarch64-linux-gnu"; do
		[ -d "$d" ] || continue
		find "$d" -maxdepth 1 -name '*.so.*' \( -type f -o -type l \) \
			-exec cp -a {} "$out/" \;
	done
	# Links stay links (a library is copied once), but one whose target
	# was not copied (another directory, or a name without .so.) becomes
	# a copy of its target.
	local link
	for link in "$out"/*; do
		[ -L "$link" ] && [ ! -e "$link" ] || continue
		for d in "$root/lib/aarch64-linux-gnu" "$root/usr/lib/aarch64-linux-gnu"; do
			[ -e "$d/$(basename "$link")" ] || continue
			rm "$link"
			cp -L "$d/$(basename "$link")" "$link"
			break
		done
	done
	for d in "$root/lib" "$root/usr/lib" "$root/lib/aarch64-linux-gnu" \
		"$root/usr/lib/aarch64-linux-gnu"; do
		[ -e "$d/ld-linux-aarch64.so.1" ] && { ld=$d/ld-linux-aarch64.so.1; break; }
	done
	[ -n "$ld" ] || die "no ld-linux-aarch64.so.1 under $root (is libc6:arm64 unpacked?)"
	cp -L "$ld" "$out/ld-linux-aarch64.so.1"
}

wrapper() {
	[ $# -ge 2 ] || die "usage: wrapper OUT PROG [WORD...]"
	local out=$1 prog=$2; shift 2
	[ -f "$out/$prog" ] || die "no $out/$prog"
	{
		echo '#!/bin/sh'
		echo 'd=$(dirname "$0")'
		echo "exec \"\$d/lib/ld-linux-aarch64.so.1\" --library-path \"\$d/lib\" \"\$d/$prog\" ${*:+$* }\"\$@\""
	} >"$out/run"
	chmod +x "$out/run"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
closure) closure "$@" ;;
unpack) unpack "$@" ;;
libs) libs "$@" ;;
wrapper) wrapper "$@" ;;
*) die "usage: $0 closure PKG... | unpack DIR PKG... | libs ROOT LIBDIR | wrapper OUT PROG [WORD...]" ;;
esac
