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

/* a = 1: subtract (SBC: Rn + NOT(Rm) + C); b = 1: set flags. */
static int dpr_adc64(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t m = in->a ? ~cpu->r[in->rm] : cpu->r[in->rm];
	uint32_t f;
	uint64_t v = alu_adc64(cpu->r[in->rn], m, carry(cpu), &f);

	if (in->b)
		cpu->nzcv = f;
	cpu->r[in->rd] = v;
	return INSN_NEXT;
}

static int dpr_adc32(struct cpu_state *cpu, const struct insn *in)
{
	uint32_t m = (uint32_t)cpu->r[in->rm];
	uint32_t f;
	uint32_t v = alu_adc32((uint32_t)cpu->r[in->rn], in->a ? ~m : m,
			       carry(cpu), &f);

	if (in->b)
		cpu->nzcv = f;
	cpu->r[in->rd] = v;
	return INSN_NEXT;
}

int decode_adc(uint32_t raw, struct insn *out)
{
	unsigned int sf = raw >> 31;

	out->sf = (uint8_t)sf;
	out->a = (uint8_t)((raw >> 30) & 1);
	out->b = (uint8_t)((raw >> 29) & 1);
	out->rd = reg_dst(raw & 31);
	out->rn = reg_src((raw >> 5) & 31);
	out->rm = reg_src((raw >> 16) & 31);
	out->fn = sf ? dpr_adc64 : dpr_adc32;
	return 0;
}

/*
 * CCMP/CCMN: when cond holds, flags of Rn - op2 (CCMP) or Rn + op2
 * (CCMN); else flags = the nzcv immediate. a = cond, b = 1 for CCMP,
 * c = 1 when op2 is the immediate imm, imm2 = the nzcv flags.
 */
static int dpr_ccmp64(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t m;

	if (!alu_cond(cpu->nzcv, in->a)) {
		cpu->nzcv = (uint32_t)in->imm2;
		return INSN_NEXT;
	}
	m = in->c ? in->imm : cpu->r[in->rm];
	if (in->b)
		alu_sub64(cpu->r[in->rn], m, &cpu->nzcv);
	else
		alu_add64(cpu->r[in->rn], m, &cpu->nzcv);
	return INSN_NEXT;
}

static int dpr_ccmp32(struct cpu_state *cpu, const struct insn *in)
{
	uint32_t m;

	if (!alu_cond(cpu->nzcv, in->a)) {
		cpu->nzcv = (uint32_t)in->imm2;
		return INSN_NEXT;
	}
	m = in->c ? (uint32_t)in->imm : (uint32_t)cpu->r[in->rm];
	if (in->b)
		alu_sub32((uint32_t)cpu->r[in->rn], m, &cpu->nzcv);
	else
		alu_add32((uint32_t)cpu->r[in->rn], m, &cpu->nzcv);
	return INSN_NEXT;
}

int decode_ccmp(uint32_t raw, struct insn *out)
{
	unsigned int sf = raw >> 31;

	/* S must be 1; o2 (bit 10) and o3 (bit 4) must be 0. */
	if (!((raw >> 29) & 1) || ((raw >> 10) & 1) || ((raw >> 4) & 1))
		return 0;
	out->sf = (uint8_t)sf;
	out->a = (uint8_t)((raw >> 12) & 0xf);
	out->b = (uint8_t)((raw >> 30) & 1);
	out->c = (uint8_t)((raw >> 11) & 1);
	out->rn = reg_src((raw >> 5) & 31);
	out->rm = reg_src((raw >> 16) & 31);
	out->imm = (raw >> 16) & 31;
	out->imm2 = (uint64_t)(raw & 0xf) << 28;
	out->fn = sf ? dpr_ccmp64 : dpr_ccmp32;
	return 0;
}

/*
 * CSEL family: Rd = cond ? Rn : f(Rm), f by b: 0 Rm, 1 Rm + 1,
 * 2 NOT Rm, 3 -Rm. a = cond.
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

static int dpr_csel64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = alu_cond(cpu->nzcv, in->a) ? cpu->r[in->rn]
			 : csel_else(cpu->r[in->rm], in->b);
	return INSN_NEXT;
}

static int dpr_csel32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = (uint32_t)(alu_cond(cpu->nzcv, in->a) ? cpu->r[in->rn]
				    : csel_else(cpu->r[in->rm], in->b));
	return INSN_NEXT;
}

/* The commonest two without the kind switch: CSEL, and CSINC (CSET, CINC). */
static int dpr_csel64_plain(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = alu_cond(cpu->nzcv, in->a) ? cpu->r[in->rn] : cpu->r[in->rm];
	return INSN_NEXT;
}

static int dpr_csinc64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = alu_cond(cpu->nzcv, in->a) ? cpu->r[in->rn] : cpu->r[in->rm] + 1;
	return INSN_NEXT;
}

int decode_csel(uint32_t raw, struct insn *out)
{
	unsigned int sf = raw >> 31, op = (raw >> 30) & 1, op2 = (raw >> 10) & 3;

	if (((raw >> 29) & 1) || (op2 & 2))
		return 0;
	out->sf = (uint8_t)sf;
	out->a = (uint8_t)((raw >> 12) & 0xf);
	out->b = (uint8_t)(op * 2 + op2);
	out->rd = reg_dst(raw & 31);
	out->rn = reg_src((raw >> 5) & 31);
	out->rm = reg_src((raw >> 16) & 31);
	if (sf && out->b == 0)
		out->fn = dpr_csel64_plain;
	else if (sf && out->b == 1)
		out->fn = dpr_csinc64;
	else
		out->fn = sf ? dpr_csel64 : dpr_csel32;
	return 0;
}
