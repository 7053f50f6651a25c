// SPDX-License-Identifier: GPL-2.0
/*
 * accel-kvm guest debugging: all-stop parking for the gdbstub at the top
 * of each vCPU's KVM_RUN loop, loading gdb's settings with
 * KVM_SET_GUEST_DEBUG on the vCPU's own thread, and KVM_EXIT_DEBUG
 * (api.rst: the ESR KVM saw in debug.arch.hsr, the address in far).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <linux/kvm.h>

#include "kvm_debug.h"
#include "log.h"
#include "vm.h"

/* ESR_ELx.EC values of debug exceptions from a lower EL (ARM ARM D17.2.37). */
#define EC_BREAKPT	0x30
#define EC_SSTEP	0x32
#define EC_WATCHPT	0x34
#define EC_BRK64	0x3c

#define DEBUG_WAIT_NS	50000000L

static struct kvm_debug *debug_of(struct vm *vm)
{
	struct kvm_state *ks = vm->accel_state;

	return ks ? ks->debug : NULL;
}

/* Timed so that a VM stop (which kicks with a signal, not our cond) is seen. */
static void debug_wait(struct kvm_debug *d)
{
	debug_cond_wait_ns(&d->cond, &d->lock, DEBUG_WAIT_NS);
}

static bool must_park(const struct kvm_debug *d, unsigned int idx)
{
	return d->hold && d->step_cpu != (int)idx;
}

static void kick_all(struct vm *vm)
{
	unsigned int i;

	for (i = 0; i < vm->ncpus; i++)
		vm->accel->vcpu_kick(vm, i);
}

void kvm_debug_before_run(struct vm *vm, unsigned int idx)
{
	struct kvm_state *ks = vm->accel_state;
	struct kvm_debug *d = ks->debug;
	struct kvm_guest_debug dbg;
	bool apply, step, park;

	pthread_mutex_lock(&d->lock);
	park = must_park(d, idx);
	pthread_mutex_unlock(&d->lock);
	if (park)
		kvm_vcpu_settle(ks, idx);
	pthread_mutex_lock(&d->lock);
	if (must_park(d, idx)) {
		d->nparked++;
		pthread_cond_broadcast(&d->cond);
		while (must_park(d, idx) && !vm_stop_requested(vm))
			debug_wait(d);
		d->nparked--;
	}
	step = d->step_cpu == (int)idx;
	apply = d->applied_gen[idx] != d->gen || d->applied_step[idx] != step;
	if (apply) {
		kvm_debug_build(d, step, &dbg);
		d->applied_gen[idx] = d->gen;
		d->applied_step[idx] = step;
	}
	pthread_mutex_unlock(&d->lock);
	if (apply && ioctl(ks->vcpus[idx].fd, KVM_SET_GUEST_DEBUG, &dbg) < 0 &&
	    log_enabled(LOG_GUEST_ERRORS))
		log_printf(LOG_GUEST_ERRORS, "KVM_SET_GUEST_DEBUG on vCPU %u: %s\n",
			   idx, strerror(errno));
}

/* idx stopped for why: hold everyone, the first event is gdb's. */
static void debug_event(struct vm *vm, struct kvm_debug *d, unsigned int idx,
			int why, int wp_type, uint64_t wp_addr)
{
	const struct accel_debug_stop ev = {
		.cpu = idx, .why = why, .wp_type = wp_type, .wp_addr = wp_addr,
	};
	bool notify;

	pthread_mutex_lock(&d->lock);
	notify = debug_stopq_post(&d->stop, &ev);
	d->hold = true;
	d->step_cpu = -1;
	pthread_mutex_unlock(&d->lock);
	kick_all(vm);
	if (notify && d->notify)
		d->notify(d->opaque);
}

/* The watchpoint whose doubleword holds far (KVM reports the access address). */
static const struct kvm_debug_wp *debug_wp_at(const struct kvm_debug *d, uint64_t far)
{
	unsigned int i;

	for (i = 0; i < d->nwp; i++)
		if (far + 8 > (d->wp[i].addr & ~7ull) && far < d->wp[i].addr + d->wp[i].len)
			return &d->wp[i];
	return d->nwp ? &d->wp[0] : NULL;
}

int kvm_debug_exit(struct vm *vm, unsigned int idx, struct kvm_run *run,
		   struct av_err *err)
{
	struct kvm_state *ks = vm->accel_state;
	struct kvm_debug *d = ks->debug;
	uint32_t esr = run->debug.arch.hsr;
	const struct kvm_debug_wp *wp;
	uint64_t pc = 0;
	int ret;

