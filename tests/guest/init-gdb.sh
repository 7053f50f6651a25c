#!/bin/sh
# /init of the gdbstub test (tests/shell/gdb_tcg.sh): print where the
# kernel's uname system call and its text start (booted with nokaslr, so
# the next boot has them at the same virtual addresses), make that call,
# then power off.
export PATH=/bin:/sbin
mount -t proc proc /proc
echo "ARMVISOR-INIT-START"
# Root sees real addresses unless kptr_restrict is 2; make sure it is 0.
echo 0 >/proc/sys/kernel/kptr_restrict 2>/dev/null
echo "KSYM-UNAME: $(grep -m1 ' __arm64_sys_newuname$' /proc/kallsyms | cut -d' ' -f1)"
echo "KSYM-FIRST: $(head -n 2 /proc/kallsyms | tr "\n" " ")"
echo "uname-m: $(uname -m)"
echo "ARMVISOR-INIT-DONE"
poweroff -f
