// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

int av_errf(struct av_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		err->code = code;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return -code;
}

int av_err_prefix(struct av_err *err, const char *fmt, ...)
{
	char prefix[AV_ERR_MSG_MAX];
	char old[AV_ERR_MSG_MAX];
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	snprintf(err->msg, sizeof(err->msg), "%s: %s", prefix, old);
	return -err->code;
}

void av_err_clear(struct av_err *err)
{
	if (err) {
		err->code = 0;
		err->msg[0] = '\0';
	}
}
