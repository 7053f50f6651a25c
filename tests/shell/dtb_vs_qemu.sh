#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Our DTB against QEMU 7.2's for the same options: `-M virt,dumpdtb=` on
# both, compared node by node by scripts/dtb-compare.py (same reg,
# interrupts, compatible and every other property; phandles by target;
# QEMU's extra nodes must be devices we do not emulate).
. "$(dirname "$0")/../lib/common.sh"
need_armvisor
need_tools qemu-system-aarch64 dtc python3
make_work

fake_image "$work/Image"
head -c 3000 /dev/zero | tr '\0' 'r' > "$work/initrd.img"
dtc -I dts -O dtb -o "$work/user.dtb" - <<'DTS'
/dts-v1/;
/ {
	#address-cells = <2>;
	#size-cells = <2>;
	compatible = "test,board";
	memory@80000000 { device_type = "memory"; reg = <0 0x80000000 0 0x1000>; };
	psci { compatible = "arm,psci"; method = "smc"; cpu_on = <0x95c1ba5e>; };
	mydev { compatible = "test,dev"; };
};
DTS

if ! "$AV" -M virt,dumpdtb="$work/probe.dtb" -nographic >"$work/probe.log" 2>&1 ||
   [ ! -s "$work/probe.dtb" ]; then
	skip "armvisor cannot dumpdtb yet: $(tail -n 1 "$work/probe.log")"
fi

failed=0
# run_case NAME GIC [--ours-may-add PROPS] -- QEMU/armvisor options...
run_case() {
	local name=$1 gic=$2 extra=()
	shift 2
	if [ "$1" != -- ]; then
		extra=("$1" "$2")
		shift 2
	fi
	shift
	local opts=(-nographic -nic none -kernel "$work/Image" "$@")
	echo "== $name: gic-version=$gic ${*//$work\//}"
	if ! qemu-system-aarch64 -M "virt,gic-version=$gic,dumpdtb=$work/$name.q.dtb" \
	     "${opts[@]}" >"$work/$name.q.log" 2>&1; then
		echo "qemu-system-aarch64 failed:"; cat "$work/$name.q.log"; failed=1; return
	fi
	if ! "$AV" -M "virt,gic-version=$gic,dumpdtb=$work/$name.a.dtb" \
	     "${opts[@]}" >"$work/$name.a.log" 2>&1; then
		echo "armvisor failed:"; cat "$work/$name.a.log"; failed=1; return
	fi
	python3 scripts/dtb-compare.py "${extra[@]}" "$work/$name.a.dtb" \
		"$work/$name.q.dtb" || failed=1
}

args="console=ttyAMA0 root=/dev/vda rw"
a57="-cpu cortex-a57"
run_case v2-1cpu 2 -- $a57 -smp 1 -m 1G
run_case v2-2cpu-append 2 -- $a57 -smp 2 -m 1G -append "$args"
run_case v2-4cpu-4g-initrd 2 -- $a57 -smp 4 -m 4G -initrd "$work/initrd.img" -append "$args"
run_case v2-8cpu-a53 2 -- -cpu cortex-a53 -smp 8 -m 2G
run_case v3-1cpu-4g 3 -- $a57 -smp 1 -m 4G
run_case v3-4cpu-initrd 3 -- $a57 -smp 4 -m 1G -initrd "$work/initrd.img" -append "$args"
run_case v3-20cpu-6g-a72 3 -- -cpu cortex-a72 -smp 20 -m 6G -append "$args"
# its=off: a GICv3 board without its ITS child (nor any MSI controller)
run_case v3-its-off "3,its=off" -- $a57 -smp 2 -m 1G
# firmware in flash: the DTB edk2 reads at the start of RAM, with a kernel
# for the firmware to boot. acpi=off: with firmware and ACPI, QEMU swaps the
# PL061 for ACPI's GED; we have no ACPI, so the guest always boots on the DT.
bios=/usr/share/qemu-efi-aarch64/QEMU_EFI.fd
if [ -f "$bios" ]; then
	run_case v3-bios-kernel "3,acpi=off" -- $a57 -smp 2 -m 1G -bios "$bios" -append "$args"
fi
run_case user-dtb 2 --ours-may-add rng-seed,kaslr-seed -- $a57 -smp 2 -m 1G \
	-dtb "$work/user.dtb" -initrd "$work/initrd.img" -append "$args"

[ $failed -eq 0 ] && echo "all DTBs match QEMU's"
exit $failed
