#!/usr/bin/env bash
# The PL011 console under KVM, nested: qemu-system-aarch64
# (virtualization=on, GICv3) runs the static aarch64 armvisor with
# -accel kvm, whose guest prints 16 KiB of known lines through the tty on
# ttyAMA0 and powers off at once (tests/guest/init-console-print.sh),
# and then boots loud (every printk through pl011_console_write). The
# console goes to a file and through a pipe. Every byte must arrive in
# order, the /init's last line and the kernel's "Power down" after it
# included: the console's batched output is flushed when the VMM exits.
. "$(dirname "$0")/../lib/common.sh"
need_tools qemu-system-aarch64
need_inner_armvisor
guest_kit || fail "no guest kit (scripts/guest-kit.sh fetch)"
initramfs tests/guest/init-console-print.sh build/console-inner.cpio.gz || exit 1
initramfs tests/guest/init-kvm-console-outer.sh build/console-test-outer.cpio.gz \
	"$inner_av:/armvisor" "$kit/Image:/Image" \
	build/console-inner.cpio.gz:/inner.cpio.gz || exit 1
expected_md5=$(guest_pattern 1024 | md5sum | cut -d' ' -f1)
# Kept after the run: the outer console with every inner run's summary.
log=build/console-kvm-nested.log
nested_timeout=${NESTED_TIMEOUT:-900}
boot_nested "$log" build/console-test-outer.cpio.gz \
	"console_modes=print,loud console_vmms=armvisor console_out=file,pipe console_kib=16 armvisor_args=-d,kvm" \
	-nic none
rc=$?
strip_cr "$log"
fail_logs=("$log")
check_outer $rc "$log"
for mode in print loud; do
	for out in file pipe; do
		what="$mode, console to a $out"
		line=$(grep "^CONSOLE-RUN vmm=armvisor mode=$mode out=$out " "$log") ||
			fail "$what: the inner run did not report"
		echo "$line" | grep -q " status=0 " || fail "$what: armvisor did not exit 0"
		echo "$line" | grep -q " done=1$" ||
			fail "$what: the /init's last line (ARMVISOR-INIT-DONE) did not arrive once"
		[ "$mode" = print ] && { echo "$line" | grep -q " md5=$expected_md5 " ||
			fail "$what: the 16 KiB printed differ (lost or reordered bytes)"; }
		# Its summary is followed by the -d kvm counts and the order at the end.
		tail=$(sed -n "/^CONSOLE-RUN vmm=armvisor mode=$mode out=$out /,/^CONSOLE-RUN /p" "$log" |
			grep '^CONSOLE-TAIL ')
		first=$(echo "$tail" | sed -n 1p)
		second=$(echo "$tail" | sed -n 2p)
		case $first in *ARMVISOR-INIT-DONE*) ;; *) fail "$what: /init's last line is not first of the two: $tail" ;; esac
		case $second in *"reboot: Power down"*) ;; *) fail "$what: the kernel's Power down is not last: $tail" ;; esac
		echo "PASS: $what ($(echo "$line" | sed 's/.* secs=\([0-9.]*\) .* bytes=\([0-9]*\) .*/\2 bytes, \1 s outer-guest time/'))"
	done
done
grep '^pl011:' "$log" | sed 's/^/  /'
