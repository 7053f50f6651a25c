/* SPDX-License-Identifier: GPL-2.0 */
/*
 * accel-tcg/pmu: the Performance Monitors Extension (PMUv3, ARMv8.0) of
 * the emulated CPU, its one header (docs/pmu.md). Three concerns:
 * the registers (pmu_regs.c: MRS/MSR table, EL0 access rules), the
 * counting (pmu_count.c: retired instructions per block, EL filtering,
 * folding into the counters) and the overflow interrupt (pmu_irq.c:
 * PMOVS and PPI 23 through the GIC).
 *
 * Counting model. A block adds all of its instructions, at its own EL,
 * to insns[el] when it is entered while `counting` is set (the run loop
 * for the portable tier, the block's entry code for the x86-64 tier);
 * an exception or WFI in the middle of a block takes back those that did
 * not retire (pmu_block_cut). The counters themselves are brought up to
 * date (pmu_fold) only when software looks at them (an MRS or MSR of a
 * PMU register, which ends its block: a64/decode.c), at block entry once
 * insns[] passed check_at (the earliest possible overflow), and before a
 * snapshot. One CPU cycle is one retired instruction (docs/pmu.md).
 *
 * cpu.h includes this file (through sys/sys.h) for struct pmu.
 */
#ifndef ACCEL_TCG_PMU_PMU_H
#define ACCEL_TCG_PMU_PMU_H

#include <stdbool.h>
#include <stdint.h>

struct cpu_state;
struct sysreg_table;

/* Event counters (PMCR_EL0.N); the cycle counter is index 31 in the bitmaps. */
#define PMU_NCOUNTERS	6
#define PMU_CYCLE_IDX	31
#define PMU_CYCLE_BIT	(1ull << PMU_CYCLE_IDX)
#define PMU_COUNTER_MASK	(PMU_CYCLE_BIT | ((1ull << PMU_NCOUNTERS) - 1))

/* PMCR_EL0 (ARM ARM D13.4.7). */
#define PMCR_E		(1ull << 0)	/* enable all counters */
#define PMCR_P		(1ull << 1)	/* event counter reset (WO) */
#define PMCR_C		(1ull << 2)	/* cycle counter reset (WO) */
#define PMCR_D		(1ull << 3)	/* cycle counter counts every 64th cycle */
#define PMCR_X		(1ull << 4)
#define PMCR_DP		(1ull << 5)
#define PMCR_LC		(1ull << 6)	/* cycle counter overflows at 64 bits */
#define PMCR_RW		(PMCR_E | PMCR_D | PMCR_X | PMCR_DP | PMCR_LC)
/* IMP 0x41 (Arm), IDCODE 0x01, N = 6: the read-only part, as QEMU's cortex-a57. */
#define PMCR_RO		(0x41010000ull | ((uint64_t)PMU_NCOUNTERS << 11))

/* PMEVTYPER<n>_EL0 / PMCCFILTR_EL0 (D13.4.9, D13.4.2). */
#define PMEVTYPER_P	(1ull << 31)	/* do not count at EL1 */
#define PMEVTYPER_U	(1ull << 30)	/* do not count at EL0 */
#define PMEVTYPER_EVT	0x3ffull	/* evtCount, 10 bits in PMUv3 for v8.0 */

/* PMUSERENR_EL0 (D13.4.16): what EL0 may access. */
#define PMUSERENR_EN	(1ull << 0)
#define PMUSERENR_SW	(1ull << 1)
#define PMUSERENR_CR	(1ull << 2)
#define PMUSERENR_ER	(1ull << 3)
#define PMUSERENR_MASK	0xfull

/* PMSELR_EL0.SEL: 0..N-1 an event counter, 31 the cycle counter's filter. */
#define PMSELR_SEL	0x1full

/* The common events counted (D11.10 "The PMU event number space"). */
#define PMU_EV_SW_INCR		0x00
#define PMU_EV_INST_RETIRED	0x08
#define PMU_EV_CPU_CYCLES	0x11
/* PMCEID0_EL0: bit n says event n is implemented. */
#define PMU_PMCEID0	((1ull << PMU_EV_SW_INCR) | (1ull << PMU_EV_INST_RETIRED) | \
			 (1ull << PMU_EV_CPU_CYCLES))

