// SPDX-License-Identifier: GPL-2.0
/*
 * Conversions between FP and integer / fixed point (SCVTF, UCVTF,
 * FCVT[NPMZA][SU]), ARM ARM C4.1.6 / C7.2.
 * First version: not yet implemented, decodes to UNDEFINED.
 */
#include "fpsimd.h"

int decode_fp_int_conv(uint32_t raw, struct insn *out)
{
	(void)raw;
	return fp_undef(out);
}

int decode_fp_fixed_conv(uint32_t raw, struct insn *out)
{
	(void)raw;
	return fp_undef(out);
}
