// SPDX-License-Identifier: GPL-2.0
/*
 * AdvSIMD copy and scalar copy (ARM ARM C4.1.6, "Advanced SIMD copy"):
 * DUP (element, general), INS (element, general), UMOV, SMOV, and the
 * scalar DUP (element), alias MOV.
 *
 * insn fields: struct insn_vcopy (cpu.h), bytes = bytes written (8/16,
 * or the element size for the scalar form); sf = 64-bit general register.
 */
#include "fpsimd.h"

static int h_dup_elem(struct cpu_state *cpu, const struct insn *in)
{
	union vreg r;
	uint64_t x;
	unsigned int i, n = in->vcopy.bytes >> in->vcopy.esz;

	FP_CHECK(cpu, in);
	x = vec_get(&cpu->v[in->rn], in->vcopy.esz, in->vcopy.src);
	for (i = 0; i < n; i++)
		vec_set(&r, in->vcopy.esz, i, x);
	vec_write(cpu, in->rd, &r, in->vcopy.bytes);
	return INSN_NEXT;
}

/*
 * DUP Vd.T, Rn: the low element of Rn in every lane. Multiplying it by a
 * 1 in each lane of a 64-bit word replicates it (no carries: the lanes do
 * not overlap).
 */
static int h_dup_gen(struct cpu_state *cpu, const struct insn *in)
{
	static const uint64_t ones[4] = {
		0x0101010101010101ull, 0x0001000100010001ull, 0x0000000100000001ull, 1,
	};
	unsigned int esz = in->vcopy.esz & 3;
	uint64_t mask = esz == 3 ? ~0ull : (1ull << (8u << esz)) - 1;
	uint64_t w = (cpu->r[in->rn] & mask) * ones[esz];

	FP_CHECK(cpu, in);
	cpu->v[in->rd].d[0] = w;
	cpu->v[in->rd].d[1] = in->vcopy.bytes == 16 ? w : 0;
	return INSN_NEXT;
}

insn_fn fp_dup_gen_fn(void)
{
	return h_dup_gen;
}

static int h_ins_gen(struct cpu_state *cpu, const struct insn *in)
{
	FP_CHECK(cpu, in);
	vec_set(&cpu->v[in->rd], in->vcopy.esz, in->vcopy.dst, cpu->r[in->rn]);
	return INSN_NEXT;
}

static int h_ins_elem(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t x;

	FP_CHECK(cpu, in);
	x = vec_get(&cpu->v[in->rn], in->vcopy.esz, in->vcopy.src);
	vec_set(&cpu->v[in->rd], in->vcopy.esz, in->vcopy.dst, x);
	return INSN_NEXT;
}

static int h_umov(struct cpu_state *cpu, const struct insn *in)
{
	FP_CHECK(cpu, in);
	cpu->r[in->rd] = vec_get(&cpu->v[in->rn], in->vcopy.esz, in->vcopy.src);
	return INSN_NEXT;
}

static int h_smov(struct cpu_state *cpu, const struct insn *in)
{
	int64_t x;

	FP_CHECK(cpu, in);
	x = esz_sext(vec_get(&cpu->v[in->rn], in->vcopy.esz, in->vcopy.src), in->vcopy.esz);
	cpu->r[in->rd] = in->sf ? (uint64_t)x : (uint32_t)x;
	return INSN_NEXT;
}

/* imm5: the lowest set bit gives the size, the bits above it the index. */
static int copy_size(unsigned int imm5)
{
	unsigned int esz;

	for (esz = 0; esz < 4; esz++)
		if (imm5 & (1u << esz))
			return (int)esz;
	return -1;
}

static int decode_simd_dup_scalar(uint32_t raw, struct insn *out, int esz)
{
	unsigned int imm5 = BITS(raw, 20, 16), imm4 = BITS(raw, 14, 11);

	if (BIT(raw, 29) || imm4 != 0)
		return fp_undef(out);
	fp_insn(out, h_dup_elem, raw);
	out->vcopy.esz = (uint8_t)esz;
	out->vcopy.src = (uint8_t)(imm5 >> (esz + 1));
	out->vcopy.bytes = 1u << esz;
	return 0;
}

static int decode_simd_ins(uint32_t raw, struct insn *out, int esz, unsigned int q)
{
	unsigned int imm5 = BITS(raw, 20, 16), imm4 = BITS(raw, 14, 11);

	if (!q)
		return fp_undef(out);
	fp_insn(out, h_ins_elem, raw);
	out->vcopy.esz = (uint8_t)esz;
	out->vcopy.dst = (uint8_t)(imm5 >> (esz + 1));
	out->vcopy.src = (uint8_t)(imm4 >> esz);
	return 0;
}

int decode_simd_copy(uint32_t raw, struct insn *out)
{
	unsigned int q = BIT(raw, 30), imm5 = BITS(raw, 20, 16);
	unsigned int imm4 = BITS(raw, 14, 11), idx;
	int esz = copy_size(imm5);

	if (esz < 0)
		return fp_undef(out);
	if (BIT(raw, 28))
		return decode_simd_dup_scalar(raw, out, esz);
	if (BIT(raw, 29))
		return decode_simd_ins(raw, out, esz, q);
	idx = imm5 >> (esz + 1);
	switch (imm4) {
	case 0:		/* DUP (element) */
	case 1:		/* DUP (general) */
		if (esz == 3 && !q)
			return fp_undef(out);
		fp_insn(out, imm4 ? h_dup_gen : h_dup_elem, raw);
		out->rn = imm4 ? reg_src(out->rn) : out->rn;
		out->vcopy.src = (uint8_t)idx;
		out->vcopy.bytes = q ? 16 : 8;
		break;
	case 3:		/* INS (general) */
		if (!q)
			return fp_undef(out);
		fp_insn(out, h_ins_gen, raw);
		out->rn = reg_src(out->rn);
		out->vcopy.dst = (uint8_t)idx;
		break;
	case 5:		/* SMOV */
		if (esz > (int)q + 1)
			return fp_undef(out);
		fp_insn(out, h_smov, raw);
		out->rd = reg_dst(out->rd);
		out->vcopy.src = (uint8_t)idx;
		out->sf = (uint8_t)q;
		break;
	case 7:		/* UMOV: Wd for B/H/S, Xd for D only */
		if ((q && esz != 3) || (!q && esz == 3))
			return fp_undef(out);
		fp_insn(out, h_umov, raw);
		out->rd = reg_dst(out->rd);
		out->vcopy.src = (uint8_t)idx;
		break;
	default:
		return fp_undef(out);
	}
	out->vcopy.esz = (uint8_t)esz;
	return 0;
}
