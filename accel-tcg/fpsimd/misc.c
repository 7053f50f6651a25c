// SPDX-License-Identifier: GPL-2.0
/*
 * AdvSIMD two-register miscellaneous and its scalar form, integer part
 * (ARM ARM C4.1.6; semantics C7.2). The floating-point opcodes go to
 * fpsimd_vfp.c.
 *
 * insn fields: struct insn_vec (cpu.h); esz is the element size of the
 * operation.
 */
#include "fpsimd.h"

#define UN_OP(name, expr)						\
static int name(struct cpu_state *cpu, const struct insn *in)		\
{									\
	const union vreg *vn = &cpu->v[in->rn];				\
	const union vreg *vd = &cpu->v[in->rd];				\
	unsigned int i;							\
	union vreg r;							\
									\
	FP_CHECK(cpu, in);						\
	ESZ_SWITCH(in->vec.esz, for (i = 0; i < in->vec.elements; i++) {			\
		uint64_t x = vec_get(vn, esz, i), d = vec_get(vd, esz, i);	\
		int64_t sx = esz_sext(x, esz);				\
		(void)sx; (void)d;					\
		vec_set(&r, esz, i, (expr));				\
	});								\
	vec_write(cpu, in->rd, &r, in->vec.elements << in->vec.esz);			\
	return INSN_NEXT;						\
}

#define ONES(c)		(-(uint64_t)!!(c))

static uint64_t rev_in(uint64_t x, unsigned int esz, unsigned int container)
{
	/* Reverse the esz-sized units inside each container (bytes, log2). */
	unsigned int n = 1u << (container - esz), i, bits = 8u << esz;
	uint64_t r = 0;

	for (i = 0; i < n; i++)
		r |= ((x >> (i * bits)) & esz_mask(esz)) << ((n - 1 - i) * bits);
	return r;
}

static uint64_t cls_elem(uint64_t x, unsigned int esz)
{
	unsigned int bits = 8u << esz, n = 0;
	uint64_t sign = (x >> (bits - 1)) & 1;
	int i;

	for (i = (int)bits - 2; i >= 0 && ((x >> i) & 1) == sign; i--)
		n++;
	return n;
}

static uint64_t clz_elem(uint64_t x, unsigned int esz)
{
	unsigned int bits = 8u << esz;

	x &= esz_mask(esz);
	return x ? (uint64_t)__builtin_clzll(x) - (64 - bits) : bits;
}

static uint64_t rbit8(uint64_t x)
{
	uint64_t r = 0;
	unsigned int i;

	for (i = 0; i < 8; i++)
		r |= ((x >> i) & 1) << (7 - i);
	return r;
}

/* REV16/REV32/REV64 work on the whole 64-bit lanes (a = 3). */
UN_OP(h_rev16, rev_in(x, 0, 1) | (rev_in(x >> 16, 0, 1) << 16) |
	(rev_in(x >> 32, 0, 1) << 32) | (rev_in(x >> 48, 0, 1) << 48))
UN_OP(h_cnt, (uint64_t)__builtin_popcountll(x))
UN_OP(h_cls, cls_elem(x, esz))
UN_OP(h_clz, clz_elem(x, esz))
UN_OP(h_not, ~x)
UN_OP(h_rbit, rbit8(x))
UN_OP(h_cmgt0, ONES(sx > 0))
UN_OP(h_cmeq0, ONES(x == 0))
UN_OP(h_cmlt0, ONES(sx < 0))
UN_OP(h_cmge0, ONES(sx >= 0))
UN_OP(h_cmle0, ONES(sx <= 0))
UN_OP(h_abs, sx < 0 ? -x : x)
UN_OP(h_neg, -x)
UN_OP(h_sqabs, sat_signed(cpu, sx < 0 ? -(__int128)sx : sx, esz))
UN_OP(h_sqneg, sat_signed(cpu, -(__int128)sx, esz))
/* SUQADD: signed d plus unsigned x; USQADD: unsigned d plus signed x. */
UN_OP(h_suqadd, sat_signed(cpu, (__int128)esz_sext(d, esz) + x, esz))
UN_OP(h_usqadd, sat_unsigned(cpu, (__int128)d + sx, esz))

/* CMEQ #0 on bytes, 64 bits at a time. */
static int h_cmeq0_b(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *vn = &cpu->v[in->rn];
	uint64_t lo = swar_zero_bytes(vn->d[0]);
	uint64_t hi = in->vec.elements == 16 ? swar_zero_bytes(vn->d[1]) : 0;

	FP_CHECK(cpu, in);
	cpu->v[in->rd].d[0] = lo;
	cpu->v[in->rd].d[1] = hi;
	return INSN_NEXT;
}

