// SPDX-License-Identifier: GPL-2.0
/*
 * Data processing - register: the group dispatch (ARM ARM C4.1.95) and
 * the logical (shifted register) and add/subtract (shifted and extended
 * register) classes.
 */
#include "a64.h"
#include "cpu.h"
#include "dp_reg.h"

/* ---- logical (shifted register): Rm shifted, N inverts it ---- */

#define LOGIC_HANDLERS(name, expr)					\
int dpr_##name##64(struct cpu_state *cpu, const struct insn *in)	\
{									\
	uint64_t n = cpu->r[in->rn];					\
	uint64_t m = alu_shift64(cpu->r[in->rm], in->op2.shift, in->op2.amount);	\
	cpu->r[in->rd] = (expr);					\
	return INSN_NEXT;						\
}									\
int dpr_##name##32(struct cpu_state *cpu, const struct insn *in)	\
{									\
	uint32_t n = (uint32_t)cpu->r[in->rn];				\
	uint32_t m = alu_shift32((uint32_t)cpu->r[in->rm], in->op2.shift, in->op2.amount); \
	cpu->r[in->rd] = (uint32_t)(expr);				\
	return INSN_NEXT;						\
}

/* The same without a shift (amount 0: the type does not matter). */
#define LOGIC_PLAIN(name, expr)						\
int dpr_##name##64_rr(struct cpu_state *cpu, const struct insn *in)	\
{									\
	uint64_t n = cpu->r[in->rn], m = cpu->r[in->rm];		\
	cpu->r[in->rd] = (expr);					\
	return INSN_NEXT;						\
}									\
int dpr_##name##32_rr(struct cpu_state *cpu, const struct insn *in)	\
{									\
	uint32_t n = (uint32_t)cpu->r[in->rn], m = (uint32_t)cpu->r[in->rm]; \
	cpu->r[in->rd] = (uint32_t)(expr);				\
	return INSN_NEXT;						\
}

LOGIC_PLAIN(and, n & m)
LOGIC_PLAIN(bic, n & ~m)
LOGIC_PLAIN(orr, n | m)
LOGIC_PLAIN(orn, n | ~m)
LOGIC_PLAIN(eor, n ^ m)
LOGIC_PLAIN(eon, n ^ ~m)

LOGIC_HANDLERS(and, n & m)
LOGIC_HANDLERS(bic, n & ~m)
LOGIC_HANDLERS(orr, n | m)
LOGIC_HANDLERS(orn, n | ~m)
LOGIC_HANDLERS(eor, n ^ m)
LOGIC_HANDLERS(eon, n ^ ~m)

int dpr_ands64(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t m = alu_shift64(cpu->r[in->rm], in->op2.shift, in->op2.amount);
	uint64_t v = cpu->r[in->rn] & (in->op2.n ? ~m : m);

	cpu->nzcv = alu_nz64(v);
	cpu->r[in->rd] = v;
	return INSN_NEXT;
}

int dpr_ands32(struct cpu_state *cpu, const struct insn *in)
{
	uint32_t m = alu_shift32((uint32_t)cpu->r[in->rm], in->op2.shift, in->op2.amount);
	uint32_t v = (uint32_t)cpu->r[in->rn] & (in->op2.n ? ~m : m);

	cpu->nzcv = alu_nz32(v);
	cpu->r[in->rd] = v;
	return INSN_NEXT;
}

/* MOV Xd, Xm (ORR with XZR, no shift): the commonest insn of a boot. */
int dpr_mov64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = cpu->r[in->rm];
	return INSN_NEXT;
}

int dpr_mov32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = (uint32_t)cpu->r[in->rm];
	return INSN_NEXT;
}

static int decode_logic_reg(uint32_t raw, struct insn *out)
{
	static const insn_fn fns[6][2] = {
		{ dpr_and32, dpr_and64 }, { dpr_bic32, dpr_bic64 },
		{ dpr_orr32, dpr_orr64 }, { dpr_orn32, dpr_orn64 },
		{ dpr_eor32, dpr_eor64 }, { dpr_eon32, dpr_eon64 },
	};
	static const insn_fn plain[6][2] = {
		{ dpr_and32_rr, dpr_and64_rr }, { dpr_bic32_rr, dpr_bic64_rr },
		{ dpr_orr32_rr, dpr_orr64_rr }, { dpr_orn32_rr, dpr_orn64_rr },
		{ dpr_eor32_rr, dpr_eor64_rr }, { dpr_eon32_rr, dpr_eon64_rr },
	};
	unsigned int sf = BIT(raw, 31), opc = BITS(raw, 30, 29), neg = BIT(raw, 21);
	unsigned int shift = BITS(raw, 23, 22), amount = BITS(raw, 15, 10);
	unsigned int rn = BITS(raw, 9, 5);

	if (!sf && amount >= 32)
		return 0;
	out->sf = (uint8_t)sf;
	out->rd = reg_dst(BITS(raw, 4, 0));
	out->rn = reg_src(rn);
	out->rm = reg_src(BITS(raw, 20, 16));
	out->op2.shift = (uint8_t)shift;
	out->op2.amount = (uint8_t)amount;
	out->op2.n = (uint8_t)neg;
	if (opc == 3) {
		out->fn = sf ? dpr_ands64 : dpr_ands32;
		return 0;
	}
	if (opc == 1 && !neg && rn == 31 && !amount) {
		out->fn = sf ? dpr_mov64 : dpr_mov32;
		return 0;
	}
	out->fn = amount ? fns[opc * 2 + neg][sf] : plain[opc * 2 + neg][sf];
	return 0;
}

