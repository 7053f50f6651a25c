// SPDX-License-Identifier: GPL-2.0
/*
 * A message built and written inside a signal handler, where only
 * async-signal-safe calls are allowed (signal-safety(7)): no stdio, no
 * allocation; a fixed buffer and write(2). The sandbox's SIGSYS report
 * and the crash report (util/crash.c) use it.
 */
#include <unistd.h>

#include "util.h"

void sigsafe_put(struct sigsafe_msg *m, const char *s)
{
	while (*s && m->len < SIGSAFE_MSG_MAX - 1)
		m->buf[m->len++] = *s++;
}

/* v in base 10 or 16 (with "0x"). */
static void sigsafe_put_base(struct sigsafe_msg *m, uint64_t v, unsigned int base)
{
	char digits[20];
	int i = 0;

	do {
		digits[i++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (base == 16)
		sigsafe_put(m, "0x");
	while (i && m->len < SIGSAFE_MSG_MAX - 1)
		m->buf[m->len++] = digits[--i];
}

void sigsafe_put_dec(struct sigsafe_msg *m, uint64_t v)
{
	sigsafe_put_base(m, v, 10);
}

void sigsafe_put_hex(struct sigsafe_msg *m, uint64_t v)
{
	sigsafe_put_base(m, v, 16);
}

void sigsafe_flush(struct sigsafe_msg *m)
{
	if (write(STDERR_FILENO, m->buf, m->len) < 0) {
		/* nothing more can be said */
	}
	m->len = 0;
}
