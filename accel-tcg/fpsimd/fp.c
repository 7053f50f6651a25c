// SPDX-License-Identifier: GPL-2.0
/*
 * Scalar floating-point data processing (ARM ARM C4.1.6, "Floating-point
 * data-processing"): the group split and the moves (FMOV register,
 * general, immediate). The arithmetic is in fpsimd_fparith.c, the
 * conversions in fpsimd_fpconv.c.
 */
#include "fpsimd.h"

/* FMOV Sd, Sn / Dd, Dn. */
static int h_fmov_reg(struct cpu_state *cpu, const struct insn *in)
{
	FP_CHECK(cpu, in);
	vec_write_scalar(cpu, in->rd, cpu->v[in->rn].d[0] & in->fmov.mask);
	return INSN_NEXT;
}

static int h_fmov_imm(struct cpu_state *cpu, const struct insn *in)
{
	FP_CHECK(cpu, in);
	vec_write_scalar(cpu, in->rd, in->fmov.imm);
	return INSN_NEXT;
}

/* FMOV Wd, Sn / Xd, Dn (part 0), FMOV Xd, Vn.D[1] (part 1). */
static int h_fmov_to_gen(struct cpu_state *cpu, const struct insn *in)
{
	FP_CHECK(cpu, in);
	cpu->r[in->rd] = cpu->v[in->rn].d[in->fmov.part] & in->fmov.mask;
	return INSN_NEXT;
}

static int h_fmov_from_gen(struct cpu_state *cpu, const struct insn *in)
{
	FP_CHECK(cpu, in);
	vec_write_scalar(cpu, in->rd, cpu->r[in->rn] & in->fmov.mask);
	return INSN_NEXT;
}

/* FMOV Vd.D[1], Xn: the low half is kept (ARM ARM C7.2 FMOV (general)). */
static int h_fmov_from_gen_hi(struct cpu_state *cpu, const struct insn *in)
{
	FP_CHECK(cpu, in);
	cpu->v[in->rd].d[1] = cpu->r[in->rn];
	return INSN_NEXT;
}

insn_fn fp_fmov_gen_fn(enum fp_move kind)
{
	switch (kind) {
	case FP_MOVE_TO_GEN:
		return h_fmov_to_gen;
	case FP_MOVE_FROM_GEN:
		return h_fmov_from_gen;
	default:
		return h_fmov_from_gen_hi;
	}
}

/* ptype 00 single, 01 double: esz 2 or 3; half (11) needs FP16 (v8.2). */
static int ptype_esz(uint32_t raw)
{
	unsigned int ptype = BITS(raw, 23, 22);

	return ptype == 0 ? 2 : ptype == 1 ? 3 : -1;
}

static int decode_fmov_gen(uint32_t raw, struct insn *out)
{
	unsigned int sf = BIT(raw, 31), ptype = BITS(raw, 23, 22);
	unsigned int rmode = BITS(raw, 20, 19), to_vec = BIT(raw, 16);
	bool hi = sf && ptype == 2 && rmode == 1;

	if (!hi && (rmode || ptype != sf))
		return fp_undef(out);
	if (to_vec) {
		fp_insn(out, hi ? h_fmov_from_gen_hi : h_fmov_from_gen, raw);
		out->rn = reg_src(out->rn);
	} else {
		fp_insn(out, h_fmov_to_gen, raw);
		out->rd = reg_dst(out->rd);
		out->fmov.part = hi;
	}
	out->fmov.mask = sf ? ~0ull : 0xffffffffull;
	return 0;
}

static int decode_fp_int(uint32_t raw, struct insn *out)
{
	unsigned int opcode = BITS(raw, 18, 16);

	if (opcode >= 6)
		return decode_fmov_gen(raw, out);
	return decode_fp_int_conv(raw, out);
}

static int decode_fp_imm(uint32_t raw, struct insn *out)
{
	int esz = ptype_esz(raw);

	if (esz < 0 || BITS(raw, 9, 5))
		return fp_undef(out);
	fp_insn(out, h_fmov_imm, raw);
	out->fmov.imm = vfp_expand_imm(BITS(raw, 20, 13), (unsigned int)esz);
	return 0;
}

static int decode_fp_1src(uint32_t raw, struct insn *out)
{
	unsigned int opcode = BITS(raw, 20, 15);
	int esz = ptype_esz(raw);

	if (opcode == 0 && esz > 0) {	/* FMOV (register) */
		fp_insn(out, h_fmov_reg, raw);
		out->fmov.mask = esz_mask((unsigned int)esz);
		return 0;
	}
	return decode_fp_1src_arith(raw, out);
}

/*
 * Within "M 0 S 11110 ptype 1 ...": bits 11:10 pick conditional compare
 * (01), 2-source (10), conditional select (11); with 00, the lowest set
 * bit of bits 15:12 picks immediate (bit 12), compare (bit 13), 1-source
 * (bit 14); none set is the integer conversions.
 */
int decode_fp_scalar(uint32_t raw, struct insn *out)
{
	unsigned int low = BITS(raw, 11, 10), mid = BITS(raw, 15, 12);

	/* S = 1 is unallocated throughout; M = 1 outside the conversions. */
	if (BIT(raw, 29))
		return fp_undef(out);
	if (!BIT(raw, 24) && !BIT(raw, 21))
		return decode_fp_fixed_conv(raw, out);
	if (!BIT(raw, 24) && !low && !mid)
		return decode_fp_int(raw, out);
	if (BIT(raw, 31))
		return fp_undef(out);
	if (BIT(raw, 24))
		return decode_fp_3src(raw, out);
	switch (low) {
	case 1: return decode_fp_ccmp(raw, out);
	case 2: return decode_fp_2src(raw, out);
	case 3: return decode_fp_csel(raw, out);
	}
	if (mid & 1)
		return decode_fp_imm(raw, out);
	if (mid & 2)
		return decode_fp_cmp(raw, out);
	if (mid & 4)
		return decode_fp_1src(raw, out);
	return fp_undef(out);
}
