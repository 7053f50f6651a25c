// SPDX-License-Identifier: GPL-2.0
/*
 * AdvSIMD shift by immediate and its scalar form (ARM ARM C4.1.6,
 * semantics C7.2): SSHR, USHR, SSRA, USRA, SRSHR, URSHR, SRSRA, URSRA,
 * SRI, SHL, SLI, SQSHL, UQSHL, SQSHLU, the narrowing SHRN family and
 * SSHLL/USHLL. The fixed-point conversions go to fpsimd_vfp.c.
 *
 * insn fields: struct insn_vec (cpu.h); esz is the size of the result
 * for narrowing, of the source for widening.
 */
#include "fpsimd.h"

#define SHIFT_LOOP(body)						\
	const union vreg *vn = &cpu->v[in->rn], *vd = &cpu->v[in->rd];	\
	unsigned int sh = in->vec.shift, i;					\
	union vreg r;							\
									\
	FP_CHECK(cpu, in);						\
	ESZ_SWITCH(in->vec.esz, for (i = 0; i < in->vec.elements; i++) {			\
		uint64_t x = vec_get(vn, esz, i), d = vec_get(vd, esz, i);	\
		(void)d; (void)sh;					\
		vec_set(&r, esz, i, (body));				\
	});								\
	vec_write(cpu, in->rd, &r, in->vec.elements << in->vec.esz);			\
	return INSN_NEXT

/* SSHR, USHR, SRSHR, URSHR and the accumulating SSRA ... URSRA. */
static int h_shr(struct cpu_state *cpu, const struct insn *in)
{
	SHIFT_LOOP((in->vec.acc ? d : 0) +
		   simd_shl_elem(cpu, x, (int8_t)-(int)sh, esz, in->vec.flags));
}

static int h_sri(struct cpu_state *cpu, const struct insn *in)
{
	SHIFT_LOOP(sh >= (8u << esz) ? d :
		   (d & ~(esz_mask(esz) >> sh)) | ((x & esz_mask(esz)) >> sh));
}

static int h_sli(struct cpu_state *cpu, const struct insn *in)
{
	SHIFT_LOOP((d & ~(esz_mask(esz) << sh)) | (x << sh));
}

static int h_shl(struct cpu_state *cpu, const struct insn *in)
{
	SHIFT_LOOP(x << sh);
}

/* SQSHL, UQSHL (immediate). */
static int h_qshl(struct cpu_state *cpu, const struct insn *in)
{
	SHIFT_LOOP(simd_shl_elem(cpu, x, (int8_t)sh, esz, in->vec.flags));
}

/* SQSHLU: signed source, unsigned saturation; sh < 64 fits in 128 bits. */
static int h_sqshlu(struct cpu_state *cpu, const struct insn *in)
{
	SHIFT_LOOP(sat_unsigned(cpu, (__int128)((unsigned __int128)(__int128)
						esz_sext(x, esz) << sh), esz));
}

enum { SHRN_TRUNC, SHRN_SQ, SHRN_UQ, SHRN_SQU };

/* Narrowing right shifts: source 2*esz, optional rounding, saturation. */
static uint64_t shrn_elem(struct cpu_state *cpu, uint64_t x, const struct insn *in)
{
	unsigned int kind = in->vec.kind, esz = in->vec.esz, sh = in->vec.shift;
	bool sgn = kind == SHRN_SQ || kind == SHRN_SQU;
	__int128 v = sgn ? (__int128)esz_sext(x, esz + 1) : (__int128)(x & esz_mask(esz + 1));

	if (in->vec.round)	/* R*SHRN */
		v += (__int128)1 << (sh - 1);
	v >>= sh;
	switch (kind) {
	case SHRN_SQ: return sat_signed(cpu, v, esz);
	case SHRN_UQ:
	case SHRN_SQU: return sat_unsigned(cpu, v, esz);
	default: return (uint64_t)v & esz_mask(esz);
	}
}

/* Plain SHRN (the common case: glibc's string functions): no saturation. */
static int h_shrn_trunc(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *vn = &cpu->v[in->rn];
	unsigned int i, base = in->vec.upper ? in->vec.elements : 0, sh = in->vec.shift;
	union vreg r = cpu->v[in->rd];

	FP_CHECK(cpu, in);
	if (!in->vec.upper)
		r.q = 0;
	ESZ_SWITCH(in->vec.esz, for (i = 0; i < in->vec.elements; i++)
		vec_set(&r, esz, base + i, vec_get(vn, esz + 1, i) >> sh));
	vec_write(cpu, in->rd, &r, 16);
	return INSN_NEXT;
}

static int h_shrn(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *vn = &cpu->v[in->rn];
	unsigned int i, base = in->vec.upper ? in->vec.elements : 0;
	union vreg r = cpu->v[in->rd];

	FP_CHECK(cpu, in);
	if (!in->vec.upper)
		r.q = 0;
	for (i = 0; i < in->vec.elements; i++)
		vec_set(&r, in->vec.esz, base + i,
			shrn_elem(cpu, vec_get(vn, in->vec.esz + 1, i), in));
	vec_write(cpu, in->rd, &r, 16);
	return INSN_NEXT;
}

