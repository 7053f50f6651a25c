// SPDX-License-Identifier: GPL-2.0
/*
 * "info" and its subcommands, printed as QEMU's monitor prints them
 * where scripts read them (info status, info cpus, info registers).
 */
#include <stdio.h>
#include <string.h>

#include "board.h"
#include "monitor_priv.h"
#include "util.h"

static void info_status(struct monitor *mon, int argc, char **argv)
{
	const char *s = vm_status_name(mon->vm);

	(void)argc;
	(void)argv;
	if (strcmp(s, "running") && strcmp(s, "paused"))
		mon_printf(mon, "VM status: paused (%s)\n", s);
	else
		mon_printf(mon, "VM status: %s\n", s);
}

static void info_version(struct monitor *mon, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	mon_printf(mon, "%s (armvisor)\n", ARMVISOR_VERSION);
}

/* The monitor's current CPU is 0, marked '*' (QEMU's hmp_info_cpus). */
static void info_cpus(struct monitor *mon, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	for (unsigned int i = 0; i < mon->vm->ncpus; i++)
		mon_printf(mon, "%c CPU #%u: thread_id=%d\n", i ? ' ' : '*', i,
			   atomic_load(&mon->vm->vcpu_tid[i]));
}

/* PSTATE as QEMU's dump shows it: NZCV letters, then ELn and h/t (SP). */
static void print_pstate(struct monitor *mon, uint32_t p)
{
	mon_printf(mon, "PSTATE=%08x %c%c%c%c EL%u%c\n", p,
		   p & (1u << 31) ? 'N' : '-', p & (1u << 30) ? 'Z' : '-',
		   p & (1u << 29) ? 'C' : '-', p & (1u << 28) ? 'V' : '-',
		   (p >> 2) & 3, p & 1 ? 'h' : 't');
}

static void print_regs(struct monitor *mon, const struct accel_debug_regs *r)
{
	mon_printf(mon, " PC=%016llx ", (unsigned long long)r->pc);
	for (int i = 0; i < 32; i++) {
		if (i == 31)
			mon_printf(mon, " SP=%016llx\n", (unsigned long long)r->sp);
		else
			mon_printf(mon, "X%02d=%016llx%s", i, (unsigned long long)r->x[i],
				   i % 4 == 2 ? "\n" : " ");
	}
	print_pstate(mon, r->cpsr);
}

/* Registers exist only at an instruction boundary: park the CPUs for it. */
static void info_registers(struct monitor *mon, int argc, char **argv)
{
	struct vm *vm = mon->vm;
	struct accel_debug_regs r;
	struct av_err err = { 0 };
	bool was_paused = vm_paused(vm);
	int ret;

	(void)argc;
	(void)argv;
	if (vm_pause(vm, &err)) {
		mon_error(mon, &err);
		return;
	}
	ret = vm->accel->debug->get_regs(vm, 0, &r);
	if (!was_paused)
		vm_resume(vm, &err);
	if (ret) {
		mon_printf(mon, "cannot read the registers of CPU 0\n");
		return;
	}
	print_regs(mon, &r);
}

static void info_mtree(struct monitor *mon, int argc, char **argv)
{
	const struct mmio_bus *bus = &mon->vm->bus;
	const struct guest_ram *ram = &mon->vm->ram;

	(void)argc;
	(void)argv;
	mon_printf(mon, "address-space: memory\n");
	mon_printf(mon, "  0000000000000000-ffffffffffffffff (prio 0, i/o): system\n");
	for (unsigned int i = 0; i < bus->count; i++) {
		const struct mmio_region *r = &bus->regions[i];

		mon_printf(mon, "    %016llx-%016llx (prio 0, i/o): %s\n",
			   (unsigned long long)r->base,
			   (unsigned long long)(r->base + r->size - 1), r->name);
	}
	mon_printf(mon, "    %016llx-%016llx (prio 0, ram): mach-virt.ram\n",
		   (unsigned long long)ram->base,
		   (unsigned long long)(ram->base + ram->size - 1));
}

/* The devices on the board: each MMIO region once, by name and place. */
static void info_qtree(struct monitor *mon, int argc, char **argv)
{
	const struct mmio_bus *bus = &mon->vm->bus;

	(void)argc;
	(void)argv;
	mon_printf(mon, "bus: main-system-bus\n  type System\n");
	for (unsigned int i = 0; i < bus->count; i++)
		mon_printf(mon, "  dev: %s, mmio %016llx/%016llx\n", bus->regions[i].name,
			   (unsigned long long)bus->regions[i].base,
			   (unsigned long long)bus->regions[i].size);
}

const struct mon_cmd mon_info_cmds[] = {
	{ "status", NULL, "", "show the current VM status (running|paused)", info_status },
	{ "version", NULL, "", "show the version of armvisor", info_version },
	{ "cpus", NULL, "", "show infos for each CPU", info_cpus },
	{ "registers", NULL, "", "show the cpu registers", info_registers },
	{ "mtree", NULL, "", "show memory tree", info_mtree },
	{ "qtree", NULL, "", "show device tree", info_qtree },
	{ "migrate", NULL, "", "show migration status", mon_info_migrate },
	{ NULL, NULL, NULL, NULL, NULL },
};

void mon_cmd_info(struct monitor *mon, int argc, char **argv)
{
	const struct mon_cmd *c;

	for (c = mon_info_cmds; argc >= 2 && c->name; c++)
		if (!strcmp(argv[1], c->name)) {
			c->run(mon, argc - 1, argv + 1);
			return;
		}
	if (argc >= 2)
		mon_printf(mon, "unknown info subcommand: '%s'\n", argv[1]);
	for (c = mon_info_cmds; c->name; c++)
		mon_printf(mon, "info %-20s -- %s\n", c->name, c->help);
}
