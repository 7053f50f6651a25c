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

#include "opts.h"
#include "options.h"

/* The label QEMU gives the first serial port's implicit chardev. */
#define SERIAL_LABEL "serial0"

/*
 * "tcp:[HOST]:PORT,rest" as "socket,[host=HOST,]port=PORT,rest": an empty
 * HOST is QEMU's "any" (our socket chardev's default).
 */
static int serial_tcp(struct vm_config *cfg, const char *p, struct av_err *err)
{
	const char *colon = strchr(p, ':'), *comma;
	char spec[CHARDEV_HOST_MAX + CHARDEV_PATH_MAX + 64], host[CHARDEV_HOST_MAX + 8] = "";
	int n;

	comma = colon ? strchr(colon, ',') : NULL;
	if (!colon || colon[1] == '\0' || colon[1] == ',')
		return av_errf(err, EINVAL, "expects tcp:[HOST]:PORT[,server=on][,wait=off]");
	if (colon > p && (size_t)(colon - p) < CHARDEV_HOST_MAX)
		snprintf(host, sizeof(host), ",host=%.*s", (int)(colon - p), p);
	else if (colon > p)
		return av_errf(err, EINVAL, "host name too long");
	n = snprintf(spec, sizeof(spec), "socket,id=" SERIAL_LABEL "%s,port=%.*s%s", host,
		     (int)(comma ? (size_t)(comma - colon - 1) : strlen(colon + 1)), colon + 1,
		     comma ? comma : "");
	if (n < 0 || (size_t)n >= sizeof(spec))
		return av_errf(err, EINVAL, "too long");
	return chardev_parse(spec, &cfg->serial_opts, err);
}

/* "unix:PATH,rest": PATH is QemuOpts' implied first value (",," escapes a comma). */
static int serial_unix(struct vm_config *cfg, const char *p, struct av_err *err)
{
	char spec[CHARDEV_PATH_MAX + 64];
	int n = snprintf(spec, sizeof(spec), "socket,id=" SERIAL_LABEL ",path=%s", p);

	if (n < 0 || (size_t)n >= sizeof(spec))
		return av_errf(err, EINVAL, "path too long");
	return chardev_parse(spec, &cfg->serial_opts, err);
}

/* The back ends that become a chardev_opts of their own (SERIAL_OPTS). */
static int serial_opts(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	int ret;

	if (!strcmp(arg, "pty"))
		ret = chardev_parse("pty,id=" SERIAL_LABEL, &cfg->serial_opts, err);
	else if (!strncmp(arg, "tcp:", 4))
		ret = serial_tcp(cfg, arg + 4, err);
	else if (!strncmp(arg, "unix:", 5))
		ret = serial_unix(cfg, arg + 5, err);
	else
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
