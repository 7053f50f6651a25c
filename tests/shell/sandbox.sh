#!/usr/bin/env bash
# The seccomp sandbox (-sandbox, on by default): (1) a guest boots and
# powers off with it on, and with "[sandbox] enable" in a -readconfig
# file; (2) a forbidden call from a vCPU thread (the test hook
# ARMVISOR_SANDBOX_SELFTEST=vcpu makes each vCPU call execve once its
# filter is in) ends armvisor with 128 + SIGSYS and a message naming the
# call and the thread; (3) -sandbox off boots too, and the same hook then
# has nothing to stop (the hook only acts in the sandbox); (4) bad
# -sandbox values fail with a clear error.
. "$(dirname "$0")/../lib/common.sh"
need_armvisor
need_kit
"$AV" -sandbox on -version >/dev/null 2>&1 || fail "-sandbox on is refused"

make_work
initrd=build/guest-basic.cpio.gz
initramfs_cached tests/guest/init-basic.sh "$initrd" || fail "cannot build $initrd"

boot() {
	local log=$1; shift
	boot_guest "$log" -M virt -smp 2 -m 256M -initrd "$initrd" -append "console=ttyAMA0" \
		-accel tcg "$@"
}

# (1) on, the default, and from a config file.
boot "$work/on.log"
rc=$?
fail_logs=("$work/on.log")
[ $rc -eq 0 ] || fail "with the sandbox on, armvisor exited with status $rc"
grep -q "ARMVISOR-INIT-DONE" "$work/on.log" || fail "with the sandbox on, /init did not finish"
printf '[sandbox]\n  enable = "on"\n' >"$work/sb.cfg"
boot "$work/cfg.log" -readconfig "$work/sb.cfg"
rc=$?
fail_logs=("$work/cfg.log")
[ $rc -eq 0 ] || fail "with [sandbox] enable = on, armvisor exited with status $rc"

# (2) execve from a vCPU thread.
ARMVISOR_SANDBOX_SELFTEST=vcpu boot "$work/selftest.log"
rc=$?
fail_logs=("$work/selftest.log")
[ $rc -eq 159 ] || fail "execve from a vCPU: status $rc, want 159 (128 + SIGSYS)"
grep -Eq "^armvisor: sandbox: blocked syscall execve \([0-9]+\) in vcpu thread" \
	"$work/selftest.log" || fail "no message naming execve and the vCPU thread"

# (3) off: the guest boots, and the hook's execve runs /bin/true, which
# ends the process with 0 before any guest output.
boot "$work/off.log" -sandbox off
rc=$?
fail_logs=("$work/off.log")
[ $rc -eq 0 ] || fail "with -sandbox off, armvisor exited with status $rc"
grep -q "ARMVISOR-INIT-DONE" "$work/off.log" || fail "with -sandbox off, /init did not finish"
ARMVISOR_SANDBOX_SELFTEST=vcpu boot "$work/off-hook.log" -sandbox off
rc=$?
fail_logs=("$work/off-hook.log")
grep -q "blocked syscall" "$work/off-hook.log" && fail "-sandbox off still filtered"
[ $rc -eq 0 ] || fail "-sandbox off with the hook: status $rc (execve of /bin/true should end it)"

# (4) bad values.
fail_logs=()
bad() {
	local want=$1; shift
	local out rc=0
	out=$("$AV" "$@" -version 2>&1) || rc=$?
	[ $rc -ne 0 ] || fail "'$*' was accepted"
	echo "$out" | grep -qF -- "$want" || fail "'$*': '$out' lacks '$want'"
}
bad "Parameter 'enable' expects 'on' or 'off'" -sandbox maybe
bad "-sandbox spawn=allow is not supported" -sandbox on,spawn=allow
bad "-sandbox elevateprivileges=children is not supported" -sandbox on,elevateprivileges=children
bad "invalid -sandbox parameter 'foo'" -sandbox on,foo=1
"$AV" -sandbox on,obsolete=deny,spawn=deny,elevateprivileges=deny,resourcecontrol=deny \
	-version >/dev/null 2>&1 || fail "the deny sub-options are refused"
echo "PASS: boots with the sandbox on (option and [sandbox]), execve from a vCPU stopped" \
	"(status 159, named), -sandbox off, bad values refused"
