// SPDX-License-Identifier: GPL-2.0
/*
 * Scalar FP arithmetic: 1-source (FABS, FNEG, FSQRT, FCVT, FRINT*),
 * 2-source (FMUL, FDIV, FADD, FSUB, FMAX, FMIN, FMAXNM, FMINNM, FNMUL)
 * and 3-source (FMADD, FMSUB, FNMADD, FNMSUB), ARM ARM C4.1.6 / C7.2.
 * First version: not yet implemented, decodes to UNDEFINED.
 */
#include "fpsimd.h"

int decode_fp_1src_arith(uint32_t raw, struct insn *out)
{
	(void)raw;
	return fp_undef(out);
}

int decode_fp_2src(uint32_t raw, struct insn *out)
{
	(void)raw;
	return fp_undef(out);
}

int decode_fp_3src(uint32_t raw, struct insn *out)
{
	(void)raw;
	return fp_undef(out);
}
