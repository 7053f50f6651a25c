#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Our DTB against QEMU 7.2's for the same options: `-M virt,dumpdtb=` on
# both, compared node by node by scripts/dtb-compare.py (same reg,
# interrupts, compatible and every other property; phandles by target;
# QEMU's extra nodes must be devices we do not emulate).
set -u
cd "$(dirname "$0")/../.."
AV=${ARMVISOR:-build/armvisor}

skip() { echo "$*"; exit 77; }
[ -x "$AV" ] || skip "no $AV yet"
for tool in qemu-system-aarch64 dtc python3; do
	command -v $tool >/dev/null || skip "needs $tool"
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A minimal arm64 Image (Documentation/arm64/booting.rst header: LE,
# 4K pages, text_offset 0, image_size 64 KiB, magic "ARM\x64" at 56).
python3 - "$tmp/Image" <<'PY'
import struct, sys
hdr = struct.pack("<IIQQQQQQII", 0x14000010, 0, 0, 0x10000, 2, 0, 0, 0,
                  0x644d5241, 0)
open(sys.argv[1], "wb").write(hdr + bytes(0x10000 - len(hdr)))
PY
head -c 3000 /dev/zero | tr '\0' 'r' > "$tmp/initrd.img"
dtc -I dts -O dtb -o "$tmp/user.dtb" - <<'DTS'
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

if ! "$AV" -M virt,dumpdtb="$tmp/probe.dtb" -nographic >"$tmp/probe.log" 2>&1 ||
   [ ! -s "$tmp/probe.dtb" ]; then
	skip "armvisor cannot dumpdtb yet: $(tail -n 1 "$tmp/probe.log")"
fi

fail=0
# run_case NAME GIC [--ours-may-add PROPS] -- QEMU/armvisor options...
run_case() {
	local name=$1 gic=$2 extra=()
	shift 2
	if [ "$1" != -- ]; then
		extra=("$1" "$2")
		shift 2
	fi
	shift
	local opts=(-nographic -nic none -kernel "$tmp/Image" "$@")
	echo "== $name: gic-version=$gic ${*//$tmp\//}"
	if ! qemu-system-aarch64 -M "virt,gic-version=$gic,dumpdtb=$tmp/$name.q.dtb" \
	     "${opts[@]}" >"$tmp/$name.q.log" 2>&1; then
		echo "qemu-system-aarch64 failed:"; cat "$tmp/$name.q.log"; fail=1; return
	fi
	if ! "$AV" -M "virt,gic-version=$gic,dumpdtb=$tmp/$name.a.dtb" \
	     "${opts[@]}" >"$tmp/$name.a.log" 2>&1; then
		echo "armvisor failed:"; cat "$tmp/$name.a.log"; fail=1; return
	fi
	python3 scripts/dtb-compare.py "${extra[@]}" "$tmp/$name.a.dtb" \
		"$tmp/$name.q.dtb" || fail=1
}

args="console=ttyAMA0 root=/dev/vda rw"
a57="-cpu cortex-a57"
run_case v2-1cpu 2 -- $a57 -smp 1 -m 1G
run_case v2-2cpu-append 2 -- $a57 -smp 2 -m 1G -append "$args"
run_case v2-4cpu-4g-initrd 2 -- $a57 -smp 4 -m 4G -initrd "$tmp/initrd.img" -append "$args"
run_case v2-8cpu-a53 2 -- -cpu cortex-a53 -smp 8 -m 2G
run_case v3-1cpu-4g 3 -- $a57 -smp 1 -m 4G
run_case v3-4cpu-initrd 3 -- $a57 -smp 4 -m 1G -initrd "$tmp/initrd.img" -append "$args"
run_case v3-20cpu-6g-a72 3 -- -cpu cortex-a72 -smp 20 -m 6G -append "$args"
run_case user-dtb 2 --ours-may-add rng-seed,kaslr-seed -- $a57 -smp 2 -m 1G \
	-dtb "$tmp/user.dtb" -initrd "$tmp/initrd.img" -append "$args"

[ $fail -eq 0 ] && echo "all DTBs match QEMU's"
exit $fail
