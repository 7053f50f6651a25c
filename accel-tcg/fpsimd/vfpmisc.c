// SPDX-License-Identifier: GPL-2.0
/*
 * AdvSIMD floating point, one source: two-register misc and its scalar
 * form (FRINT*, FCVT*, SCVTF, UCVTF, FCM* #0, FABS, FNEG, FSQRT, the
 * estimates), FCVTN/FCVTL/FCVTXN, the FP reductions (FMAXV ..., scalar
 * FADDP ...) and the fixed-point conversions of the shift group
 * (ARM ARM C4.1.6; semantics C7.2).
 *
 * insn fields: struct insn_vec (cpu.h), op = VM_*.
 */
#include "fpsimd.h"

enum {
	VM_RINT, VM_RINTX, VM_TOINT, VM_FROMINT, VM_CMGT0, VM_CMEQ0, VM_CMLT0,
	VM_CMGE0, VM_CMLE0, VM_ABS, VM_NEG, VM_SQRT, VM_RECPE, VM_RSQRTE,
	VM_URECPE, VM_URSQRTE, VM_RECPX,
};

static uint64_t vm_elem(struct fp_status *st, const struct insn *in, uint64_t x)
{
	unsigned int esz = in->vec.esz, mode = in->vec.rmode, fbits = in->vec.fbits;
	bool sgn = in->vec.is_signed;
	uint64_t sign = fp_sign_bit(esz), ones = esz_mask(esz);

	switch (in->vec.op) {
	case VM_RINT: return fp_round_int(st, esz, x, mode, false);
	case VM_RINTX: return fp_round_int(st, esz, x, mode, true);
	case VM_TOINT: return fp_to_fixed(st, esz, x, mode, fbits, sgn, 8u << esz);
	case VM_FROMINT: return fp_from_fixed(st, esz, x, sgn, 8u << esz, fbits);
	case VM_CMGT0: return vfp_elem(st, VF_CMGT, esz, x, 0, 0);
	case VM_CMEQ0: return vfp_elem(st, VF_CMEQ, esz, x, 0, 0);
	case VM_CMLT0: return vfp_elem(st, VF_CMGT, esz, 0, x, 0);
	case VM_CMGE0: return vfp_elem(st, VF_CMGE, esz, x, 0, 0);
	case VM_CMLE0: return vfp_elem(st, VF_CMGE, esz, 0, x, 0);
	case VM_ABS: return x & ~sign;
	case VM_NEG: return x ^ sign;
	case VM_SQRT: return fp_sqrt(st, esz, x);
	case VM_RECPE: return fp_recpe(st, esz, x);
	case VM_RSQRTE: return fp_rsqrte(st, esz, x);
	case VM_URECPE: return fp_urecpe((uint32_t)x);
	case VM_URSQRTE: return fp_ursqrte((uint32_t)x);
	default: return fp_recpx(st, esz, x) & ones;
	}
}

static int h_vfp_misc(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *vn = &cpu->v[in->rn];
	unsigned int i;
	struct fp_status st;
	union vreg r;

	FP_CHECK(cpu, in);
	fp_status_begin(&st, cpu);
	for (i = 0; i < in->vec.elements; i++)
		vec_set(&r, in->vec.esz, i, vm_elem(&st, in, vec_get(vn, in->vec.esz, i)));
	fp_status_end(cpu, &st);
	vec_write(cpu, in->rd, &r, in->vec.elements << in->vec.esz);
	return INSN_NEXT;
}

/* FCVTN(2), FCVTXN(2): a = source size; results fill the low or high half. */
static int h_fcvtn(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *vn = &cpu->v[in->rn];
	unsigned int i, n = in->vec.elements, base = in->vec.upper ? n : 0;
	union vreg r = cpu->v[in->rd];
	struct fp_status st;

	FP_CHECK(cpu, in);
	if (!in->vec.upper)
		r.q = 0;
	fp_status_begin(&st, cpu);
	for (i = 0; i < n; i++)
		vec_set(&r, in->vec.esz - 1, base + i,
			fp_convert(&st, in->vec.esz, in->vec.esz - 1, vec_get(vn, in->vec.esz, i),
				   in->vec.rmode));
	fp_status_end(cpu, &st);
	vec_write(cpu, in->rd, &r, in->vec.elements == 1 ? 4 : 16);
	return INSN_NEXT;
}

