// SPDX-License-Identifier: GPL-2.0
/*
 * AdvSIMD three same and scalar three same, integer part (ARM ARM C4.1.6;
 * per-instruction semantics C7.2). Opcodes 11xxx are floating point and
 * go to fpsimd_vfp.c.
 *
 * insn fields: struct insn_vec (cpu.h), rd/rn/rm = vector registers.
 */
#include "fpsimd.h"

/*
 * One handler per operation: x, y are the elements of Vn, Vm, d the
 * old element of Vd (accumulating forms), sx/sy sign-extended x/y.
 */
#define SAME_OP(name, expr)						\
static int name(struct cpu_state *cpu, const struct insn *in)		\
{									\
	const union vreg *vn = &cpu->v[in->rn], *vm = &cpu->v[in->rm];	\
	const union vreg *vd = &cpu->v[in->rd];				\
	unsigned int i, n = in->vec.elements;					\
	union vreg r;							\
									\
	FP_CHECK(cpu, in);						\
	ESZ_SWITCH(in->vec.esz, for (i = 0; i < n; i++) {			\
		uint64_t x = vec_get(vn, esz, i), y = vec_get(vm, esz, i);	\
		uint64_t d = vec_get(vd, esz, i);			\
		int64_t sx = esz_sext(x, esz), sy = esz_sext(y, esz);	\
		(void)d; (void)sx; (void)sy;				\
		vec_set(&r, esz, i, (expr));				\
	});								\
	vec_write(cpu, in->rd, &r, n << in->vec.esz);			\
	return INSN_NEXT;						\
}

#define ONES(c)		(-(uint64_t)!!(c))
#define ABSD(a, b)	((a) > (b) ? (uint64_t)(a) - (uint64_t)(b) : (uint64_t)(b) - (uint64_t)(a))

SAME_OP(h_shadd, (uint64_t)((sx + sy) >> 1))
SAME_OP(h_uhadd, (x + y) >> 1)
SAME_OP(h_srhadd, (uint64_t)((sx + sy + 1) >> 1))
SAME_OP(h_urhadd, (x + y + 1) >> 1)
SAME_OP(h_shsub, (uint64_t)((sx - sy) >> 1))
SAME_OP(h_uhsub, (x - y) >> 1)
SAME_OP(h_sqadd, sat_signed(cpu, (__int128)sx + sy, esz))
SAME_OP(h_uqadd, sat_unsigned(cpu, (__int128)x + y, esz))
SAME_OP(h_sqsub, sat_signed(cpu, (__int128)sx - sy, esz))
SAME_OP(h_uqsub, sat_unsigned(cpu, (__int128)x - y, esz))
SAME_OP(h_and, x & y)
SAME_OP(h_bic, x & ~y)
SAME_OP(h_orr, x | y)
SAME_OP(h_orn, x | ~y)
SAME_OP(h_eor, x ^ y)
SAME_OP(h_bsl, (x & d) | (y & ~d))
SAME_OP(h_bit, (x & y) | (d & ~y))
SAME_OP(h_bif, (x & ~y) | (d & y))
SAME_OP(h_cmgt, ONES(sx > sy))
SAME_OP(h_cmhi, ONES(x > y))
SAME_OP(h_cmge, ONES(sx >= sy))
SAME_OP(h_cmhs, ONES(x >= y))
SAME_OP(h_cmtst, ONES(x & y))
SAME_OP(h_cmeq, ONES(x == y))
SAME_OP(h_sshl, simd_shl_elem(cpu, x, (int8_t)y, esz, SHL_SIGNED))
SAME_OP(h_ushl, simd_shl_elem(cpu, x, (int8_t)y, esz, 0))
SAME_OP(h_sqshl, simd_shl_elem(cpu, x, (int8_t)y, esz, SHL_SIGNED | SHL_SAT))
SAME_OP(h_uqshl, simd_shl_elem(cpu, x, (int8_t)y, esz, SHL_SAT))
SAME_OP(h_srshl, simd_shl_elem(cpu, x, (int8_t)y, esz, SHL_SIGNED | SHL_ROUND))
SAME_OP(h_urshl, simd_shl_elem(cpu, x, (int8_t)y, esz, SHL_ROUND))
SAME_OP(h_sqrshl, simd_shl_elem(cpu, x, (int8_t)y, esz, SHL_SIGNED | SHL_ROUND | SHL_SAT))
SAME_OP(h_uqrshl, simd_shl_elem(cpu, x, (int8_t)y, esz, SHL_ROUND | SHL_SAT))
SAME_OP(h_smax, sx > sy ? x : y)
SAME_OP(h_umax, x > y ? x : y)
SAME_OP(h_smin, sx < sy ? x : y)
SAME_OP(h_umin, x < y ? x : y)
SAME_OP(h_sabd, ABSD(sx, sy))
SAME_OP(h_uabd, ABSD(x, y))
SAME_OP(h_saba, d + ABSD(sx, sy))
SAME_OP(h_uaba, d + ABSD(x, y))
SAME_OP(h_add, x + y)
SAME_OP(h_sub, x - y)
SAME_OP(h_mla, d + x * y)
SAME_OP(h_mls, d - x * y)
SAME_OP(h_mul, x * y)
SAME_OP(h_pmul, poly_mul8(x, y))
/* SQDMULH/SQRDMULH: high half of 2*x*y, only -1 * -1 (min * min) saturates. */
SAME_OP(h_sqdmulh, sat_signed(cpu, ((__int128)sx * sy * 2) >> (8u << esz), esz))
SAME_OP(h_sqrdmulh, sat_signed(cpu, ((__int128)sx * sy * 2 +
				      ((__int128)1 << ((8u << esz) - 1))) >> (8u << esz), esz))

