// SPDX-License-Identifier: GPL-2.0
/*
 * The command line, parsed as qemu-system-aarch64 7.2 does (softmmu/vl.c
 * qemu_init()): "-opt" and "--opt" are the same option; a first pass
 * rejects unknown options and missing arguments wherever they are; then
 * options apply in order, -readconfig files where they stand, so later
 * settings win. -h and -version act when reached; "help" lists are
 * printed after parsing (main.c).
 */
#include <errno.h>
#include <string.h>

#include "opts.h"
#include "options.h"

const struct cli_option cli_options[] = {
	{ "h", false, false, opt_help },
	{ "help", false, false, opt_help },
	{ "version", false, false, opt_version },
	{ "M", true, false, opt_machine },
	{ "machine", true, false, opt_machine },
	{ "cpu", true, false, opt_cpu },
	{ "smp", true, false, opt_smp },
	{ "m", true, false, opt_memory },
	{ "kernel", true, false, opt_kernel },
	{ "initrd", true, false, opt_initrd },
	{ "append", true, false, opt_append },
	{ "dtb", true, false, opt_dtb },
	{ "nographic", false, false, opt_nographic },
	{ "display", true, false, opt_display },
	{ "serial", true, false, opt_serial },
	{ "accel", true, false, opt_accel },
	{ "enable-kvm", false, false, opt_enable_kvm },
	{ "no-reboot", false, false, opt_no_reboot },
	{ "boot-timeline", OPT_ARG_INLINE, false, opt_boot_timeline },
	{ "matrix", OPT_ARG_INLINE, false, opt_matrix },
	{ "semihosting", false, false, opt_semihosting },
	{ "semihosting-config", true, false, opt_semihosting_config },
	{ "incoming", true, false, opt_incoming },
	{ "sandbox", true, false, opt_sandbox },
	{ "d", true, false, opt_log_items },
	{ "D", true, false, opt_log_file },
	{ "readconfig", true, true, opt_readconfig },
	{ "netdev", true, false, opt_netdev },
	{ "nic", true, false, opt_nic },
	{ "chardev", true, false, opt_chardev },
	{ "device", true, false, opt_device },
	{ "drive", true, false, opt_drive },
	{ "pflash", true, false, opt_pflash },
	{ "bios", true, false, opt_bios },
	{ "hda", true, false, opt_hda },
	{ "hdb", true, false, opt_hdb },
	{ "hdc", true, false, opt_hdc },
	{ "hdd", true, false, opt_hdd },
	{ "snapshot", false, false, opt_snapshot },
	{ "echr", true, false, opt_echr },
	{ "object", true, false, opt_object },
	{ "net", true, false, opt_net },
	{ "nodefaults", false, false, opt_nodefaults },
	{ "no-user-config", false, false, opt_no_user_config },
	{ "vga", true, false, opt_vga },
	{ "name", true, false, opt_name },
	{ "pidfile", true, false, opt_pidfile },
	{ "daemonize", false, false, opt_daemonize },
	{ "perfmap", false, false, opt_perfmap },
	{ "rtc", true, false, opt_rtc },
	{ "monitor", true, false, opt_monitor },
	{ "mon", true, false, opt_mon },
	{ "qmp", true, false, opt_qmp },
	{ "gdb", true, false, opt_gdb },
	{ "global", true, false, opt_global },
	{ "s", false, false, opt_gdb_default },
	{ "S", false, false, opt_gdb_wait },
	{ "fsdev", true, false, opt_fsdev },
	{ "fw_cfg", true, false, opt_fw_cfg },
	{ "virtfs", true, false, opt_virtfs },
	{ NULL, false, false, NULL },
};

/* Does word (without its dashes) name opt, with "=ARG" if it takes one? */
static bool options_match(const struct cli_option *opt, const char *word)
{
	size_t len = strlen(opt->name);

	if (opt->has_arg == OPT_ARG_INLINE && !strncmp(word, opt->name, len) && word[len] == '=')
		return true;
	return !strcmp(word, opt->name);
}