/* REV32/REV64: element units reversed inside 32/64-bit containers. */
static int h_rev(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *vn = &cpu->v[in->rn];
	unsigned int lanes = in->vec.elements, i;
	union vreg r;

	FP_CHECK(cpu, in);
	r.q = 0;
	for (i = 0; i < lanes; i++) {
		uint64_t x = vn->d[i];

		if (in->vec.container == 2)	/* 32-bit containers */
			r.d[i] = rev_in(x, in->vec.esz, 2) |
				 (rev_in(x >> 32, in->vec.esz, 2) << 32);
		else
			r.d[i] = rev_in(x, in->vec.esz, 3);
	}
	vec_write(cpu, in->rd, &r, lanes * 8);
	return INSN_NEXT;
}

/* SADDLP/UADDLP and SADALP/UADALP: pairs widened to 2*esz and added. */
static int h_addlp(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *vn = &cpu->v[in->rn];
	unsigned int esz = in->vec.esz, i, wide = esz + 1;
	bool sgn = in->vec.is_signed, acc = in->vec.acc;
	union vreg r;

	FP_CHECK(cpu, in);
	for (i = 0; i < in->vec.elements; i++) {
		uint64_t x = vec_get(vn, esz, 2 * i), y = vec_get(vn, esz, 2 * i + 1);
		uint64_t s = sgn ? (uint64_t)(esz_sext(x, esz) + esz_sext(y, esz)) : x + y;

		if (acc)
			s += vec_get(&cpu->v[in->rd], wide, i);
		vec_set(&r, wide, i, s);
	}
	vec_write(cpu, in->rd, &r, in->vec.elements << wide);
	return INSN_NEXT;
}

/*
 * Narrowing: XTN, SQXTN, UQXTN, SQXTUN. Source elements are 2*esz; the
 * "2" forms write the upper half and keep the lower one.
 */
enum { NARROW_XTN, NARROW_SQXTN, NARROW_UQXTN, NARROW_SQXTUN };

static uint64_t narrow_elem(struct cpu_state *cpu, uint64_t x, unsigned int esz,
			    unsigned int kind)
{
	switch (kind) {
	case NARROW_SQXTN:
		return sat_signed(cpu, esz_sext(x, esz + 1), esz);
	case NARROW_UQXTN:
		return sat_unsigned(cpu, x, esz);
	case NARROW_SQXTUN:
		return sat_unsigned(cpu, esz_sext(x, esz + 1), esz);
	default:
		return x & esz_mask(esz);
	}
}

static int h_narrow(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *vn = &cpu->v[in->rn];
	unsigned int esz = in->vec.esz, n = in->vec.elements, i, base = in->vec.upper ? n : 0;
	union vreg r = cpu->v[in->rd];

	FP_CHECK(cpu, in);
	if (!in->vec.upper)
		r.q = 0;
	for (i = 0; i < n; i++)
		vec_set(&r, esz, base + i,
			narrow_elem(cpu, vec_get(vn, esz + 1, i), esz, in->vec.kind));
	vec_write(cpu, in->rd, &r, 16);
	return INSN_NEXT;
}

/* SHLL/SHLL2: widen and shift left by the source element width. */
static int h_shll(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *vn = &cpu->v[in->rn];
	unsigned int esz = in->vec.esz, n = in->vec.elements, i, base = in->vec.upper ? n : 0;
	union vreg r;

	FP_CHECK(cpu, in);
	for (i = 0; i < n; i++)
		vec_set(&r, esz + 1, i, vec_get(vn, esz, base + i) << (8u << esz));
	vec_write(cpu, in->rd, &r, 16);
	return INSN_NEXT;
}

#define M_NO64	1u	/* size 3 reserved */
#define M_SCAL	2u	/* scalar form, any size */
#define M_SCAL64 4u	/* scalar form, size 3 only */
#define M_B	8u	/* size 0 only */

struct misc_op {
	insn_fn fn;
	unsigned int rules;
};

static const struct misc_op misc_ops[2][0x0c] = {
	{
		[0x03] = { h_suqadd, M_SCAL },
		[0x04] = { h_cls, M_NO64 },
		[0x05] = { h_cnt, M_B },
		[0x07] = { h_sqabs, M_SCAL },
		[0x08] = { h_cmgt0, M_SCAL64 },
		[0x09] = { h_cmeq0, M_SCAL64 },
		[0x0a] = { h_cmlt0, M_SCAL64 },
		[0x0b] = { h_abs, M_SCAL64 },
	}, {
		[0x03] = { h_usqadd, M_SCAL },
		[0x04] = { h_clz, M_NO64 },
		[0x07] = { h_sqneg, M_SCAL },
		[0x08] = { h_cmge0, M_SCAL64 },
		[0x09] = { h_cmle0, M_SCAL64 },
		[0x0b] = { h_neg, M_SCAL64 },
	},
};

static bool misc_size_ok(unsigned int rules, unsigned int size, unsigned int q,
			 bool scalar)
{
	if (scalar)
		return (rules & M_SCAL) || ((rules & M_SCAL64) && size == 3);
	if (size == 3 && (!q || (rules & M_NO64)))
		return false;
	return !(rules & M_B) || size == 0;
}

