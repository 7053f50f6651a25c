#!/bin/sh
# /init of the outer guest of the nested console benchmark and test
# (bench/console.sh, tests/shell/console_kvm_nested.sh). For each round,
# mode and VMM present it boots the inner guest (init-console-print.sh)
# with -accel kvm, its console into a file on this guest's tmpfs (or a
# pipe), and prints on this guest's clock, VMM start to VMM exit:
#   CONSOLE-RUN vmm=V mode=M out=O run=I secs=S status=RC bytes=B md5=SUM done=D
# md5 is that of the lines between CONSOLE-BEGIN and CONSOLE-END, done
# counts the ARMVISOR-INIT-DONE lines (the last before poweroff). Each
# summary follows the inner guest's CONSOLE-PHASES line (its own clock
# around the print and the dmesg; init-console-print.sh). With
# console_out=tty the console is this guest's own (what a person watching
# sees, each write(2) through its tty layer); md5 and done are "-" then.
# Kernel command line: console_modes=quiet,print,dmesg,loud
# console_vmms=before,batch,armvisor,qemu console_runs=N console_kib=K
# console_out=file,pipe,tty armvisor_args=-d,kvm (commas for spaces).
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
arg() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" /proc/cmdline | tr , ' '; }
modes=$(arg console_modes)
vmms=$(arg console_vmms)
runs=$(arg console_runs)
kib=$(arg console_kib)
outs=$(arg console_out)
extra=$(arg armvisor_args)
now() { cut -d' ' -f1 /proc/uptime; }
# Each inner run is bounded: a VMM that hangs gives status 124 and its
# output so far, not a silent outer guest until the host's timeout.
vmm_cmd() {
	case $1 in
	armvisor) echo "timeout 300 /armvisor -accel kvm -cpu host $extra" ;;
	before) echo "timeout 300 /armvisor-before -accel kvm -cpu host $extra" ;;
	batch) echo "timeout 300 /armvisor-batch -accel kvm -cpu host $extra" ;;
	qemu) echo "timeout 300 /qemu/run -accel kvm -cpu host -M virt,gic-version=3 -nic none" ;;
	esac
}
# The inner kernel's command line for a mode: what it prints.
mode_append() {
	case $1 in
	quiet) echo "console=ttyAMA0 quiet console_kib=0" ;;
	print) echo "console=ttyAMA0 quiet console_kib=${kib:-8}" ;;
	dmesg) echo "console=ttyAMA0 quiet console_kib=0 console_dmesg=1" ;;
	loud) echo "console=ttyAMA0 console_kib=0" ;;
	esac
}
# run_vmm VMM APPEND OUT: the VMM's status, its console in /tmp/out
# (written there directly, or through a pipe to cat).
run_vmm() {
	if [ "$3" = pipe ]; then
		{
			$(vmm_cmd "$1") -smp 1 -m 256 -nographic -kernel /Image \
				-initrd /inner.cpio.gz -append "$2" </dev/null 2>&1
			echo $? >/tmp/rc
		} | cat >/tmp/out
		return "$(cat /tmp/rc)"
	fi
	if [ "$3" = tty ]; then
		echo "nothing kept: the console went to the tty" >/tmp/out
		$(vmm_cmd "$1") -smp 1 -m 256 -nographic -kernel /Image \
			-initrd /inner.cpio.gz -append "$2" </dev/null >/dev/console 2>&1
		return
	fi
	$(vmm_cmd "$1") -smp 1 -m 256 -nographic -kernel /Image \
		-initrd /inner.cpio.gz -append "$2" </dev/null >/tmp/out 2>&1
}
for i in $(seq 1 "${runs:-1}"); do
	for mode in ${modes:-print}; do
		for vmm in ${vmms:-armvisor}; do
		for out in ${outs:-file}; do
			case $vmm in
			before) [ -x /armvisor-before ] || continue ;;
			batch) [ -x /armvisor-batch ] || continue ;;
			qemu) [ -x /qemu/run ] || continue ;;
			esac
			start=$(now)
			run_vmm "$vmm" "$(mode_append "$mode")" "$out"
			rc=$?
			end=$(now)
			tr -d '\r' </tmp/out >/tmp/out.lf
			sum=$(sed -n '/^CONSOLE-BEGIN$/,/^CONSOLE-END$/p' /tmp/out.lf |
				grep -v '^CONSOLE-' | md5sum | cut -d' ' -f1)
			done=$(grep -c '^ARMVISOR-INIT-DONE$' /tmp/out.lf)
			[ "$out" = tty ] && sum=- done=-
			secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
			# The inner guest's own timing of its phases, before the
			# summary as it is when the console is this tty.
			grep '^CONSOLE-PHASES ' /tmp/out.lf
			echo "CONSOLE-RUN vmm=$vmm mode=$mode out=$out run=$i secs=$secs status=$rc bytes=$(wc -c </tmp/out) md5=$sum done=$done"
			# armvisor's own lines (errors, -d kvm's counts).
			grep -e '^armvisor' -e '^pl011:' -e '^kvm:' /tmp/out.lf | head -n 8
			# The order at the end: the /init's last line, then the kernel's.
			grep -n -e '^ARMVISOR-INIT-DONE$' -e 'reboot: Power down' /tmp/out.lf |
				sed 's/^/CONSOLE-TAIL /'
		done
		done
	done
done
echo "OUTER-DONE"
poweroff -f
