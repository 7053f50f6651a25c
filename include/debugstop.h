/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stop event both accelerators' debug code reports to the gdbstub
 * (all-stop, as gdb's remote protocol assumes): the first stop since the
 * last resume is the one gdb hears about, later ones while everyone is
 * held are dropped, as QEMU's gdbstub does. The caller's own lock guards
 * it; these helpers only keep the bookkeeping in one place.
 */
#ifndef ARMVISOR_DEBUGSTOP_H
#define ARMVISOR_DEBUGSTOP_H

#include <pthread.h>
#include <stdbool.h>
#include <time.h>

#include "accel.h"

struct debug_stopq {
	bool pending;
	struct accel_debug_stop event;
};

/* Record ev unless a stop is already pending; true when ev is new news. */
static inline bool debug_stopq_post(struct debug_stopq *q,
				    const struct accel_debug_stop *ev)
{
	if (q->pending)
		return false;
	q->event = *ev;
	q->pending = true;
	return true;
}

/* The debugger asked to stop (Ctrl-C, -S): a REQUEST unless one is due. */
static inline void debug_stopq_request(struct debug_stopq *q)
{
	const struct accel_debug_stop ev = { .why = ACCEL_STOP_REQUEST };

	debug_stopq_post(q, &ev);
}

static inline bool debug_stopq_peek(const struct debug_stopq *q,
				    struct accel_debug_stop *out)
{
	if (q->pending)
		*out = q->event;
	return q->pending;
}

/* debug_stopq_peek under lock: the accelerators' stop_reason(). */
static inline bool debug_stopq_read(const struct debug_stopq *q,
				    pthread_mutex_t *lock,
				    struct accel_debug_stop *out)
{
	bool pending;

	pthread_mutex_lock(lock);
	pending = debug_stopq_peek(q, out);
	pthread_mutex_unlock(lock);
	return pending;
}

static inline void debug_stopq_clear(struct debug_stopq *q)
{
	q->pending = false;
}

/*
 * Wait on cond for at most ns nanoseconds (lock held): parking loops
 * re-check a VM stop, which kicks vCPUs without signalling cond.
 */
static inline void debug_cond_wait_ns(pthread_cond_t *cond,
				      pthread_mutex_t *lock, long ns)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ns / 1000000000L;
	ts.tv_nsec += ns % 1000000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_cond_timedwait(cond, lock, &ts);
}

#endif
