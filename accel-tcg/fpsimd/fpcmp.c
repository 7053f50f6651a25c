// SPDX-License-Identifier: GPL-2.0
/*
 * Scalar FP compare (FCMP, FCMPE), conditional compare (FCCMP, FCCMPE)
 * and conditional select (FCSEL): ARM ARM C4.1.6, semantics C7.2.
 *
 * insn fields: a = element size, b = 1 for the signalling forms (E),
 * c = condition, imm = NZCV when the condition fails (FCCMP) or 1 to
 * compare with +0.0 (FCMP #0).
 */
#include "a64/a64.h"
#include "fpsimd.h"

static void fp_cmp_set(struct cpu_state *cpu, const struct insn *in, uint64_t b)
{
	uint64_t m = esz_mask(in->a);
	struct fp_status st;

	fp_status_begin(&st, cpu);
	cpu->nzcv = fp_compare(&st, in->a, cpu->v[in->rn].d[0] & m, b & m, in->b);
	fp_status_end(cpu, &st);
}

static int h_fcmp(struct cpu_state *cpu, const struct insn *in)
{
	FP_CHECK(cpu, in);
	fp_cmp_set(cpu, in, in->imm ? 0 : cpu->v[in->rm].d[0]);
	return INSN_NEXT;
}

static int h_fccmp(struct cpu_state *cpu, const struct insn *in)
{
	FP_CHECK(cpu, in);
	if (alu_cond(cpu->nzcv, in->c))
		fp_cmp_set(cpu, in, cpu->v[in->rm].d[0]);
	else
		cpu->nzcv = (uint32_t)in->imm;
	return INSN_NEXT;
}

static int h_fcsel(struct cpu_state *cpu, const struct insn *in)
{
	unsigned int src = alu_cond(cpu->nzcv, in->c) ? in->rn : in->rm;

	FP_CHECK(cpu, in);
	vec_write_scalar(cpu, in->rd, cpu->v[src].d[0] & esz_mask(in->a));
	return INSN_NEXT;
}

static int fp_esz(uint32_t raw)
{
	unsigned int ptype = (raw >> 22) & 3;

	return ptype == 0 ? 2 : ptype == 1 ? 3 : -1;
}

int decode_fp_cmp(uint32_t raw, struct insn *out)
{
	unsigned int op = (raw >> 14) & 3, opc2 = raw & 31;
	int esz = fp_esz(raw);

	if (esz < 0 || op || (opc2 & 7))
		return fp_undef(out);
	fp_insn(out, h_fcmp, raw);
	out->a = (uint8_t)esz;
	out->b = (opc2 >> 4) & 1;
	out->imm = (opc2 >> 3) & 1;
	return 0;
}

int decode_fp_ccmp(uint32_t raw, struct insn *out)
{
	int esz = fp_esz(raw);

	if (esz < 0)
		return fp_undef(out);
	fp_insn(out, h_fccmp, raw);
	out->a = (uint8_t)esz;
	out->b = (raw >> 4) & 1;
	out->c = (raw >> 12) & 15;
	out->imm = (uint64_t)(raw & 15) << 28;
	return 0;
}

int decode_fp_csel(uint32_t raw, struct insn *out)
{
	int esz = fp_esz(raw);

	if (esz < 0)
		return fp_undef(out);
	fp_insn(out, h_fcsel, raw);
	out->a = (uint8_t)esz;
	out->c = (raw >> 12) & 15;
	return 0;
}
