// SPDX-License-Identifier: GPL-2.0
/*
 * The -gdb device as QEMU takes it (gdbstub.c gdbserver_start and the
 * tcp chardev syntax): "tcp:[HOST]:PORT", or a bare PORT meaning
 * "tcp::PORT". An empty host is the loopback address here (the brief of
 * issue 6: nothing listens outside the host unless asked).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gdbstub_priv.h"

static int addr_port(const char *s, unsigned int *port, struct av_err *err)
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

int gdbstub_parse(const char *spec, char *host, size_t host_size,
		  unsigned int *port, struct av_err *err)
{
	const char *rest = spec, *colon;
	size_t n;

	if (!strncmp(spec, "tcp:", 4)) {
		rest = spec + 4;
		colon = strrchr(rest, ':');
		if (!colon)
			return av_errf(err, EINVAL, "expected tcp:[HOST]:PORT");
		n = (size_t)(colon - rest);
		if (n >= host_size)
			return av_errf(err, EINVAL, "host name too long");
		memcpy(host, rest, n);
		host[n] = 0;
		rest = colon + 1;
	} else if (strchr(spec, ':') || strchr(spec, ',')) {
		return av_errf(err, EINVAL, "only tcp:[HOST]:PORT is supported");
	} else {
		host[0] = 0;
	}
	return addr_port(rest, port, err);
}
