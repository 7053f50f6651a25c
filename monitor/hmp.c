// SPDX-License-Identifier: GPL-2.0
/*
 * The monitor's commands (QEMU's hmp-commands.hx names and aliases):
 * help, info, stop, cont, system_reset, system_powerdown, quit, x, xp.
 */
#include <stdio.h>
#include <string.h>

#include "monitor_priv.h"

static void mon_cmd_help(struct monitor *mon, int argc, char **argv);

static void mon_cmd_stop(struct monitor *mon, int argc, char **argv)
{
	struct av_err err = { 0 };

	(void)argc;
	(void)argv;
	if (vm_pause(mon->vm, &err))
		mon_error(mon, &err);
}

static void mon_cmd_cont(struct monitor *mon, int argc, char **argv)
{
	struct av_err err = { 0 };

	(void)argc;
	(void)argv;
	if (vm_resume(mon->vm, &err))
		mon_error(mon, &err);
}

/* As PSCI SYSTEM_RESET: the machine restarts (paused stays paused). */
static void mon_cmd_reset(struct monitor *mon, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	vm_request_stop(mon->vm, VM_RESET);
}

/* The power button (QEMU's virt: GPIO line 3, KEY_POWER in the guest). */
static void mon_cmd_powerdown(struct monitor *mon, int argc, char **argv)
{
	struct av_err err = { 0 };

	(void)argc;
	(void)argv;
	if (vm_powerdown(mon->vm, &err))
		mon_error(mon, &err);
}

static void mon_cmd_quit(struct monitor *mon, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	mon->vm->exit_code = 0;
	vm_request_stop(mon->vm, VM_SHUTDOWN);
}

const struct mon_cmd mon_cmds[] = {
	{ "help", "?", "[cmd]", "show the help", mon_cmd_help },
	{ "info", NULL, "[subcommand]", "show various information about the system state",
	  mon_cmd_info },
	{ "stop", "s", "", "stop emulation", mon_cmd_stop },
	{ "cont", "c", "", "resume emulation", mon_cmd_cont },
	{ "system_reset", NULL, "", "reset the system", mon_cmd_reset },
	{ "system_powerdown", NULL, "", "send system power down event", mon_cmd_powerdown },
	{ "quit", "q", "", "quit the emulator", mon_cmd_quit },
	{ "migrate", NULL, "uri", "save the machine to uri (file:PATH, exec:CMD) and stay paused",
	  mon_cmd_migrate },
	{ "savevm", NULL, "[tag]", "not supported: use migrate \"file:PATH\"", mon_cmd_savevm },
	{ "loadvm", NULL, "tag", "not supported: use -incoming file:PATH", mon_cmd_savevm },
	{ "x", NULL, "/fmt addr", "virtual memory dump starting at 'addr'", mon_cmd_x },
	{ "xp", NULL, "/fmt addr", "physical memory dump starting at 'addr'", mon_cmd_xp },
	{ NULL, NULL, NULL, NULL, NULL },
};

static void mon_help_line(struct monitor *mon, const struct mon_cmd *c)
{
	char name[64];

	snprintf(name, sizeof(name), "%s%s%s %s", c->name, c->alias ? "|" : "",
		 c->alias ? c->alias : "", c->args);
	mon_printf(mon, "%-24s -- %s\n", name, c->help);
}

static void mon_cmd_help(struct monitor *mon, int argc, char **argv)
{
	const struct mon_cmd *c;

	for (c = mon_cmds; c->name; c++)
		if (argc < 2 || !strcmp(argv[1], c->name) ||
		    (c->alias && !strcmp(argv[1], c->alias)))
			mon_help_line(mon, c);
}
