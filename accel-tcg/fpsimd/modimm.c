// SPDX-License-Identifier: GPL-2.0
/*
 * AdvSIMD modified immediate (ARM ARM C4.1.6): MOVI, MVNI, ORR, BIC
 * (vector, immediate) and FMOV (vector, immediate). The immediate is
 * expanded once at decode time (AdvSIMDExpandImm, ARM ARM J1 shared
 * pseudocode) into a 64-bit pattern that every 64-bit lane repeats.
 *
 * insn fields: struct insn_vimm (cpu.h), imm = the 64-bit lane pattern.
 */
#include "fpsimd.h"

/*
 * VFPExpandImm: abcdefgh -> sign a, exponent NOT(b):Replicate(b, E-3):cd,
 * fraction efgh:Zeros(F-4), for esz 1 (half), 2 (single), 3 (double).
 */
uint64_t vfp_expand_imm(unsigned int imm8, unsigned int esz)
{
	unsigned int e = esz == 1 ? 5 : esz == 2 ? 8 : 11;
	unsigned int f = (8u << esz) - e - 1;
	uint64_t b = (imm8 >> 6) & 1, exp;

	exp = (b ^ 1) << (e - 1);
	if (b)
		exp |= ((1ull << (e - 3)) - 1) << 2;
	exp |= (imm8 >> 4) & 3;
	return ((uint64_t)(imm8 >> 7) << (e + f)) | (exp << f) |
	       ((uint64_t)(imm8 & 15) << (f - 4));
}

static uint64_t rep32(uint64_t x)
{
	return x | (x << 32);
}

static uint64_t rep16(uint64_t x)
{
	return rep32(x | (x << 16));
}

/* AdvSIMDExpandImm for every cmode; op selects the 64-bit byte mask form. */
static uint64_t simd_expand_imm(unsigned int op, unsigned int cmode, uint64_t imm8)
{
	uint64_t r = 0;
	unsigned int i;

	switch (cmode >> 1) {
	case 0: case 1: case 2: case 3:
		return rep32(imm8 << (8 * (cmode >> 1)));
	case 4: case 5:
		return rep16(imm8 << (8 * ((cmode >> 1) & 1)));
	case 6:
		if (cmode & 1)
			return rep32((imm8 << 16) | 0xffff);
		return rep32((imm8 << 8) | 0xff);
	default:
		if (cmode & 1)
			return op ? vfp_expand_imm((unsigned int)imm8, 3) :
				    rep32(vfp_expand_imm((unsigned int)imm8, 2));
		if (!op)
			return rep16(imm8 | (imm8 << 8));
		for (i = 0; i < 8; i++)
			if (imm8 & (1u << i))
				r |= 0xffull << (8 * i);
		return r;
	}
}

static int h_movi(struct cpu_state *cpu, const struct insn *in)
{
	FP_CHECK(cpu, in);
	cpu->v[in->rd].d[0] = in->vimm.imm;
	cpu->v[in->rd].d[1] = in->vimm.bytes == 16 ? in->vimm.imm : 0;
	return INSN_NEXT;
}

insn_fn fp_movi_fn(void)
{
	return h_movi;
}

static int h_orr_imm(struct cpu_state *cpu, const struct insn *in)
{
	FP_CHECK(cpu, in);
	cpu->v[in->rd].d[0] |= in->vimm.imm;
	if (in->vimm.bytes == 16)
		cpu->v[in->rd].d[1] |= in->vimm.imm;
	else
		cpu->v[in->rd].d[1] = 0;
	return INSN_NEXT;
}

/* BIC is ORR's mirror: decode stores the complement, AND keeps it. */
static int h_and_imm(struct cpu_state *cpu, const struct insn *in)
{
	FP_CHECK(cpu, in);
	cpu->v[in->rd].d[0] &= in->vimm.imm;
	if (in->vimm.bytes == 16)
		cpu->v[in->rd].d[1] &= in->vimm.imm;
	else
		cpu->v[in->rd].d[1] = 0;
	return INSN_NEXT;
}

int decode_simd_modimm(uint32_t raw, struct insn *out)
{
	unsigned int q = BIT(raw, 30), op = BIT(raw, 29);
	unsigned int cmode = BITS(raw, 15, 12);
	/* a:b:c:d:e:f:g:h = insn<18:16>:insn<9:5> */
	uint64_t imm8 = (BITS(raw, 18, 16) << 5) | BITS(raw, 9, 5), imm;
	bool logic;

	if (BIT(raw, 11))		/* o2: FP16 FMOV, not in v8.0 */
		return fp_undef(out);
	if (cmode == 15 && op && !q)
		return fp_undef(out);
	imm = simd_expand_imm(op, cmode, imm8);
	/* cmode 0xx1 and 10x1 are ORR (op 0) / BIC (op 1). */
	logic = (cmode & 1) && cmode < 12;
	if (logic) {
		fp_insn(out, op ? h_and_imm : h_orr_imm, raw);
		out->vimm.imm = op ? ~imm : imm;
	} else {
		fp_insn(out, h_movi, raw);
		/* MVNI: cmode 0xx0, 10x0, 110x with op 1. */
		out->vimm.imm = (op && cmode < 14) ? ~imm : imm;
	}
	out->vimm.bytes = q ? 16 : 8;
	return 0;
}
