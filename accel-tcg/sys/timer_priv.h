/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by timer.c and timer_regs.c only. */
#ifndef ACCEL_TCG_TIMER_PRIV_H
#define ACCEL_TCG_TIMER_PRIV_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "sys.h"

struct vtimer {
	pthread_mutex_t lock;	/* guards every CPU's sys.timer */
	pthread_cond_t cond;	/* CLOCK_MONOTONIC: a deadline moved */
	pthread_t thread;
	bool stop;
	/*
	 * Set by the first register write: only then does the thread look
	 * at the vCPUs, which the VM creates after the timer.
	 */
	bool armed;
	uint64_t origin_ns;	/* host time of count 0 */
	struct tcg_vm *tvm;
};

/* The VM's timer of cpu, NULL outside a VM (tests): then no PPIs. */
struct vtimer *vtimer_of(const struct cpu_state *cpu);

/* NULL-safe lock of the VM timer. */
void vtimer_lock(struct vtimer *vt);
void vtimer_unlock(struct vtimer *vt);

/* ENABLE and CVAL <= now: ISTATUS. */
bool vtimer_condition(const struct vtimer_regs *t, unsigned int which,
		      uint64_t now);

/* Re-drive cpu's PPIs and wake the thread (lock held when vt exists). */
void vtimer_changed(struct vtimer *vt, struct cpu_state *cpu);

#endif
