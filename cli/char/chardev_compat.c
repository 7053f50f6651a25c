// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU's legacy chardev syntax (chardev/char.c qemu_chr_parse_compat), as
 * -serial and -monitor take it: stdio, null, pty, tcp:[HOST]:PORT[,server=on]
 * [,wait=off]... and unix:PATH[,server=on]..., each as the chardev_opts
 * of an implicit -chardev named label.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../opts.h"

/*
 * "tcp:[HOST]:PORT,rest" as "socket,[host=HOST,]port=PORT,rest": an empty
 * HOST is QEMU's "any" (our socket chardev's default).
 */
static int compat_tcp(const char *label, const char *p, struct chardev_opts *out,
		      struct av_err *err)
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
	n = snprintf(spec, sizeof(spec), "socket,id=%s%s,port=%.*s%s", label, host,
		     (int)(comma ? (size_t)(comma - colon - 1) : strlen(colon + 1)), colon + 1,
		     comma ? comma : "");
	if (n < 0 || (size_t)n >= sizeof(spec))
		return av_errf(err, EINVAL, "too long");
	return chardev_parse(spec, out, err);
}

/* "unix:PATH,rest": PATH is QemuOpts' implied first value (",," escapes a comma). */
static int compat_unix(const char *label, const char *p, struct chardev_opts *out,
		       struct av_err *err)
{
	char spec[CHARDEV_PATH_MAX + 64];
	int n = snprintf(spec, sizeof(spec), "socket,id=%s,path=%s", label, p);

	if (n < 0 || (size_t)n >= sizeof(spec))
		return av_errf(err, EINVAL, "path too long");
	return chardev_parse(spec, out, err);
}

int chardev_parse_compat(const char *arg, const char *label,
			 struct chardev_opts *out, struct av_err *err)
{
	char spec[CHARDEV_ID_MAX + 16];

	if (!strcmp(arg, "pty") || !strcmp(arg, "stdio") || !strcmp(arg, "null")) {
		snprintf(spec, sizeof(spec), "%s,id=%s", arg, label);
		return chardev_parse(spec, out, err);
	}
	if (!strncmp(arg, "tcp:", 4))
		return compat_tcp(label, arg + 4, out, err);
	if (!strncmp(arg, "unix:", 5))
		return compat_unix(label, arg + 5, out, err);
	return 1;
}