/* CMEQ on bytes, 64 bits at a time (glibc's strlen/memchr inner loops). */
static int h_cmeq_b(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *vn = &cpu->v[in->rn], *vm = &cpu->v[in->rm];
	uint64_t lo = swar_zero_bytes(vn->d[0] ^ vm->d[0]);
	uint64_t hi = in->vec.elements == 16 ? swar_zero_bytes(vn->d[1] ^ vm->d[1]) : 0;

	FP_CHECK(cpu, in);
	cpu->v[in->rd].d[0] = lo;
	cpu->v[in->rd].d[1] = hi;
	return INSN_NEXT;
}

/*
 * Pairwise: the concatenation Vm:Vn, adjacent pairs reduced; the low
 * half of the result comes from Vn, the high half from Vm.
 */
#define PAIR_HALF(src, base, expr)						\
	for (i = 0; i < half; i++) {					\
		uint64_t x = vec_get(src, esz, 2 * i);			\
		uint64_t y = vec_get(src, esz, 2 * i + 1);		\
		int64_t sx = esz_sext(x, esz), sy = esz_sext(y, esz);	\
		(void)sx; (void)sy;					\
		vec_set(&r, esz, (base) + i, (expr));			\
	}

#define PAIR_OP(name, expr)						\
static int name(struct cpu_state *cpu, const struct insn *in)		\
{									\
	const union vreg *vn = &cpu->v[in->rn], *vm = &cpu->v[in->rm];	\
	unsigned int half = in->vec.elements / 2, i;				\
	union vreg r;							\
									\
	FP_CHECK(cpu, in);						\
	ESZ_SWITCH(in->vec.esz, PAIR_HALF(vn, 0, expr) PAIR_HALF(vm, half, expr));	\
	vec_write(cpu, in->rd, &r, in->vec.elements << in->vec.esz);			\
	return INSN_NEXT;						\
}

PAIR_OP(h_addp, x + y)
PAIR_OP(h_smaxp, sx > sy ? x : y)
PAIR_OP(h_umaxp, x > y ? x : y)
PAIR_OP(h_sminp, sx < sy ? x : y)
PAIR_OP(h_uminp, x < y ? x : y)

/* Size rules (ARM ARM C7.2 per instruction). */
#define S_NO64	1u	/* size 3 reserved */
#define S_SCAL	2u	/* has a scalar form, any size */
#define S_SCAL64 4u	/* has a scalar form, size 3 only */
#define S_HS	8u	/* sizes 1 and 2 only */
#define S_B	16u	/* size 0 only */

struct same_op {
	insn_fn fn;
	unsigned int rules;
};

