// SPDX-License-Identifier: GPL-2.0
/*
 * Branches (ARM ARM C4.1.87): B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ,
 * BR/BLR/RET, ERET. Exception generation and system encodings of the
 * same class go to decode_system (system.c).
 *
 * Every handler sets cpu->pc to the next PC and returns INSN_BRANCH, so
 * the run loop can look up (or follow the chain to) the next block.
 */
#include "a64.h"
#include "cpu.h"

int br_b(struct cpu_state *cpu, const struct insn *in)
{
	cpu->pc = insn_pc(cpu, in) + in->br.offset;
	return INSN_BRANCH;
}

int br_bl(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t pc = insn_pc(cpu, in);

	cpu->r[30] = pc + 4;
	cpu->pc = pc + in->br.offset;
	return INSN_BRANCH;
}

int br_bcond(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t pc = insn_pc(cpu, in);

	cpu->pc = alu_cond(cpu->nzcv, in->br.cond) ? pc + in->br.offset : pc + 4;
	return INSN_BRANCH;
}

/* CBZ, CBNZ (C6.2.47, C6.2.46) */
int br_cbz(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t pc = insn_pc(cpu, in);
	bool zero = !(cpu->r[in->rn] & in->br.mask);

	cpu->pc = zero != in->br.op ? pc + in->br.offset : pc + 4;
	return INSN_BRANCH;
}

/* TBZ, TBNZ (C6.2.331, C6.2.330) */
int br_tbz(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t pc = insn_pc(cpu, in);
	bool zero = !(cpu->r[in->rn] & in->br.mask);

	cpu->pc = zero != in->br.op ? pc + in->br.offset : pc + 4;
	return INSN_BRANCH;
}

int br_br(struct cpu_state *cpu, const struct insn *in)
{
	cpu->pc = cpu->r[in->rn];
	return INSN_BRANCH;
}

/* BLR: read the target before writing X30 (BLR X30 is valid). */
int br_blr(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t target = cpu->r[in->rn];

	cpu->r[30] = insn_pc(cpu, in) + 4;
	cpu->pc = target;
	return INSN_BRANCH;
}

/* BR, BLR, RET, ERET; the PAuth and DRPS forms are UNDEFINED here. */
static int decode_branch_reg(uint32_t raw, struct insn *out)
{
	unsigned int opc = BITS(raw, 24, 21), op2 = BITS(raw, 20, 16);
	unsigned int op3 = BITS(raw, 15, 10), rn = BITS(raw, 9, 5), op4 = BITS(raw, 4, 0);

	if (op2 != 31 || op3 || op4)
		return 0;
	out->rn = reg_src(rn);
	switch (opc) {
	case 0:
	case 2:
		out->fn = br_br;	/* BR and RET differ only in hints */
		break;
	case 1:
		out->fn = br_blr;
		break;
	case 4:
		if (rn == 31)
			out->fn = exc_return;
		break;
	default:
		break;
	}
	return 0;
}

int decode_branch_sys(uint32_t raw, struct insn *out)
{
	unsigned int op0 = BITS(raw, 31, 29);

	switch (op0) {
	case 0:
	case 4:		/* B, BL: imm26 */
		out->br.offset = (uint64_t)SBITS(raw, 25, 0) << 2;
		out->fn = op0 ? br_bl : br_b;
		return 0;
	case 1:
	case 5:
		out->rn = reg_src(BITS(raw, 4, 0));
		out->br.op = (uint8_t)BIT(raw, 24);
		if (!BIT(raw, 25)) {		/* CBZ/CBNZ: imm19 */
			out->br.offset = (uint64_t)SBITS(raw, 23, 5) << 2;
			out->br.mask = op0 & 4 ? ~0ull : 0xffffffffull;
			out->fn = br_cbz;
		} else {			/* TBZ/TBNZ: b5:b40, imm14 */
			unsigned int bit = (BIT(raw, 31) << 5) | BITS(raw, 23, 19);

			out->br.offset = (uint64_t)SBITS(raw, 18, 5) << 2;
			out->br.mask = 1ull << bit;
			out->fn = br_tbz;
		}
		return 0;
	case 2:		/* B.cond: o1 (bit 24) and o0 (bit 4) must be 0 */
		if (BIT(raw, 24) || BIT(raw, 4) || BIT(raw, 25))
			return 0;
		out->br.offset = (uint64_t)SBITS(raw, 23, 5) << 2;
		out->br.cond = (uint8_t)BITS(raw, 3, 0);
		out->fn = br_bcond;
		return 0;
	case 6:
		if (BIT(raw, 25))
			return decode_branch_reg(raw, out);
		return decode_system(raw, out);
	default:
		return 0;
	}
}

/* Is this a direct branch whose successors may be chained? */
bool insn_is_direct_branch(const struct insn *in)
{
	return in->fn == br_b || in->fn == br_bl || in->fn == br_bcond ||
	       in->fn == br_cbz || in->fn == br_tbz;
}

bool insn_is_bcond(const struct insn *in)
{
	return in->fn == br_bcond;
}
