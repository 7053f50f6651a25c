// SPDX-License-Identifier: GPL-2.0
/*
 * Data processing - register: add/subtract with carry, conditional
 * compare (register and immediate) and conditional select (ARM ARM
 * C4.1.95: ADC/SBC, CCMN/CCMP, CSEL/CSINC/CSINV/CSNEG).
 */
#include "a64.h"
#include "cpu.h"
#include "dp_reg.h"

static inline unsigned int carry(const struct cpu_state *cpu)
{
	return (cpu->nzcv >> 29) & 1;
}

/* SBC is Rn + NOT(Rm) + C; the S forms set the flags. */
static int dpr_adc64(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t m = in->adc.op ? ~cpu->r[in->rm] : cpu->r[in->rm];
	uint32_t f;
	uint64_t v = alu_adc64(cpu->r[in->rn], m, carry(cpu), &f);

	if (in->adc.s)
		cpu->nzcv = f;
	cpu->r[in->rd] = v;
	return INSN_NEXT;
}

static int dpr_adc32(struct cpu_state *cpu, const struct insn *in)
{
	uint32_t m = (uint32_t)cpu->r[in->rm];
	uint32_t f;
	uint32_t v = alu_adc32((uint32_t)cpu->r[in->rn], in->adc.op ? ~m : m,
			       carry(cpu), &f);

	if (in->adc.s)
		cpu->nzcv = f;
	cpu->r[in->rd] = v;
	return INSN_NEXT;
}

int decode_adc(uint32_t raw, struct insn *out)
{
	unsigned int sf = BIT(raw, 31);

	out->sf = (uint8_t)sf;
	out->adc.op = (uint8_t)BIT(raw, 30);
	out->adc.s = (uint8_t)BIT(raw, 29);
	out->rd = reg_dst(BITS(raw, 4, 0));
	out->rn = reg_src(BITS(raw, 9, 5));
	out->rm = reg_src(BITS(raw, 20, 16));
	out->fn = sf ? dpr_adc64 : dpr_adc32;
	return 0;
}

/*
 * CCMP/CCMN: when cond holds, flags of Rn - op2 (CCMP) or Rn + op2
 * (CCMN); else flags = the nzcv immediate.
 */
int dpr_ccmp64(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t m;

	if (!alu_cond(cpu->nzcv, in->ccmp.cond)) {
		cpu->nzcv = in->ccmp.nzcv;
		return INSN_NEXT;
	}
	m = in->ccmp.is_imm ? in->ccmp.imm5 : cpu->r[in->rm];
	if (in->ccmp.op)
		alu_sub64(cpu->r[in->rn], m, &cpu->nzcv);
	else
		alu_add64(cpu->r[in->rn], m, &cpu->nzcv);
	return INSN_NEXT;
}

int dpr_ccmp32(struct cpu_state *cpu, const struct insn *in)
{
	uint32_t m;

	if (!alu_cond(cpu->nzcv, in->ccmp.cond)) {
		cpu->nzcv = in->ccmp.nzcv;
		return INSN_NEXT;
	}
	m = in->ccmp.is_imm ? (uint32_t)in->ccmp.imm5 : (uint32_t)cpu->r[in->rm];
	if (in->ccmp.op)
		alu_sub32((uint32_t)cpu->r[in->rn], m, &cpu->nzcv);
	else
		alu_add32((uint32_t)cpu->r[in->rn], m, &cpu->nzcv);
	return INSN_NEXT;
}

int decode_ccmp(uint32_t raw, struct insn *out)
{
	unsigned int sf = BIT(raw, 31);

	/* S must be 1; o2 (bit 10) and o3 (bit 4) must be 0. */
	if (!BIT(raw, 29) || BIT(raw, 10) || BIT(raw, 4))
		return 0;
	out->sf = (uint8_t)sf;
	out->ccmp.cond = (uint8_t)BITS(raw, 15, 12);
	out->ccmp.op = (uint8_t)BIT(raw, 30);
	out->ccmp.is_imm = (uint8_t)BIT(raw, 11);
	out->rn = reg_src(BITS(raw, 9, 5));
	out->rm = reg_src(BITS(raw, 20, 16));
	out->ccmp.imm5 = BITS(raw, 20, 16);
	out->ccmp.nzcv = BITS(raw, 3, 0) << 28;
	out->fn = sf ? dpr_ccmp64 : dpr_ccmp32;
	return 0;
}

/*
 * CSEL family: Rd = cond ? Rn : f(Rm), f by op:o2: 0 Rm, 1 Rm + 1,
 * 2 NOT Rm, 3 -Rm.
 */
static inline uint64_t csel_else(uint64_t m, unsigned int kind)
{
	switch (kind) {
	case 0:
		return m;
	case 1:
		return m + 1;
	case 2:
		return ~m;
	default:
		return -m;
	}
}

int dpr_csel64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = alu_cond(cpu->nzcv, in->csel.cond) ? cpu->r[in->rn]
			 : csel_else(cpu->r[in->rm], in->csel.op_o2);
	return INSN_NEXT;
}

int dpr_csel32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = (uint32_t)(alu_cond(cpu->nzcv, in->csel.cond) ? cpu->r[in->rn]
				    : csel_else(cpu->r[in->rm], in->csel.op_o2));
	return INSN_NEXT;
}

/* The commonest two without the kind switch: CSEL, and CSINC (CSET, CINC). */
int dpr_csel64_plain(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = alu_cond(cpu->nzcv, in->csel.cond) ? cpu->r[in->rn] : cpu->r[in->rm];
	return INSN_NEXT;
}

int dpr_csinc64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = alu_cond(cpu->nzcv, in->csel.cond) ? cpu->r[in->rn] : cpu->r[in->rm] + 1;
	return INSN_NEXT;
}

int decode_csel(uint32_t raw, struct insn *out)
{
	unsigned int sf = BIT(raw, 31), op = BIT(raw, 30), op2 = BITS(raw, 11, 10);

	if (BIT(raw, 29) || (op2 & 2))
		return 0;
	out->sf = (uint8_t)sf;
	out->csel.cond = (uint8_t)BITS(raw, 15, 12);
	out->csel.op_o2 = (uint8_t)(op * 2 + op2);
	out->rd = reg_dst(BITS(raw, 4, 0));
	out->rn = reg_src(BITS(raw, 9, 5));
	out->rm = reg_src(BITS(raw, 20, 16));

	if (sf && out->csel.op_o2 == 0)
		out->fn = dpr_csel64_plain;
	else if (sf && out->csel.op_o2 == 1)
		out->fn = dpr_csinc64;
	else
		out->fn = sf ? dpr_csel64 : dpr_csel32;
	return 0;
}