/* SSHLL/USHLL (UXTL/SXTL): widen the low or high half, shift left. */
static int h_shll_imm(struct cpu_state *cpu, const struct insn *in)
{
	const union vreg *vn = &cpu->v[in->rn];
	unsigned int i, base = in->vec.upper ? in->vec.elements : 0, esz = in->vec.esz;
	union vreg r;

	FP_CHECK(cpu, in);
	for (i = 0; i < in->vec.elements; i++) {
		uint64_t x = vec_get(vn, esz, base + i);

		x = in->vec.is_signed ? (uint64_t)esz_sext(x, esz) : x;
		vec_set(&r, esz + 1, i, x << in->vec.shift);
	}
	vec_write(cpu, in->rd, &r, 16);
	return INSN_NEXT;
}

static int decode_shift_narrow(uint32_t raw, struct insn *out, int esz,
			       unsigned int shift, bool scalar)
{
	unsigned int u = BIT(raw, 29), opcode = BITS(raw, 15, 11);
	static const unsigned int kinds[2][2] = {
		{ SHRN_TRUNC, SHRN_SQ }, { SHRN_SQU, SHRN_UQ },
	};

	if (esz == 3 || (scalar && !u && !(opcode & 2)))
		return fp_undef(out);
	fp_insn(out, h_shrn, raw);
	if (!u && opcode == 0x10)
		out->fn = esz == 0 ? simd_shrn_b : h_shrn_trunc;
	out->vec.esz = (uint8_t)esz;
	out->vec.elements = (uint8_t)(scalar ? 1 : 8u >> esz);
	out->vec.shift = (uint8_t)shift;
	out->vec.upper = (uint8_t)(scalar ? 0 : BIT(raw, 30));
	out->vec.kind = (uint8_t)kinds[u][(opcode >> 1) & 1];
	out->vec.round = opcode & 1;
	return 0;
}

static int decode_shift_long(uint32_t raw, struct insn *out, int esz,
			     unsigned int shift, bool scalar)
{
	if (esz == 3 || scalar)
		return fp_undef(out);
	fp_insn(out, h_shll_imm, raw);
	out->vec.esz = (uint8_t)esz;
	out->vec.elements = (uint8_t)(8u >> esz);
	out->vec.shift = (uint8_t)shift;
	out->vec.upper = (uint8_t)BIT(raw, 30);
	out->vec.is_signed = !BIT(raw, 29);
	return 0;
}

/* The same-width shifts: the handler and its SHL_* flags, accumulation, or NULL. */
static insn_fn shift_same_fn(unsigned int u, unsigned int opcode,
			     uint8_t *flags, uint8_t *acc)
{
	*flags = 0;
	*acc = 0;
	switch (opcode) {
	case 0x00: case 0x02: case 0x04: case 0x06:
		*flags = (u ? 0 : SHL_SIGNED) | ((opcode & 4) ? SHL_ROUND : 0);
		*acc = (opcode >> 1) & 1;
		return h_shr;
	case 0x08: return u ? h_sri : NULL;
	case 0x0a: return u ? h_sli : h_shl;
	case 0x0c: return u ? h_sqshlu : NULL;
	case 0x0e:
		*flags = SHL_SAT | (u ? 0 : SHL_SIGNED);
		return h_qshl;
	}
	return NULL;
}

int decode_simd_shift(uint32_t raw, struct insn *out)
{
	unsigned int q = BIT(raw, 30), u = BIT(raw, 29);
	unsigned int immh = BITS(raw, 22, 19), immhb = BITS(raw, 22, 16);
	unsigned int opcode = BITS(raw, 15, 11);
	bool scalar = BIT(raw, 28), right;
	int esz = 31 - __builtin_clz(immh | 1);
	unsigned int bits = 8u << esz, shift;
	uint8_t flags, acc;
	insn_fn fn;

	if (opcode == 0x1c || opcode == 0x1f)
		return decode_simd_fp_fixed(raw, out);
	if (!immh)
		return fp_undef(out);
	right = opcode <= 0x08 || (opcode >= 0x10 && opcode <= 0x13);
	shift = right ? 2 * bits - immhb : immhb - bits;
	if (opcode >= 0x10 && opcode <= 0x13)
		return decode_shift_narrow(raw, out, esz, shift, scalar);
	if (opcode == 0x14)
		return decode_shift_long(raw, out, esz, shift, scalar);
	fn = shift_same_fn(u, opcode, &flags, &acc);
	if (!fn || (esz == 3 && !q && !scalar))
		return fp_undef(out);
	/* Scalar: only size 3, except the saturating left shifts. */
	if (scalar && esz != 3 && opcode < 0x0c)
		return fp_undef(out);
	fp_insn(out, fn, raw);
	out->vec.esz = (uint8_t)esz;
	out->vec.elements = (uint8_t)(scalar ? 1 : (8u << q) >> esz);
	out->vec.shift = (uint8_t)shift;
	out->vec.flags = flags;
	out->vec.acc = acc;
	return 0;
}
