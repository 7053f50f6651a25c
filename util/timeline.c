// SPDX-License-Identifier: GPL-2.0
/*
 * The boot timeline (include/timeline.h, docs/timeline.md).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "timeline.h"

static uint64_t timeline_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void timeline_init(struct timeline *tl, bool on)
{
	memset(tl, 0, sizeof(*tl));
	tl->on = on;
	tl->t0 = timeline_clock();
	pthread_mutex_init(&tl->lock, NULL);
}

void timeline_free(struct timeline *tl)
{
	pthread_mutex_destroy(&tl->lock);
}

uint64_t timeline_now(const struct timeline *tl)
{
	return timeline_clock() - tl->t0;
}

static void timeline_add(struct timeline *tl, uint64_t ns, const char *what)
{
	struct timeline_event *e;
	unsigned int i;

	pthread_mutex_lock(&tl->lock);
	if (tl->count == TIMELINE_MAX_EVENTS) {
		tl->dropped++;
	} else {
		/*
		 * In time order: two threads (the sandbox's builder and the
		 * main thread) may take their times in one order and the lock
		 * in the other.
		 */
		for (i = tl->count; i > 0 && tl->ev[i - 1].ns > ns; i--)
			tl->ev[i] = tl->ev[i - 1];
		tl->count++;
		e = &tl->ev[i];
		e->ns = ns;
		snprintf(e->what, sizeof(e->what), "%s", what);
	}
	pthread_mutex_unlock(&tl->lock);
}

void timeline_mark(struct timeline *tl, const char *fmt, ...)
{
	char what[TIMELINE_WHAT_MAX];
	uint64_t ns;
	va_list ap;

	if (!tl || !tl->on)
		return;
	ns = timeline_now(tl);	/* before formatting: that is when it happened */
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	timeline_add(tl, ns, what);
}

/*
 * A whole console line: the kernel's "Run /init as init process"
 * (init/main.c, printed at KERN_INFO: a "quiet" boot does not show it).
 * Copies "Run /init" to out; false for any other line.
 */
static bool timeline_init_line(struct timeline *tl, char *out, size_t size)
{
	static const char run[] = "Run ", tail[] = " as init process";
	const char *p, *end;

	tl->line[tl->line_len] = '\0';
	p = strstr(tl->line, run);
	end = p ? strstr(p, tail) : NULL;
	if (!end)
		return false;
	snprintf(out, size, "%.*s", (int)(end - p), p);
	return true;
}

/* Under the lock: take the bytes; say what is to be marked. */
static void timeline_console_scan(struct timeline *tl, const uint8_t *buf,
				  size_t len, bool *first, char *init,
				  size_t init_size)
{
	*first = !tl->console_seen && len;
	tl->console_seen |= *first;
	for (size_t i = 0; i < len && !tl->init_seen; i++) {
		if (buf[i] == '\n' || buf[i] == '\r') {
			tl->init_seen = timeline_init_line(tl, init, init_size);
			tl->line_len = 0;
		} else if (tl->line_len < sizeof(tl->line) - 1) {
			tl->line[tl->line_len++] = (char)buf[i];
		}
	}
}

void timeline_console(struct timeline *tl, const uint8_t *buf, size_t len)
{
	char init[TIMELINE_WHAT_MAX] = "";
	bool first;

	if (!tl || !tl->on || tl->init_seen)
		return;
	pthread_mutex_lock(&tl->lock);
	timeline_console_scan(tl, buf, len, &first, init, sizeof(init));
	pthread_mutex_unlock(&tl->lock);
	if (first)
		timeline_mark(tl, "first console output");
	if (init[0])
		timeline_mark(tl, "%s", init);
}
