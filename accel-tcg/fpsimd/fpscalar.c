// SPDX-License-Identifier: GPL-2.0
/*
 * Scalar FP arithmetic (ARM ARM C4.1.6 groups, semantics C7.2):
 * 1-source (FABS, FNEG, FSQRT, FCVT, FRINT[NPMZAXI]), 2-source (FMUL,
 * FDIV, FADD, FSUB, FMAX, FMIN, FMAXNM, FMINNM, FNMUL) and 3-source
 * (FMADD, FMSUB, FNMADD, FNMSUB).
 *
 * insn fields: struct insn_fpdp (cpu.h); esz 1 is FCVT's half source.
 */
#include "fpsimd.h"

enum { F1_ABS, F1_NEG, F1_SQRT, F1_CVT, F1_RINT, F1_RINTX };

static int h_fp1(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t a = cpu->v[in->rn].d[0] & esz_mask(in->fpdp.esz), r;
	struct fp_status st;

	FP_CHECK(cpu, in);
	fp_status_begin(&st, cpu);
	switch (in->fpdp.op) {
	case F1_ABS: r = a & ~fp_sign_bit(in->fpdp.esz); break;
	case F1_NEG: r = a ^ fp_sign_bit(in->fpdp.esz); break;
	case F1_SQRT: r = fp_sqrt(&st, in->fpdp.esz, a); break;
	case F1_CVT: r = fp_convert(&st, in->fpdp.esz, in->fpdp.to_esz, a, FPR_FPCR); break;
	default:
		r = fp_round_int(&st, in->fpdp.esz, a, in->fpdp.rmode, in->fpdp.op == F1_RINTX);
		break;
	}
	fp_status_end(cpu, &st);
	vec_write_scalar(cpu, in->rd, r);
	return INSN_NEXT;
}

static int h_fp2(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t m = esz_mask(in->fpdp.esz), r;
	struct fp_status st;

	FP_CHECK(cpu, in);
	fp_status_begin(&st, cpu);
	r = fp_binop(&st, in->fpdp.op, in->fpdp.esz, cpu->v[in->rn].d[0] & m,
		     cpu->v[in->rm].d[0] & m);
	fp_status_end(cpu, &st);
	vec_write_scalar(cpu, in->rd, r);
	return INSN_NEXT;
}

static int h_fp3(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t m = esz_mask(in->fpdp.esz), sign = fp_sign_bit(in->fpdp.esz), r;
	uint64_t a = cpu->v[in->ra].d[0] & m, n = cpu->v[in->rn].d[0] & m;
	struct fp_status st;

	FP_CHECK(cpu, in);
	/* FMSUB/FNMADD negate the product operand n; FNMADD/FNMSUB the addend. */
	if (in->fpdp.neg & 1)
		n ^= sign;
	if (in->fpdp.neg & 2)
		a ^= sign;
	fp_status_begin(&st, cpu);
	r = fp_muladd(&st, in->fpdp.esz, a, n, cpu->v[in->rm].d[0] & m);
	fp_status_end(cpu, &st);
	vec_write_scalar(cpu, in->rd, r);
	return INSN_NEXT;
}

static int fp_esz(uint32_t raw)
{
	unsigned int ptype = BITS(raw, 23, 22);

	return ptype == 0 ? 2 : ptype == 1 ? 3 : ptype == 3 ? 1 : -1;
}

static int decode_fcvt(uint32_t raw, struct insn *out, int esz, unsigned int opcode)
{
	static const int dest[4] = { 2, 3, -1, 1 };
	int to = dest[opcode & 3];

	if (to < 0 || to == esz)
		return fp_undef(out);
	fp_insn(out, h_fp1, raw);
	out->fpdp.esz = (uint8_t)esz;
	out->fpdp.to_esz = (uint8_t)to;
	out->fpdp.op = F1_CVT;
	return 0;
}

int decode_fp_1src_arith(uint32_t raw, struct insn *out)
{
	/* FRINTN, FRINTP, FRINTM, FRINTZ, FRINTA, -, FRINTX, FRINTI */
	static const int rint_mode[8] = {
		FPR_NEAREST, FPR_POSINF, FPR_NEGINF, FPR_ZERO, FPR_AWAY, -1,
		FPR_FPCR, FPR_FPCR,
	};
	unsigned int opcode = BITS(raw, 20, 15);
	int esz = fp_esz(raw);

	if (esz < 0)
		return fp_undef(out);
	if (opcode >= 4 && opcode <= 7)
		return decode_fcvt(raw, out, esz, opcode);
	/* Half precision arithmetic needs FEAT_FP16 (not advertised). */
	if (esz == 1 || opcode > 15 || (opcode >= 8 && rint_mode[opcode & 7] < 0) ||
	    opcode == 0)
		return fp_undef(out);
	fp_insn(out, h_fp1, raw);
	out->fpdp.esz = (uint8_t)esz;
	if (opcode < 8) {
		out->fpdp.op = (uint8_t)(opcode - 1);	/* FABS, FNEG, FSQRT */
		return 0;
	}
	out->fpdp.op = opcode == 14 ? F1_RINTX : F1_RINT;
	out->fpdp.rmode = (uint8_t)rint_mode[opcode & 7];
	return 0;
}

int decode_fp_2src(uint32_t raw, struct insn *out)
{
	static const uint8_t ops[9] = {
		FOP_MUL, FOP_DIV, FOP_ADD, FOP_SUB, FOP_MAX, FOP_MIN,
		FOP_MAXNM, FOP_MINNM, FOP_NMUL,
	};
	unsigned int opcode = BITS(raw, 15, 12);
	int esz = fp_esz(raw);

	if (esz < 2 || opcode > 8)
		return fp_undef(out);
	fp_insn(out, h_fp2, raw);
	out->fpdp.esz = (uint8_t)esz;
	out->fpdp.op = ops[opcode];
	return 0;
}

int decode_fp_3src(uint32_t raw, struct insn *out)
{
	unsigned int o1 = BIT(raw, 21), o0 = BIT(raw, 15);
	int esz = fp_esz(raw);

	if (esz < 2)
		return fp_undef(out);
	fp_insn(out, h_fp3, raw);
	out->fpdp.esz = (uint8_t)esz;
	/* o1:o0 = FMADD 00, FMSUB 01, FNMADD 10, FNMSUB 11. */
	out->fpdp.neg = (o0 != o1 ? 1 : 0) | (o1 ? 2 : 0);
	return 0;
}
