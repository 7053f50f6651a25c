// SPDX-License-Identifier: GPL-2.0
/*
 * AdvSIMD three different and its scalar form (ARM ARM C4.1.6,
 * semantics C7.2): the long ops ([SU]ADDL, [SU]SUBL, [SU]ABAL, [SU]ABDL,
 * [SU]MLAL, [SU]MLSL, [SU]MULL, SQDMULL, SQDMLAL, SQDMLSL, PMULL), the
 * wide ones ([SU]ADDW, [SU]SUBW) and the high-narrowing ones (ADDHN,
 * SUBHN, RADDHN, RSUBHN). The by-element long forms (fpsimd_indexed.c)
 * use the same handler through decode_long_op().
 *
 * insn fields: struct insn_vec (cpu.h): esz = the narrow element size,
 * op = LONG_*, flags = LF_*, index = by-element index + 1.
 */
#include "fpsimd.h"

static __int128 ext(uint64_t x, unsigned int esz, bool sgn)
{
	return sgn ? (__int128)esz_sext(x, esz) : (__int128)(x & esz_mask(esz));
}

static uint64_t long_elem(struct cpu_state *cpu, unsigned int kind, unsigned int esz,
			  __int128 x, __int128 y, uint64_t d, bool sgn)
{
	unsigned int w = esz + 1;
	__int128 p, dd = ext(d, w, true);

	switch (kind) {
	case LONG_ADD: return (uint64_t)(x + y);
	case LONG_SUB: return (uint64_t)(x - y);
	case LONG_ABD: return (uint64_t)(x > y ? x - y : y - x);
	case LONG_ABA: return d + (uint64_t)(x > y ? x - y : y - x);
	case LONG_MLA: return d + (uint64_t)(x * y);
	case LONG_MLS: return d - (uint64_t)(x * y);
	case LONG_MUL: return (uint64_t)(x * y);
	case LONG_PMUL: {
		uint64_t r = 0;
		unsigned int i;

		for (i = 0; i < 8; i++)
			if (((uint64_t)y >> i) & 1)
				r ^= ((uint64_t)x & 0xff) << i;
		return r;
	}
	}
	/* SQDMULL, SQDMLAL, SQDMLSL: the doubled product saturates first. */
	(void)sgn;
	p = (__int128)sat_signed(cpu, 2 * x * y, w);
	p = esz_sext((uint64_t)p, w);
	if (kind == LONG_QDMUL)
		return (uint64_t)p;
	return sat_signed(cpu, kind == LONG_QDMLA ? dd + p : dd - p, w);
}

static int h_long(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *vn = &cpu->v[in->rn], *vm = &cpu->v[in->rm];
	const union vreg *vd = &cpu->v[in->rd];
	unsigned int esz = in->vec.esz, n = in->vec.elements, i;
	unsigned int base = (in->vec.flags & LF_UPPER) ? n : 0;
	bool sgn = in->vec.flags & LF_SIGNED, wide = in->vec.flags & LF_WIDE;
	union vreg r;

	FP_CHECK(cpu, in);
	for (i = 0; i < n; i++) {
		__int128 x = wide ? ext(vec_get(vn, esz + 1, i), esz + 1, sgn) :
				ext(vec_get(vn, esz, base + i), esz, sgn);
		unsigned int j = in->vec.index ? (unsigned int)in->vec.index - 1 : base + i;
		__int128 y = ext(vec_get(vm, esz, j), esz, sgn);

		vec_set(&r, esz + 1, i, long_elem(cpu, in->vec.op, esz, x, y,
						  vec_get(vd, esz + 1, i), sgn));
	}
	vec_write(cpu, in->rd, &r, n << (esz + 1));
	return INSN_NEXT;
}

/* ADDHN, SUBHN, RADDHN, RSUBHN: high half of the wide sum/difference. */
static int h_hn(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *vn = &cpu->v[in->rn], *vm = &cpu->v[in->rm];
	unsigned int esz = in->vec.esz, n = in->vec.elements, i, bits = 8u << esz;
	unsigned int base = (in->vec.flags & LF_UPPER) ? n : 0;
	union vreg r = cpu->v[in->rd];

	FP_CHECK(cpu, in);
	if (!base)
		r.q = 0;
	for (i = 0; i < n; i++) {
		unsigned __int128 x = vec_get(vn, esz + 1, i), y = vec_get(vm, esz + 1, i);
		unsigned __int128 s = in->vec.op == LONG_ADD ? x + y : x - y;

		if (in->vec.flags & LF_ROUND)
			s += (unsigned __int128)1 << (bits - 1);
		vec_set(&r, esz, base + i, (uint64_t)(s >> bits));
	}
	vec_write(cpu, in->rd, &r, 16);
	return INSN_NEXT;
}

int decode_long_op(uint32_t raw, struct insn *out, unsigned int kind,
		   unsigned int flags, unsigned int esz, unsigned int count)
{
	fp_insn(out, h_long, raw);
	out->vec.esz = (uint8_t)esz;
	out->vec.elements = (uint8_t)count;
	out->vec.op = (uint8_t)kind;
	out->vec.flags = (uint8_t)flags;
	return 0;
}

/* [U][opcode]: LONG_* + 1 (0 unallocated); narrowing handled apart. */
static const uint8_t diff_ops[2][15] = {
	{ LONG_ADD + 1, LONG_ADD + 1, LONG_SUB + 1, LONG_SUB + 1, 0, LONG_ABA + 1, 0,
	  LONG_ABD + 1, LONG_MLA + 1, LONG_QDMLA + 1, LONG_MLS + 1, LONG_QDMLS + 1,
	  LONG_MUL + 1, LONG_QDMUL + 1, LONG_PMUL + 1 },
	{ LONG_ADD + 1, LONG_ADD + 1, LONG_SUB + 1, LONG_SUB + 1, 0, LONG_ABA + 1, 0,
	  LONG_ABD + 1, LONG_MLA + 1, 0, LONG_MLS + 1, 0, LONG_MUL + 1, 0, 0 },
};

int decode_simd_three_diff(uint32_t raw, struct insn *out)
{
	unsigned int q = BIT(raw, 30), u = BIT(raw, 29);
	unsigned int size = BITS(raw, 23, 22), opcode = BITS(raw, 15, 12);
	bool scalar = BIT(raw, 28), sq;
	unsigned int kind, flags = (u ? 0 : LF_SIGNED) | (q ? LF_UPPER : 0);

	if (size == 3 || opcode == 15)
		return fp_undef(out);
	if (opcode == 4 || opcode == 6) {	/* [R]ADDHN, [R]SUBHN */
		if (scalar)
			return fp_undef(out);
		fp_insn(out, h_hn, raw);
		out->vec.esz = (uint8_t)size;
		out->vec.elements = (uint8_t)(8u >> size);
		out->vec.op = opcode == 4 ? LONG_ADD : LONG_SUB;
		out->vec.flags = (uint8_t)((q ? LF_UPPER : 0) | (u ? LF_ROUND : 0));
		return 0;
	}
	kind = diff_ops[u][opcode];
	if (!kind)
		return fp_undef(out);
	kind--;
	sq = kind == LONG_QDMUL || kind == LONG_QDMLA || kind == LONG_QDMLS;
	if ((sq && (size == 0)) || (scalar && !sq) || (kind == LONG_PMUL && size))
		return fp_undef(out);
	if (opcode == 1 || opcode == 3)
		flags |= LF_WIDE;
	if (scalar)
		flags &= ~LF_UPPER;
	return decode_long_op(raw, out, kind, flags, size, scalar ? 1 : 8u >> size);
}
