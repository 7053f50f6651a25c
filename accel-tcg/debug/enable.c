// SPDX-License-Identifier: GPL-2.0
/*
 * When debug exceptions can be generated (ARM ARM D2, pseudocode
 * AArch64.GenerateDebugExceptionsFrom, DoubleLockStatus, StateMatch and
 * DebugExceptionReturnSS) for a CPU with EL0 and EL1 only: no EL2, so
 * MDCR_EL2.TDE = 0 and every debug exception targets EL1; no EL3, so the
 * CPU is Non-secure (as QEMU's virt without EL3).
 */
#include <stdatomic.h>

#include "debug.h"
#include "mem/mem.h"
#include "tcg.h"

#define OSLSR_OSLK	(1ull << 1)
#define OSLSR_OSLM	(1ull << 3)	/* OSLM = 0b10: the OS lock is implemented */
#define OSDLR_DLK	(1ull << 0)
#define DBGPRCR_CORENPDRQ (1ull << 0)

/* Fields of DBGBCR/DBGWCR (D13.3.2, D13.3.11). */
#define CR_E		(1ull << 0)
#define CR_PMC(c)	(((c) >> 1) & 3)
#define CR_HMC(c)	(((c) >> 13) & 1)
#define CR_SSC(c)	(((c) >> 14) & 3)
#define BCR_BT(c)	(((c) >> 20) & 0xf)
#define BT_CONTEXT	0x2	/* unlinked context ID match */
#define BT_LINKED_CONTEXT 0x3	/* linked context ID match */

/*
 * The OS lock (OSLSR_EL1.OSLK) and the OS double lock (OSDLR_EL1.DLK
 * while DBGPRCR_EL1.CORENPDRQ = 0, DoubleLockStatus) disable every
 * debug exception but BRK.
 */
static bool dbg_os_locked(const struct cpu_state *cpu)
{
	if (cpu->sys.oslsr_el1 & OSLSR_OSLK)
		return true;
	return (cpu->sys.osdlr_el1 & OSDLR_DLK) &&
	       !(cpu->sys.dbgprcr_el1 & DBGPRCR_CORENPDRQ);
}

bool dbg_enabled_from(const struct cpu_state *cpu, unsigned int el, bool mask)
{
	if (dbg_os_locked(cpu))
		return false;
	if (el == 0)
		return true;
	return (cpu->sys.mdscr_el1 & MDSCR_KDE) && !mask;
}

static bool dbg_any_enabled(const uint64_t *ctrl, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (ctrl[i] & CR_E)
			return true;
	return false;
}

/*
 * Breakpoints and watchpoints need MDSCR_EL1.MDE (AArch64.CheckBreakpoint,
 * AArch64.CheckWatchpoint); software step only MDSCR_EL1.SS. What
 * PSTATE and the EL allow is checked when they could fire.
 */
void dbg_update(struct cpu_state *cpu)
{
	uint64_t mdscr = cpu->sys.mdscr_el1;
	bool open = !dbg_os_locked(cpu), mde = mdscr & MDSCR_MDE;
	bool insn = open && ((mdscr & MDSCR_SS) ||
			     (mde && dbg_any_enabled(cpu->sys.dbgbcr, SYSREG_DBG_BRPS)));
	bool watch = open && mde && dbg_any_enabled(cpu->sys.dbgwcr, SYSREG_DBG_WRPS);

	if (insn)
		atomic_fetch_or(&cpu->exit_request, EXIT_REQ_DEBUG);
	else
		atomic_fetch_and(&cpu->exit_request, ~EXIT_REQ_DEBUG);
	/* Watched pages lose their fast permissions at their next fill. */
	if (watch || cpu->sys.dbg_watch)
		tlb_flush_all(cpu);
	cpu->sys.dbg_watch = watch;
}

/*
 * A snapshot set the debug registers (a file, so user input): keep what
 * a guest's own writes could have left, i.e. MDSCR_EL1's v8.0 fields
 * (as write_mdscr), OSLSR_EL1 as OSLM = 0b10 with the OSLK bit (only
 * OSLAR writes it), OSDLR_EL1.DLK and DBGPRCR_EL1.CORENPDRQ (the only
 * fields of those, D13.3.28, D13.3.8). The break/watchpoint registers
 * are any guest value already, which the match code takes as it is.
 * Then arm the run loop and the TLB for them, as a write would have.
 */
void dbg_snap_loaded(struct cpu_state *cpu)
{
	struct sysregs *s = &cpu->sys;

	s->mdscr_el1 &= MDSCR_SNAP_MASK;
	s->oslsr_el1 = OSLSR_OSLM | (s->oslsr_el1 & OSLSR_OSLK);
	s->osdlr_el1 &= OSDLR_DLK;
	s->dbgprcr_el1 &= DBGPRCR_CORENPDRQ;
	dbg_update(cpu);
}

uint32_t dbg_return_ss(const struct cpu_state *cpu, uint32_t spsr, unsigned int dest_el)
{
	bool at_source, at_dest;

	if (!(cpu->sys.mdscr_el1 & MDSCR_SS))
		return 0;
	at_source = dbg_enabled(cpu);
	at_dest = dbg_enabled_from(cpu, dest_el, spsr & PSTATE_D);
	/*
	 * Stepping the return itself (enabled at the source) leaves SS = 0,
	 * so the step completes at the destination (active-pending).
	 */
	return !at_source && at_dest ? (spsr & PSTATE_SS) : 0;
}

/*
 * StateMatch with no EL2/EL3 and Non-secure state: PxC<0> matches EL1,
 * PxC<1> EL0; SSC 0b10 (Secure only) never matches, 0b11 only with
 * HMC = 1. HMC alone adds EL2/EL3, which do not exist.
 */
bool dbg_state_match(uint64_t ctrl, unsigned int el)
{
	unsigned int ssc = CR_SSC(ctrl), pxc = CR_PMC(ctrl);

	if (ssc == 2 || (ssc == 3 && !CR_HMC(ctrl)))
		return false;
	return el ? (pxc & 1) : (pxc & 2);
}

/*
 * A linked context ID match (D2.9.x): breakpoint n must be a context-aware
 * one (the highest ID_AA64DFR0.CTX_CMPs + 1), enabled, of the linked
 * context type, and its DBGBVR<31:0> must equal CONTEXTIDR_EL1.
 */
bool dbg_context_match(const struct cpu_state *cpu, unsigned int n)
{
	uint64_t bcr;

	if (n >= SYSREG_DBG_BRPS || n < SYSREG_DBG_BRPS - SYSREG_DBG_CTX)
		return false;
	bcr = cpu->sys.dbgbcr[n];
	if (!(bcr & CR_E) || BCR_BT(bcr) != BT_LINKED_CONTEXT)
		return false;
	return (uint32_t)cpu->sys.dbgbvr[n] == (uint32_t)cpu->sys.contextidr_el1;
}
