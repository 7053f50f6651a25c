// SPDX-License-Identifier: GPL-2.0
/*
 * Help and version text, and the "help" lists. The options are a subset
 * of qemu-system-aarch64's (qemu-options.hx), spelled the same way.
 */
#include <stdio.h>

#include "cli.h"
#include "opts.h"

static const char cli_usage_text[] =
"usage: armvisor [options]\n"
"\n"
"Boot an arm64 Linux guest on a QEMU-compatible \"virt\" board, with KVM on\n"
"arm64 hosts or the built-in AArch64 translator (TCG) elsewhere.\n"
"Every option may also be written with two dashes (--kernel).\n"
"\n"
"Standard options:\n"
"-h or -help      display this help and exit\n"
"-version         display version information and exit\n"
"-machine [type=]virt[,prop=value[,...]]  (or -M)\n"
"                 the board ('-machine help' for list); properties:\n"
"                 gic-version=2|3|host|max  interrupt controller version\n"
"                 dumpdtb=FILE  write the guest's device tree to FILE and exit\n"
"                 accel=kvm[:tcg]  accelerators to try, in order\n"
"                 highmem=off  nothing above 4 GiB (at most 3 GiB of RAM)\n"
"                 its=on|off  the GICv3 ITS (MSIs of PCI devices; default on)\n"
"                 secure=off, virtualization=off, mte=off, ras=off, iommu=none,\n"
"                 acpi=off|auto are accepted (no EL3, EL2, MTE, RAS, IOMMU, ACPI)\n"
"-cpu cpu[,prop=on|off...]  select CPU ('-cpu help' for list; default\n"
"                 cortex-a57); QEMU's feature properties: sve=off, pauth=off,\n"
"                 lpa2=off, pauth-impdef=on ... (on for a missing one: error)\n"
"-accel [accel=]kvm|tcg[,thread=single|multi][,jit=on|off][,tb-size=MB]\n"
"                 select accelerator; repeat to try several in order\n"
"                 ('-accel help' for list; default: kvm if it works, else tcg)\n"
"                 jit=on|off: tcg emits x86-64 host code (default on;\n"
"                 other hosts, and jit=off, run the portable tier)\n"
"                 tb-size=MB: its code buffer per vCPU (default 32)\n"
"-enable-kvm      same as -accel kvm\n"
"-smp [[cpus=]n][,maxcpus=cpus][,sockets=sockets][,clusters=clusters]\n"
"     [,cores=cores][,threads=threads]\n"
"                 number of CPUs and their topology; omitted values are\n"
"                 computed as QEMU does (cores first)\n"
"-m [size=]megs   guest RAM (default 128M); a bare number is MiB, optional\n"
"                 suffix B, K, M, G, T, P or E (powers of 1024)\n"
"-readconfig FILE read a QEMU-format config file ([machine], [smp-opts],\n"
"                 [memory], [accel], [drive], [device], [netdev], [nic],\n"
"                 [chardev], [global]) in place of the options it holds\n"
"\n"
"Boot options:\n"
"-kernel bzImage  the kernel (arm64 Image, Image.gz, uImage, ELF or raw)\n"
"-append cmdline  the kernel command line\n"
"-initrd file     the initial ram disk\n"
"-dtb file        use this device tree instead of the generated one\n"
"-bios file       firmware in flash bank 0 (read-only, up to 64 MiB; TCG)\n"
"-pflash file     a 64 MiB flash bank: the next of units 0 (code), 1 (vars)\n"
"-drive if=pflash,unit=0|1,format=raw,file=F[,readonly=on]   the same\n"
"-fw_cfg [name=]opt/NAME,file=F|string=S   a file for the firmware (fw_cfg)\n"
"                 with firmware, -kernel/-initrd/-append go to it by fw_cfg\n"
"-no-reboot       exit instead of rebooting\n"
"-boot-timeline[=FILE]  at exit, when each stage of the run happened (host\n"
"                 clock, from start; to stderr or FILE, docs/timeline.md)\n"
"-semihosting     serve Arm semihosting calls (HLT #0xF000) from EL1 (TCG)\n"
"-semihosting-config [enable=]on|off[,target=native][,userspace=on|off]\n"
"      [,arg=STR...]   the same; userspace=on also from EL0; arg= words\n"
"                 for SYS_GET_CMDLINE (docs/semihosting.md)\n"
"--matrix         run this guest on every accelerator here (tcg jit=on and\n"
"                 jit=off, kvm where it works) and compare their consoles\n"
"-incoming file:PATH|exec:CMD\n"
"                 start from a snapshot saved by migrate (docs/snapshot.md)\n"
"-sandbox on|off  the seccomp sandbox (default on; spawn=, obsolete=,\n"
"                 elevateprivileges=, resourcecontrol= take only deny)\n"
"\n"
"Block devices (virtio-mmio; each -device X-device also as X-pci, below):\n"
"-drive file=PATH[,if=virtio|none][,id=ID][,format=raw][,readonly=on]\n"
"      [,cache=writeback|none|writethrough|directsync|unsafe][,serial=S]\n"
"      [,snapshot=on]\n"
"                 a raw disk image; if=virtio (the default) adds its disk,\n"
"                 if=none leaves it to -device virtio-blk-device,drive=ID\n"
"-device virtio-blk-device,drive=ID[,serial=S]\n"
"-hda/-hdb/-hdc/-hdd FILE   a virtio disk at index 0/1/2/3\n"
"-snapshot        every disk writes to a temporary overlay, dropped at exit\n"
"-device virtio-rng-device[,rng=ID]   random numbers from the host\n"
"-object rng-builtin,id=ID   -object rng-random,id=ID[,filename=/dev/urandom]\n"
"\n"
"Network devices (virtio-mmio; -nic/-net nic model=virtio-net-pci for PCI):\n"
"-netdev user,id=ID[,hostfwd=[tcp|udp]:[HOSTADDR]:PORT-[GUESTADDR]:PORT]\n"
"      [,net=ADDR[/BITS]][,host=ADDR][,dhcpstart=ADDR][,dns=ADDR][,restrict=on]\n"
"                 user network (libslirp): guest 10.0.2.15 by DHCP, gateway and\n"
"                 host 10.0.2.2, DNS 10.0.2.3\n"
"-netdev tap,id=ID,ifname=IF[,script=no,downscript=no]\n"
"                 an existing host tap interface\n"
"-device virtio-net-device,netdev=ID[,mac=MAC]\n"
"-nic user[,hostfwd=...][,mac=MAC]   -netdev user and its card in one\n"
"-net nic[,model=virtio][,macaddr=MAC] -net user[,hostfwd=...]\n"
"                 the old form of -nic: one card joined to one back end\n"
"\n"
"PCIe (QEMU virt's host bridge; MSI-X through the ITS or GICv2m):\n"
"-device virtio-blk-pci|virtio-net-pci|virtio-rng-pci|virtio-serial-pci|\n"
"        virtio-9p-pci,...[,bus=pcie.0|PORT-ID][,addr=SLOT[.FN]]\n"
"                 the virtio-mmio models' properties, on PCI (modern)\n"
"-device pcie-root-port,id=PORT-ID[,chassis=N][,slot=N][,port=N]\n"
"\n"
"Host directories (virtio-9p, 9P2000.L; mount -t 9p -o trans=virtio TAG DIR):\n"
"-fsdev local,id=ID,path=DIR,security_model=passthrough|mapped-xattr|none\n"
"      [,readonly=on][,writeout=immediate][,fmode=MODE][,dmode=MODE]\n"
"-device virtio-9p-device,fsdev=ID,mount_tag=TAG\n"
"-virtfs local,path=DIR,mount_tag=TAG,security_model=...[,id=ID][,readonly=on]\n"
"                 -fsdev and its device in one\n"
"\n"
"Virtio console:\n"
"-chardev stdio|null|pty,id=ID   -chardev file,id=ID,path=PATH\n"
"-chardev socket,id=ID,host=ADDR,port=PORT|path=PATH[,server=on[,wait=off]]\n"
"-device virtio-serial-device -device virtconsole,chardev=ID\n"
"                 the guest's /dev/hvc0 (one console per virtio-serial-device)\n"
"-chardev testdev,id=ID  the guest writes \"Nq\": armvisor exits with (N << 1) | 1\n"
"\n"
"Device defaults:\n"
"-global virtio-mmio.ioeventfd=on|off\n"
"                 KVM: queue notifies through ioeventfds (on, the default) or\n"
"                 as MMIO exits\n"
"-global virtio-mmio.force-legacy=on|off\n"
"                 virtio-mmio register layout version 1 (legacy) or 2 (off,\n"
"                 the default; QEMU's default is on)\n"
"\n"
"Display and character devices:\n"
"-nographic       no graphical output (armvisor never has any); the serial\n"
"                 console is on stdio\n"
"-serial dev      the serial port: stdio, mon:stdio, none, null, file:PATH,\n"
"                 pty (prints the /dev/pts path), chardev:ID,\n"
"                 tcp:[HOST]:PORT[,server=on[,wait=off]] or unix:PATH[,server=on]\n"
"                 (on stdio: Ctrl-A x quits, Ctrl-A h lists the escapes)\n"
"-echr N          the escape key instead of Ctrl-A (0x14: Ctrl-T)\n"
"-nodefaults      no default serial console or monitor\n"
"-display none    accepted (armvisor has no graphical display)\n"
"-vga none        accepted (armvisor has no display adapter)\n"
"-no-user-config  accepted (armvisor reads no configuration file by default)\n"
"-name [guest=]NAME[,process=PNAME][,debug-threads=on|off]\n"
"                 the guest's name; process= names the armvisor process\n"
"-perfmap         write /tmp/perf-PID.map naming the x86-64 tier's blocks by\n"
"                 guest address (bench/jitprof.py reads it with perf's samples)\n"
"-daemonize       detach once the machine is set up (the command returns then;\n"
"                 stdio is /dev/null: use -serial file:, pty or a socket)\n"
"-pidfile FILE    write armvisor's pid to FILE (locked while it runs, removed\n"
"                 at exit unless the sandbox forbids it)\n"
"-rtc [base=utc|localtime|YYYY-MM-DD[THH:MM:SS]][,clock=host][,driftfix=none|slew]\n"
"                 where the PL031 real time clock starts\n"
"\n"
"Monitor (the human one; 'help' at its prompt lists the commands):\n"
"-monitor dev     stdio, pty, tcp:[HOST]:PORT[,server=on], unix:PATH[,server=on],\n"
"                 chardev:ID or none; -nographic puts it behind Ctrl-A c\n"
"-mon chardev=ID[,mode=readline|control]  the monitor (or QMP) on a -chardev\n"
"                 (mux=on: shared with -serial chardev:ID, Ctrl-A c switches)\n"
"-qmp dev         QMP, QEMU's JSON protocol: unix:PATH,server=on,wait=off,\n"
"                 tcp:[HOST]:PORT,server=on, pty or stdio\n"
"-S               CPUs wait for 'cont' (monitor) or gdb's continue\n"
"\n"
"Debugging:\n"
"-d item1,...     log the named items ('-d help' for list)\n"
"-D logfile       write the log to logfile instead of stderr\n"
"-gdb tcp:[HOST]:PORT  wait for gdb on HOST (127.0.0.1 unless given):PORT\n"
"-s               shorthand for -gdb tcp::1234\n";

