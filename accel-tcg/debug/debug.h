/* SPDX-License-Identifier: GPL-2.0 */
/*
 * accel-tcg/debug: the guest's own self-hosted debug at EL0/EL1 (ARM ARM
 * D2, "AArch64 Self-hosted Debug"): breakpoint, watchpoint and software
 * step exceptions programmed through DBGBCR/DBGBVR, DBGWCR/DBGWVR and
 * MDSCR_EL1 (docs/tcg-debug.md). gdb's own debugging is gdb/.
 *
 * Cost model: nothing is checked on the hot paths while no breakpoint,
 * watchpoint or step is enabled. Every write of a debug register calls
 * dbg_update, which
 *  - sets EXIT_REQ_DEBUG while a breakpoint or MDSCR_EL1.SS is enabled:
 *    the run loop (and every block's entry check on the x86-64 tier)
 *    then leaves the translated blocks and runs one instruction at a
 *    time through dbg_exec_one, which checks breakpoints before and
 *    steps after each instruction, so no translated block has to be
 *    invalidated or keyed on a breakpoint;
 *  - sets sys.dbg_watch while a watchpoint is enabled and flushes the
 *    TLB: tlb_fill then gives no fast permissions to the pages a
 *    watchpoint covers, so only their accesses take the slow path, where
 *    dbg_watch_check looks at them.
 *
 * Files, one concern each: enable.c (the enable rules, dbg_update, the
 * SS bit across ERET), breakpoint.c, watchpoint.c, step.c (the state
 * machine and the one-instruction runner).
 */
#ifndef ACCEL_TCG_DEBUG_DEBUG_H
#define ACCEL_TCG_DEBUG_DEBUG_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

/* MDSCR_EL1 bits (ARM ARM D13.3.19). */
#define MDSCR_SS	(1ull << 0)
#define MDSCR_KDE	(1ull << 13)
#define MDSCR_MDE	(1ull << 15)
/* The fields v8.0 has without halting debug: SS, TDCC, KDE, HDE, MDE, RXfull, TXfull, bit 31. */
#define MDSCR_SNAP_MASK	0xe000f001ull

/* ISS of every debug exception: the "debug exception" status 0b100010. */
#define DBG_ISS_FSC	0x22u

/* ---- enable.c: the rules of D2.3 and D2.12 ---- */

/* Recompute EXIT_REQ_DEBUG and sys.dbg_watch after a debug register write. */
void dbg_update(struct cpu_state *cpu);

/*
 * AArch64.GenerateDebugExceptionsFrom(el, mask): debug exceptions are
 * disabled by the OS lock and the OS double lock; with no EL2/EL3 they
 * target EL1, so from EL0 they are always enabled, from EL1 only with
 * MDSCR_EL1.KDE = 1 and PSTATE.D (mask) = 0.
 */
bool dbg_enabled_from(const struct cpu_state *cpu, unsigned int el, bool mask);

/* Enabled from the current EL and PSTATE.D. */
static inline bool dbg_enabled(const struct cpu_state *cpu)
{
	return dbg_enabled_from(cpu, cpu->el, cpu->pstate & PSTATE_D);
}

/*
 * DebugExceptionReturnSS: the PSTATE.SS an exception return to
 * dest_el with spsr sets (PSTATE_SS or 0), evaluated before PSTATE
 * changes.
 */
/* A snapshot set the debug registers: mask them, then dbg_update. */
void dbg_snap_loaded(struct cpu_state *cpu);

uint32_t dbg_return_ss(const struct cpu_state *cpu, uint32_t spsr, unsigned int dest_el);

/* Is a context-aware breakpoint n matching CONTEXTIDR_EL1 (linking)? */
bool dbg_context_match(const struct cpu_state *cpu, unsigned int n);

/*
 * StateMatch (D2.8.x) for a CPU with only EL0 and EL1, Non-secure: the
 * SSC, HMC and PxC fields of a control register against the EL the
 * access or instruction is checked at.
 */
bool dbg_state_match(uint64_t ctrl, unsigned int el);

/* ---- breakpoint.c ---- */

/* Does an enabled breakpoint match the instruction at pc (D2.9)? */
bool dbg_bp_match(const struct cpu_state *cpu, uint64_t pc);

/* Take the Breakpoint exception for the insn at pc: EC 0x30/0x31, no FAR. */
int dbg_bp_take(struct cpu_state *cpu, uint64_t pc);

/* ---- watchpoint.c ---- */

/*
 * MEM's slow path, for each translated piece [va, va + len) of a data
 * access of the insn at pc: write (stores, DC ZVA), priv (not an
 * LDTR/STTR at EL1, nor EL0), cm (cache maintenance). Returns 0, or
 * INSN_EXC after taking the Watchpoint exception (D2.10).
 */
int dbg_watch_check(struct cpu_state *cpu, uint64_t pc, uint64_t va,
		    unsigned int len, bool write, bool priv, bool cm);

/* Does an enabled watchpoint cover a byte of the page at vpage? */
bool dbg_watch_page(const struct cpu_state *cpu, uint64_t vpage);

/* ---- step.c ---- */

/*
 * Run the instruction at cpu->pc on its own (fetched and decoded afresh,
 * as a block of one), with the breakpoint check before it and the
 * software step state machine (D2.12) around it when EXIT_REQ_DEBUG is
 * set. Returns its INSN_* result. The gdbstub (gdb/) uses it too.
 */
int dbg_exec_one(struct cpu_state *cpu);

/*
 * The run loop's hook (EXIT_REQ_DEBUG): dbg_exec_one's INSN_* result, or
 * DBG_PASS when the CPU is halted or off (the loop sleeps as usual).
 */
#define DBG_PASS	(-1)
int dbg_run(struct cpu_state *cpu);

#endif