/* FCVTL(2): a = source size, widened from the low or high half. */
static int h_fcvtl(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *vn = &cpu->v[in->rn];
	unsigned int i, n = in->vec.elements, base = in->vec.upper ? n : 0;
	struct fp_status st;
	union vreg r;

	FP_CHECK(cpu, in);
	fp_status_begin(&st, cpu);
	for (i = 0; i < n; i++)
		vec_set(&r, in->vec.esz + 1, i,
			fp_convert(&st, in->vec.esz, in->vec.esz + 1,
				   vec_get(vn, in->vec.esz, base + i), FPR_FPCR));
	fp_status_end(cpu, &st);
	vec_write(cpu, in->rd, &r, 16);
	return INSN_NEXT;
}

static int decode_fcvt_narrow_long(uint32_t raw, struct insn *out, unsigned int u,
				   unsigned int opcode, bool scalar)
{
	unsigned int q = BIT(raw, 30), sz = BIT(raw, 22);

	if (BIT(raw, 23))		/* size<1> = 1: unallocated */
		return fp_undef(out);
	if (opcode == 0x17) {		/* FCVTL */
		if (u || scalar)
			return fp_undef(out);
		fp_insn(out, h_fcvtl, raw);
		out->vec.esz = (uint8_t)(1 + sz);
		out->vec.elements = (uint8_t)(sz ? 2 : 4);
		out->vec.upper = (uint8_t)q;
		return 0;
	}
	/* FCVTN (U=0, vector only) or FCVTXN (U=1, double source only). */
	if ((u && !sz) || (!u && scalar))
		return fp_undef(out);
	fp_insn(out, h_fcvtn, raw);
	out->vec.esz = (uint8_t)(2 + sz);
	out->vec.elements = (uint8_t)(scalar ? 1 : sz ? 2 : 4);
	out->vec.upper = (uint8_t)(scalar ? 0 : q);
	out->vec.rmode = u ? FPR_ODD : FPR_FPCR;
	return 0;
}

#define VS	0x80	/* has a scalar form */
#define NOD	0x40	/* single precision only */
#define SO	0x20	/* scalar only */
#define E(op)	((op) + 1)

/* [U][a][opcode - 0x0c] for opcodes 0x0c..0x1f: VM_* + 1, 0 = unallocated. */
static const uint8_t vm_ops[2][2][20] = {
	{
		{ [0x18 - 0x0c] = E(VM_RINT), E(VM_RINT), E(VM_TOINT) | VS,
		  E(VM_TOINT) | VS, E(VM_TOINT) | VS, E(VM_FROMINT) | VS },
		{ E(VM_CMGT0) | VS, E(VM_CMEQ0) | VS, E(VM_CMLT0) | VS, E(VM_ABS),
		  [0x18 - 0x0c] = E(VM_RINT), E(VM_RINT), E(VM_TOINT) | VS,
		  E(VM_TOINT) | VS, E(VM_URECPE) | NOD, E(VM_RECPE) | VS, 0,
		  E(VM_RECPX) | VS | SO },
	}, {
		{ [0x18 - 0x0c] = E(VM_RINT), E(VM_RINTX), E(VM_TOINT) | VS,
		  E(VM_TOINT) | VS, E(VM_TOINT) | VS, E(VM_FROMINT) | VS },
		{ E(VM_CMGE0) | VS, E(VM_CMLE0) | VS, 0, E(VM_NEG),
		  [0x19 - 0x0c] = E(VM_RINT), E(VM_TOINT) | VS, E(VM_TOINT) | VS,
		  E(VM_URSQRTE) | NOD, E(VM_RSQRTE) | VS, 0, E(VM_SQRT) },
	},
};

/* Rounding mode of FRINT* / FCVT*[SU] from U, a and opcode bits 1:0. */
static unsigned int vm_mode(unsigned int u, unsigned int a, unsigned int opcode)
{
	if (opcode == 0x1c)		/* FCVTAS/FCVTAU */
		return FPR_AWAY;
	if (opcode == 0x18 || opcode == 0x19) {
		if (u && !a)		/* FRINTA, FRINTX */
			return opcode == 0x18 ? FPR_AWAY : FPR_FPCR;
		if (u && a)		/* FRINTI */
			return FPR_FPCR;
	}
	/* N, M (a = 0) or P, Z (a = 1): FPCR.RMode order 0 N, 1 P, 2 M, 3 Z. */
	return a ? ((opcode & 1) ? FPR_ZERO : FPR_POSINF) :
		   ((opcode & 1) ? FPR_NEGINF : FPR_NEAREST);
}

