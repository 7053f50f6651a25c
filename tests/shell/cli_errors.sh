#!/usr/bin/env bash
# What a user sees for bad options and config files: "armvisor: <why>"
# on stderr naming the offending text, exit status 1 (never a signal,
# never 0), nothing on stdout. Also: -h, -version and the help lists
# exit 0 with their text on stdout.
. "$(dirname "$0")/../lib/common.sh"
need_armvisor
data=tests/data/cli
make_work
fails=0

run() {
	# The timeout only guards against a hang; no assertion depends on time.
	timeout 60 "$AV" "$@" </dev/null >"$work/out" 2>"$work/err"
}

# expect_error "exact stderr line" args...
expect_error() {
	local want=$1 rc
	shift
	run "$@"
	rc=$?
	if [ "$rc" -ne 1 ]; then
		echo "FAIL: armvisor $*: exit $rc, want 1 (stderr: $(head -c 300 "$work/err"))"
		fails=$((fails + 1))
	elif [ "$(cat "$work/err")" != "armvisor: $want" ]; then
		echo "FAIL: armvisor $*:"
		echo "   got:  $(cat "$work/err")"
		echo "   want: armvisor: $want"
		fails=$((fails + 1))
	elif [ -s "$work/out" ]; then
		echo "FAIL: armvisor $*: wrote to stdout: $(head -c 200 "$work/out")"
		fails=$((fails + 1))
	else
		echo "ok: armvisor $* -> $want"
	fi
}

# expect_output "text on stdout" args...: exit 0
expect_output() {
	local want=$1 rc
	shift
	run "$@"
	rc=$?
	if [ "$rc" -ne 0 ] || ! grep -qF -- "$want" "$work/out"; then
		echo "FAIL: armvisor $*: exit $rc, stdout lacks '$want'"
		echo "   stderr: $(head -c 300 "$work/err")"
		fails=$((fails + 1))
	else
		echo "ok: armvisor $* prints '$want'"
	fi
}

# Options and their values.
expect_error "-frobnicate: invalid option" -frobnicate
expect_error "---version: invalid option" ---version
expect_error "-kernel: requires an argument" -M virt -kernel
expect_error "disk.img: unexpected argument (disk images need an option; see -help)" disk.img
expect_error "-m 4Q: invalid size" -m 4Q
expect_error "-m 0: RAM size must be greater than zero" -m 0
expect_error "-m 16E: size out of range" -m 16E
expect_error "-m size=1G,slots=2: invalid memory parameter 'slots'" -m size=1G,slots=2
expect_error "-m: 262144 MiB of RAM is more than the virt board holds (261120 MiB)" -m 256G
expect_error "-M foo: unsupported machine type 'foo' (use -machine help to list)" -M foo
expect_error "-M virt,gic-version=5: invalid gic-version value '5' (valid values are 3, 2, host, max)" \
	-M virt,gic-version=5
expect_error "-machine virt,foo=bar: machine property 'foo' not found" -machine virt,foo=bar
expect_error "-cpu cortex-a15: unable to find CPU model 'cortex-a15' (use -cpu help to list)" \
	-cpu cortex-a15
expect_error "-smp foo: cpus=foo: expects an integer" -smp foo
expect_error "-smp 0: cpus=0: CPU topology parameters must be greater than zero" -smp 0
expect_error "invalid CPU topology: maxcpus (2) must be equal to or greater than cpus (4)" \
	-smp cpus=4,maxcpus=2
expect_error "-smp 9: more CPUs than GICv2 supports (8); use -machine gic-version=3" \
	-accel tcg -smp 9
expect_error "-smp 124: more CPUs than GICv3 supports (123)" -M virt,gic-version=3 -smp 124
expect_error "-serial foo: 'foo' is not a valid char driver (stdio, mon:stdio, none, null, file:PATH, pty, chardev:ID, tcp:HOST:PORT, unix:PATH)" \
	-serial foo
expect_error "-serial chardev:nope: chardev 'nope' not found" \
	-M virt -nographic -kernel tests/data/cli/garbage.cfg -serial chardev:nope
expect_error "-accel foo: invalid accelerator 'foo' (use -accel help to list)" -accel foo
expect_error "-accel tcg,foo=1: accelerator property 'foo' not found" -accel tcg,foo=1
expect_error "-d foo: unknown log item 'foo' (use -d help to list)" -d foo
expect_error "-initrd only allowed with -kernel option" -initrd initrd.ext4
expect_error "-append only allowed with -kernel option" -append console=ttyAMA0
expect_error "-dtb only allowed with -kernel option" -dtb board.dtb
expect_error "gic-version=host requires KVM" -accel tcg -M virt,gic-version=host
expect_error "-cpu host: the 'host' CPU type can only be used with KVM" -accel tcg -cpu host
expect_error "-accel tcg: the -accel and \"-machine accel=\" options are incompatible" \
	-M virt,accel=tcg -accel tcg
