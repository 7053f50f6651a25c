// SPDX-License-Identifier: GPL-2.0
/*
 * accel-tcg guest debugging: parking vCPUs for the gdbstub (all-stop),
 * single-stepping, and the run-loop hook that checks breakpoints before
 * each instruction while gdb has any. Registers, memory and the
 * breakpoint lists are in debug_state.c.
 */
#include <errno.h>
#include <stdlib.h>

#include "gdb.h"
#include "tcg.h"
#include "debug/debug.h"
#include "engine/engine.h"

/* How often stop() looks again for a VM that stops instead (backstop). */
#define DEBUG_WAIT_NS	20000000L

static struct tcg_gdb *debug_of(struct vm *vm)
{
	struct tcg_vm *tvm = vm->accel_state;

	return tvm ? tvm->gdb : NULL;
}

static bool debug_wanted(const struct tcg_gdb *d)
{
	return atomic_load(&d->hold) || d->nbp || d->nwp;
}

/* Set or clear EXIT_REQ_GDB on every vCPU and kick them all. */
static void debug_arm_all(struct tcg_vm *tvm)
{
	bool on = debug_wanted(tvm->gdb);
	struct cpu_state *cpu;
	unsigned int i;

	for (i = 0; i < tvm->ncpus; i++) {
		cpu = tcg_vm_cpu(tvm, i);
		if (!cpu)
			continue;
		if (on)
			atomic_fetch_or(&cpu->exit_request, EXIT_REQ_GDB);
		else
			atomic_fetch_and(&cpu->exit_request, ~EXIT_REQ_GDB);
		tcg_vcpu_kick(cpu);
	}
}

void tcg_gdb_arm(struct cpu_state *cpu)
{
	struct tcg_gdb *d = cpu->tvm ? cpu->tvm->gdb : NULL;

	if (d && debug_wanted(d))
		atomic_fetch_or(&cpu->exit_request, EXIT_REQ_GDB);
}

/* cpu->vm is NULL for a CPU outside a VM (unit tests): it never stops. */
static bool debug_vm_stopping(const struct cpu_state *cpu)
{
	return cpu->vm && vm_stop_requested(cpu->vm);
}

static bool debug_must_park(struct tcg_gdb *d, const struct cpu_state *cpu)
{
	return atomic_load(&d->hold) &&
	       atomic_load(&d->step_cpu) != (int)cpu->index;
}

/*
 * Wait on the vCPU's own condition variable, so that a kick (resume, VM
 * stop request) wakes it exactly as it wakes a CPU in WFI.
 */
static void debug_park(struct tcg_gdb *d, struct cpu_state *cpu)
{
	struct tcg_vcpu *v = tcg_vcpu_of(cpu);

	pthread_mutex_lock(&d->lock);
	d->nparked++;
	pthread_cond_broadcast(&d->parked_cond);
	pthread_mutex_unlock(&d->lock);

	pthread_mutex_lock(&v->lock);
	while (debug_must_park(d, cpu) && !debug_vm_stopping(cpu))
		pthread_cond_wait(&v->wake, &v->lock);
	pthread_mutex_unlock(&v->lock);

	pthread_mutex_lock(&d->lock);
	d->nparked--;
	pthread_mutex_unlock(&d->lock);
	atomic_fetch_and(&cpu->exit_request, ~EXIT_REQ_KICK);
}

/*
 * cpu stopped for why: hold everyone; the first event since the last
 * resume is the one gdb hears about (as QEMU's all-stop gdbstub).
 */
static void debug_event(struct tcg_gdb *d, struct cpu_state *cpu, int why,
			int wp_type, uint64_t wp_addr)
{
	const struct accel_debug_stop ev = {
		.cpu = cpu->index, .why = why, .wp_type = wp_type, .wp_addr = wp_addr,
	};
	bool notify;

	pthread_mutex_lock(&d->lock);
	notify = debug_stopq_post(&d->stop, &ev);
	atomic_store(&d->hold, true);
	atomic_store(&d->step_cpu, -1);
	pthread_mutex_unlock(&d->lock);
	debug_arm_all(cpu->tvm);
	if (notify && d->notify)
		d->notify(d->opaque);
}

/* As exec.c's between-blocks work: FIQ before IRQ (ARM ARM D1.13). */
static bool debug_take_interrupt(struct cpu_state *cpu)
{
	if (atomic_load(&cpu->fiq_level) && !(cpu->pstate & PSTATE_F)) {
		exc_take_fiq(cpu);
		return true;
	}
	if (atomic_load(&cpu->irq_level) && !(cpu->pstate & PSTATE_I)) {
		exc_take_irq(cpu);
		return true;
	}
	return false;
}

