// SPDX-License-Identifier: GPL-2.0
/*
 * -gdb DEV, -s and -S as qemu-system-aarch64 (qemu-options.hx): -s is
 * "-gdb tcp::1234", -S starts with the vCPUs stopped, "-gdb none" turns
 * the stub off again. The device is parsed here into struct config_gdb,
 * so that a typo is an option error rather than a failure after the VM
 * is built, and the gdbstub gets a host and a port, never text.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../options.h"

static int gdb_parse_port(const char *s, unsigned int *port, struct av_err *err)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (!*s || *end || errno || v == 0 || v > 65535 || *s == '-' || *s == '+')
		return av_errf(err, EINVAL, "invalid port '%s' (1-65535)", s);
	*port = (unsigned int)v;
	return 0;
}

/* "tcp:HOST:PORT" -> host, and the PORT part in *rest. */
static int gdb_parse_tcp(const char *spec, struct config_gdb *out, const char **rest,
			 struct av_err *err)
{
	const char *host = spec + 4, *colon = strrchr(host, ':');
	size_t n;

	if (!colon)
		return av_errf(err, EINVAL, "expected tcp:[HOST]:PORT");
	n = (size_t)(colon - host);
	if (n >= sizeof(out->host))
		return av_errf(err, EINVAL, "host name too long");
	memcpy(out->host, host, n);
	out->host[n] = 0;
	*rest = colon + 1;
	return 0;
}

int config_parse_gdb(const char *spec, struct config_gdb *out, struct av_err *err)
{
	const char *rest = spec;
	int ret;

	if (strlen(spec) >= sizeof(out->spec))
		return av_errf(err, EINVAL, "too long");
	out->host[0] = 0;
	if (!strncmp(spec, "tcp:", 4)) {
		ret = gdb_parse_tcp(spec, out, &rest, err);
		if (ret)
			return ret;
	} else if (strchr(spec, ':') || strchr(spec, ',')) {
		return av_errf(err, EINVAL, "only tcp:[HOST]:PORT is supported");
	}
	ret = gdb_parse_port(rest, &out->port, err);
	if (ret)
		return ret;
	snprintf(out->spec, sizeof(out->spec), "%s", spec);
	out->on = true;
	return 0;
}

int opt_gdb(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	struct config_gdb g = { .wait = cfg->gdb.wait };

	if (!strcmp(arg, "none")) {
		cfg->gdb = g;
		return 0;
	}
	/* The option table's caller prefixes errors with "-gdb ARG". */
	if (config_parse_gdb(arg, &g, err))
		return -err->code;
	cfg->gdb = g;
	return 0;
}

int opt_gdb_default(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	(void)arg;
	return opt_gdb(cfg, "tcp::1234", err);
}

int opt_gdb_wait(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	(void)arg;
	(void)err;
	cfg->gdb.wait = true;
	return 0;
}
