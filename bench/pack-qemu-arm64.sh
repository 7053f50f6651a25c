#!/usr/bin/env bash
# Pack Debian's arm64 qemu-system-aarch64 with its shared libraries into
# build/qemu-arm64/ (run through its own ld.so), so the nested KVM
# benchmark can measure QEMU -accel kvm beside armvisor in the same run.
# Everything comes from Debian's arm64 packages through apt multiarch.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/qemu-arm64
[ -x "$out/run" ] && exit 0
work=build/qemu-arm64-debs
rm -rf "$work" "$out"
mkdir -p "$work/root" "$out/lib"
pkgs=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
	--no-breaks --no-replaces --no-enhances qemu-system-arm:arm64 2>/dev/null |
	grep -E '^[a-z0-9].*:arm64$' | sort -u)
(cd "$work" && apt-get download -q $pkgs qemu-system-data qemu-efi-aarch64 >/dev/null 2>&1 ||
	apt-get download -q $pkgs qemu-system-data >/dev/null)
for deb in "$work"/*.deb; do
	dpkg-deb -x "$deb" "$work/root"
done
cp "$work/root/usr/bin/qemu-system-aarch64" "$out/"
find "$work/root/lib/aarch64-linux-gnu" "$work/root/usr/lib/aarch64-linux-gnu" \
	-maxdepth 1 -name '*.so*' -exec cp -aL {} "$out/lib/" \; 2>/dev/null
cp -aL "$work/root/lib/ld-linux-aarch64.so.1" "$out/lib/" 2>/dev/null ||
	cp -aL "$work"/root/usr/lib/ld-linux-aarch64.so.1 "$out/lib/"
mkdir -p "$out/share"
cp -a "$work/root/usr/share/qemu/." "$out/share/" 2>/dev/null || true
cat >"$out/run" <<'RUN'
#!/bin/sh
d=$(dirname "$0")
exec "$d/lib/ld-linux-aarch64.so.1" --library-path "$d/lib" "$d/qemu-system-aarch64" -L "$d/share" "$@"
RUN
chmod +x "$out/run"
rm -rf "$work"
du -sh "$out"
