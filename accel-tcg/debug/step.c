// SPDX-License-Identifier: GPL-2.0
/*
 * Software step (ARM ARM D2.12, pseudocode AArch64.CheckSoftwareStep,
 * ShouldAdvanceSS) and the one-instruction runner both it and the
 * breakpoints need. The state machine: with MDSCR_EL1.SS = 1 and debug
 * exceptions enabled from the current EL, PSTATE.SS = 1 is
 * active-not-pending (run one insn, then PSTATE.SS = 0) and PSTATE.SS = 0
 * active-pending (take the Software Step exception before the next
 * insn). Exception entry saves PSTATE.SS in SPSR_EL1.SS and clears it
 * (sys/exception.c); ERET sets it as dbg_return_ss says.
 */
#include <stdatomic.h>
#include <string.h>

#include "debug.h"
#include "mem/mem.h"
#include "pmu/pmu.h"
#include "tcg.h"

/* ISS of a Software Step exception (D17.2.37, EC 0x32/0x33). */
#define ISS_SS_ISV	(1u << 24)	/* EX is valid: an insn was stepped */
#define ISS_SS_EX	(1u << 6)	/* the stepped insn was a load-exclusive */

/* LDXR, LDAXR, LDXP, LDAXP: load/store exclusive with o2 = 0, L = 1 (C4.1.4). */
#define ENC_LDEX_MASK	0x3fc00000u
#define ENC_LDEX_VAL	0x08400000u
/* SVC, HVC, SMC: exception generation with opc = 000, LL != 00 (C4.1.3). */
#define ENC_CALL_MASK	0xffe0001cu
#define ENC_CALL_VAL	0xd4000000u

static bool step_active(const struct cpu_state *cpu)
{
	return (cpu->sys.mdscr_el1 & MDSCR_SS) && dbg_enabled(cpu);
}

static bool insn_is_call(uint32_t raw)
{
	return MATCH(raw, ENC_CALL) && (raw & 3);
}

/* Preferred return: the insn not yet executed (cpu->pc). */
static int step_take(struct cpu_state *cpu, bool isv, bool ex)
{
	uint32_t iss = DBG_ISS_FSC;

	if (isv)
		iss |= ISS_SS_ISV | (ex ? ISS_SS_EX : 0);
	return exc_take_sync(cpu, cpu->pc, EC_SSTEP_SAME, iss);
}

/* Fetch the insn at cpu->pc: 0, or INSN_EXC after the fault. */
static int dbg_fetch(struct cpu_state *cpu, uint32_t *raw)
{
	uint64_t pa;

	if (cpu->pc & 3) {
		/* PC alignment fault: FAR holds the PC (ARM ARM D1.10.2). */
		cpu->sys.far_el1 = cpu->pc;
		return exc_take_sync(cpu, cpu->pc, EC_PC_ALIGN, 0);
	}
	if (mem_translate_fetch(cpu, cpu->pc, &pa))
		return INSN_EXC;
	/* mem_translate_fetch only succeeds for RAM. */
	memcpy(raw, guest_ram_ptr(cpu->ram, pa, 4), 4);
	return 0;
}

/* Decode and run raw as a block of one; INSN_* result. */
static int dbg_run_raw(struct cpu_state *cpu, uint32_t raw)
{
	struct insn in;
	int r;

	decode_insn(raw, &in);
	in.off = 0;
	/* A block of one for the PMU (an exception's entry takes it back). */
	if (__builtin_expect(cpu->sys.pmu.counting, 0))
		pmu_count_one(cpu, raw);
	r = in.fn(cpu, &in);
	if (r == INSN_EXIT)
		pmu_block_cut(cpu, cpu->pc);
	if (r == INSN_NEXT)
		cpu->pc += 4;	/* what a block's sentinel would do */
	return r;
}

/*
 * The insn ran while active-not-pending. An SVC/HVC/SMC counts as
 * completed before its exception (SPSR_EL1.SS = 0 then); any other
 * exception leaves SS = 1, so the return re-steps the insn. After a
 * completed insn the step is taken right away if still enabled (as
 * QEMU does, before any interrupt); stepping WFI does not wait.
 */
static int step_complete(struct cpu_state *cpu, uint32_t raw, int r)
{
	if (r == INSN_EXC)
		return r;
	cpu->pstate &= ~PSTATE_SS;
	if (!step_active(cpu))
		return r;
	cpu->halted = false;
	return step_take(cpu, true, MATCH(raw, ENC_LDEX));
}

int dbg_exec_one(struct cpu_state *cpu)
{
	bool armed = atomic_load_explicit(&cpu->exit_request, memory_order_relaxed) &
		     EXIT_REQ_DEBUG;
	bool step = armed && step_active(cpu);
	uint32_t raw = 0;
	int r;

	if (step && !(cpu->pstate & PSTATE_SS))
		return step_take(cpu, false, false);	/* active-pending */
	if (armed && dbg_bp_match(cpu, cpu->pc))
		return dbg_bp_take(cpu, cpu->pc);
	r = dbg_fetch(cpu, &raw);
	if (r)
		return r;
	if (step && insn_is_call(raw))
		cpu->pstate &= ~PSTATE_SS;
	r = dbg_run_raw(cpu, raw);
	return step ? step_complete(cpu, raw, r) : r;
}

int dbg_run(struct cpu_state *cpu)
{
	if (cpu->halted || !atomic_load_explicit(&cpu->powered_on, memory_order_relaxed))
		return DBG_PASS;
	return dbg_exec_one(cpu);
}
