// SPDX-License-Identifier: GPL-2.0
/*
 * AdvSIMD three different (widening/narrowing: SADDL, UMULL, ADDHN ...),
 * ARM ARM C4.1.6 / C7.2.
 * First version: not yet implemented, decodes to UNDEFINED.
 */
#include "fpsimd.h"

int decode_simd_three_diff(uint32_t raw, struct insn *out)
{
	(void)raw;
	return fp_undef(out);
}
