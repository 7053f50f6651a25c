#!/usr/bin/env bash
# Install what building and testing armvisor needs on Debian 12, and enable
# the arm64 architecture for the guest kit and the cross build. Quick when
# everything is already there: only missing packages are installed.
set -euo pipefail

# Every package is named: installs skip Recommends, and some that the
# build and tests need are only Recommends (libc6-dev-arm64-cross of the
# cross gcc, libclang-rt-dev with clang's libFuzzer of clang).
# qemu-efi-aarch64: edk2's firmware for tests/shell/uefi_boot.sh; gdisk,
# dosfstools, mtools: the GPT disk with an EFI system partition it boots.
# u-boot-qemu: qemu_arm64's u-boot.bin for tests/shell/uboot_boot.sh.
# procps: pkill, with which tests/lib/common.sh's stop_bg ends a job's
# children (a minimal Debian has no procps).
PKGS="make gcc clang pkg-config libfdt-dev libaio-dev zlib1g-dev check libsubunit-dev
libcapstone-dev device-tree-compiler qemu-system-arm qemu-user-static
gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross
gdb-multiarch cpio kmod e2fsprogs qemu-utils
u-boot-tools python3 file ca-certificates libslirp-dev libglib2.0-dev iproute2
libclang-rt-dev libseccomp-dev libjansson-dev
qemu-efi-aarch64 gdisk dosfstools mtools u-boot-qemu procps"

missing=()
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
need_arm64=0
dpkg --print-foreign-architectures | grep -qx arm64 || need_arm64=1

if [ ${#missing[@]} -eq 0 ] && [ $need_arm64 -eq 0 ]; then
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "install-deps: as root run:" >&2
	[ $need_arm64 -eq 0 ] || echo "  dpkg --add-architecture arm64" >&2
	echo "  apt-get update && apt-get install ${missing[*]}" >&2
	exit 1
fi
[ $need_arm64 -eq 0 ] || dpkg --add-architecture arm64
apt-get update -q
if [ ${#missing[@]} -gt 0 ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
