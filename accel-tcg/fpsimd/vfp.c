// SPDX-License-Identifier: GPL-2.0
/*
 * AdvSIMD floating point (ARM ARM C4.1.6; semantics C7.2): three same
 * (FADD ... FRSQRTS, vector and scalar), pairwise (FADDP ...) and the
 * compares, all through one element routine. The two-register misc,
 * reduction and fixed-point groups are in fpsimd_vfpmisc.c.
 *
 * insn fields: struct insn_vec (cpu.h), op = enum fp_binop, then VF_*
 * below.
 */
#include "fpsimd.h"

uint64_t vfp_elem(struct fp_status *st, unsigned int op, unsigned int esz,
		  uint64_t x, uint64_t y, uint64_t d)
{
	uint64_t sign = fp_sign_bit(esz), ones = esz_mask(esz);
	uint32_t f;

	switch (op) {
	case VF_FMLA: return fp_muladd(st, esz, d, x, y);
	case VF_FMLS: return fp_muladd(st, esz, d, x ^ sign, y);
	case VF_CMEQ: return (fp_compare(st, esz, x, y, false) & NZCV_Z) ? ones : 0;
	case VF_ACGE:
	case VF_ACGT:
		x &= ~sign;
		y &= ~sign;
		/* fall through */
	case VF_CMGE:
	case VF_CMGT:
		f = fp_compare(st, esz, x, y, true);
		if (op == VF_CMGE || op == VF_ACGE)
			return (f == NZCV_C || f == (NZCV_Z | NZCV_C)) ? ones : 0;
		return f == NZCV_C ? ones : 0;
	case VF_RECPS: return fp_recps(st, esz, x, y, false);
	case VF_RSQRTS: return fp_recps(st, esz, x, y, true);
	default: return fp_binop(st, op, esz, x, y);
	}
}

static int h_vfp_same(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *vn = &cpu->v[in->rn], *vm = &cpu->v[in->rm];
	const union vreg *vd = &cpu->v[in->rd];
	unsigned int esz = in->vec.esz, n = in->vec.elements, i;
	struct fp_status st;
	union vreg r;

	FP_CHECK(cpu, in);
	fp_status_begin(&st, cpu);
	for (i = 0; i < n; i++)
		vec_set(&r, esz, i, vfp_elem(&st, in->vec.op, esz, vec_get(vn, esz, i),
					     vec_get(vm, esz, i), vec_get(vd, esz, i)));
	fp_status_end(cpu, &st);
	vec_write(cpu, in->rd, &r, n << esz);
	return INSN_NEXT;
}

/* Pairwise: adjacent pairs of Vn then of Vm (FADDP, FMAXP ...). */
static int h_vfp_pair(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *src[2] = { &cpu->v[in->rn], &cpu->v[in->rm] };
	unsigned int esz = in->vec.esz, n = in->vec.elements, half = n / 2, i;
	struct fp_status st;
	union vreg r;

	FP_CHECK(cpu, in);
	fp_status_begin(&st, cpu);
	for (i = 0; i < n; i++) {
		const union vreg *s = src[i >= half];
		unsigned int j = 2 * (i % half);

		vec_set(&r, esz, i, fp_binop(&st, in->vec.op, esz, vec_get(s, esz, j),
					     vec_get(s, esz, j + 1)));
	}
	fp_status_end(cpu, &st);
	vec_write(cpu, in->rd, &r, n << esz);
	return INSN_NEXT;
}

#define P 0x100		/* pairwise */
#define S 0x200		/* has a scalar form */

/* [U][a][opcode & 7] for opcodes 11xxx; 0 = unallocated. */
static const uint16_t vfp_same_ops[2][2][8] = {
	{
		{ FOP_MAXNM + 1, VF_FMLA + 1, FOP_ADD + 1, (FOP_MULX + 1) | S,
		  (VF_CMEQ + 1) | S, 0, FOP_MAX + 1, (VF_RECPS + 1) | S },
		{ FOP_MINNM + 1, VF_FMLS + 1, FOP_SUB + 1, 0, 0, 0, FOP_MIN + 1,
		  (VF_RSQRTS + 1) | S },
	}, {
		{ (FOP_MAXNM + 1) | P, 0, (FOP_ADD + 1) | P, FOP_MUL + 1,
		  (VF_CMGE + 1) | S, (VF_ACGE + 1) | S, (FOP_MAX + 1) | P, FOP_DIV + 1 },
		{ (FOP_MINNM + 1) | P, 0, (FOP_ABD + 1) | S, 0, (VF_CMGT + 1) | S,
		  (VF_ACGT + 1) | S, (FOP_MIN + 1) | P, 0 },
	},
};

int decode_simd_fp_same(uint32_t raw, struct insn *out)
{
	unsigned int q = BIT(raw, 30), u = BIT(raw, 29), a = BIT(raw, 23);
	unsigned int sz = BIT(raw, 22), opcode = BITS(raw, 15, 11);
	bool scalar = BIT(raw, 28);
	unsigned int e = vfp_same_ops[u][a][opcode & 7];

	if (!e || (scalar && !(e & S)) || (!scalar && sz && !q))
		return fp_undef(out);
	fp_insn(out, (e & P) ? h_vfp_pair : h_vfp_same, raw);
	out->vec.esz = (uint8_t)(2 + sz);
	out->vec.elements = (uint8_t)(scalar ? 1 : (q ? 16u : 8u) >> (2 + sz));
	out->vec.op = (uint8_t)((e & 0xff) - 1);
	return 0;
}
