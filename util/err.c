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

int av_errf_errno(struct av_err *err, int code, const char *fmt, ...)
{
	char why[128];
	const char *text;
	size_t n;
	va_list ap;

	if (code < 0)
		code = -code;
	if (!err)
		return -code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	/* strerror_r's GNU form may return a static string instead of filling why. */
	text = strerror_r(code, why, sizeof(why));
	n = strlen(err->msg);
	snprintf(err->msg + n, sizeof(err->msg) - n, ": %s", text);
	return -code;
}

int av_err_prefix(struct av_err *err, const char *fmt, ...)
{
	char old[AV_ERR_MSG_MAX];
	size_t n;
	va_list ap;

	if (!err)
		return -1;
	memcpy(old, err->msg, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	/* Append ": old" by hand: truncation is fine, a warning is not. */
	n = strlen(err->msg);
	if (n + 2 < sizeof(err->msg)) {
		memcpy(err->msg + n, ": ", 2);
		n += 2;
		strncpy(err->msg + n, old, sizeof(err->msg) - n - 1);
		err->msg[sizeof(err->msg) - 1] = '\0';
	}
	return -err->code;
}

void av_err_clear(struct av_err *err)
{
	if (err) {
		err->code = 0;
		err->msg[0] = '\0';
	}
}