/* Indexed by U:opcode for opcodes 0..0x17 (the integer ones). */
static const struct same_op same_ops[2][0x18] = {
	{
		[0x00] = { h_shadd, S_NO64 },
		[0x01] = { h_sqadd, S_SCAL },
		[0x02] = { h_srhadd, S_NO64 },
		[0x04] = { h_shsub, S_NO64 },
		[0x05] = { h_sqsub, S_SCAL },
		[0x06] = { h_cmgt, S_SCAL64 },
		[0x07] = { h_cmge, S_SCAL64 },
		[0x08] = { h_sshl, S_SCAL64 },
		[0x09] = { h_sqshl, S_SCAL },
		[0x0a] = { h_srshl, S_SCAL64 },
		[0x0b] = { h_sqrshl, S_SCAL },
		[0x0c] = { h_smax, S_NO64 },
		[0x0d] = { h_smin, S_NO64 },
		[0x0e] = { h_sabd, S_NO64 },
		[0x0f] = { h_saba, S_NO64 },
		[0x10] = { h_add, S_SCAL64 },
		[0x11] = { h_cmtst, S_SCAL64 },
		[0x12] = { h_mla, S_NO64 },
		[0x13] = { h_mul, S_NO64 },
		[0x14] = { h_smaxp, S_NO64 },
		[0x15] = { h_sminp, S_NO64 },
		[0x16] = { h_sqdmulh, S_HS | S_SCAL },
		[0x17] = { h_addp, 0 },
	}, {
		[0x00] = { h_uhadd, S_NO64 },
		[0x01] = { h_uqadd, S_SCAL },
		[0x02] = { h_urhadd, S_NO64 },
		[0x04] = { h_uhsub, S_NO64 },
		[0x05] = { h_uqsub, S_SCAL },
		[0x06] = { h_cmhi, S_SCAL64 },
		[0x07] = { h_cmhs, S_SCAL64 },
		[0x08] = { h_ushl, S_SCAL64 },
		[0x09] = { h_uqshl, S_SCAL },
		[0x0a] = { h_urshl, S_SCAL64 },
		[0x0b] = { h_uqrshl, S_SCAL },
		[0x0c] = { h_umax, S_NO64 },
		[0x0d] = { h_umin, S_NO64 },
		[0x0e] = { h_uabd, S_NO64 },
		[0x0f] = { h_uaba, S_NO64 },
		[0x10] = { h_sub, S_SCAL64 },
		[0x11] = { h_cmeq, S_SCAL64 },
		[0x12] = { h_mls, S_NO64 },
		[0x13] = { h_pmul, S_B },
		[0x14] = { h_umaxp, S_NO64 },
		[0x15] = { h_uminp, S_NO64 },
		[0x16] = { h_sqrdmulh, S_HS | S_SCAL },
	},
};

/* Opcode 00011: the bitwise ops, selected by size; always on 64-bit lanes. */
static int decode_same_logic(uint32_t raw, struct insn *out, unsigned int u,
			     unsigned int size, unsigned int q)
{
	static const insn_fn logic[2][4] = {
		{ h_and, h_bic, h_orr, h_orn },
		{ h_eor, h_bsl, h_bit, h_bif },
	};

	if (BIT(raw, 28))
		return fp_undef(out);
	fp_insn(out, logic[u][size], raw);
	out->vec.esz = 3;
	out->vec.elements = (uint8_t)(q + 1);
	return 0;
}

/* Byte-lane handlers that do 64 bits at a time (fpsimd_fast.c). */
static insn_fn byte_fast_path(insn_fn fn)
{
	if (fn == h_cmeq)
		return h_cmeq_b;
	if (fn == h_addp)
		return simd_addp_b;
	if (fn == h_umaxp)
		return simd_umaxp_b;
	if (fn == h_uminp)
		return simd_uminp_b;
	if (fn == h_cmhs)
		return simd_cmhs_b;
	if (fn == h_cmhi)
		return simd_cmhi_b;
	return fn;
}

static bool same_size_ok(unsigned int rules, unsigned int size, unsigned int q,
			 bool scalar)
{
	if (scalar) {
		if (rules & S_SCAL64)
			return size == 3;
		if (!(rules & S_SCAL))
			return false;
	} else if (size == 3 && (!q || (rules & S_NO64))) {
		return false;
	}
	if ((rules & S_HS) && (size == 0 || size == 3))
		return false;
	if ((rules & S_B) && size != 0)
		return false;
	return true;
}

int decode_simd_three_same(uint32_t raw, struct insn *out)
{
	unsigned int q = BIT(raw, 30), u = BIT(raw, 29);
	unsigned int size = BITS(raw, 23, 22), opcode = BITS(raw, 15, 11);
	bool scalar = BIT(raw, 28);
	const struct same_op *op;

	if (opcode >= 0x18)
		return decode_simd_fp_same(raw, out);
	if (opcode == 3)
		return decode_same_logic(raw, out, u, size, q);
	op = &same_ops[u][opcode];
	if (!op->fn || !same_size_ok(op->rules, size, q, scalar))
		return fp_undef(out);
	fp_insn(out, op->fn, raw);
	if (size == 0 && !scalar)
		out->fn = byte_fast_path(op->fn);
	out->vec.esz = (uint8_t)size;
	out->vec.elements = (uint8_t)(scalar ? 1 : (8u << q) >> size);
	return 0;
}
