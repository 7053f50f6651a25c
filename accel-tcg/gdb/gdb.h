/* SPDX-License-Identifier: GPL-2.0 */
/*
 * accel-tcg's side of the gdbstub (include/accel.h, struct
 * accel_debug_ops). While gdb has a breakpoint, a watchpoint, a step or a
 * stop request, every vCPU of the VM carries EXIT_REQ_GDB: the run loop
 * (exec.c) then hands each instruction boundary to tcg_gdb_exec, which
 * parks the vCPU, or checks the breakpoints and runs ONE instruction
 * decoded afresh (no translated block, so nothing is cached that a
 * breakpoint would have to invalidate). Without any of these the bit is
 * clear and blocks run at full speed.
 */
#ifndef ACCEL_TCG_DEBUG_H
#define ACCEL_TCG_DEBUG_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "accel.h"
#include "debugstop.h"
#include "cpu.h"
#include "tcg.h"

#define TCG_DEBUG_MAX_BP	64
#define TCG_DEBUG_MAX_WP	16

struct tcg_watch {
	uint64_t addr;
	uint64_t len;
	int type;		/* ACCEL_WP_WRITE, _READ or _ACCESS */
};

/* A watchpoint an access of the running insn hit (one slot per vCPU). */
struct tcg_watch_hit {
	bool hit;
	int type;
	uint64_t addr;
};

struct tcg_gdb {
	/* Guards the fields below except the atomics' readers. */
	pthread_mutex_t lock;
	pthread_cond_t parked_cond;	/* nparked changed */
	unsigned int nparked;

	_Atomic bool hold;		/* park every vCPU ... */
	_Atomic int step_cpu;		/* ... but this one, for one insn (-1: none) */

	struct debug_stopq stop;	/* what gdb is told */
	void (*notify)(void *opaque);
	void *opaque;

	/* Changed only while every vCPU is parked: read without the lock. */
	uint64_t bp[TCG_DEBUG_MAX_BP];
	unsigned int nbp;
	struct tcg_watch wp[TCG_DEBUG_MAX_WP];
	_Atomic unsigned int nwp;
	struct tcg_watch_hit hits[VM_MAX_CPUS];	/* written by each vCPU */
};

extern const struct accel_debug_ops tcg_gdb_ops;

/* Run loop hook results. */
#define TCG_DEBUG_PASS	0	/* go on with the normal between-blocks work */
#define TCG_DEBUG_DONE	1	/* handled this boundary: loop again */

/*
 * At an instruction boundary of a vCPU with EXIT_REQ_GDB: park, take an
 * interrupt, or check breakpoints and run one instruction. Returns
 * TCG_DEBUG_DONE, TCG_DEBUG_PASS (VM stopping, CPU asleep or off: the
 * normal path sleeps), or a negative errno.
 */
int tcg_gdb_exec(struct cpu_state *cpu);

/*
 * Does gdb watch memory? Then every data access takes MEM's slow path
 * (tlb.c gives no fast permissions) and reports to tcg_gdb_watch_access.
 */
static inline bool tcg_gdb_watching(const struct cpu_state *cpu)
{
	return cpu->tvm && cpu->tvm->gdb &&
	       atomic_load_explicit(&cpu->tvm->gdb->nwp, memory_order_relaxed);
}

/* MEM's slow path: cpu accesses [va, va + len) (translated, permitted). */
void tcg_gdb_watch_access(struct cpu_state *cpu, uint64_t va, unsigned int len,
			    bool write);

/* Set EXIT_REQ_GDB on cpu if gdb needs it (vCPU thread start). */
void tcg_gdb_arm(struct cpu_state *cpu);

/* state.c: registers, memory, breakpoints of one VM. */
bool tcg_gdb_bp_hit(const struct tcg_gdb *d, uint64_t pc);
int tcg_gdb_get_regs(struct vm *vm, unsigned int idx, struct accel_debug_regs *r);
int tcg_gdb_set_regs(struct vm *vm, unsigned int idx,
		       const struct accel_debug_regs *r);
int tcg_gdb_read_mem(struct vm *vm, unsigned int idx, uint64_t va, void *buf,
		       size_t len);
int tcg_gdb_write_mem(struct vm *vm, unsigned int idx, uint64_t va,
			const void *buf, size_t len);
int tcg_gdb_set_break(struct vm *vm, int type, uint64_t addr, uint64_t len,
			bool insert);
void tcg_gdb_clear_breaks(struct vm *vm);

#endif
