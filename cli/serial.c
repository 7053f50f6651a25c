// SPDX-License-Identifier: GPL-2.0
/*
 * -serial DEV for the virt board's one PL011 (hw/arm/virt.c wires
 * serial_hd(0) to UART0). The back ends armvisor has: stdio, mon:stdio
 * (stdio with the Ctrl-A escapes), none/null, file:PATH.
 */
#include <errno.h>
#include <string.h>

#include "opts.h"
#include "options.h"

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
	} else {
		return av_errf(err, EINVAL,
			       "'%s' is not a valid char driver (stdio, mon:stdio, none, null, file:PATH)",
			       arg);
	}
	return 0;
}