/* ---- add/subtract: operand 2 from a shifted or an extended register ---- */

/* Operand 2: Rm extended (ExtendReg) or shifted (ShiftReg), C6.2.4, C6.2.5. */
static inline uint64_t op2_64(const struct cpu_state *cpu, const struct insn *in)
{
	uint64_t m = cpu->r[in->rm];

	if (in->op2.extended)
		return alu_extend(m, in->op2.option, in->op2.amount);
	return alu_shift64(m, in->op2.shift, in->op2.amount);
}

static inline uint32_t op2_32(const struct cpu_state *cpu, const struct insn *in)
{
	uint64_t m = cpu->r[in->rm];

	if (in->op2.extended)
		return (uint32_t)alu_extend(m, in->op2.option, in->op2.amount);
	return alu_shift32((uint32_t)m, in->op2.shift, in->op2.amount);
}

int dpr_add64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = cpu->r[in->rn] + op2_64(cpu, in);
	return INSN_NEXT;
}

int dpr_sub64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = cpu->r[in->rn] - op2_64(cpu, in);
	return INSN_NEXT;
}

int dpr_add32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = (uint32_t)((uint32_t)cpu->r[in->rn] + op2_32(cpu, in));
	return INSN_NEXT;
}

int dpr_sub32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = (uint32_t)((uint32_t)cpu->r[in->rn] - op2_32(cpu, in));
	return INSN_NEXT;
}

int dpr_adds64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = alu_add64(cpu->r[in->rn], op2_64(cpu, in), &cpu->nzcv);
	return INSN_NEXT;
}

int dpr_subs64(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = alu_sub64(cpu->r[in->rn], op2_64(cpu, in), &cpu->nzcv);
	return INSN_NEXT;
}

int dpr_adds32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = alu_add32((uint32_t)cpu->r[in->rn], op2_32(cpu, in),
				   &cpu->nzcv);
	return INSN_NEXT;
}

int dpr_subs32(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = alu_sub32((uint32_t)cpu->r[in->rn], op2_32(cpu, in),
				   &cpu->nzcv);
	return INSN_NEXT;
}

/* Shift-free forms (LSL #0, the usual case): no operand-2 work at all. */
#define ADDSUB_PLAIN(name, expr64, expr32)					\
int dpr_##name##64_rr(struct cpu_state *cpu, const struct insn *in)	\
{										\
	uint64_t n = cpu->r[in->rn], m = cpu->r[in->rm];			\
	cpu->r[in->rd] = (expr64);						\
	return INSN_NEXT;							\
}										\
int dpr_##name##32_rr(struct cpu_state *cpu, const struct insn *in)	\
{										\
	uint32_t n = (uint32_t)cpu->r[in->rn], m = (uint32_t)cpu->r[in->rm];	\
	cpu->r[in->rd] = (expr32);						\
	return INSN_NEXT;							\
}

/* ADD/SUB with LSL #amount (address arithmetic). */
int dpr_add64_lsl(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = cpu->r[in->rn] + (cpu->r[in->rm] << in->op2.amount);
	return INSN_NEXT;
}

int dpr_sub64_lsl(struct cpu_state *cpu, const struct insn *in)
{
	cpu->r[in->rd] = cpu->r[in->rn] - (cpu->r[in->rm] << in->op2.amount);
	return INSN_NEXT;
}

ADDSUB_PLAIN(add, n + m, (uint32_t)(n + m))
ADDSUB_PLAIN(sub, n - m, (uint32_t)(n - m))
ADDSUB_PLAIN(adds, alu_add64(n, m, &cpu->nzcv), alu_add32(n, m, &cpu->nzcv))
ADDSUB_PLAIN(subs, alu_sub64(n, m, &cpu->nzcv), alu_sub32(n, m, &cpu->nzcv))

