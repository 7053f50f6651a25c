// SPDX-License-Identifier: GPL-2.0
/*
 * The generic timer's counter and its per-VM thread (timer.h). A timer
 * condition is met when CVAL <= count with ENABLE set; the PPI level
 * is that and not IMASK (ARM ARM D11.2.4 "Timers").
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "board.h"
#include "cpu.h"
#include "gic/gic.h"
#include "tcg.h"
#include "timer_priv.h"
#include "vm.h"

/* 62.5 MHz: one tick every 16 ns exactly. */
#define NS_PER_TICK	(1000000000ull / VIRT_TIMER_FREQ_HZ)

static const unsigned int timer_ppi[2] = {
	[VTIMER_PHYS] = VIRT_PPI_TIMER_PHYS,
	[VTIMER_VIRT] = VIRT_PPI_TIMER_VIRT,
};

static uint64_t host_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

struct vtimer *vtimer_of(const struct cpu_state *cpu)
{
	return cpu->tvm ? cpu->tvm->vtimer : NULL;
}

uint64_t vtimer_count(const struct cpu_state *cpu)
{
	const struct vtimer *vt = vtimer_of(cpu);

	return (host_ns() - (vt ? vt->origin_ns : 0)) / NS_PER_TICK;
}

bool vtimer_condition(const struct vtimer_regs *t, unsigned int which,
		      uint64_t now)
{
	return (t->ctl[which] & CNT_CTL_ENABLE) && now >= t->cval[which];
}

/*
 * Drive the PPI of one timer from its registers at count now; returns
 * the count at which it will fire, or UINT64_MAX when nothing is due.
 */
static uint64_t vtimer_eval(struct vtimer *vt, struct cpu_state *cpu,
			    unsigned int which, uint64_t now)
{
	struct vtimer_regs *t = &cpu->sys.timer;
	bool met = vtimer_condition(t, which, now);
	uint8_t level = met && !(t->ctl[which] & CNT_CTL_IMASK);

	if (level != t->level[which]) {
		t->level[which] = level;
		if (vt && vt->tvm->gic)
			gic_set_ppi(vt->tvm->gic, cpu->index, timer_ppi[which], level);
	}
	if (met || !(t->ctl[which] & CNT_CTL_ENABLE) ||
	    (t->ctl[which] & CNT_CTL_IMASK))
		return UINT64_MAX;
	return t->cval[which];
}

/* After a register write by cpu (timer lock held when vt exists). */
void vtimer_changed(struct vtimer *vt, struct cpu_state *cpu)
{
	uint64_t now = vtimer_count(cpu);

	vtimer_eval(vt, cpu, VTIMER_PHYS, now);
	vtimer_eval(vt, cpu, VTIMER_VIRT, now);
	if (vt) {
		vt->armed = true;
		pthread_cond_signal(&vt->cond);
	}
}

static uint64_t vtimer_scan(struct vtimer *vt)
{
	uint64_t next = UINT64_MAX, now = (host_ns() - vt->origin_ns) / NS_PER_TICK;

	for (unsigned int i = 0; i < vt->tvm->ncpus; i++) {
		struct cpu_state *cpu = tcg_vm_cpu(vt->tvm, i);
		uint64_t d;

		if (!cpu)
			continue;
		for (unsigned int w = 0; w < 2; w++) {
			d = vtimer_eval(vt, cpu, w, now);
			next = d < next ? d : next;
		}
	}
	return next;
}

/* Sleep until the tick `next` (absolute CLOCK_MONOTONIC) or a signal. */
static void vtimer_wait(struct vtimer *vt, uint64_t next)
{
	struct timespec ts;
	uint64_t ns;

	if (next == UINT64_MAX ||
	    next > (UINT64_MAX - vt->origin_ns) / NS_PER_TICK) {
		pthread_cond_wait(&vt->cond, &vt->lock);
		return;
	}
	ns = vt->origin_ns + next * NS_PER_TICK;
	ts.tv_sec = (time_t)(ns / 1000000000ull);
	ts.tv_nsec = (long)(ns % 1000000000ull);
	pthread_cond_timedwait(&vt->cond, &vt->lock, &ts);
}

static void *vtimer_thread(void *opaque)
{
	struct vtimer *vt = opaque;

	/* A failure stops the VM; a unit test's rig has no VM. */
	sandbox_enter(vt->tvm->vm ? &vt->tvm->vm->sandbox : NULL, SANDBOX_TIMER);
	pthread_mutex_lock(&vt->lock);
	while (!vt->stop) {
		if (vt->armed)
			vtimer_wait(vt, vtimer_scan(vt));
		else
			pthread_cond_wait(&vt->cond, &vt->lock);
	}
	pthread_mutex_unlock(&vt->lock);
	return NULL;
}

static int vtimer_init_sync(struct vtimer *vt)
{
	pthread_condattr_t attr;
	int ret;

	ret = pthread_mutex_init(&vt->lock, NULL);
	if (ret)
		return ret;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	ret = pthread_cond_init(&vt->cond, &attr);
	pthread_condattr_destroy(&attr);
	if (ret)
		pthread_mutex_destroy(&vt->lock);
	return ret;
}

int vtimer_create(struct tcg_vm *tvm, struct av_err *err)
{
	struct vtimer *vt = calloc(1, sizeof(*vt));
	int ret;

	if (!vt)
		return av_errf(err, ENOMEM, "out of memory for the generic timer");
	vt->tvm = tvm;
	vt->origin_ns = host_ns();
	ret = vtimer_init_sync(vt);
	if (!ret)
		ret = pthread_create(&vt->thread, NULL, vtimer_thread, vt);
	if (ret) {
		free(vt);
		return av_errf_errno(err, ret, "cannot start the timer thread");
	}
	tvm->vtimer = vt;
	return 0;
}

void vtimer_destroy(struct vtimer *vt)
{
	if (!vt)
		return;
	pthread_mutex_lock(&vt->lock);
	vt->stop = true;
	pthread_cond_signal(&vt->cond);
	pthread_mutex_unlock(&vt->lock);
	pthread_join(vt->thread, NULL);
	pthread_cond_destroy(&vt->cond);
	pthread_mutex_destroy(&vt->lock);
	free(vt);
}

void vtimer_lock(struct vtimer *vt)
{
	if (vt)
		pthread_mutex_lock(&vt->lock);
}

void vtimer_unlock(struct vtimer *vt)
{
	if (vt)
		pthread_mutex_unlock(&vt->lock);
}

void vtimer_reset_cpu(struct cpu_state *cpu)
{
	struct vtimer *vt = vtimer_of(cpu);

	vtimer_lock(vt);
	memset(cpu->sys.timer.ctl, 0, sizeof(cpu->sys.timer.ctl));
	memset(cpu->sys.timer.cval, 0, sizeof(cpu->sys.timer.cval));
	vtimer_changed(vt, cpu);
	vtimer_unlock(vt);
}
