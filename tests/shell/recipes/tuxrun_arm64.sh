#!/usr/bin/env bash
# Recipe: tuxrun's qemu-arm64 device (tuxrun/devices/qemu.py QemuArm64 and
# templates/jobs/qemu.yaml.jinja2 in Linaro's tuxrun), what LAVA then runs:
#   qemu-system-aarch64 -machine virt,virtualization=on,gic-version=3,mte=on \
#     -cpu max,pauth-impdef=on -m 4G -smp 2 -no-reboot -nographic \
#     -kernel Image -append "console=ttyAMA0,115200 rootwait root=/dev/vda \
#       debug verbose console_msg_format=syslog systemd.log_level=warning earlycon" \
#     -drive file=rootfs.ext4,if=none,format=raw,id=hd0 -device virtio-blk-device,drive=hd0
# armvisor has no EL2 and no MTE: it refuses virtualization=on and mte=on
# by name (checked first), and the rest boots with them off, as tuxrun's
# own arm64-host variant writes it ("virt,gic-version=3", "-cpu max").
# Adapted to the kit as in buildroot_virt.sh (modules in an initramfs).
. "$(dirname "$0")/../../lib/common.sh"
. "$(dirname "$0")/../../lib/ext4_root.sh"
need_armvisor
need_tools mkfs.ext4 debugfs
need_kit

make_work build
for m in virtualization mte; do
	"$AV" -machine "virt,$m=on" -nographic -kernel "$kit/Image" >"$work/refused.log" 2>&1 &&
		fail "-machine virt,$m=on was accepted"
	grep -q "$m=on is not supported" "$work/refused.log" ||
		fail "-machine virt,$m=on: unclear refusal: $(cat "$work/refused.log")"
done

KIT_MODULES="crc32c_generic ext4" need_initramfs tests/guest/init-switchroot.sh "$work/switchroot.cpio.gz"
ext4_root "$work/rootfs.ext4"
log=$work/tuxrun.log
run_guest "$log" "$AV" -machine virt,virtualization=off,gic-version=3,mte=off \
	-cpu max,pauth-impdef=on -m 4G -smp 2 -no-reboot -nographic \
	-kernel "$kit/Image" -initrd "$work/switchroot.cpio.gz" \
	-append "console=ttyAMA0,115200 rootwait root=/dev/vda debug verbose console_msg_format=syslog systemd.log_level=warning earlycon" \
	-drive file="$work/rootfs.ext4",if=none,format=raw,id=hd0 -device virtio-blk-device,drive=hd0
rc=$?
strip_cr "$log"
fail_logs=("$log")
[ $rc -eq 0 ] || fail "armvisor exited with status $rc"
ext4_root_check "$log" "$work/rootfs.ext4"
grep -q "^cpus: 2" "$log" || fail "the guest does not see -smp 2"
echo "PASS: tuxrun's qemu-arm64 line (EL2/MTE off) boots its ext4 root"
