// SPDX-License-Identifier: GPL-2.0
/*
 * AdvSIMD load/store multiple and single structures (ARM ARM C4.1.4):
 * LD1-LD4/ST1-ST4, LD1R-LD4R. First version: unallocated until the
 * structure forms land.
 */
#include "cpu.h"

int ldst_decode_simd(uint32_t raw, struct insn *out)
{
	(void)raw;
	out->fn = insn_undefined;
	return 0;
}