int tcg_gdb_exec(struct cpu_state *cpu)
{
	struct tcg_gdb *d = cpu->tvm ? cpu->tvm->gdb : NULL;
	uint32_t req = atomic_load(&cpu->exit_request);
	struct tcg_watch_hit *hit;
	bool stepping;

	if (!d) {
		atomic_fetch_and(&cpu->exit_request, ~EXIT_REQ_GDB);
		return TCG_DEBUG_PASS;
	}
	if (debug_vm_stopping(cpu))
		return TCG_DEBUG_PASS;
	if (debug_must_park(d, cpu)) {
		debug_park(d, cpu);
		return TCG_DEBUG_DONE;
	}
	if (cpu->halted || !atomic_load(&cpu->powered_on))
		return TCG_DEBUG_PASS;
	if (req & EXIT_REQ_TB)
		tb_process_invalidations(cpu);
	if (req & EXIT_REQ_KICK)
		atomic_fetch_and(&cpu->exit_request, ~EXIT_REQ_KICK);
	stepping = atomic_load(&d->step_cpu) == (int)cpu->index;
	/* A step runs with interrupts held off, as QEMU's default sstep flags. */
	if (!stepping && debug_take_interrupt(cpu))
		return TCG_DEBUG_DONE;
	if (!stepping && tcg_gdb_bp_hit(d, cpu->pc)) {
		debug_event(d, cpu, ACCEL_STOP_BREAK, 0, 0);
		return TCG_DEBUG_DONE;
	}
	hit = &d->hits[cpu->index];
	hit->hit = false;
	/* One insn, with the guest's own breakpoints and step (debug/). */
	dbg_exec_one(cpu);
	/*
	 * Reported once the insn is done (a data abort on the access is
	 * taken first): gdb then steps one more insn before it shows the
	 * watchpoint, as aarch64 watchpoints are not steppable for gdb.
	 */
	if (hit->hit)
		debug_event(d, cpu, ACCEL_STOP_WATCH, hit->type, hit->addr);
	else if (stepping)
		debug_event(d, cpu, ACCEL_STOP_STEP, 0, 0);
	return TCG_DEBUG_DONE;
}

static int tcg_gdb_attach(struct vm *vm, bool start_stopped,
			    void (*stopped)(void *opaque), void *opaque,
			    struct av_err *err)
{
	struct tcg_vm *tvm = vm->accel_state;
	struct tcg_gdb *d;

	if (!tvm)
		return av_errf(err, EINVAL, "no TCG VM to debug");
	if (tvm->gdb)
		return av_errf(err, EBUSY, "a debugger is already attached");
	d = calloc(1, sizeof(*d));
	if (!d)
		return av_errf(err, ENOMEM, "out of memory for the gdbstub");
	pthread_mutex_init(&d->lock, NULL);
	pthread_cond_init(&d->parked_cond, NULL);
	atomic_store(&d->step_cpu, -1);
	d->notify = stopped;
	d->opaque = opaque;
	if (start_stopped) {
		atomic_store(&d->hold, true);
		debug_stopq_request(&d->stop);
	}
	tvm->gdb = d;
	debug_arm_all(tvm);
	return 0;
}

static void tcg_gdb_release(struct vm *vm)
{
	struct tcg_vm *tvm = vm->accel_state;
	struct tcg_gdb *d = tvm ? tvm->gdb : NULL;

	if (!d)
		return;
	tvm->gdb = NULL;
	pthread_cond_destroy(&d->parked_cond);
	pthread_mutex_destroy(&d->lock);
	free(d);
}

static void debug_wait_parked(struct tcg_gdb *d, struct vm *vm)
{
	pthread_mutex_lock(&d->lock);
	while (d->nparked < vm->ncpus && !vm_stop_requested(vm))
		debug_cond_wait_ns(&d->parked_cond, &d->lock, DEBUG_WAIT_NS);
	pthread_mutex_unlock(&d->lock);
}

static void tcg_gdb_stop(struct vm *vm)
{
	struct tcg_gdb *d = debug_of(vm);

	if (!d)
		return;
	pthread_mutex_lock(&d->lock);
	if (!atomic_load(&d->hold))
		debug_stopq_request(&d->stop);
	atomic_store(&d->hold, true);
	atomic_store(&d->step_cpu, -1);
	pthread_mutex_unlock(&d->lock);
	debug_arm_all(vm->accel_state);
	debug_wait_parked(d, vm);
}

static void tcg_gdb_resume(struct vm *vm, int step_cpu)
{
	struct tcg_gdb *d = debug_of(vm);

	if (!d)
		return;
	pthread_mutex_lock(&d->lock);
	debug_stopq_clear(&d->stop);
	if (step_cpu >= 0 && (unsigned int)step_cpu < vm->ncpus) {
		atomic_store(&d->step_cpu, step_cpu);
		atomic_store(&d->hold, true);
	} else {
		atomic_store(&d->step_cpu, -1);
		atomic_store(&d->hold, false);
	}
	pthread_mutex_unlock(&d->lock);
	debug_arm_all(vm->accel_state);
}

static bool tcg_gdb_stop_reason(struct vm *vm, struct accel_debug_stop *out)
{
	struct tcg_gdb *d = debug_of(vm);

	return d && debug_stopq_read(&d->stop, &d->lock, out);
}

const struct accel_debug_ops tcg_gdb_ops = {
	.attach = tcg_gdb_attach,
	.release = tcg_gdb_release,
	.stop = tcg_gdb_stop,
	.resume = tcg_gdb_resume,
	.stop_reason = tcg_gdb_stop_reason,
	.get_regs = tcg_gdb_get_regs,
	.set_regs = tcg_gdb_set_regs,
	.read_mem = tcg_gdb_read_mem,
	.write_mem = tcg_gdb_write_mem,
	.set_break = tcg_gdb_set_break,
	.clear_breaks = tcg_gdb_clear_breaks,
};
