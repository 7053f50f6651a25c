// SPDX-License-Identifier: GPL-2.0
/*
 * -d / -D logging. The process has one log (include/log.h), as QEMU's
 * qemu_logfile. Each call writes its whole text with one stdio call, and
 * stdio locks the stream per call, so lines from vCPU threads never
 * interleave mid-line.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

#define LOG_BUF_SIZE	8192

struct av_log av_log_global;

int log_open(struct av_log *log, unsigned int mask, const char *path,
	     struct av_err *err)
{
	log->mask = mask;
	log->out = stderr;
	if (!path)
		return 0;
	/* QEMU truncates the -D file (util/log.c qemu_set_log_internal()). */
	log->out = fopen(path, "w");
	if (!log->out) {
		int e = errno;

		log->out = stderr;
		log->mask = 0;
		return av_errf_errno(err, e, "-D %s: could not open", path);
	}
	/*
	 * A buffer of our own: stdio would allocate one at the first write,
	 * from a vCPU thread, with an fstat the sandbox does not allow there.
	 */
	log->buf = malloc(LOG_BUF_SIZE);
	setvbuf(log->out, log->buf, _IOLBF, log->buf ? LOG_BUF_SIZE : 0);
	return 0;
}

void log_close(struct av_log *log)
{
	if (log->out && log->out != stderr)
		fclose(log->out);
	free(log->buf);
	log->buf = NULL;
	log->out = NULL;
	log->mask = 0;
}

/* Format into a stack buffer, or the heap when the text is long. */
static void log_vwrite(FILE *out, const char *fmt, va_list ap)
{
	char buf[512];
	char *text = buf;
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n >= (int)sizeof(buf)) {
		text = malloc((size_t)n + 1);
		if (text)
			vsnprintf(text, (size_t)n + 1, fmt, ap2);
		else
			text = buf;	/* truncated beats nothing */
	}
	va_end(ap2);
	if (n > 0)
		fputs(text, out);
	if (text != buf)
		free(text);
}

void log_printf(unsigned int item, const char *fmt, ...)
{
	FILE *out = av_log_global.out ? av_log_global.out : stderr;
	va_list ap;

	if (!log_enabled(item))
		return;
	va_start(ap, fmt);
	log_vwrite(out, fmt, ap);
	va_end(ap);
}
