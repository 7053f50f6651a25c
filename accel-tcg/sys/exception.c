// SPDX-License-Identifier: GPL-2.0
/*
 * Exception entry and return for an AArch64-only EL0/EL1 CPU
 * (ARM ARM D1.10 "Exception entry", D1.11 "Exception return",
 * pseudocode AArch64.TakeException / AArch64.ExceptionReturn).
 * EL2 and EL3 are not implemented, so every exception targets EL1.
 */
#include <stdint.h>

#include "cpu.h"
#include "log.h"
#include "debug/debug.h"
#include "mem/mem.h"
#include "pmu/pmu.h"

/* Vector table offsets from VBAR_EL1 (ARM ARM D1.10.2, table D1-7). */
#define VEC_CUR_SP0	0x000
#define VEC_CUR_SPX	0x200
#define VEC_LOWER_A64	0x400
#define VEC_SYNC	0x000
#define VEC_IRQ		0x080
#define VEC_FIQ		0x100

#define ESR_IL		(1u << 25)

/* SPSR.M[4] (AArch32) and the reserved M[1] bit (ARM ARM C5.2.18). */
#define SPSR_M_AARCH32	(1u << 4)
#define SPSR_M_RES	(1u << 1)
/* The SPSR bits an AArch64 return restores; the rest are RES0 in v8.0. */
#define SPSR_A64_BITS	(PSTATE_NZCV | PSTATE_SS | PSTATE_IL | PSTATE_DAIF | \
			 (3u << PSTATE_EL_SHIFT) | PSTATE_SP)

static unsigned int pstate_el(uint32_t pstate)
{
	return (pstate >> PSTATE_EL_SHIFT) & 3;
}

/* Which banked SP a PSTATE selects: SP_EL0 at EL0 or with SPSel = 0. */
static unsigned int sp_bank(uint32_t pstate)
{
	return pstate_el(pstate) != 0 && (pstate & PSTATE_SP) ? 1 : 0;
}

void cpu_set_pstate(struct cpu_state *cpu, uint32_t pstate)
{
	unsigned int old = sp_bank(cpu->pstate);
	unsigned int new = sp_bank(pstate);

	cpu->sp_el[old] = cpu->r[REG_SP];
	cpu->pstate = pstate & ~PSTATE_NZCV;
	cpu->el = pstate_el(pstate);
	cpu->r[REG_SP] = cpu->sp_el[new];
}

/* SPSR format: PSTATE with NZCV in bits 31:28. */
static uint32_t cpu_spsr(const struct cpu_state *cpu)
{
	return (cpu->pstate & ~PSTATE_NZCV) | (cpu->nzcv & PSTATE_NZCV);
}

/* Offset of the vector group for an exception taken from the current state. */
static uint64_t vector_base(const struct cpu_state *cpu)
{
	if (cpu->el == 0)
		return cpu->sys.vbar_el1 + VEC_LOWER_A64;
	if (cpu->pstate & PSTATE_SP)
		return cpu->sys.vbar_el1 + VEC_CUR_SPX;
	return cpu->sys.vbar_el1 + VEC_CUR_SP0;
}

/*
 * Enter EL1 at vector offset vec with preferred return address ret
 * (AArch64.TakeException): SPSR/ELR saved, EL1h, all of DAIF masked,
 * IL and SS cleared. The local exclusive monitor is cleared too: the
 * architecture allows it, and it keeps an interrupted LDXR/STXR pair
 * from completing across a context switch.
 */
static void exc_enter(struct cpu_state *cpu, uint64_t vec, uint64_t ret)
{
	uint64_t target = vector_base(cpu) + vec;

	if (__builtin_expect(cpu->sys.pmu.counting, 0))
		pmu_exc_taken(cpu);	/* EXC_TAKEN, at the EL taken from */
	cpu->sys.spsr_el1 = cpu_spsr(cpu);
	cpu->sys.elr_el1 = ret;
	cpu_set_pstate(cpu, (1u << PSTATE_EL_SHIFT) | PSTATE_SP | PSTATE_DAIF);
	excl_clear(cpu);
	cpu->halted = false;
	cpu->pc = target;
}

/*
 * Exception classes that come in a "same EL" / "lower EL" pair: the
 * lower-EL code is the same-EL code minus one (ARM ARM D17.2.37).
 */
static uint32_t ec_for_el(uint32_t ec, unsigned int el)
{
	switch (ec) {
	case EC_IABT_SAME:
	case EC_DABT_SAME:
	case EC_BREAKPT_SAME:
	case EC_SSTEP_SAME:
	case EC_WATCHPT_SAME:
		return el == 0 ? ec - 1 : ec;
	case EC_IABT_LOWER:
	case EC_DABT_LOWER:
	case EC_BREAKPT_LOWER:
	case EC_SSTEP_LOWER:
	case EC_WATCHPT_LOWER:
		return el == 0 ? ec : ec + 1;
	default:
		return ec;
	}
}

