#!/bin/sh
# /init for tests/shell/guest_hwdebug.sh: runs /hwdebug (tests/guest/hwdebug.c),
# which single-steps a child with ptrace and counts perf hardware
# breakpoint and watchpoint hits, then powers off.
/bin/busybox mount -t proc proc /proc
echo "HWDEBUG-INIT-START"
/hwdebug
echo "HWDEBUG-EXIT: $?"
/bin/busybox poweroff -f
