/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic timer (ARM ARM D11): a 62.5 MHz system counter from the
 * host's monotonic clock, CNTVOFF = 0 (virtual count = physical count),
 * and per CPU the EL1 physical timer (PPI 30) and the virtual timer
 * (PPI 27). One thread per VM sleeps until the earliest deadline and
 * raises the PPI through the GIC, so a timer fires while its vCPU runs
 * guest code or sleeps in WFI.
 *
 * The registers a CPU programs live in its struct cpu_state (sysregs
 * below); the VM-wide struct vtimer holds the counter origin, the lock
 * and the thread.
 */
#ifndef ACCEL_TCG_TIMER_H
#define ACCEL_TCG_TIMER_H

#include <stdint.h>

#include "err.h"

struct cpu_state;
struct tcg_vm;
struct vtimer;

#define VTIMER_PHYS	0
#define VTIMER_VIRT	1

/* CNTx_CTL_EL0 bits (D13.8.x). */
#define CNT_CTL_ENABLE	(1u << 0)
#define CNT_CTL_IMASK	(1u << 1)
#define CNT_CTL_ISTATUS	(1u << 2)

/* Per-CPU timer registers, embedded in struct sysregs. */
struct vtimer_regs {
	uint32_t ctl[2];	/* ENABLE, IMASK as written */
	uint64_t cval[2];
	uint8_t level[2];	/* the PPI level last driven */
};

/*
 * Start the timer thread of tvm (tvm->vtimer). The counter starts at 0
 * now. The thread looks the CPUs up with tcg_vm_cpu() and drives their
 * PPIs through tvm->gic.
 */
int vtimer_create(struct tcg_vm *tvm, struct av_err *err);
void vtimer_destroy(struct vtimer *vt);

/* Reset cpu's timers (disabled, CVAL 0) and drop their PPIs. */
void vtimer_reset_cpu(struct cpu_state *cpu);

/* The system counter (CNTPCT_EL0 = CNTVCT_EL0) as cpu reads it. */
uint64_t vtimer_count(const struct cpu_state *cpu);

#endif
