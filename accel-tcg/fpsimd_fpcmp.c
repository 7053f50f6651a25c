// SPDX-License-Identifier: GPL-2.0
/*
 * Scalar FP compare (FCMP, FCMPE), conditional compare (FCCMP, FCCMPE)
 * and conditional select (FCSEL), ARM ARM C4.1.6 / C7.2.
 * First version: not yet implemented, decodes to UNDEFINED.
 */
#include "fpsimd.h"

int decode_fp_cmp(uint32_t raw, struct insn *out)
{
	(void)raw;
	return fp_undef(out);
}

int decode_fp_ccmp(uint32_t raw, struct insn *out)
{
	(void)raw;
	return fp_undef(out);
}

int decode_fp_csel(uint32_t raw, struct insn *out)
{
	(void)raw;
	return fp_undef(out);
}
