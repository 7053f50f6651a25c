// SPDX-License-Identifier: GPL-2.0
/*
 * The vCPU run loop: find the block for cpu->pc (following chains),
 * run it, repeat. Between blocks: queued block invalidations, kicks,
 * VM stop requests and interrupts (an IRQ/FIQ is taken only at a block
 * boundary, which is an instruction boundary as ARM ARM D1.13 needs).
 * A CPU in WFI or powered off sleeps on its condition variable until a
 * kick, a pending interrupt or its timer deadline.
 */
#include <errno.h>
#include <time.h>

#include "debug/debug.h"
#include "gdb/gdb.h"
#include "jit-x86_64/jit.h"
#include "disas.h"
#include "log.h"
#include "pmu/pmu.h"
#include "sys/sys.h"
#include "tcg.h"
#include "engine.h"

static inline bool irq_deliverable(const struct cpu_state *cpu)
{
	return (atomic_load_explicit(&cpu->irq_level, memory_order_relaxed) &&
		!(cpu->pstate & PSTATE_I)) ||
	       (atomic_load_explicit(&cpu->fiq_level, memory_order_relaxed) &&
		!(cpu->pstate & PSTATE_F));
}

static inline bool stop_requested(const struct cpu_state *cpu)
{
	return cpu->vm && vm_stop_requested(cpu->vm);
}

/* Does a sleeping CPU have a reason to run again? (v->lock held) */
static bool exec_should_wake(struct cpu_state *cpu)
{
	if (stop_requested(cpu) ||
	    (atomic_load(&cpu->exit_request) & (EXIT_REQ_KICK | EXIT_REQ_BOOT)))
		return true;
	if (!atomic_load(&cpu->powered_on))
		return false;
	if (!cpu->halted)
		return true;
	/* WFI wakes on any pending interrupt, masked or not (ARM ARM D1.16.2). */
	return atomic_load(&cpu->irq_level) || atomic_load(&cpu->fiq_level);
}

/*
 * Sleep until exec_should_wake. The timer thread (timer.c) raises its
 * PPI through the GIC, which sets irq_level and then kicks under v->lock,
 * so no wake-up is lost; the bounded wait is only a backstop.
 */
#define EXEC_SLEEP_NS	500000000L

static void exec_sleep(struct cpu_state *cpu)
{
	struct tcg_vcpu *v = tcg_vcpu_of(cpu);
	struct timespec ts;

	pthread_mutex_lock(&v->lock);
	if (!exec_should_wake(cpu)) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += EXEC_SLEEP_NS;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&v->wake, &v->lock, &ts);
	}
	if (atomic_load(&cpu->powered_on) &&
	    (atomic_load(&cpu->irq_level) || atomic_load(&cpu->fiq_level)))
		cpu->halted = false;
	pthread_mutex_unlock(&v->lock);
	atomic_fetch_and(&cpu->exit_request, ~EXIT_REQ_KICK);
}

/*
 * PSCI CPU_ON asked this CPU to boot: the reset runs here, on its own
 * thread (sys/psci.c). The reset clears exit_request: gdb's bit again.
 */
static void exec_boot(struct cpu_state *cpu)
{
	psci_boot_self(cpu);
	tcg_gdb_arm(cpu);
}

/* Work between blocks; returns true when the run loop must return. */
static bool exec_between_blocks(struct cpu_state *cpu)
{
	uint32_t req = atomic_load(&cpu->exit_request);

	if (req & EXIT_REQ_TB)
		tb_process_invalidations(cpu);
	if (req & EXIT_REQ_KICK)
		atomic_fetch_and(&cpu->exit_request, ~EXIT_REQ_KICK);
	if (stop_requested(cpu))
		return true;
	if (req & EXIT_REQ_BOOT)
		exec_boot(cpu);
	if (!atomic_load(&cpu->powered_on))
		return false;
	/* FIQ first: it has priority when both are pending and unmasked. */
	if (atomic_load(&cpu->fiq_level) && !(cpu->pstate & PSTATE_F))
		exc_take_fiq(cpu);
	else if (atomic_load(&cpu->irq_level) && !(cpu->pstate & PSTATE_I))
		exc_take_irq(cpu);
	return false;
}

/*
 * Chaining (jit-x86_64/jit.h) lets one block run the next without the
 * loop: not when the caller counts blocks, nor under -d nochain. (An
 * exception always returns to the loop, so stop_on_exc still works.)
 * Links made before are dropped with their blocks.
 */
static void exec_set_chaining(struct cpu_state *cpu, bool nochain)
{
	if (nochain && !cpu->jit_nochain)
		tb_cache_drop_all(cpu);
	cpu->jit_nochain = nochain;
}

