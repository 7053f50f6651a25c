// SPDX-License-Identifier: GPL-2.0
/*
 * Hints (NOP, YIELD, WFE, WFI, SEV, SEVL and the unallocated hint space,
 * which executes as NOP: ARM ARM C6.2.94, so PAC and BTI hints are NOPs
 * on this v8.0 CPU) and barriers (CLREX, DSB, DMB, ISB).
 */
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>

#include "cpu.h"
#include "mem/mem.h"
#include "system.h"

/* ISS of a trapped WFI/WFE (D17.2.37): CV = 1, COND = 0b1110, TI. */
#define WFX_ISS(ti)	((1u << 24) | (0xeu << 20) | (ti))

static int sys_nop(struct cpu_state *cpu, const struct insn *in)
{
	(void)cpu;
	(void)in;
	return INSN_NEXT;
}

static bool irq_pending(struct cpu_state *cpu)
{
	return atomic_load(&cpu->irq_level) || atomic_load(&cpu->fiq_level);
}

/*
 * WFI: EL0 traps unless SCTLR_EL1.nTWI (D13.2.118). Otherwise the CPU
 * halts until an interrupt is pending, masked or not (D1.16.2): the run
 * loop sleeps while cpu->halted. With one pending already it is a NOP.
 */
static int sys_wfi(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t pc = insn_pc(cpu, in);

	if (cpu->el == 0 && !(cpu->sys.sctlr_el1 & SCTLR_NTWI))
		return exc_take_sync(cpu, pc, EC_WFX, WFX_ISS(0));
	cpu->pc = pc + 4;
	if (!irq_pending(cpu))
		cpu->halted = true;
	return INSN_EXIT;
}

/*
 * WFE: EL0 traps unless SCTLR_EL1.nTWE. Otherwise it completes at once:
 * WFE may wake for no reason at all (D1.16.1), so software re-checks
 * (Linux waits on a lock word with LDXR + WFE). Giving the host CPU
 * away lets the vCPU holding the lock run when vCPUs outnumber cores.
 */
static int sys_wfe(struct cpu_state *cpu, const struct insn *in)
{
	if (cpu->el == 0 && !(cpu->sys.sctlr_el1 & SCTLR_NTWE))
		return exc_take_sync(cpu, insn_pc(cpu, in), EC_WFX, WFX_ISS(1));
	sched_yield();
	return INSN_NEXT;
}

/* CRm:op2 selects the hint; all others are NOPs. */
int decode_hint(uint32_t raw, struct insn *out)
{
	unsigned int hint = BITS(raw, 11, 5);

	switch (hint) {
	case 2:
		out->fn = sys_wfe;
		break;
	case 3:
		out->fn = sys_wfi;
		break;
	default:	/* NOP, YIELD, SEV, SEVL, ESB, PSB, CSDB, PAC, BTI ... */
		out->fn = sys_nop;
		break;
	}
	return 0;
}

static int sys_clrex(struct cpu_state *cpu, const struct insn *in)
{
	(void)in;
	excl_clear(cpu);
	return INSN_NEXT;
}

/*
 * DSB and DMB order this vCPU's accesses against other vCPUs and
 * devices: a full host fence covers every domain and type.
 */
static int sys_fence(struct cpu_state *cpu, const struct insn *in)
{
	(void)cpu;
	(void)in;
	atomic_thread_fence(memory_order_seq_cst);
	return INSN_NEXT;
}

/*
 * ISB: the block ends here (every system insn ends one), so the next
 * insns are fetched through the current translation regime.
 */
int decode_barrier(uint32_t raw, struct insn *out)
{
	switch (BITS(raw, 7, 5)) {
	case 2:
		out->fn = sys_clrex;
		break;
	case 4:		/* DSB (SSBB, PSSBB are DSB encodings) */
	case 5:		/* DMB */
		out->fn = sys_fence;
		break;
	case 6:		/* ISB */
		out->fn = sys_nop;
		break;
	default:	/* SB and the rest: not in v8.0 */
		break;
	}
	return 0;
}
