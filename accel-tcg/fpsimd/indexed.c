// SPDX-License-Identifier: GPL-2.0
/*
 * AdvSIMD vector x indexed element and its scalar form (ARM ARM C4.1.6,
 * semantics C7.2): MUL, MLA, MLS, SQDMULH, SQRDMULH, FMUL, FMULX, FMLA,
 * FMLS by element, and the long forms ([SU]MULL, [SU]MLAL, [SU]MLSL,
 * SQDMULL, SQDMLAL, SQDMLSL) through fpsimd_diff.c's handler.
 *
 * insn fields: struct insn_vec (cpu.h), index = element index + 1 of Vm.
 */
#include "fpsimd.h"

enum { IX_MUL, IX_MLA, IX_MLS, IX_SQDMULH, IX_SQRDMULH };

static uint64_t idx_int(struct cpu_state *cpu, unsigned int op, unsigned int esz,
			uint64_t x, uint64_t y, uint64_t d)
{
	unsigned int bits = 8u << esz;
	__int128 p = (__int128)esz_sext(x, esz) * esz_sext(y, esz) * 2;

	switch (op) {
	case IX_MUL: return x * y;
	case IX_MLA: return d + x * y;
	case IX_MLS: return d - x * y;
	case IX_SQDMULH: return sat_signed(cpu, p >> bits, esz);
	default: return sat_signed(cpu, (p + ((__int128)1 << (bits - 1))) >> bits, esz);
	}
}

static int h_idx_int(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *vn = &cpu->v[in->rn], *vd = &cpu->v[in->rd];
	unsigned int esz = in->vec.esz, i;
	uint64_t y = vec_get(&cpu->v[in->rm], esz, (unsigned int)in->vec.index - 1);
	union vreg r;

	FP_CHECK(cpu, in);
	for (i = 0; i < in->vec.elements; i++)
		vec_set(&r, esz, i, idx_int(cpu, in->vec.op, esz, vec_get(vn, esz, i), y,
					    vec_get(vd, esz, i)));
	vec_write(cpu, in->rd, &r, in->vec.elements << esz);
	return INSN_NEXT;
}

static int h_idx_fp(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *vn = &cpu->v[in->rn], *vd = &cpu->v[in->rd];
	unsigned int esz = in->vec.esz, i;
	uint64_t y = vec_get(&cpu->v[in->rm], esz, (unsigned int)in->vec.index - 1);
	struct fp_status st;
	union vreg r;

	FP_CHECK(cpu, in);
	fp_status_begin(&st, cpu);
	for (i = 0; i < in->vec.elements; i++)
		vec_set(&r, esz, i, vfp_elem(&st, in->vec.op, esz, vec_get(vn, esz, i), y,
					     vec_get(vd, esz, i)));
	fp_status_end(cpu, &st);
	vec_write(cpu, in->rd, &r, in->vec.elements << esz);
	return INSN_NEXT;
}

static int decode_idx_fp(uint32_t raw, struct insn *out, unsigned int op)
{
	unsigned int q = BIT(raw, 30), size = BITS(raw, 23, 22);
	unsigned int l = BIT(raw, 21), h = BIT(raw, 11);
	bool scalar = BIT(raw, 28);
	unsigned int esz = size == 3 ? 3 : 2;

	/* size 00 is FP16 (v8.2), 01 unallocated; doubles need L = 0 and Q = 1. */
	if (size < 2 || (esz == 3 && (l || (!q && !scalar))))
		return fp_undef(out);
	fp_insn(out, h_idx_fp, raw);
	out->rm = BITS(raw, 20, 16);
	out->vec.esz = (uint8_t)esz;
	out->vec.elements = (uint8_t)(scalar ? 1 : (q ? 16u : 8u) >> esz);
	out->vec.op = (uint8_t)op;
	out->vec.index = (esz == 3 ? h : (h << 1 | l)) + 1;
	return 0;
}

/* Integer forms: index H:L:M with Vm in V0-V15 for halfwords, H:L for words. */
static void idx_int_fields(uint32_t raw, struct insn *out, unsigned int size)
{
	unsigned int l = BIT(raw, 21), m = BIT(raw, 20), h = BIT(raw, 11);

	if (size == 1) {
		out->rm = BITS(raw, 19, 16);
		out->vec.index = (h << 2 | l << 1 | m) + 1;
	} else {
		out->rm = BITS(raw, 20, 16);
		out->vec.index = (h << 1 | l) + 1;
	}
}

/* U:opcode -> long kind + 1 for the long forms. */
static int idx_long_kind(unsigned int u, unsigned int opcode)
{
	switch (opcode) {
	case 0x2: return LONG_MLA;
	case 0x3: return u ? -1 : LONG_QDMLA;
	case 0x6: return LONG_MLS;
	case 0x7: return u ? -1 : LONG_QDMLS;
	case 0xa: return LONG_MUL;
	case 0xb: return u ? -1 : LONG_QDMUL;
	}
	return -1;
}

static int idx_same_op(unsigned int u, unsigned int opcode)
{
	switch (opcode) {
	case 0x0: return u ? IX_MLA : -1;
	case 0x4: return u ? IX_MLS : -1;
	case 0x8: return u ? -1 : IX_MUL;
	case 0xc: return u ? -1 : IX_SQDMULH;
	case 0xd: return u ? -1 : IX_SQRDMULH;
	}
	return -1;
}

int decode_simd_indexed(uint32_t raw, struct insn *out)
{
	unsigned int q = BIT(raw, 30), u = BIT(raw, 29);
	unsigned int size = BITS(raw, 23, 22), opcode = BITS(raw, 15, 12);
	bool scalar = BIT(raw, 28);
	int op;

	if (!u && (opcode == 1 || opcode == 5 || opcode == 9))
		return decode_idx_fp(raw, out, opcode == 1 ? VF_FMLA :
					       opcode == 5 ? VF_FMLS : FOP_MUL);
	if (u && opcode == 9)
		return decode_idx_fp(raw, out, FOP_MULX);
	if (size == 0 || size == 3)
		return fp_undef(out);
	op = idx_long_kind(u, opcode);
	if (op >= 0) {
		bool sq = op == LONG_QDMLA || op == LONG_QDMLS || op == LONG_QDMUL;
		unsigned int flags = (u ? 0 : LF_SIGNED) | (q && !scalar ? LF_UPPER : 0);

		if (scalar && !sq)
			return fp_undef(out);
		decode_long_op(raw, out, (unsigned int)op, flags, size,
			       scalar ? 1 : 8u >> size);
		idx_int_fields(raw, out, size);
		return 0;
	}
	op = idx_same_op(u, opcode);
	if (op < 0 || (scalar && op < IX_SQDMULH))
		return fp_undef(out);
	fp_insn(out, h_idx_int, raw);
	idx_int_fields(raw, out, size);
	out->vec.esz = (uint8_t)size;
	out->vec.elements = (uint8_t)(scalar ? 1 : (q ? 16u : 8u) >> size);
	out->vec.op = (uint8_t)op;
	return 0;
}