/* A direct exit the last host run left through, to link once its successor is known. */
struct exec_link {
	struct tb *src;
	unsigned int slot;
	uint64_t epoch;
};

/* Run tb's host code; note an unlinked direct exit in *link. */
static int exec_host(struct cpu_state *cpu, const struct tb *tb, struct exec_link *link)
{
	int r;

	cpu->jit_slot = 0;
	r = jit_enter(cpu, tb->host);
	if (r == INSN_BRANCH && cpu->jit_slot) {
		link->src = (struct tb *)cpu->jit_src;
		link->slot = cpu->jit_slot - 1;
		link->epoch = tb_cache_epoch(cpu);
	}
	return r;
}

/* Callers that count blocks or stop at an exception: is this run over? */
static inline bool exec_counted(int r, bool stop_on_exc, uint64_t max_blocks,
				uint64_t *nblocks)
{
	if (__builtin_expect(max_blocks != 0 || stop_on_exc, 0)) {
		if (r == INSN_EXC && stop_on_exc)
			return true;
		if (max_blocks && ++*nblocks >= max_blocks)
			return true;
	}
	return false;
}

int tcg_cpu_exec(struct cpu_state *cpu, const struct tcg_run_opts *opts)
{
	uint64_t max_blocks = opts ? opts->max_blocks : 0, nblocks = 0;
	bool stop_on_exc = opts && opts->stop_on_exc;
	bool log_exec = log_enabled(LOG_EXEC | LOG_CPU);
	struct exec_link link = { 0 };
	struct tb *prev = NULL, *tb;
	uint64_t entry = 0;
	int r;

	exec_set_chaining(cpu, max_blocks || log_enabled(LOG_NOCHAIN));
	tcg_gdb_arm(cpu);	/* a reset cleared exit_request: gdb's bit again */
	for (;;) {
		if (__builtin_expect(atomic_load_explicit(&cpu->exit_request,
							  memory_order_relaxed) ||
				     irq_deliverable(cpu), 0)) {
			prev = NULL;
			/* gdbstub: one insn at a time while gdb debugs (debug.h). */
			if (atomic_load_explicit(&cpu->exit_request, memory_order_relaxed) &
			    EXIT_REQ_GDB) {
				tb_cache_gdb_enter(cpu);
				r = tcg_gdb_exec(cpu);
				if (r < 0)
					return r;
				if (r == TCG_DEBUG_DONE)
					continue;
			}
			if (exec_between_blocks(cpu))
				return 0;
			/* The guest's breakpoints or step: one insn at a time (debug/). */
			if ((atomic_load_explicit(&cpu->exit_request, memory_order_relaxed) &
			     EXIT_REQ_DEBUG) && (r = dbg_run(cpu)) != DBG_PASS) {
				link.src = NULL;	/* its successor is not known */
				if (exec_counted(r, stop_on_exc, max_blocks, &nblocks))
					return 1;
				continue;
			}
		}
		if (__builtin_expect(cpu->halted || !atomic_load_explicit(&cpu->powered_on,
									  memory_order_relaxed), 0)) {
			if (!cpu->vm)
				return 1;	/* nothing could wake a test CPU */
			if (stop_requested(cpu))
				return 0;	/* a powered-off CPU at shutdown */
			exec_sleep(cpu);
			prev = NULL;
			continue;
		}
		tb = tb_find_fast(cpu, prev, entry);
		if (!tb) {
			r = tb_find(cpu, prev, entry, &tb);
			if (r) {
				prev = NULL;
				link.src = NULL;
				if (r < 0)
					return r;
				if (stop_on_exc)
					return 1;
				continue;
			}
		}
		if (link.src) {
			tb_jit_link(cpu, link.src, link.slot, tb, link.epoch);
			link.src = NULL;
		}
		if (log_exec)
			disas_log_exec(cpu, tb);
		if (tb->host) {
			/* Chained blocks ran: which one left, from where, is not known here. */
			r = exec_host(cpu, tb, &link);
			prev = NULL;
		} else {
			entry = cpu->pc;
			if (__builtin_expect(cpu->sys.pmu.counting, 0))
				pmu_count_block(cpu, &tb->pmu);
			r = tb_exec(cpu, tb);
			prev = r == INSN_BRANCH ? tb : NULL;
		}
		/* WFI leaves mid-block: the insns after it did not retire. */
		if (r == INSN_EXIT)
			pmu_block_cut(cpu, cpu->pc);
		if (exec_counted(r, stop_on_exc, max_blocks, &nblocks))
			return 1;
	}
}
