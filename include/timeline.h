/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The boot timeline (-boot-timeline, docs/timeline.md): when each stage
 * of a run happened on the host's monotonic clock, counted from the
 * start of main(). The VMM marks its own stages; the serial console's
 * output marks the kernel's first line and "Run /init"; a guest marks
 * its own milestones by writing the marker word (VIRT_MARKER).
 *
 * Every function takes a NULL or switched-off timeline and then does
 * nothing, so call sites need no test. Thread-safe: vCPU threads mark
 * (the console, the marker word) while the main thread does.
 */
#ifndef ARMVISOR_TIMELINE_H
#define ARMVISOR_TIMELINE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TIMELINE_MAX_EVENTS	512
#define TIMELINE_WHAT_MAX	64
#define TIMELINE_LINE_MAX	128

struct timeline_event {
	uint64_t ns;			/* since timeline_init */
	char what[TIMELINE_WHAT_MAX];
};

struct timeline {
	bool on;
	uint64_t t0;			/* CLOCK_MONOTONIC at timeline_init */
	pthread_mutex_t lock;
	unsigned int count;
	unsigned int dropped;		/* marks past TIMELINE_MAX_EVENTS */
	struct timeline_event ev[TIMELINE_MAX_EVENTS];
	/* The console watcher: the line being received, what was seen. */
	char line[TIMELINE_LINE_MAX];
	size_t line_len;
	bool console_seen;
	_Atomic bool init_seen;
};

/* Start the clock: call first thing in main(). */
void timeline_init(struct timeline *tl, bool on);
void timeline_free(struct timeline *tl);

/* Record "what" now (printf-style; cut at TIMELINE_WHAT_MAX). */
void timeline_mark(struct timeline *tl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Bytes the guest wrote to the serial console: marks the first output,
 * and the kernel's "Run /init" line (init/main.c run_init_process).
 */
void timeline_console(struct timeline *tl, const uint8_t *buf, size_t len);

/* Nanoseconds on the timeline's clock now. */
uint64_t timeline_now(const struct timeline *tl);

#endif
