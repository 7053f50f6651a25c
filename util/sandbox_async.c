// SPDX-License-Identifier: GPL-2.0
/*
 * Building the sandbox's filters on a thread of their own. libseccomp
 * needs a few milliseconds for the seven thread kinds (rule database,
 * BPF generation, export through a memfd), the biggest single cost
 * before the first guest instruction; none of it depends on what the
 * rest of the start-up does, so it runs while the main thread loads the
 * kernel and builds the machine (docs/startup.md). Every thread waits
 * for the builder before it enters its filter (sandbox_enter), so the
 * filters are exactly what a synchronous build gives, only ready later.
 *
 * The builder is not sandboxed: it exists only during set-up, never sees
 * guest data, and ends before any vCPU runs (vm_run waits for it).
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "sandbox.h"
#include "timeline.h"
#include "util.h"

struct sandbox_async {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool done;			/* under lock: ret and err are final */
	int ret;
	struct av_err err;
	struct sandbox *sb;		/* progs[] is written by the builder */
	struct sandbox_opts opts;
};

static void *sandbox_async_main(void *opaque)
{
	struct sandbox_async *a = opaque;
	struct av_err err = { 0 };
	int ret;

	crash_report_warm();	/* no thread may load the unwinder once filtered */
	ret = sandbox_build_all(a->sb, &a->opts, &err);

	if (!ret)
		timeline_mark(a->opts.timeline, "sandbox filters built (builder thread)");
	pthread_mutex_lock(&a->lock);
	a->ret = ret;
	a->err = err;
	a->done = true;
	pthread_cond_broadcast(&a->cond);
	pthread_mutex_unlock(&a->lock);
	return NULL;
}

/* All signals blocked: the process's signals stay the main thread's. */
static int sandbox_async_spawn(struct sandbox_async *a)
{
	sigset_t all, old;
	int ret;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	ret = pthread_create(&a->thread, NULL, sandbox_async_main, a);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return ret;
}

int sandbox_async_start(struct sandbox *sb, const struct sandbox_opts *opts,
			struct av_err *err)
{
	struct sandbox_async *a = calloc(1, sizeof(*a));
	int ret;

	if (!a)
		return av_errf(err, ENOMEM, "sandbox: out of memory");
	a->sb = sb;
	if (opts)
		a->opts = *opts;
	pthread_mutex_init(&a->lock, NULL);
	pthread_cond_init(&a->cond, NULL);
	ret = sandbox_async_spawn(a);
	if (ret) {
		pthread_cond_destroy(&a->cond);
		pthread_mutex_destroy(&a->lock);
		free(a);
		return av_errf_errno(err, ret, "sandbox: cannot start the filter builder");
	}
	sb->async = a;
	return 0;
}

int sandbox_async_wait(struct sandbox_async *a, struct av_err *err)
{
	int ret;

	if (!a)
		return 0;
	pthread_mutex_lock(&a->lock);
	while (!a->done)
		pthread_cond_wait(&a->cond, &a->lock);
	ret = a->ret;
	if (ret && err)
		*err = a->err;
	pthread_mutex_unlock(&a->lock);
	return ret;
}

void sandbox_async_free(struct sandbox_async *a)
{
	if (!a)
		return;
	pthread_join(a->thread, NULL);
	pthread_cond_destroy(&a->cond);
	pthread_mutex_destroy(&a->lock);
	free(a);
}
