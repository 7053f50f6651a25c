// SPDX-License-Identifier: GPL-2.0
/*
 * What a block counts, from its encodings, once when it is translated:
 * its load and store insns and the kind of branch that ends it (ARM ARM
 * C4.1 "A64 instruction set encoding" for the classes, D11.10 for what
 * each event counts; docs/pmu.md has the table). Counting then costs
 * a few additions per block, and nothing while no counter counts.
 *
 * An encoding that is UNDEFINED here (LSE atomics, v8.3 PAC branches...)
 * takes its exception with itself as the preferred return address, so
 * its class is taken back with it: only the insns that execute count.
 */
#include "cpu.h"
#include "a64/a64.h"
#include "pmu.h"

/*
 * Loads and stores: op0 (bits 28:25) = x1x0. Returns PMU_MEM_* of a
 * memory-accessing insn: prefetches (PRFM, PRFUM) access none.
 */
static unsigned int ldst_class(uint32_t raw)
{
	unsigned int v = BIT(raw, 26), opc = BITS(raw, 23, 22), size = BITS(raw, 31, 30);

	/* Exclusive and ordered (29:24 = 001000): L is bit 22; CAS/CASP both. */
	if ((raw & 0x3f000000u) == 0x08000000u) {
		if (BIT(raw, 21) && (BIT(raw, 23) || !BIT(raw, 31)))
			return PMU_MEM_LD | PMU_MEM_ST;
		return BIT(raw, 22) ? PMU_MEM_LD : PMU_MEM_ST;
	}
	/* Load register (literal), 29:27 = 011, bit 24 = 0: PRFM is opc 11, V 0. */
	if ((raw & 0x3b000000u) == 0x18000000u)
		return !v && size == 3 ? 0 : PMU_MEM_LD;
	/* Pairs, 29:27 = 101: L is bit 22. */
	if ((raw & 0x38000000u) == 0x28000000u)
		return BIT(raw, 22) ? PMU_MEM_LD : PMU_MEM_ST;
	/* SIMD structures, bit 31 = 0, 29:24 = 00110x: L is bit 22. */
	if ((raw & 0xbe000000u) == 0x0c000000u)
		return BIT(raw, 22) ? PMU_MEM_LD : PMU_MEM_ST;
	/* Load/store register, 29:27 = 111. */
	if ((raw & 0x38000000u) != 0x38000000u)
		return 0;
	/* Atomic memory operations (bit 24 = 0, bit 21 = 1, 11:10 = 00): both. */
	if (!BIT(raw, 24) && BIT(raw, 21) && !BITS(raw, 11, 10))
		return PMU_MEM_LD | PMU_MEM_ST;
	if (v)
		return opc & 1 ? PMU_MEM_LD : PMU_MEM_ST;
	if (size == 3 && opc == 2)
		return 0;	/* PRFM */
	return opc ? PMU_MEM_LD : PMU_MEM_ST;
}

/* Branches, exception generating and system insns: op0 (28:26) = 101. */
static unsigned int branch_class(uint32_t raw)
{
	/* B, BL: always taken. */
	if ((raw & 0x7c000000u) == 0x14000000u)
		return PMU_END_BR | PMU_END_IMMED | PMU_END_PCW;
	/* CBZ/CBNZ, TBZ/TBNZ, B.cond: taken when their condition holds. */
	if ((raw & 0x7c000000u) == 0x34000000u || (raw & 0xff000010u) == 0x54000000u)
		return PMU_END_BR | PMU_END_IMMED | PMU_END_COND;
	/* Unconditional branch (register), 31:25 = 1101011: opc is 24:21. */
	if ((raw & 0xfe000000u) != 0xd6000000u)
		return 0;
	switch (BITS(raw, 24, 21)) {
	case 0:		/* BR */
	case 1:		/* BLR */
		return PMU_END_BR | PMU_END_PCW;
	case 2:		/* RET */
		return PMU_END_BR | PMU_END_RETURN | PMU_END_PCW;
	case 4:		/* ERET: not a branch for BR_RETIRED */
		return PMU_END_ERET;
	default:
		return 0;
	}
}

/*
 * MSR (register) with op0 3, op1 0 (C5.2: 1101010100 0 1 o0 op1 CRn CRm
 * op2 Rt) to CONTEXTIDR_EL1 (CRn 13, CRm 0, op2 1) or TTBR0/1_EL1 (CRn 2,
 * CRm 0, op2 0/1). An MSR ends its block, so it is the last insn.
 */
#define MSR_KEY_MASK	0xffffffe0u
#define MSR_CONTEXTIDR	0xd518d020u
#define MSR_TTBR0	0xd5182000u
#define MSR_TTBR1	0xd5182020u

static unsigned int msr_class(uint32_t raw)
{
	uint32_t k = raw & MSR_KEY_MASK;

	if (k == MSR_CONTEXTIDR)
		return PMU_END_CID;
	return k == MSR_TTBR0 || k == MSR_TTBR1 ? PMU_END_TTBR : 0;
}

unsigned int pmu_insn_class(uint32_t raw)
{
	if ((raw & 0x0a000000u) == 0x08000000u)
		return ldst_class(raw);
	if ((raw & 0x1c000000u) == 0x14000000u)
		return (branch_class(raw) | msr_class(raw)) << 2;
	return 0;
}

void pmu_blk_start(struct pmu_blk *b, uint16_t *mem)
{
	*b = (struct pmu_blk){ .mem = mem };
}

void pmu_blk_add(struct pmu_blk *b, uint16_t *mem, uint32_t raw, unsigned int off)
{
	unsigned int c = pmu_insn_class(raw), m = c & (PMU_MEM_LD | PMU_MEM_ST);

	/* A branch or an MSR ends its block: only the last insn's kind is kept. */
	b->end = (uint8_t)(c >> 2);
	b->end_raw = b->end ? raw : 0;
	if (!m)
		return;
	mem[b->nmem++] = (uint16_t)(off | m);
	b->nld += !!(m & PMU_MEM_LD);
	b->nst += !!(m & PMU_MEM_ST);
}

void pmu_blk_finish(struct pmu_blk *b, unsigned int ninsns)
{
	b->ninsns = (uint16_t)ninsns;
}

/*
 * The condition of a CBZ/CBNZ, TBZ/TBNZ or B.cond on the state it left:
 * none of them writes a register or the flags, and nothing runs between
 * it and the next block or exception entry, which ask.
 */
bool pmu_cond_taken(const struct cpu_state *cpu, uint32_t raw)
{
	unsigned int rt = BITS(raw, 4, 0);
	uint64_t x = rt == 31 ? 0 : cpu->r[rt];

	if ((raw & 0xff000010u) == 0x54000000u)
		return alu_cond(cpu->nzcv, BITS(raw, 3, 0));
	if ((raw & 0x7e000000u) == 0x34000000u) {	/* CBZ/CBNZ, sf is bit 31 */
		if (!BIT(raw, 31))
			x = (uint32_t)x;
		return (x == 0) != BIT(raw, 24);
	}
	/* TBZ/TBNZ: bit b5:b40 (31, 23:19); op (24) 1 is TBNZ. */
	return ((x >> (BIT(raw, 31) << 5 | BITS(raw, 23, 19))) & 1) == BIT(raw, 24);
}