void cli_print_usage(FILE *out)
{
	fputs(cli_usage_text, out);
}

void cli_print_version(FILE *out)
{
	fprintf(out, "armvisor version %s (qemu-system-aarch64 7.2 command line)\n",
		ARMVISOR_VERSION);
}

static void cli_list(FILE *out, const char *title, const struct name_help *t,
		     int width)
{
	fprintf(out, "%s\n", title);
	for (unsigned int i = 0; t[i].name; i++)
		fprintf(out, "  %-*s %s\n", width, t[i].name, t[i].help);
}

void cli_list_machines(FILE *out)
{
	cli_list(out, "Supported machines are:", cli_machines, 12);
}

void cli_list_cpus(FILE *out)
{
	cli_list(out, "Available CPUs:", cli_cpu_models, 12);
}

void cli_list_accels(FILE *out)
{
	cli_list(out, "Accelerators supported in armvisor:", cli_accels, 4);
}

void cli_list_log_items(FILE *out)
{
	fprintf(out, "Log items (comma separated):\n");
	for (unsigned int i = 0; cli_log_items[i].name; i++)
		fprintf(out, "%-15s %s\n", cli_log_items[i].name,
			cli_log_items[i].help);
}

/*
 * -device help: as QEMU's qdev_device_help() lists them, by category,
 * 'name "X", bus B[, desc "D"]'.
 */
