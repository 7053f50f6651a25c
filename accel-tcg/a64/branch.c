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

static int br_b(struct cpu_state *cpu, const struct insn *in)
{
	cpu->pc = insn_pc(cpu, in) + in->imm;
	return INSN_BRANCH;
}

static int br_bl(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t pc = insn_pc(cpu, in);

	cpu->r[30] = pc + 4;
	cpu->pc = pc + in->imm;
	return INSN_BRANCH;
}

/* a = cond */
static int br_bcond(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t pc = insn_pc(cpu, in);

	cpu->pc = alu_cond(cpu->nzcv, in->a) ? pc + in->imm : pc + 4;
	return INSN_BRANCH;
}

/* imm2 = operand mask (32 or 64 bits), a = 1 for CBNZ */
static int br_cbz(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t pc = insn_pc(cpu, in);
	bool zero = !(cpu->r[in->rn] & in->imm2);

	cpu->pc = zero != in->a ? pc + in->imm : pc + 4;
	return INSN_BRANCH;
}

/* imm2 = the tested bit, a = 1 for TBNZ */
static int br_tbz(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t pc = insn_pc(cpu, in);
	bool zero = !(cpu->r[in->rn] & in->imm2);

	cpu->pc = zero != in->a ? pc + in->imm : pc + 4;
	return INSN_BRANCH;
}

static int br_br(struct cpu_state *cpu, const struct insn *in)
{
	cpu->pc = cpu->r[in->rn];
	return INSN_BRANCH;
}

/* BLR: read the target before writing X30 (BLR X30 is valid). */
static int br_blr(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t target = cpu->r[in->rn];

	cpu->r[30] = insn_pc(cpu, in) + 4;
	cpu->pc = target;
	return INSN_BRANCH;
}

static uint64_t sext(uint64_t v, unsigned int bits)
{
	return (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
}

/* BR, BLR, RET, ERET; the PAuth and DRPS forms are UNDEFINED here. */
static int decode_branch_reg(uint32_t raw, struct insn *out)
{
	unsigned int opc = (raw >> 21) & 0xf, op2 = (raw >> 16) & 31;
	unsigned int op3 = (raw >> 10) & 0x3f, rn = (raw >> 5) & 31, op4 = raw & 31;

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
	unsigned int op0 = raw >> 29;

	switch (op0) {
	case 0:
	case 4:		/* B, BL: imm26 */
		out->imm = sext((raw & 0x3ffffff) << 2, 28);
		out->fn = op0 ? br_bl : br_b;
		return 0;
	case 1:
	case 5:
		out->rn = reg_src(raw & 31);
		if (!((raw >> 25) & 1)) {	/* CBZ/CBNZ: imm19 */
			out->imm = sext(((raw >> 5) & 0x7ffff) << 2, 21);
			out->imm2 = op0 & 4 ? ~0ull : 0xffffffffull;
			out->a = (uint8_t)((raw >> 24) & 1);
			out->fn = br_cbz;
		} else {			/* TBZ/TBNZ: b5:b40, imm14 */
			unsigned int bit = ((raw >> 31) << 5) | ((raw >> 19) & 31);

			out->imm = sext(((raw >> 5) & 0x3fff) << 2, 16);
			out->imm2 = 1ull << bit;
			out->a = (uint8_t)((raw >> 24) & 1);
			out->fn = br_tbz;
		}
		return 0;
	case 2:		/* B.cond: o1 (bit 24) and o0 (bit 4) must be 0 */
		if ((raw >> 24) & 1 || (raw >> 4) & 1 || (raw >> 25) & 1)
			return 0;
		out->imm = sext(((raw >> 5) & 0x7ffff) << 2, 21);
		out->a = (uint8_t)(raw & 0xf);
		out->fn = br_bcond;
		return 0;
	case 6:
		if ((raw >> 25) & 1)
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
