#!/usr/bin/env bash
# Pack Debian's arm64 qemu-system-aarch64 with its shared libraries into
# build/qemu-arm64/ (run through its own ld.so), so the nested KVM
# benchmark can measure QEMU -accel kvm beside armvisor in the same run.
# Everything comes from Debian's arm64 packages through apt multiarch
# (scripts/pack-arm64.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/qemu-arm64
[ -x "$out/run" ] && exit 0
work=build/qemu-arm64-debs
pack=scripts/pack-arm64.sh
rm -rf "$work" "$out"
mkdir -p "$out"
pkgs=$($pack closure qemu-system-arm)
# The firmware package is optional: an older mirror may lack it.
$pack unpack "$work" $pkgs qemu-system-data qemu-efi-aarch64 2>/dev/null ||
	$pack unpack "$work" $pkgs qemu-system-data
cp "$work/usr/bin/qemu-system-aarch64" "$out/"
$pack libs "$work" "$out/lib"
mkdir -p "$out/share"
cp -a "$work/usr/share/qemu/." "$out/share/" 2>/dev/null || true
$pack wrapper "$out" qemu-system-aarch64 -L '"$d/share"'
rm -rf "$work"
du -sh "$out"
