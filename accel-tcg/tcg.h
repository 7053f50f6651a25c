/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TCG accelerator's VM and vCPU containers (vm->accel_state), and
 * the entry points other accel-tcg files use to wake a vCPU.
 */
#ifndef ACCEL_TCG_TCG_H
#define ACCEL_TCG_TCG_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "vm.h"

/* Bits of cpu->exit_request. */
#define EXIT_REQ_KICK	(1u << 0)	/* look at VM state / interrupts */
#define EXIT_REQ_TB	(1u << 1)	/* block invalidations are queued */
#define EXIT_REQ_GDB	(1u << 2)	/* gdbstub: one insn at a time (gdb/gdb.c) */
#define EXIT_REQ_BOOT	(1u << 3)	/* PSCI CPU_ON: boot from sys.psci_entry */
#define EXIT_REQ_DEBUG	(1u << 4)	/* guest breakpoint/step: one insn at a time (debug/) */

/* Pages a vCPU can have queued for invalidation before it flushes all. */
#define TB_INVAL_QUEUE	64

struct tcg_vcpu {
	struct cpu_state cpu;

	/* Guards sleeping (WFI, powered off) and the invalidation queue. */
	pthread_mutex_t lock;
	pthread_cond_t wake;

	uint64_t inval_pages[TB_INVAL_QUEUE];	/* physical page numbers */
	unsigned int ninval;
	bool inval_all;
};

struct gic;

struct tcg_vm {
	struct vm *vm;
	unsigned int ncpus;
	struct tcg_vcpu *vcpus[VM_MAX_CPUS];

	struct gic *gic;		/* SYS's emulated GIC (gic.h) */
	struct vtimer *vtimer;		/* SYS's generic timer thread (timer.h) */
	struct tcg_gdb *gdb;	/* the gdbstub's state (gdb/gdb.c), or NULL */

	/* One byte per page of RAM: non-zero while some block comes from it. */
	_Atomic uint8_t *code_pages;
	uint64_t code_base;		/* guest physical address of RAM */
	uint64_t code_npages;
	uint64_t semihost_t0;		/* CLOCK_MONOTONIC ns at creation: SYS_CLOCK's 0 */
	int perfmap_fd;			/* -perfmap's file (jit.h); -1: none */
};

static inline struct tcg_vcpu *tcg_vcpu_of(struct cpu_state *cpu)
{
	return (struct tcg_vcpu *)cpu;	/* cpu is the first member */
}

/*
 * Make cpu leave guest code at its next block boundary and wake it when
 * it sleeps (WFI or powered off). Safe from any thread; the GIC, the
 * timer and PSCI call it.
 */
void tcg_vcpu_kick(struct cpu_state *cpu);

/* Set exit_request bits and wake the vCPU (tcg_vcpu_kick with bits). */
void tcg_vcpu_request(struct cpu_state *cpu, uint32_t bits);

/* The vCPU of a VM by index, or NULL. */
struct cpu_state *tcg_vm_cpu(struct tcg_vm *tvm, unsigned int idx);

/*
 * Set up / tear down one CPU state outside a VM (tests and the
 * instruction harness): RAM and bus as given, EL1h, DAIF masked.
 */
int tcg_cpu_init(struct tcg_vcpu *v, struct tcg_vm *tvm, unsigned int idx,
		 struct av_err *err);
void tcg_cpu_fini(struct tcg_vcpu *v);

/* Architectural reset: registers zero, EL1h, DAIF masked, MMU off, no blocks. */
void tcg_cpu_reset(struct cpu_state *cpu);

/* Code bitmap over [base, base + size) (translate.c). */
int tcg_code_map_init(struct tcg_vm *tvm, uint64_t base, uint64_t size,
		      struct av_err *err);
void tcg_code_map_free(struct tcg_vm *tvm);

/*
 * Run cpu until a stop of its VM is requested (cpu->vm may be NULL in
 * tests: then only the options end the run). Returns 0, or 1 when an
 * option ended it.
 */
struct tcg_run_opts {
	uint64_t max_blocks;		/* 0: unlimited */
	bool stop_on_exc;		/* harness: a synchronous exception ends the run */
};
int tcg_cpu_exec(struct cpu_state *cpu, const struct tcg_run_opts *opts);

/* accel_ops.snap_save / snap_load (tcg_snap.c, include/snapshot.h). */
struct snap_machine;
int tcg_snap_save(struct vm *vm, struct snap_machine *m, struct av_err *err);
int tcg_snap_load(struct vm *vm, const struct snap_machine *m, struct av_err *err);

#endif