/* "-opt" or "--opt"; NULL for anything else. */
static const struct cli_option *options_lookup(const char *arg)
{
	if (arg[0] != '-')
		return NULL;
	arg += arg[1] == '-' ? 2 : 1;
	for (unsigned int i = 0; cli_options[i].name; i++)
		if (options_match(&cli_options[i], arg))
			return &cli_options[i];
	return NULL;
}

/* An inline argument: what follows '=' in the word, or NULL. */
static const char *options_inline_arg(const char *word)
{
	const char *eq = strchr(word, '=');

	return eq ? eq + 1 : NULL;
}

/* Pass 1: every word is a known option, and has its argument. */
static int options_check(int argc, char **argv, struct av_err *err)
{
	for (int i = 0; i < argc; i++) {
		const struct cli_option *opt = options_lookup(argv[i]);

		if (!opt && argv[i][0] == '-')
			return av_errf(err, EINVAL, "%s: invalid option", argv[i]);
		if (!opt)
			return av_errf(err, EINVAL,
				       "%s: unexpected argument (disk images need an option; see -help)",
				       argv[i]);
		if (opt->has_arg && opt->has_arg != OPT_ARG_INLINE && ++i == argc)
			return av_errf(err, EINVAL, "%s: requires an argument",
				       argv[i - 1]);
	}
	return 0;
}

/* Longest argument quoted whole in a message: the reason must fit too. */
#define OPT_QUOTE_MAX 80

/* "-opt ARG: why", shortening ARG so that "why" is never cut off. */
static void options_prefix(struct av_err *err, const char *opt, const char *arg)
{
	if (!arg)
		av_err_prefix(err, "%s", opt);
	else if (strlen(arg) <= OPT_QUOTE_MAX)
		av_err_prefix(err, "%s %s", opt, arg);
	else
		av_err_prefix(err, "%s %.*s...", opt, OPT_QUOTE_MAX - 3, arg);
}

static int options_apply(struct vm_config *cfg, int argc, char **argv,
			 struct av_err *err)
{
	for (int i = 0; i < argc; i++) {
		const char *name = argv[i];
		const struct cli_option *opt = options_lookup(name);
		const char *arg = NULL;

		if (opt->has_arg == OPT_ARG_INLINE)
			arg = options_inline_arg(name);
		else if (opt->has_arg)
			arg = argv[++i];
		int ret = opt->handle(cfg, arg, err);

		if (ret < 0 && !opt->own_context)
			options_prefix(err, name, opt->has_arg == OPT_ARG_INLINE ? NULL : arg);
		if (ret)
			return ret < 0 ? ret : 0;
	}
	return 0;
}

/* Defaults that depend on other options, once all are in. */
static int options_finish(struct vm_config *cfg, struct av_err *err)
{
	int ret;

	/*
	 * -nographic without -serial: the console is mon:stdio (vl.c); with
	 * -nodefaults there is no default serial port to put it on.
	 */
	if (cfg->nodefaults && !cfg->serial_count) {
		cfg->serial = SERIAL_NONE;
	} else if (cfg->nographic && !cfg->serial_count) {
		cfg->serial = SERIAL_STDIO;
		cfg->serial_mux = true;
	} else if (cfg->daemonize && !cfg->serial_count) {
		/* QEMU's default console is a display's, which a daemon has not. */
		cfg->serial = SERIAL_NONE;
	}
	drive_apply_snapshot(cfg);
	ret = net_hub_finish(cfg, err);
	return ret ? ret : smp_resolve(cfg, err);
}

int config_parse_args(struct vm_config *cfg, int argc, char **argv,
		      struct av_err *err)
{
	int ret = options_check(argc, argv, err);

	if (!ret)
		ret = options_apply(cfg, argc, argv, err);
	if (!ret && !cfg->show_help && !cfg->show_version)
		ret = options_finish(cfg, err);
	return ret;
}
