#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The seed's config file, as a user runs it:
#   armvisor -nographic -cpu cortex-a57 -readconfig virt.cfg -machine dumpdtb=out.dtb
# writes a DTB that dtc reads without a warning, with the config's
# bootargs, CPU count and RAM, and the initrd's range.
. "$(dirname "$0")/../lib/common.sh"
# Absolute: armvisor runs in the scratch directory, where the config is.
AV=$(realpath -m "$AV")
CFG=tests/data/virt.cfg

need_armvisor
[ -f "$CFG" ] || skip "no $CFG"
need_tools dtc fdtget python3
make_work

# What the config asks for: a value of one key (QEMU -readconfig syntax).
cfg_value() { sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\"\(.*\)\"/\1/p" "$CFG" | head -n 1; }
want_args=$(cfg_value append)
want_cpus=$(cfg_value cpus)
want_mem=$(cfg_value size)
[ -n "$want_args" ] && [ -n "$want_cpus" ] && [ -n "$want_mem" ] ||
	fail "cannot read append/cpus/size from $CFG"

# Small stand-ins for the config's kernel and initrd: a minimal arm64
# Image and 5000 bytes.
fake_image "$work/Image"
initrd_size=5000
head -c $initrd_size /dev/zero | tr '\0' 'i' > "$work/initrd.ext4"
sed -e "s|^\([[:space:]]*kernel[[:space:]]*=\).*|\1 \"$work/Image\"|" \
    -e "s|^\([[:space:]]*initrd[[:space:]]*=\).*|\1 \"$work/initrd.ext4\"|" \
    "$CFG" > "$work/virt.cfg"

if ! (cd "$work" && "$AV" -nographic -cpu cortex-a57 -readconfig virt.cfg \
      -machine dumpdtb=out.dtb) >"$work/run.log" 2>&1; then
	grep -Eqi 'dumpdtb.*(unknown|unsupported|not supported|invalid)|(unknown|unsupported|invalid).*dumpdtb' \
		"$work/run.log" &&
		skip "armvisor cannot dumpdtb yet: $(tail -n 1 "$work/run.log")"
	cat "$work/run.log"
	fail "armvisor exited with an error"
fi
[ -s "$work/out.dtb" ] || fail "no out.dtb written"

dtc -I dtb -O dts -o "$work/out.dts" "$work/out.dtb" 2>"$work/dtc.log" ||
	{ cat "$work/dtc.log"; fail "dtc cannot read the DTB"; }
[ ! -s "$work/dtc.log" ] || { cat "$work/dtc.log"; fail "dtc warns about the DTB"; }

got_args=$(fdtget -t s "$work/out.dtb" /chosen bootargs) || fail "no bootargs"
[ "$got_args" = "$want_args" ] || fail "bootargs '$got_args', want '$want_args'"

got_cpus=$(fdtget -l "$work/out.dtb" /cpus | grep -c '^cpu@')
[ "$got_cpus" = "$want_cpus" ] || fail "$got_cpus cpu nodes, want $want_cpus"

# RAM at 0x40000000 (the virt board), of the config's size.
mem_bytes=$(python3 -c '
import sys
units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
s = sys.argv[1]
print(int(s[:-1]) * units[s[-1].upper()] if s[-1].upper() in units else int(s) << 20)
' "$want_mem")
want_reg=$(printf '%x %x %x %x' 0 $((0x40000000)) $((mem_bytes >> 32)) $((mem_bytes & 0xffffffff)))
got_reg=$(fdtget -t x "$work/out.dtb" /memory@40000000 reg) || fail "no /memory@40000000"
[ "$got_reg" = "$want_reg" ] || fail "memory reg '$got_reg', want '$want_reg'"

# The initrd range: as long as the file, inside RAM.
cells_value() { local v=0 c; for c in $1; do v=$(( (v << 32) | 0x$c )); done; echo $v; }
raw_start=$(fdtget -t x "$work/out.dtb" /chosen linux,initrd-start) || fail "no linux,initrd-start"
raw_end=$(fdtget -t x "$work/out.dtb" /chosen linux,initrd-end) || fail "no linux,initrd-end"
start=$(cells_value "$raw_start")
end=$(cells_value "$raw_end")
[ $((end - start)) -eq $initrd_size ] || fail "initrd range is $((end - start)) bytes, want $initrd_size"
[ "$start" -ge $((0x40000000)) ] && [ "$end" -le $((0x40000000 + mem_bytes)) ] ||
	fail "initrd range $(printf '%#x-%#x' "$start" "$end") is outside RAM"

echo "DTB ok: '$got_args', $got_cpus CPUs, RAM $want_reg, initrd $(printf '%#x-%#x' "$start" "$end")"