expect_error "-D /nonexistent/dir/av.log: could not open: No such file or directory" \
	-d int -D /nonexistent/dir/av.log -M "virt,dumpdtb=$work/unused.dtb"

# QEMU's shorthands (issue 14): a device or a feature we lack is refused by name.
expect_error "-hda b.img: a drive with index=0 exists" -hda a.img -hda b.img
expect_error "-drive file=a.img,cache=fast: cache=fast is not supported (writeback, none, writethrough, directsync, unsafe)" \
	-drive file=a.img,cache=fast
expect_error "-net nic,model=e1000: NIC model 'e1000' is not emulated (armvisor's NICs: virtio-net-device, virtio-net-pci)" \
	-net nic,model=e1000 -net user
expect_error "-net nic: no -net user or -net tap to connect this NIC to" -net nic
expect_error "-net user: no -net nic to connect this back end to" -net user
expect_error "-device virtio-rng-pci,addr=2: PCI address 00:02.0 is taken by virtio-rng-pci" \
	-device virtio-rng-pci -device virtio-rng-pci -device virtio-rng-pci,addr=2
expect_error "-object rng-egd,id=r: object type 'rng-egd' is not supported (rng-random, rng-builtin)" -object rng-egd,id=r
expect_error "-device virtio-rng-device,rng=r: no -object has id 'r'" -device virtio-rng-device,rng=r
printf '[device]\n  driver = "virtio-rng-device"\n  rng = "zz"\n' >"$work/rng.cfg"
expect_error "$work/rng.cfg:1: -device driver=virtio-rng-device,rng=zz: no -object has id 'zz'" \
	-readconfig "$work/rng.cfg"
expect_error "-cpu max,sve=on: CPU feature 'sve' is not implemented by armvisor (only sve=off)" -cpu max,sve=on
expect_error "-cpu max,frob=on: Property 'max-arm-cpu.frob' not found" -cpu max,frob=on
expect_error "-m: addressing limited to 32 bits (highmem=off), but memory exceeds it by 1073741824 bytes (at most 3072 MiB of RAM)" \
	-M virt,highmem=off -m 4G
expect_error "-echr 0: expects a character code from 1 to 255 (e.g. 0x14 for Ctrl-T)" -echr 0
expect_error "-monitor vc: 'vc' is not a valid char driver for the monitor (none, stdio, pty, chardev:ID, tcp:HOST:PORT, unix:PATH)" -monitor vc
expect_error "-mon: chardev 'nope' not found" \
	-M virt -nographic -kernel tests/data/cli/garbage.cfg -mon chardev=nope
expect_error "-monitor none: armvisor has one monitor (-monitor/-mon) (given twice)" \
	-monitor stdio -monitor none

# Config files: file:line and the text at fault.
expect_error "-readconfig $data/none.cfg: could not open '$data/none.cfg': No such file or directory" \
	-readconfig $data/none.cfg
expect_error "$data/bad-group.cfg:2: there is no option group 'fsdev'" -readconfig $data/bad-group.cfg
expect_error "$data/bad-key.cfg:3: 'bogus = \"1\"': machine property 'bogus' not found" \
	-readconfig $data/bad-key.cfg
expect_error "$data/unterminated.cfg:2: 'size = \"4G': unterminated quote" \
	-readconfig $data/unterminated.cfg
expect_error "$data/garbage.cfg:2: 'hello world': expected key = \"value\"" \
	-readconfig $data/garbage.cfg
expect_error "$data/bad-size.cfg:2: 'size = \"4Q\"': invalid size" -readconfig $data/bad-size.cfg
expect_error "$data/no-group.cfg:1: 'kernel = \"Image\"': no group defined" \
	-readconfig $data/no-group.cfg

# What is not an error.
expect_output "armvisor version" -version
expect_output "armvisor version" -version -m 4Q
expect_output "-readconfig" -h
expect_output "-readconfig" --help
expect_output "cortex-a57" -cpu help
expect_output "virt" -M help
expect_output "tcg" -accel help
expect_output "guest_errors" -d help
expect_output 'name "virtio-net-pci", bus PCI' -device help
expect_output 'name "virtconsole", bus virtio-serial-bus' -device '?'
expect_output 'Controller/Bridge/Hub devices:' -device help -M virt

exit_fails
