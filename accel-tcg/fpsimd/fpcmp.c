// SPDX-License-Identifier: GPL-2.0
/*
 * Scalar FP compare (FCMP, FCMPE), conditional compare (FCCMP, FCCMPE)
 * and conditional select (FCSEL): ARM ARM C4.1.6, semantics C7.2.
 *
 * insn fields: struct insn_fcmp (cpu.h).
 */
#include "a64/a64.h"
#include "fpsimd.h"

static void fp_cmp_set(struct cpu_state *cpu, const struct insn *in, uint64_t b)
{
	uint64_t m = esz_mask(in->fcmp.esz);
	struct fp_status st;

	fp_status_begin(&st, cpu);
	cpu->nzcv = fp_compare(&st, in->fcmp.esz, cpu->v[in->rn].d[0] & m, b & m, in->fcmp.signal);
	fp_status_end(cpu, &st);
}

static int h_fcmp(struct cpu_state *cpu, const struct insn *in)
{
	FP_CHECK(cpu, in);
	fp_cmp_set(cpu, in, in->fcmp.zero ? 0 : cpu->v[in->rm].d[0]);
	return INSN_NEXT;
}

static int h_fccmp(struct cpu_state *cpu, const struct insn *in)
{
	FP_CHECK(cpu, in);
	if (alu_cond(cpu->nzcv, in->fcmp.cond))
		fp_cmp_set(cpu, in, cpu->v[in->rm].d[0]);
	else
		cpu->nzcv = in->fcmp.nzcv;
	return INSN_NEXT;
}

static int h_fcsel(struct cpu_state *cpu, const struct insn *in)
{
	unsigned int src = alu_cond(cpu->nzcv, in->fcmp.cond) ? in->rn : in->rm;

	FP_CHECK(cpu, in);
	vec_write_scalar(cpu, in->rd, cpu->v[src].d[0] & esz_mask(in->fcmp.esz));
	return INSN_NEXT;
}

static int fp_esz(uint32_t raw)
{
	unsigned int ptype = BITS(raw, 23, 22);

	return ptype == 0 ? 2 : ptype == 1 ? 3 : -1;
}

int decode_fp_cmp(uint32_t raw, struct insn *out)
{
	unsigned int op = BITS(raw, 15, 14), opc2 = BITS(raw, 4, 0);
	int esz = fp_esz(raw);

	if (esz < 0 || op || (opc2 & 7))
		return fp_undef(out);
	fp_insn(out, h_fcmp, raw);
	out->fcmp.esz = (uint8_t)esz;
	out->fcmp.signal = (opc2 >> 4) & 1;
	out->fcmp.zero = (opc2 >> 3) & 1;
	return 0;
}

int decode_fp_ccmp(uint32_t raw, struct insn *out)
{
	int esz = fp_esz(raw);

	if (esz < 0)
		return fp_undef(out);
	fp_insn(out, h_fccmp, raw);
	out->fcmp.esz = (uint8_t)esz;
	out->fcmp.signal = BIT(raw, 4);
	out->fcmp.cond = BITS(raw, 15, 12);
	out->fcmp.nzcv = BITS(raw, 3, 0) << 28;
	return 0;
}

int decode_fp_csel(uint32_t raw, struct insn *out)
{
	int esz = fp_esz(raw);

	if (esz < 0)
		return fp_undef(out);
	fp_insn(out, h_fcsel, raw);
	out->fcmp.esz = (uint8_t)esz;
	out->fcmp.cond = BITS(raw, 15, 12);
	return 0;
}
