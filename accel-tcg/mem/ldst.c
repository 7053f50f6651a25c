// SPDX-License-Identifier: GPL-2.0
/*
 * decode_ldst: the "Loads and Stores" encoding group (ARM ARM C4.1.4,
 * op0 = x1x0), dispatched to its classes, and the pieces every
 * load/store handler shares.
 */
#include "cpu.h"
#include "mem.h"

int ldst_base(struct cpu_state *cpu, const struct insn *in, unsigned int rn,
	      uint64_t *base)
{
	uint64_t v = cpu->r[rn];

	/* SP alignment check (D1.8.2): SA at EL1, SA0 at EL0; ISS is 0. */
	if (rn == REG_SP && (v & 15) &&
	    (cpu->sys.sctlr_el1 & (cpu->el ? MMU_SCTLR_SA : MMU_SCTLR_SA0)))
		return exc_take_sync(cpu, insn_pc(cpu, in), EC_SP_ALIGN, 0);
	*base = v;
	return 0;
}

/*
 * Classes by bits 29:23 (C4.1.4, Table C4-5 in ARMv8.0 terms; the
 * v8.1+ atomics, LDAPR, LDRAA and MTE forms are unallocated here).
 */
int decode_ldst(uint32_t raw, struct insn *out)
{
	out->raw = raw;
	out->fn = insn_undefined;
	if (MATCH(raw, ENC_LDST_EXCL))
		return ldst_decode_excl(raw, out);
	if (MATCH(raw, ENC_LDST_SIMD_MULT) || MATCH(raw, ENC_LDST_SIMD_SINGLE))
		return ldst_decode_simd(raw, out);
	if (MATCH(raw, ENC_LDST_PAIR))
		return ldst_decode_pair(raw, out);
	if (MATCH(raw, ENC_LDST_LITERAL) || MATCH(raw, ENC_LDST_REG))
		return ldst_decode_single(raw, out);
	return 0;
}
