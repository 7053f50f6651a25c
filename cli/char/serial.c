// SPDX-License-Identifier: GPL-2.0
/*
 * -serial DEV for the virt board's one PL011 (hw/arm/virt.c wires
 * serial_hd(0) to UART0), in QEMU's legacy chardev syntax
 * (chardev/char.c qemu_chr_parse_compat): stdio, mon:stdio (stdio with
 * the Ctrl-A escapes), none/null, file:PATH, pty, chardev:ID,
 * tcp:[HOST]:PORT[,server=on][,wait=off]... and unix:PATH[,server=on]...
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../opts.h"
#include "../options.h"

/* The back ends that become a chardev_opts of their own (SERIAL_OPTS). */
static int serial_opts(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	int ret = chardev_parse_compat(arg, "serial0", &cfg->serial_opts, err);

	if (ret > 0)
		return av_errf(err, EINVAL,
			       "'%s' is not a valid char driver (stdio, mon:stdio, none, null, file:PATH, pty, chardev:ID, tcp:HOST:PORT, unix:PATH)",
			       arg);
	if (!ret)
		cfg->serial = SERIAL_OPTS;
	return ret;
}

int opt_serial(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	/* QEMU would give a second -serial to a second UART: we have none. */
	if (cfg->serial_count++)
		return av_errf(err, EINVAL,
			       "the virt board has one serial port (-serial given twice)");
	cfg->serial_mux = false;
	if (!strcmp(arg, "stdio")) {
		cfg->serial = SERIAL_STDIO;
	} else if (!strcmp(arg, "mon:stdio")) {
		cfg->serial = SERIAL_STDIO;
		cfg->serial_mux = true;
	} else if (!strcmp(arg, "none") || !strcmp(arg, "null")) {
		cfg->serial = SERIAL_NONE;
	} else if (!strncmp(arg, "file:", 5)) {
		if (!arg[5])
			return av_errf(err, EINVAL, "file: needs a path");
		cfg->serial = SERIAL_FILE;
		return config_set_str(&cfg->serial_path, arg + 5, err);
	} else if (!strncmp(arg, "chardev:", 8)) {
		/* The -chardev may come later on the line: vm_create looks it up. */
		if (!arg[8])
			return av_errf(err, EINVAL, "chardev: needs a chardev id");
		cfg->serial = SERIAL_CHARDEV;
		return config_set_str(&cfg->serial_path, arg + 8, err);
	} else {
		return serial_opts(cfg, arg, err);
	}
	return 0;
}
