#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The program is built hardened (issue 13, finding 8), as distributions
# build QEMU: a hostile guest meets a PIE with full RELRO, stack
# protector and fortified libc calls. The static arm64 build, when it is
# there, is static-pie.
. "$(dirname "$0")/../lib/common.sh"

need_armvisor
need_tools readelf nm file

fails=0
check() {
	if ! eval "$2"; then
		echo "FAIL: $AV: $1"
		fails=$((fails + 1))
	fi
}

check "not a PIE" 'readelf -h "$AV" | grep -q "Type:.*DYN"'
check "no full RELRO (GNU_RELRO + BIND_NOW)" \
	'readelf -l "$AV" | grep -q GNU_RELRO && readelf -d "$AV" | grep -q BIND_NOW'
check "no stack protector" 'nm -D "$AV" | grep -q __stack_chk_fail'
check "no fortified libc call" 'nm -D "$AV" | grep -q "__[a-z]*_chk"'
static=$BUILD/aarch64/armvisor
if [ -x "$static" ]; then
	check "the arm64 build is not static-pie" 'file "$static" | grep -q static-pie'
fi
exit_fails
