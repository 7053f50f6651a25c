// SPDX-License-Identifier: GPL-2.0
/*
 * Scalar conversions between FP and integer or fixed point (ARM ARM
 * C4.1.6 "Conversion between floating-point and integer/fixed-point";
 * C7.2 SCVTF, UCVTF, FCVT[NPMZA][SU]): results saturate, NaN gives 0,
 * both with FPSR.IOC (ARM ARM J1 FPToFixed).
 *
 * insn fields: struct insn_fcvt (cpu.h), sf = 64-bit general register.
 */
#include "fpsimd.h"

static int h_fp_to_int(struct cpu_state *cpu, const struct insn *in)
{
	struct fp_status st;
	uint64_t r;

	FP_CHECK(cpu, in);
	fp_status_begin(&st, cpu);
	r = fp_to_fixed(&st, in->fcvt.esz, cpu->v[in->rn].d[0] & esz_mask(in->fcvt.esz),
			in->fcvt.rmode, in->fcvt.fbits, in->fcvt.is_signed, in->sf ? 64 : 32);
	fp_status_end(cpu, &st);
	cpu->r[in->rd] = r;
	return INSN_NEXT;
}

static int h_int_to_fp(struct cpu_state *cpu, const struct insn *in)
{
	struct fp_status st;
	uint64_t r;

	FP_CHECK(cpu, in);
	fp_status_begin(&st, cpu);
	r = fp_from_fixed(&st, in->fcvt.esz, cpu->r[in->rn], in->fcvt.is_signed,
			  in->sf ? 64 : 32, in->fcvt.fbits);
	fp_status_end(cpu, &st);
	vec_write_scalar(cpu, in->rd, r);
	return INSN_NEXT;
}

static int fp_esz(uint32_t raw)
{
	unsigned int ptype = BITS(raw, 23, 22);

	return ptype == 0 ? 2 : ptype == 1 ? 3 : -1;
}

static int conv_fill(uint32_t raw, struct insn *out, int esz, bool to_int,
		     unsigned int sgn, unsigned int fbits, unsigned int mode)
{
	fp_insn(out, to_int ? h_fp_to_int : h_int_to_fp, raw);
	if (to_int)
		out->rd = reg_dst(out->rd);
	else
		out->rn = reg_src(out->rn);
	out->fcvt.esz = (uint8_t)esz;
	out->fcvt.is_signed = (uint8_t)sgn;
	out->fcvt.fbits = (uint8_t)fbits;
	out->sf = (uint8_t)BIT(raw, 31);
	out->fcvt.rmode = mode;
	return 0;
}

int decode_fp_int_conv(uint32_t raw, struct insn *out)
{
	unsigned int rmode = BITS(raw, 20, 19), opcode = BITS(raw, 18, 16);
	unsigned int sgn = !(opcode & 1);
	int esz = fp_esz(raw);

	if (esz < 0)
		return fp_undef(out);
	switch (opcode) {
	case 0: case 1:	/* FCVTNS/U, FCVTPS/U, FCVTMS/U, FCVTZS/U: rmode order */
		return conv_fill(raw, out, esz, true, sgn, 0, rmode);
	case 2: case 3:	/* SCVTF, UCVTF */
		if (rmode)
			return fp_undef(out);
		return conv_fill(raw, out, esz, false, sgn, 0, FPR_FPCR);
	case 4: case 5:	/* FCVTAS, FCVTAU */
		if (rmode)
			return fp_undef(out);
		return conv_fill(raw, out, esz, true, sgn, 0, FPR_AWAY);
	}
	return fp_undef(out);
}

int decode_fp_fixed_conv(uint32_t raw, struct insn *out)
{
	unsigned int rmode = BITS(raw, 20, 19), opcode = BITS(raw, 18, 16);
	unsigned int scale = BITS(raw, 15, 10), sf = BIT(raw, 31);
	int esz = fp_esz(raw);

	if (esz < 0 || (!sf && scale < 32) || BIT(raw, 24))
		return fp_undef(out);
	if (rmode == 3 && opcode <= 1)	/* FCVTZS, FCVTZU (fixed-point) */
		return conv_fill(raw, out, esz, true, !opcode, 64 - scale, FPR_ZERO);
	if (rmode == 0 && (opcode == 2 || opcode == 3))	/* SCVTF, UCVTF */
		return conv_fill(raw, out, esz, false, opcode == 2, 64 - scale, FPR_FPCR);
	return fp_undef(out);
}