static int decode_misc_narrow(uint32_t raw, struct insn *out, unsigned int kind,
			      bool scalar)
{
	unsigned int size = BITS(raw, 23, 22), q = BIT(raw, 30);

	if (size == 3 || (scalar && kind == NARROW_XTN))
		return fp_undef(out);
	fp_insn(out, h_narrow, raw);
	out->vec.esz = (uint8_t)size;
	out->vec.elements = (uint8_t)(scalar ? 1 : 8u >> size);
	out->vec.upper = (uint8_t)(scalar ? 0 : q);
	out->vec.kind = kind;
	return 0;
}

static int decode_misc_rev(uint32_t raw, struct insn *out, unsigned int u,
			   unsigned int opcode)
{
	unsigned int size = BITS(raw, 23, 22), q = BIT(raw, 30);
	/* Container log2 bytes: REV64 3, REV32 2, REV16 1. */
	unsigned int cont = opcode == 1 ? 1 : u ? 2 : 3;

	if (size >= cont)
		return fp_undef(out);
	fp_insn(out, cont == 1 ? h_rev16 : h_rev, raw);
	out->vec.esz = (uint8_t)(cont == 1 ? 3 : size);
	out->vec.elements = (uint8_t)(q + 1);
	out->vec.container = (uint8_t)cont;
	return 0;
}

static int decode_misc_vector_only(uint32_t raw, struct insn *out, unsigned int u,
				   unsigned int opcode)
{
	unsigned int size = BITS(raw, 23, 22), q = BIT(raw, 30);

	switch (opcode) {
	case 0x00:
	case 0x01:
		return decode_misc_rev(raw, out, u, opcode);
	case 0x02:
	case 0x06:	/* [SU]ADDLP, [SU]ADALP */
		if (size == 3)
			return fp_undef(out);
		fp_insn(out, h_addlp, raw);
		out->vec.esz = (uint8_t)size;
		out->vec.elements = (uint8_t)((8u << q) >> (size + 1));
		out->vec.is_signed = !u;
		out->vec.acc = opcode == 6;
		return 0;
	case 0x05:	/* U=1: NOT (size 0), RBIT (size 1) */
		if (size > 1)
			return fp_undef(out);
		fp_insn(out, size ? h_rbit : h_not, raw);
		out->vec.esz = size ? 0 : 3;
		out->vec.elements = (uint8_t)(size ? 8u << q : q + 1);
		return 0;
	case 0x13:	/* SHLL */
		if (size == 3)
			return fp_undef(out);
		fp_insn(out, h_shll, raw);
		out->vec.esz = (uint8_t)size;
		out->vec.elements = (uint8_t)(8u >> size);
		out->vec.upper = (uint8_t)q;
		return 0;
	}
	return fp_undef(out);
}

/* REV*, [SU]ADDLP, [SU]ADALP, NOT, RBIT, SHLL: no scalar form, no table row. */
static bool vector_only(unsigned int u, unsigned int opcode)
{
	return opcode == 0 || (opcode == 1 && !u) || opcode == 2 || opcode == 6 ||
	       (opcode == 5 && u) || (opcode == 0x13 && u);
}

static bool misc_is_fp(unsigned int opcode)
{
	return (opcode >= 0x0c && opcode <= 0x0f) || opcode == 0x16 ||
	       opcode == 0x17 || opcode >= 0x18;
}

int decode_simd_two_misc(uint32_t raw, struct insn *out)
{
	unsigned int q = BIT(raw, 30), u = BIT(raw, 29);
	unsigned int size = BITS(raw, 23, 22), opcode = BITS(raw, 16, 12);
	bool scalar = BIT(raw, 28);
	const struct misc_op *op;

	if (misc_is_fp(opcode))
		return decode_simd_fp_misc(raw, out);
	switch (opcode) {
	case 0x12:
		return decode_misc_narrow(raw, out, u ? NARROW_SQXTUN : NARROW_XTN, scalar);
	case 0x14:
		return decode_misc_narrow(raw, out, u ? NARROW_UQXTN : NARROW_SQXTN, scalar);
	}
	if (!scalar && vector_only(u, opcode))
		return decode_misc_vector_only(raw, out, u, opcode);
	if (opcode >= 0x0c)
		return fp_undef(out);
	op = &misc_ops[u][opcode];
	if (!op->fn || !misc_size_ok(op->rules, size, q, scalar))
		return fp_undef(out);
	fp_insn(out, op->fn, raw);
	if (op->fn == h_cmeq0 && size == 0)
		out->fn = h_cmeq0_b;
	out->vec.esz = (uint8_t)size;
	out->vec.elements = (uint8_t)(scalar ? 1 : (8u << q) >> size);
	return 0;
}