struct pmu {
	/* The registers, as software sees them (PMCR: the RW bits only). */
	uint64_t pmcr;
	uint64_t cnten;		/* PMCNTENSET/CLR */
	uint64_t inten;		/* PMINTENSET/CLR */
	uint64_t ovs;		/* PMOVSSET/CLR */
	uint64_t userenr;
	uint64_t selr;
	uint64_t ccfiltr;
	uint64_t ccntr;
	uint64_t evtyper[PMU_NCOUNTERS];
	uint64_t evcntr[PMU_NCOUNTERS];	/* 32 bits each */

	/*
	 * Counting (pmu_count.c). insns[el]: instructions retired at EL0 and
	 * EL1 while counting was set; folded[el] of them are in the counters.
	 * blk_start..blk_end: the virtual range of the block counted last,
	 * whose tail an exception or WFI takes back. ccnt_div: cycles toward
	 * the next PMCCNTR increment with PMCR.D set.
	 */
	uint64_t insns[2];
	uint64_t folded[2];
	uint64_t check_at;
	uint64_t blk_start, blk_end;
	uint64_t ccnt_div;
	/* Some enabled counter counts instructions or cycles: blocks count. */
	uint8_t counting;
	/* The level last driven on PPI 23 (pmu_irq.c). */
	uint8_t irq_level;
};

extern const struct sysreg_table sysreg_pmu_table;	/* pmu_regs.c */

/*
 * Is key (op0:op1:CRn:CRm:op2, as MRS holds it in bits 20:5) a PMU
 * register an MRS must read with the counters up to date? Those MRS end
 * their block (a64/decode.c), so the block's count is final, the MRS
 * included, when they fold: as QEMU's PMU registers end a TB.
 * PMCR_EL0..PMOVSSET_EL0 are op0 3, op1 3, CRn 9, CRm 12..14;
 * PMEVCNTR<n>/PMEVTYPER<n>/PMCCFILTR CRn 14, CRm 8..15 (ARM ARM D13.4).
 */
static inline bool pmu_key_reads_counters(uint16_t key)
{
	unsigned int crn = (key >> 7) & 15, crm = (key >> 3) & 15;

	if ((key >> 11) != (3u << 3 | 3u))
		return false;
	return (crn == 9 && crm >= 12 && crm <= 14) || (crn == 14 && crm >= 8);
}

/* ==== Counting (pmu_count.c) ==== */

/* A block of n insns starting at cpu->pc runs now (pmu->counting is set). */
void pmu_count_block(struct cpu_state *cpu, unsigned int n);

/*
 * Execution left the block counted last with next_pc the first insn that
 * did not retire (an exception's preferred return address, WFI's next
 * insn): take back the block's insns from next_pc on.
 */
static inline void pmu_block_cut(struct pmu *p, unsigned int el, uint64_t next_pc)
{
	uint64_t tail;

	if (!p->counting || next_pc < p->blk_start || next_pc >= p->blk_end)
		return;
	/* Never below what was folded: a fold happens only where a block ends. */
	tail = (p->blk_end - next_pc) / 4;
	if (tail > p->insns[el] - p->folded[el])
		tail = p->insns[el] - p->folded[el];
	p->insns[el] -= tail;
	p->blk_end = next_pc;
}

/* Bring the counters up to date; raise overflows. */
void pmu_fold(struct cpu_state *cpu);

/* Recompute `counting` and check_at after a register change (folded first). */
void pmu_update(struct cpu_state *cpu);

/* PMSWINC_EL0 write: increment the SW_INCR counters in val. */
void pmu_sw_incr(struct cpu_state *cpu, uint64_t val);

/* Does counter idx (PMU_CYCLE_IDX for PMCCNTR) count at el now? */
bool pmu_counter_counts(const struct pmu *p, unsigned int idx, unsigned int el);

/* ==== The overflow interrupt (pmu_irq.c) ==== */

/* Set PMOVS bits (counters that wrapped) and update the interrupt. */
void pmu_overflow(struct cpu_state *cpu, uint64_t bits);

/* Drive PPI 23 from PMCR.E, PMOVS and PMINTEN. */
void pmu_irq_update(struct cpu_state *cpu);

/* ==== Life cycle ==== */

/* After sysreg_reset zeroed struct pmu: lower the interrupt. */
void pmu_reset(struct cpu_state *cpu);

/* After a snapshot set the registers: restart counting from them. */
void pmu_snap_loaded(struct cpu_state *cpu);

#endif
