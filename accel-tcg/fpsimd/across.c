// SPDX-License-Identifier: GPL-2.0
/*
 * AdvSIMD across lanes (ADDV, SADDLV, UADDLV, SMAXV, UMAXV, SMINV, UMINV)
 * and scalar pairwise ADDP (ARM ARM C4.1.6, semantics C7.2). The FP
 * reductions (FMAXV, FADDP scalar ...) are in fpsimd_vfp.c.
 *
 * insn fields: struct insn_vec (cpu.h).
 */
#include "fpsimd.h"

enum { RED_ADD, RED_SADDL, RED_UADDL, RED_SMAX, RED_UMAX, RED_SMIN, RED_UMIN };

static uint64_t reduce_step(unsigned int op, uint64_t acc, uint64_t x, unsigned int esz)
{
	int64_t sa = esz_sext(acc, esz), sx = esz_sext(x, esz);

	switch (op) {
	case RED_SMAX: return sx > sa ? x : acc;
	case RED_UMAX: return x > acc ? x : acc;
	case RED_SMIN: return sx < sa ? x : acc;
	case RED_UMIN: return x < acc ? x : acc;
	default: return acc + x;
	}
}

static int h_reduce(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *vn = &cpu->v[in->rn];
	unsigned int esz = in->vec.esz, i, op = in->vec.op;
	uint64_t acc = vec_get(vn, esz, 0);

	FP_CHECK(cpu, in);
	if (op == RED_SADDL || op == RED_UADDL) {
		/* Widening sum: at most 16 elements of 32 bits, no overflow in 64. */
		acc = 0;
		for (i = 0; i < in->vec.elements; i++) {
			uint64_t x = vec_get(vn, esz, i);

			acc += op == RED_SADDL ? (uint64_t)esz_sext(x, esz) : x;
		}
		vec_write_scalar(cpu, in->rd, acc & esz_mask(esz + 1));
		return INSN_NEXT;
	}
	for (i = 1; i < in->vec.elements; i++)
		acc = reduce_step(op, acc, vec_get(vn, esz, i), esz);
	vec_write_scalar(cpu, in->rd, acc & esz_mask(esz));
	return INSN_NEXT;
}

int decode_simd_across(uint32_t raw, struct insn *out)
{
	unsigned int q = BIT(raw, 30), u = BIT(raw, 29);
	unsigned int size = BITS(raw, 23, 22), opcode = BITS(raw, 16, 12);
	int op;

	if (opcode == 0x0c || opcode == 0x0f)
		return decode_simd_fp_reduce(raw, out);
	switch (opcode) {
	case 0x03: op = u ? RED_UADDL : RED_SADDL; break;
	case 0x0a: op = u ? RED_UMAX : RED_SMAX; break;
	case 0x1a: op = u ? RED_UMIN : RED_SMIN; break;
	case 0x1b: op = u ? -1 : RED_ADD; break;
	default: op = -1; break;
	}
	if (op < 0 || size == 3 || (size == 2 && !q))
		return fp_undef(out);
	fp_insn(out, h_reduce, raw);
	out->vec.esz = (uint8_t)size;
	out->vec.elements = (uint8_t)((8u << q) >> size);
	out->vec.op = (uint8_t)op;
	return 0;
}

static int h_addp_scalar(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *vn = &cpu->v[in->rn];

	FP_CHECK(cpu, in);
	vec_write_scalar(cpu, in->rd, vn->d[0] + vn->d[1]);
	return INSN_NEXT;
}

int decode_simd_pairwise(uint32_t raw, struct insn *out)
{
	unsigned int u = BIT(raw, 29), size = BITS(raw, 23, 22);
	unsigned int opcode = BITS(raw, 16, 12);

	if (u)
		return decode_simd_fp_reduce(raw, out);
	if (opcode != 0x1b || size != 3)
		return fp_undef(out);
	fp_insn(out, h_addp_scalar, raw);
	return 0;
}