static void exc_log(const struct cpu_state *cpu, const char *kind,
		    uint64_t ret)
{
	log_printf(LOG_INT,
		   "Taking exception: %s EC=0x%02x ESR=0x%08llx ELR=0x%016llx "
		   "FAR=0x%016llx SPSR=0x%08llx new PC=0x%016llx cpu=%u\n",
		   kind, (unsigned int)(cpu->sys.esr_el1 >> 26),
		   (unsigned long long)cpu->sys.esr_el1,
		   (unsigned long long)ret,
		   (unsigned long long)cpu->sys.far_el1,
		   (unsigned long long)cpu->sys.spsr_el1,
		   (unsigned long long)cpu->pc, cpu->index);
}

/*
 * Callers may pass either member of a same/lower EC pair: the one
 * matching the current EL is used. IL is always 1: every A64
 * instruction is 32 bits, and the ARM ARM makes IL RES1 for the
 * exceptions that do not come from an instruction (aborts, EC 0...).
 */
int exc_take_sync(struct cpu_state *cpu, uint64_t pc, uint32_t ec, uint32_t iss)
{
	/* The insns from the preferred return address on did not retire. */
	pmu_block_cut(cpu, pc);
	ec = ec_for_el(ec, cpu->el);
	cpu->sys.esr_el1 = ((uint64_t)ec << 26) | ESR_IL | (iss & 0x1ffffff);
	exc_enter(cpu, VEC_SYNC, pc);
	if (log_enabled(LOG_INT))
		exc_log(cpu, "sync", pc);
	return INSN_EXC;
}

/* Asynchronous exceptions return to the next insn not yet executed. */
static void exc_take_async(struct cpu_state *cpu, uint64_t vec, const char *kind)
{
	uint64_t ret = cpu->pc;

	exc_enter(cpu, vec, ret);
	if (log_enabled(LOG_INT))
		log_printf(LOG_INT, "Taking exception: %s ELR=0x%016llx "
			   "new PC=0x%016llx cpu=%u\n", kind, (unsigned long long)ret,
			   (unsigned long long)cpu->pc, cpu->index);
}

void exc_take_irq(struct cpu_state *cpu)
{
	exc_take_async(cpu, VEC_IRQ, "irq");
}

void exc_take_fiq(struct cpu_state *cpu)
{
	exc_take_async(cpu, VEC_FIQ, "fiq");
}

/*
 * Illegal exception return (ARM ARM D1.11.4): AArch32 (not
 * implemented), a reserved M encoding, a higher EL than the current
 * one, EL2/EL3 (not implemented), or EL0 with SPSel = 1.
 */
static bool spsr_illegal(uint32_t spsr, unsigned int cur_el)
{
	unsigned int el = pstate_el(spsr);

	if (spsr & (SPSR_M_AARCH32 | SPSR_M_RES))
		return true;
	if (el > cur_el || el > 1)
		return true;
	return el == 0 && (spsr & PSTATE_SP);
}

/*
 * ERET. At EL0 it is UNDEFINED. For an illegal return, PSTATE.IL is set
 * and EL/SP stay; the next instruction would then take an Illegal
 * Execution State exception (EC 0x0e) at ELR: we take it right away,
 * with the same ESR, ELR and SPSR (IL = 1) the architecture produces.
 */
int exc_return(struct cpu_state *cpu, const struct insn *in)
{
	uint32_t spsr = (uint32_t)cpu->sys.spsr_el1;
	uint64_t elr = cpu->sys.elr_el1;

	if (cpu->el == 0)
		return insn_undefined(cpu, in);
	excl_clear(cpu);
	if (spsr_illegal(spsr, cpu->el)) {
		uint32_t keep = cpu->pstate & ((3u << PSTATE_EL_SHIFT) | PSTATE_SP);
		uint32_t ss = dbg_return_ss(cpu, spsr, cpu->el);

		cpu->nzcv = spsr & PSTATE_NZCV;
		cpu->pstate = (spsr & PSTATE_DAIF) | ss | keep | PSTATE_IL;
		return exc_take_sync(cpu, elr, EC_ILLEGAL_STATE, 0);
	}
	/* PSTATE.SS: DebugExceptionReturnSS, decided before PSTATE changes. */
	spsr = (spsr & ~PSTATE_SS) | dbg_return_ss(cpu, spsr, pstate_el(spsr));
	cpu->nzcv = spsr & PSTATE_NZCV;
	cpu_set_pstate(cpu, spsr & SPSR_A64_BITS);
	cpu->pc = elr;
	/* A legal return with SPSR.IL set still makes the next insn illegal. */
	if (spsr & PSTATE_IL)
		return exc_take_sync(cpu, elr, EC_ILLEGAL_STATE, 0);
	if (log_enabled(LOG_INT))
		log_printf(LOG_INT, "Exception return to EL%u PC=0x%016llx cpu=%u\n",
			   cpu->el, (unsigned long long)elr, cpu->index);
	return INSN_BRANCH;
}
