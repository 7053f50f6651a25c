/* SPDX-License-Identifier: GPL-2.0 */
/*
 * accel-kvm's side of the gdbstub (include/accel.h, accel_debug_ops):
 * all-stop parking at the top of each vCPU's KVM_RUN loop, and KVM's
 * guest debug (Documentation/virt/kvm/api.rst, KVM_SET_GUEST_DEBUG and
 * KVM_EXIT_DEBUG on arm64): single-step, hardware breakpoints and
 * watchpoints in the debug registers KVM loads for us, software
 * breakpoints as BRK instructions written into guest memory.
 */
#ifndef ACCEL_KVM_DEBUG_H
#define ACCEL_KVM_DEBUG_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "accel.h"
#include "debugstop.h"
#include "kvm_int.h"

#define KVM_DEBUG_MAX_HW	16	/* struct kvm_guest_debug_arch slots */
#define KVM_DEBUG_MAX_SW	64

struct kvm_debug_wp {
	uint64_t addr, len;
	int type;		/* ACCEL_WP_* */
};

struct kvm_debug_sw {
	uint64_t addr;
	uint32_t orig;		/* the instruction the BRK replaced */
};

struct kvm_debug {
	pthread_mutex_t lock;	/* guards everything below */
	pthread_cond_t cond;	/* parked vCPUs, and stop() waiting for them */
	unsigned int nparked;
	bool hold;		/* park every vCPU ... */
	int step_cpu;		/* ... but this one, for one instruction */
	struct debug_stopq stop;	/* what gdb is told */
	void (*notify)(void *opaque);
	void *opaque;

	unsigned int gen;	/* bumped when the settings below change */
	unsigned int applied_gen[KVM_MAX_VCPUS];
	bool applied_step[KVM_MAX_VCPUS];
	unsigned int max_bp, max_wp;	/* KVM_CAP_GUEST_DEBUG_HW_BPS/WPS */
	uint64_t bp[KVM_DEBUG_MAX_HW];
	unsigned int nbp;
	struct kvm_debug_wp wp[KVM_DEBUG_MAX_HW];
	unsigned int nwp;
	struct kvm_debug_sw sw[KVM_DEBUG_MAX_SW];
	unsigned int nsw;
};

extern const struct accel_debug_ops kvm_debug_ops;

struct kvm_run;

/* Top of the KVM_RUN loop: park for gdb, load gdb's debug settings. */
void kvm_debug_before_run(struct vm *vm, unsigned int idx);
/* KVM_EXIT_DEBUG: gdb's stop, or the guest's own BRK (re-injected). */
int kvm_debug_exit(struct vm *vm, unsigned int idx, struct kvm_run *run,
		   struct av_err *err);

/* kvm_debug_state.c: registers and guest virtual memory of a vCPU. */
int kvm_debug_get_regs(struct vm *vm, unsigned int idx, struct accel_debug_regs *r);
int kvm_debug_set_regs(struct vm *vm, unsigned int idx,
		       const struct accel_debug_regs *r);
int kvm_debug_read_mem(struct vm *vm, unsigned int idx, uint64_t va, void *buf,
		       size_t len);
int kvm_debug_write_mem(struct vm *vm, unsigned int idx, uint64_t va,
			const void *buf, size_t len);
int kvm_debug_reg(struct kvm_vcpu *v, uint64_t id, void *val, bool set);
int kvm_debug_pc(struct kvm_vcpu *v, uint64_t *pc);
/* kvm_debug_break.c: the guest debug settings KVM gets for vCPU idx. */
struct kvm_guest_debug;
void kvm_debug_build(const struct kvm_debug *d, bool step, struct kvm_guest_debug *dbg);
bool kvm_debug_is_sw_bp(const struct kvm_debug *d, uint64_t pc);
int kvm_debug_set_break(struct vm *vm, int type, uint64_t addr, uint64_t len,
			bool insert);
void kvm_debug_clear_breaks(struct vm *vm);
/* Take the guest's own synchronous exception at EL1 (esr as KVM saw it). */
int kvm_debug_inject_sync(struct kvm_vcpu *v, uint32_t esr);

#endif
