// SPDX-License-Identifier: GPL-2.0
/*
 * AdvSIMD floating point: three same, two-register misc, reductions and
 * fixed-point conversions (ARM ARM C4.1.6 / C7.2).
 * First version: not yet implemented, decodes to UNDEFINED.
 */
#include "fpsimd.h"

int decode_simd_fp_same(uint32_t raw, struct insn *out)
{
	(void)raw;
	return fp_undef(out);
}

int decode_simd_fp_misc(uint32_t raw, struct insn *out)
{
	(void)raw;
	return fp_undef(out);
}

int decode_simd_fp_reduce(uint32_t raw, struct insn *out)
{
	(void)raw;
	return fp_undef(out);
}

int decode_simd_fp_fixed(uint32_t raw, struct insn *out)
{
	(void)raw;
	return fp_undef(out);
}
