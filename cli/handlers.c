// SPDX-License-Identifier: GPL-2.0
/*
 * One handler per option of the table in cli/options.c. Handlers do not
 * name the option in their messages: options_apply() prefixes
 * "-opt ARG: " so every message names the offending text.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"
#include "options.h"

int opt_help(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	(void)arg;
	(void)err;
	cfg->show_help = true;
	return OPT_STOP;
}

int opt_version(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	(void)arg;
	(void)err;
	cfg->show_version = true;
	return OPT_STOP;
}

int opt_machine(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	/* -machine virt,help: the machine's properties (QEMU prints them too). */
	if (machine_props_help(arg)) {
		cfg->list_requests |= CONFIG_LIST_MACHINE_PROPS;
		return 0;
	}
	return opts_apply(cfg, arg, "type", machine_set_prop, err);
}

/* -cpu NAME[,PROP=VALUE...]: QEMU's feature properties, cli/props/cpu_props.c. */
int opt_cpu(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	size_t len = strcspn(arg, ",");
	char name[sizeof(cfg->cpu)];
	int ret;

	if (opts_is_help(arg)) {
		cfg->list_requests |= CONFIG_LIST_CPUS;
		return 0;
	}
	if (len >= sizeof(name))
		return av_errf(err, EINVAL, "unable to find CPU model '%.*s'",
			       (int)len, arg);
	memcpy(name, arg, len);
	name[len] = '\0';
	ret = cpu_check_name(name, err);
	if (!ret && arg[len])
		ret = cpu_check_props(name, arg + len + 1, err);
	if (!ret)
		strcpy(cfg->cpu, name);
	return ret;
}

int opt_smp(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	return opts_apply(cfg, arg, "cpus", smp_set_prop, err);
}

int opt_memory(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	return opts_apply(cfg, arg, "size", memory_set_prop, err);
}

int opt_kernel(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	return config_set_str(&cfg->kernel, arg, err);
}

/* -bios FILE: firmware loaded into flash bank 0, read-only (hw/arm/virt.c). */
int opt_bios(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	return config_set_str(&cfg->bios, arg, err);
}

int opt_initrd(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	return config_set_str(&cfg->initrd, arg, err);
}

int opt_append(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	return config_set_str(&cfg->append, arg, err);
}

int opt_dtb(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	return config_set_str(&cfg->dtb, arg, err);
}

int opt_nographic(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	(void)arg;
	(void)err;
	cfg->nographic = true;
	return 0;
}

/*
 * -display none: what armvisor always is. Unlike -nographic it moves
 * nothing to stdio (QEMU's serial port then has no default terminal;
 * ours stays on stdio unless -serial says otherwise).
 */
int opt_display(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	(void)cfg;
	if (!strcmp(arg, "none"))
		return 0;
	return av_errf(err, ENOTSUP, "armvisor has no graphical display (only -display none)");
}

int opt_accel(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	return opts_apply(cfg, arg, "accel", accel_set_prop, err);
}

/* QEMU 7.2 (softmmu/vl.c): the same as -machine accel=kvm. */
int opt_enable_kvm(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	(void)arg;
	return machine_set_prop(cfg, "accel", "kvm", err);
}

int opt_no_reboot(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	(void)arg;
	(void)err;
	cfg->no_reboot = true;
	return 0;
}

/*
 * -boot-timeline[=FILE]: at exit, when each stage of the run happened
 * (docs/timeline.md); to stderr, or to FILE.
 */
int opt_boot_timeline(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	char *file = NULL;

	if (arg && !*arg)
		return av_errf(err, EINVAL, "expects a file name after '='");
	if (arg) {
		file = strdup(arg);
		if (!file)
			return av_errf(err, ENOMEM, "out of memory");
	}
	free(cfg->timeline_file);
	cfg->timeline_file = file;
	cfg->timeline_on = true;
	return 0;
}

/*
 * -incoming URI (qemu-options.hx "-incoming"): the machine the command
 * line describes starts from the snapshot at URI. QEMU's file: and exec:
 * transports only (docs/snapshot.md); "defer", tcp: and the others are
 * refused here, before anything is built.
 */
int opt_incoming(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	if (strncmp(arg, "file:", 5) && strncmp(arg, "exec:", 5))
		return av_errf(err, EINVAL,
			       "-incoming %s: only file:PATH and exec:COMMAND are supported", arg);
	if (!arg[5])
		return av_errf(err, EINVAL, "-incoming %s: a path or command is missing", arg);
	return config_set_str(&cfg->incoming, arg, err);
}

/*
 * -echr N: the -nographic escape key instead of Ctrl-A (qemu-options.hx
 * "-echr"), a number as C reads it (20, 0x14). 0 is refused: NUL is no
 * key to type, and 0 stands for the default here.
 */
int opt_echr(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 0);
	if (end == arg || *end || errno || v < 1 || v > 255)
		return av_errf(err, EINVAL,
			       "expects a character code from 1 to 255 (e.g. 0x14 for Ctrl-T)");
	cfg->echr = (uint8_t)v;
	return 0;
}

/*
 * -nodefaults (qemu-options.hx): none of the board's default devices. Of
 * QEMU's defaults we have only the serial console on stdio: without
 * -serial there is none. armvisor adds no default NIC or disk anyway.
 */
int opt_nodefaults(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	(void)arg;
	(void)err;
	cfg->nodefaults = true;
	return 0;
}

int opt_sandbox(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	return opts_apply(cfg, arg, "enable", sandbox_set_prop, err);
}

int opt_log_items(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	if (opts_is_help(arg)) {
		cfg->list_requests |= CONFIG_LIST_LOG_ITEMS;
		return 0;
	}
	return config_parse_log_items(arg, &cfg->log_mask, err);
}

int opt_log_file(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	return config_set_str(&cfg->log_file, arg, err);
}

int opt_readconfig(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	return readconfig_apply(cfg, arg, err);
}