int decode_simd_fp_misc(uint32_t raw, struct insn *out)
{
	unsigned int q = BIT(raw, 30), u = BIT(raw, 29), a = BIT(raw, 23);
	unsigned int sz = BIT(raw, 22), opcode = BITS(raw, 16, 12);
	bool scalar = BIT(raw, 28);
	unsigned int e;

	if (opcode == 0x16 || opcode == 0x17)
		return decode_fcvt_narrow_long(raw, out, u, opcode, scalar);
	e = opcode >= 0x0c ? vm_ops[u][a][opcode - 0x0c] : 0;
	if (!e || (scalar && !(e & VS)) || (!scalar && (e & SO)) ||
	    (!scalar && sz && !q) ||
	    ((e & NOD) && sz))
		return fp_undef(out);
	fp_insn(out, h_vfp_misc, raw);
	out->vec.esz = (uint8_t)(2 + sz);
	out->vec.elements = (uint8_t)(scalar ? 1 : (q ? 16u : 8u) >> (2 + sz));
	out->vec.op = (uint8_t)((e & 0x1f) - 1);
	out->vec.rmode = vm_mode(u, a, opcode);
	out->vec.is_signed = !u;			/* signed conversions have U = 0 */
	return 0;
}

/* Reduce recursively by halves, as the ARM ARM's Reduce() does. */
static uint64_t vfp_reduce(struct fp_status *st, unsigned int op, unsigned int esz,
			   const union vreg *v, unsigned int lo, unsigned int n)
{
	uint64_t x, y;

	if (n == 1)
		return vec_get(v, esz, lo);
	x = vfp_reduce(st, op, esz, v, lo, n / 2);
	y = vfp_reduce(st, op, esz, v, lo + n / 2, n / 2);
	return fp_binop(st, op, esz, x, y);
}

static int h_vfp_reduce(struct cpu_state *cpu, const struct insn *in)
{
	struct fp_status st;
	uint64_t r;

	FP_CHECK(cpu, in);
	fp_status_begin(&st, cpu);
	r = vfp_reduce(&st, in->vec.op, in->vec.esz, &cpu->v[in->rn], 0, in->vec.elements);
	fp_status_end(cpu, &st);
	vec_write_scalar(cpu, in->rd, r);
	return INSN_NEXT;
}

/*
 * Across lanes FMAXNMV/FMINNMV (opcode 0x0c), FMAXV/FMINV (0x0f): 4S
 * only; scalar pairwise FMAXNMP/FMINNMP, FADDP (0x0d), FMAXP/FMINP.
 */
int decode_simd_fp_reduce(uint32_t raw, struct insn *out)
{
	unsigned int q = BIT(raw, 30), u = BIT(raw, 29), a = BIT(raw, 23);
	unsigned int sz = BIT(raw, 22), opcode = BITS(raw, 16, 12);
	bool scalar = BIT(raw, 28);
	int op;

	switch (opcode) {
	case 0x0c: op = a ? FOP_MINNM : FOP_MAXNM; break;
	case 0x0d: op = a || !scalar ? -1 : FOP_ADD; break;
	case 0x0f: op = a ? FOP_MIN : FOP_MAX; break;
	default: op = -1; break;
	}
	if (op < 0 || !u || (!scalar && (sz || !q)))
		return fp_undef(out);
	fp_insn(out, h_vfp_reduce, raw);
	out->vec.esz = (uint8_t)(2 + sz);
	out->vec.elements = scalar ? 2 : 4;
	out->vec.op = (uint8_t)op;
	return 0;
}

/*
 * Shift-group fixed-point conversions: SCVTF/UCVTF (opcode 0x1c),
 * FCVTZS/FCVTZU (0x1f); immh 01xx single, 1xxx double.
 */
int decode_simd_fp_fixed(uint32_t raw, struct insn *out)
{
	unsigned int q = BIT(raw, 30), u = BIT(raw, 29);
	unsigned int immh = BITS(raw, 22, 19), immhb = BITS(raw, 22, 16);
	unsigned int opcode = BITS(raw, 15, 11);
	bool scalar = BIT(raw, 28);
	unsigned int esz = immh & 8 ? 3 : 2;

	if (immh < 4 || (!scalar && esz == 3 && !q))
		return fp_undef(out);
	fp_insn(out, h_vfp_misc, raw);
	out->vec.esz = (uint8_t)esz;
	out->vec.elements = (uint8_t)(scalar ? 1 : (q ? 16u : 8u) >> esz);
	out->vec.op = opcode == 0x1c ? VM_FROMINT : VM_TOINT;
	out->vec.fbits = (uint8_t)((16u << esz) - immhb);
	out->vec.rmode = FPR_ZERO;
	out->vec.is_signed = !u;
	return 0;
}