	/* The same-EL classes are the lower-EL ones with bit 0 set. */
	switch ((esr >> 26) & 0x3e) {
	case EC_BRK64:	/* 0x3c: bit 0 clear, unchanged by the mask */
		kvm_debug_pc(&ks->vcpus[idx], &pc);
		if (d && kvm_debug_is_sw_bp(d, pc)) {
			debug_event(vm, d, idx, ACCEL_STOP_BREAK, 0, 0);
			return 0;
		}
		/* The guest's own BRK (BUG(), kgdb...): it gets its exception. */
		ret = kvm_debug_inject_sync(&ks->vcpus[idx], esr);
		if (ret)
			return av_errf_errno(err, -ret, "vCPU %u: cannot deliver the guest's BRK",
					     idx);
		return 0;
	case EC_SSTEP:
		/*
		 * Only a vCPU gdb stepped should get here; any other is told to
		 * gdb too, rather than re-entered into the same trap forever.
		 */
		if (d)
			debug_event(vm, d, idx, ACCEL_STOP_STEP, 0, 0);
		return 0;
	case EC_BREAKPT:
		if (d)
			debug_event(vm, d, idx, ACCEL_STOP_BREAK, 0, 0);
		return 0;
	case EC_WATCHPT:
		wp = d ? debug_wp_at(d, run->debug.arch.far) : NULL;
		if (wp)
			debug_event(vm, d, idx, ACCEL_STOP_WATCH, wp->type, wp->addr);
		return 0;
	default:
		if (log_enabled(LOG_GUEST_ERRORS))
			log_printf(LOG_GUEST_ERRORS, "vCPU %u: debug exit with ESR 0x%08x\n",
				   idx, esr);
		return 0;	/* nothing of ours: run on */
	}
}

static int kvm_debug_attach(struct vm *vm, bool start_stopped,
			    void (*stopped)(void *opaque), void *opaque,
			    struct av_err *err)
{
	struct kvm_state *ks = vm->accel_state;
	struct kvm_debug *d;
	int n;

	if (!ks)
		return av_errf(err, EINVAL, "no KVM VM to debug");
	if (ks->debug)
		return av_errf(err, EBUSY, "a debugger is already attached");
	if (ioctl(ks->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_SET_GUEST_DEBUG) <= 0)
		return av_errf(err, ENOTSUP, "-gdb: this KVM cannot debug guests (no KVM_CAP_SET_GUEST_DEBUG)");
	d = calloc(1, sizeof(*d));
	if (!d)
		return av_errf(err, ENOMEM, "out of memory for the gdbstub");
	pthread_mutex_init(&d->lock, NULL);
	pthread_cond_init(&d->cond, NULL);
	d->step_cpu = -1;
	d->gen = 1;
	n = ioctl(ks->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_GUEST_DEBUG_HW_BPS);
	d->max_bp = n > 0 ? (n < KVM_DEBUG_MAX_HW ? (unsigned int)n : KVM_DEBUG_MAX_HW) : 0;
	n = ioctl(ks->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_GUEST_DEBUG_HW_WPS);
	d->max_wp = n > 0 ? (n < KVM_DEBUG_MAX_HW ? (unsigned int)n : KVM_DEBUG_MAX_HW) : 0;
	d->notify = stopped;
	d->opaque = opaque;
	if (start_stopped) {
		d->hold = true;
		debug_stopq_request(&d->stop);
	}
	ks->debug = d;
	return 0;
}

static void kvm_debug_release(struct vm *vm)
{
	struct kvm_state *ks = vm->accel_state;
	struct kvm_debug *d = ks ? ks->debug : NULL;

	if (!d)
		return;
	ks->debug = NULL;
	pthread_cond_destroy(&d->cond);
	pthread_mutex_destroy(&d->lock);
	free(d);
}

static void kvm_debug_stop(struct vm *vm)
{
	struct kvm_debug *d = debug_of(vm);

	if (!d)
		return;
	pthread_mutex_lock(&d->lock);
	if (!d->hold)
		debug_stopq_request(&d->stop);
	d->hold = true;
	d->step_cpu = -1;
	pthread_mutex_unlock(&d->lock);
	kick_all(vm);
	pthread_mutex_lock(&d->lock);
	while (d->nparked < vm->ncpus && !vm_stop_requested(vm))
		debug_wait(d);
	pthread_mutex_unlock(&d->lock);
}

static void kvm_debug_resume(struct vm *vm, int step_cpu)
{
	struct kvm_debug *d = debug_of(vm);

	if (!d)
		return;
	pthread_mutex_lock(&d->lock);
	debug_stopq_clear(&d->stop);
	d->step_cpu = step_cpu >= 0 && (unsigned int)step_cpu < vm->ncpus ? step_cpu : -1;
	d->hold = d->step_cpu >= 0;
	pthread_cond_broadcast(&d->cond);
	pthread_mutex_unlock(&d->lock);
}

static bool kvm_debug_stop_reason(struct vm *vm, struct accel_debug_stop *out)
{
	struct kvm_debug *d = debug_of(vm);

	return d && debug_stopq_read(&d->stop, &d->lock, out);
}

const struct accel_debug_ops kvm_debug_ops = {
	.attach = kvm_debug_attach,
	.release = kvm_debug_release,
	.stop = kvm_debug_stop,
	.resume = kvm_debug_resume,
	.stop_reason = kvm_debug_stop_reason,
	.get_regs = kvm_debug_get_regs,
	.set_regs = kvm_debug_set_regs,
	.read_mem = kvm_debug_read_mem,
	.write_mem = kvm_debug_write_mem,
	.set_break = kvm_debug_set_break,
	.clear_breaks = kvm_debug_clear_breaks,
};
