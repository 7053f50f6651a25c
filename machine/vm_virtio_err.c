// SPDX-License-Identifier: GPL-2.0
/*
 * Errors the machine finds in an option the CLI accepted (a missing
 * image, an id nothing has, a slot too many) name that option as the user
 * gave it, and its -readconfig group's FILE:LINE (docs/ARCHITECTURE.md,
 * "Start-up"; QEMU restores a QemuOpts' Location likewise).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vm_virtio.h"

/* Longest option text quoted whole: the reason must fit after it. */
#define VM_OPT_QUOTE_MAX 80

int vm_opt_prefix(const struct config_origin *o, struct av_err *err)
{
	size_t len = strlen(o->text);
	int n = len <= VM_OPT_QUOTE_MAX ? (int)len : VM_OPT_QUOTE_MAX - 3;
	const char *cut = len <= VM_OPT_QUOTE_MAX ? "" : "...";

	if (o->where)
		return av_err_prefix(err, "%s: %s %.*s%s", o->where, o->option, n,
				     o->text, cut);
	return av_err_prefix(err, "%s %.*s%s", o->option, n, o->text, cut);
}

int vm_opt_err(const struct config_origin *o, struct av_err *err, int code,
	       const char *fmt, ...)
{
	char why[AV_ERR_MSG_MAX];
	va_list ap;

	if (!err)
		return -code;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	av_errf(err, code, "%s", why);
	return vm_opt_prefix(o, err);
}
