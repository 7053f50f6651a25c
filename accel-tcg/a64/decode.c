// SPDX-License-Identifier: GPL-2.0
/*
 * Top-level A64 decode: dispatch on op0 = bits [28:25] to the encoding
 * group decoders (ARM ARM C4.1, "A64 instruction set encoding").
 */
#include <string.h>

#include "cpu.h"
#include "log.h"

int insn_undefined(struct cpu_state *cpu, const struct insn *in)
{
	uint64_t pc = insn_pc(cpu, in);

	if (log_enabled(LOG_UNIMP))
		log_printf(LOG_UNIMP, "cpu%u: unimplemented or unallocated insn 0x%08x at 0x%016llx (EL%u)\n",
			   cpu->index, in->raw, (unsigned long long)pc, cpu->el);
	/* ARM ARM D1.10.4: UNDEFINED -> EC 0 (Unknown reason), ISS 0. */
	return exc_take_sync(cpu, pc, EC_UNKNOWN, 0);
}

int decode_insn(uint32_t raw, struct insn *out)
{
	unsigned int op0 = BITS(raw, 28, 25);

	memset(out, 0, sizeof(*out));
	out->raw = raw;
	out->fn = insn_undefined;

	if ((op0 & 0xe) == 0x8)		/* 100x */
		return decode_dp_imm(raw, out);
	if ((op0 & 0xe) == 0xa)		/* 101x */
		return decode_branch_sys(raw, out);
	if ((op0 & 0x5) == 0x4)		/* x1x0 */
		return decode_ldst(raw, out);
	if ((op0 & 0x7) == 0x5)		/* x101 */
		return decode_dp_reg(raw, out);
	if ((op0 & 0x7) == 0x7)		/* x111 */
		return decode_fpsimd(raw, out);
	/* 0000 (SME/reserved), 0001, 0011: unallocated in v8.0. */
	return 0;
}

/*
 * A block ends after anything in the branch, exception-generating and
 * system class (op0 = 101x), so that a change to the translation regime
 * (MSR to SCTLR/TCR/TTBR, TLBI, IC) is seen from the next insn on (ARM
 * ARM D5.10: after a context synchronisation event, which ends a block
 * here). Exceptions: insns that change nothing a block depends on and
 * are frequent in straight-line kernel code, so that they do not cut
 * blocks and chains:
 *   - HINT (NOP, PAC/BTI hints, YIELD; WFI returns INSN_EXIT itself),
 *   - MRS (a read: "mrs xN, sp_el0" is Linux's get_current()), but not
 *     of the PMU's counters, which count the block up to the MRS,
 *     so it has to be its last insn (pmu/pmu.h),
 *   - CLREX, DSB, DMB (no context synchronisation; ISB still ends).
 */
/* MRS (C6.2.176): L = 1, op0 = 1x; the register at insn<20:5>. */
#define ENC_MRS_MASK		0xfff00000u
#define ENC_MRS_VAL		0xd5300000u
/* Barriers (C4.1.3): CRn = 3, Rt = 31; op2 = insn<7:5> picks CLREX, DSB, DMB, ISB. */
#define ENC_BARRIER_MASK	0xfffff01fu
#define ENC_BARRIER_VAL		0xd503301fu

bool insn_ends_block(const struct insn *in)
{
	uint32_t raw = in->raw;
	unsigned int op2;

	if (BITS(raw, 28, 26) != 0x5)
		return false;
	if (MATCH(raw, ENC_HINT))
		return false;
	if (MATCH(raw, ENC_MRS))	/* the PMU's counters: pmu/pmu.h */
		return pmu_key_reads_counters((uint16_t)BITS(raw, 20, 5));
	if (MATCH(raw, ENC_BARRIER)) {
		op2 = BITS(raw, 7, 5);
		return !(op2 == 2 || op2 == 4 || op2 == 5);
	}
	return true;
}