void cli_list_devices(FILE *out)
{
	static const char *const titles[DEVCAT_COUNT] = {
		[DEVCAT_BRIDGE] = "Controller/Bridge/Hub devices:",
		[DEVCAT_STORAGE] = "Storage devices:",
		[DEVCAT_NETWORK] = "Network devices:",
		[DEVCAT_INPUT] = "Input devices:",
		[DEVCAT_MISC] = "Misc devices:",
	};
	struct device_model_info m;

	for (unsigned int c = 0; c < DEVCAT_COUNT; c++) {
		fprintf(out, "%s%s\n", c ? "\n" : "", titles[c]);
		for (unsigned int i = 0; config_device_model_info(i, &m); i++) {
			if (m.category != c)
				continue;
			fprintf(out, "name \"%s\", bus %s", m.name, m.bus);
			if (m.desc)
				fprintf(out, ", desc \"%s\"", m.desc);
			fputc('\n', out);
		}
	}
}

/* -chardev help, as QEMU's qemu_chr_print_types(). */
void cli_list_chardevs(FILE *out)
{
	const char *name;

	fprintf(out, "Available chardev backend types:\n");
	for (unsigned int i = 0; (name = chardev_backend_name(i)); i++)
		fprintf(out, "  %s\n", name);
}

bool cli_print_list(const struct vm_config *cfg, FILE *out)
{
	unsigned int req = cfg->list_requests;

	if (req & CONFIG_LIST_MACHINES)
		cli_list_machines(out);
	if (req & CONFIG_LIST_CPUS)
		cli_list_cpus(out);
	if (req & CONFIG_LIST_ACCELS)
		cli_list_accels(out);
	if (req & CONFIG_LIST_LOG_ITEMS)
		cli_list_log_items(out);
	if (req & CONFIG_LIST_DEVICES)
		cli_list_devices(out);
	if (req & CONFIG_LIST_MACHINE_PROPS)
		machine_print_props(out);
	if (req & CONFIG_LIST_CHARDEVS)
		cli_list_chardevs(out);
	return req != 0;
}