/* CMP Xn, Xm fused with the next B.cond (struct insn_cmp_bcond). */
int dpr_cmp64_bcond(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t pc = insn_pc(cpu, in);

	alu_sub64(cpu->r[in->rn], cpu->r[in->rm], &cpu->nzcv);
	cpu->pc = alu_cond(cpu->nzcv, in->cmpb.cond) ? pc + in->cmpb.offset : pc + 8;
	return INSN_BRANCH;
}

int dpr_cmp32_bcond(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t pc = insn_pc(cpu, in);

	alu_sub32((uint32_t)cpu->r[in->rn], (uint32_t)cpu->r[in->rm], &cpu->nzcv);
	cpu->pc = alu_cond(cpu->nzcv, in->cmpb.cond) ? pc + in->cmpb.offset : pc + 8;
	return INSN_BRANCH;
}

bool dpr_fuse_bcond(struct insn *cmp, const struct insn *bcond)
{
	if (cmp->rd != REG_SINK || (cmp->fn != dpr_subs64_rr && cmp->fn != dpr_subs32_rr))
		return false;
	cmp->fn = cmp->fn == dpr_subs64_rr ? dpr_cmp64_bcond : dpr_cmp32_bcond;
	cmp->cmpb.cond = bcond->br.cond;
	cmp->cmpb.offset = bcond->br.offset + 4;
	return true;
}

static int decode_addsub_reg(uint32_t raw, struct insn *out)
{
	static const insn_fn plain[4][2] = {
		{ dpr_add32_rr, dpr_add64_rr }, { dpr_adds32_rr, dpr_adds64_rr },
		{ dpr_sub32_rr, dpr_sub64_rr }, { dpr_subs32_rr, dpr_subs64_rr },
	};
	static const insn_fn fns[4][2] = {
		{ dpr_add32, dpr_add64 }, { dpr_adds32, dpr_adds64 },
		{ dpr_sub32, dpr_sub64 }, { dpr_subs32, dpr_subs64 },
	};
	unsigned int sf = BIT(raw, 31), op = BIT(raw, 30), s = BIT(raw, 29);
	unsigned int ext = BIT(raw, 21), amount = BITS(raw, 15, 10);

	out->sf = (uint8_t)sf;
	out->rm = reg_src(BITS(raw, 20, 16));
	if (ext) {
		/* opt (insn<23:22>) must be 0, imm3 (insn<12:10>) at most 4. */
		if (BITS(raw, 23, 22) || (amount & 7) > 4)
			return 0;
		out->op2.extended = 1;
		out->op2.option = (uint8_t)BITS(raw, 15, 13);
		out->op2.amount = (uint8_t)(amount & 7);
		out->rn = reg_sp(BITS(raw, 9, 5));
		out->rd = s ? reg_dst(BITS(raw, 4, 0)) : reg_sp(BITS(raw, 4, 0));
	} else {
		out->op2.shift = (uint8_t)BITS(raw, 23, 22);
		if (out->op2.shift == SHIFT_ROR || (!sf && amount >= 32))
			return 0;
		out->op2.amount = (uint8_t)amount;
		out->rn = reg_src(BITS(raw, 9, 5));
		out->rd = reg_dst(BITS(raw, 4, 0));
	}
	if (!ext && !amount)
		out->fn = plain[op * 2 + s][sf];
	else if (!ext && sf && !s && out->op2.shift == SHIFT_LSL)
		out->fn = op ? dpr_sub64_lsl : dpr_add64_lsl;
	else
		out->fn = fns[op * 2 + s][sf];
	return 0;
}

/* op1 = 1 (bit 28): the classes keyed by op2 = bits [24:21]. */
static int decode_dp_reg_op1(uint32_t raw, struct insn *out)
{
	unsigned int op2 = BITS(raw, 24, 21), op3 = BITS(raw, 15, 10);

	if (op2 & 8)
		return decode_dp_3src(raw, out);
	switch (op2) {
	case 0:
		return op3 == 0 ? decode_adc(raw, out) : 0;	/* RMIF/SETF: v8.4 */
	case 2:
		return decode_ccmp(raw, out);
	case 4:
		return decode_csel(raw, out);
	case 6:
		return BIT(raw, 30) ? decode_dp_1src(raw, out)
				       : decode_dp_2src(raw, out);
	default:
		return 0;
	}
}

int decode_dp_reg(uint32_t raw, struct insn *out)
{
	if (BIT(raw, 28))	/* op1 */
		return decode_dp_reg_op1(raw, out);
	if (!BIT(raw, 24))
		return decode_logic_reg(raw, out);
	return decode_addsub_reg(raw, out);
}
