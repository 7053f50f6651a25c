// SPDX-License-Identifier: GPL-2.0
/*
 * Breakpoint exceptions (ARM ARM D2.9, pseudocode AArch64.BreakpointMatch,
 * AArch64.BreakpointValueMatch, AArch64.CheckBreakpoint): checked before
 * an instruction executes, at the instruction boundary.
 */
#include "debug.h"

#define BCR_E		(1ull << 0)
#define BCR_BAS(c)	(((c) >> 5) & 0xf)
#define BCR_LBN(c)	((unsigned int)((c) >> 16) & 0xf)
#define BCR_BT(c)	(((c) >> 20) & 0xf)

/* Breakpoint types (DBGBCR_EL1.BT) with context comparators only. */
#define BT_ADDR		0x0	/* unlinked address match */
#define BT_ADDR_LINKED	0x1	/* address match linked to a context breakpoint */
#define BT_CONTEXT	0x2	/* unlinked context ID match */

/*
 * DBGBVR<48:2> against the PC (48-bit VAs: bits 63:49 are a sign
 * extension of bit 48, which tells the two halves apart).
 */
#define BVR_ADDR_MASK	0x0001fffffffffffcull

static bool bp_addr_match(uint64_t bvr, uint64_t pc)
{
	return !((bvr ^ pc) & BVR_ADDR_MASK);
}

static bool bp_is_context_aware(unsigned int n)
{
	return n >= SYSREG_DBG_BRPS - SYSREG_DBG_CTX;
}

/*
 * One breakpoint against the insn at pc. BAS must be 0b1111 for A64
 * code; like QEMU, any non-zero BAS is taken as that, 0 never matches.
 * Reserved types never match.
 */
static bool bp_one(const struct cpu_state *cpu, unsigned int n, uint64_t pc)
{
	uint64_t bcr = cpu->sys.dbgbcr[n], bvr = cpu->sys.dbgbvr[n];

	if (!(bcr & BCR_E) || !dbg_state_match(bcr, cpu->el))
		return false;
	switch (BCR_BT(bcr)) {
	case BT_ADDR:
		return BCR_BAS(bcr) && bp_addr_match(bvr, pc);
	case BT_ADDR_LINKED:
		return BCR_BAS(bcr) && bp_addr_match(bvr, pc) &&
		       dbg_context_match(cpu, BCR_LBN(bcr));
	case BT_CONTEXT:
		return bp_is_context_aware(n) &&
		       (uint32_t)bvr == (uint32_t)cpu->sys.contextidr_el1;
	default:
		return false;
	}
}

bool dbg_bp_match(const struct cpu_state *cpu, uint64_t pc)
{
	if (!(cpu->sys.mdscr_el1 & MDSCR_MDE) || !dbg_enabled(cpu))
		return false;
	for (unsigned int n = 0; n < SYSREG_DBG_BRPS; n++)
		if (bp_one(cpu, n, pc))
			return true;
	return false;
}

/* Preferred return: the insn itself; FAR is UNKNOWN, left alone. */
int dbg_bp_take(struct cpu_state *cpu, uint64_t pc)
{
	return exc_take_sync(cpu, pc, EC_BREAKPT_SAME, DBG_ISS_FSC);
}
