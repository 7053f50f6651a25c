/* SPDX-License-Identifier: GPL-2.0 */
/*
 * accel-tcg/pmu: the Performance Monitors Extension (PMUv3, ARMv8.0) of
 * the emulated CPU, its one header (docs/pmu.md). Three concerns:
 * the registers (pmu_regs.c: MRS/MSR table, EL0 access rules), the
 * counting (pmu_count.c: retired instructions per block, EL filtering,
 * folding into the counters) and the overflow interrupt (pmu_irq.c:
 * PMOVS and PPI 23 through the GIC).
 *
 * Counting model. A block adds all of its events (insns, loads, stores,
 * its branch: struct pmu_blk, computed at translation), at its own EL,
 * to ev[el] when it is entered while `counting` is set (the run loop
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

/* The common events counted (D11.10 "The PMU event number space"; docs/pmu.md). */
#define PMU_EV_SW_INCR		0x00
#define PMU_EV_L1D_CACHE	0x04
#define PMU_EV_LD_RETIRED	0x06
#define PMU_EV_ST_RETIRED	0x07
#define PMU_EV_INST_RETIRED	0x08
#define PMU_EV_EXC_TAKEN	0x09
#define PMU_EV_EXC_RETURN	0x0a
#define PMU_EV_CID_WRITE_RETIRED 0x0b
#define PMU_EV_PC_WRITE_RETIRED	0x0c
#define PMU_EV_BR_IMMED_RETIRED	0x0d
#define PMU_EV_BR_RETURN_RETIRED 0x0e
#define PMU_EV_CPU_CYCLES	0x11
#define PMU_EV_TTBR_WRITE_RETIRED 0x1c
#define PMU_EV_BR_RETIRED	0x21
/*
 * PMCEID0_EL0 bit n: common event n (0x00..0x1f) is implemented;
 * PMCEID1_EL0 bit n: event 0x20 + n (D13.4.3, D13.4.4).
 */
#define PMU_BIT(ev)	(1ull << ((ev) & 31))
#define PMU_PMCEID0	(PMU_BIT(PMU_EV_SW_INCR) | PMU_BIT(PMU_EV_L1D_CACHE) | \
			 PMU_BIT(PMU_EV_LD_RETIRED) | \
			 PMU_BIT(PMU_EV_ST_RETIRED) | PMU_BIT(PMU_EV_INST_RETIRED) | \
			 PMU_BIT(PMU_EV_EXC_TAKEN) | PMU_BIT(PMU_EV_EXC_RETURN) | \
			 PMU_BIT(PMU_EV_PC_WRITE_RETIRED) | PMU_BIT(PMU_EV_BR_IMMED_RETIRED) | \
			 PMU_BIT(PMU_EV_BR_RETURN_RETIRED) | PMU_BIT(PMU_EV_CPU_CYCLES) | \
			 PMU_BIT(PMU_EV_CID_WRITE_RETIRED) | PMU_BIT(PMU_EV_TTBR_WRITE_RETIRED))
#define PMU_PMCEID1	PMU_BIT(PMU_EV_BR_RETIRED)

/*
 * The events a block or an exception entry counts, as indices of the
 * per-EL accumulators (CPU_CYCLES is PMU_E_INST: a cycle is an insn).
 */
enum pmu_ev {
	PMU_E_INST,
	PMU_E_LD,
	PMU_E_ST,
	PMU_E_MEM,		/* insns that access memory: L1D_CACHE */
	PMU_E_EXC_TAKEN,
	PMU_E_EXC_RETURN,
	PMU_E_PC_WRITE,
	PMU_E_BR_IMMED,
	PMU_E_BR_RETURN,
	PMU_E_BR,
	PMU_E_CID_WRITE,
	PMU_E_TTBR_WRITE,
	PMU_NEV
};

/* The accumulator of architectural event number evt, or -1 (SW_INCR, unimplemented). */
int pmu_ev_index(unsigned int evt);

/*
 * What a translated block holds for the PMU (pmu_blk.c fills it from
 * the encodings when the block is decoded, so counting costs no work
 * per insn): its size, its loads and stores, and the kind of its last
 * insn (a branch, ERET or an MSR, which end blocks). mem lists each load/store insn, ascending, as its byte offset
 * in the block | PMU_MEM_LD | PMU_MEM_ST, so that a block cut short
 * takes back exactly the ones in its tail.
 */
#define PMU_MEM_LD	1u
#define PMU_MEM_ST	2u

/* The last insn, PMU_END_* bits (D11.10 event definitions). */
#define PMU_END_BR	(1u << 0)	/* a branch: BR_RETIRED */
#define PMU_END_IMMED	(1u << 1)	/* B, BL, B.cond, CB(N)Z, TB(N)Z: BR_IMMED_RETIRED */
#define PMU_END_RETURN	(1u << 2)	/* RET: BR_RETURN_RETIRED */
#define PMU_END_ERET	(1u << 3)	/* ERET: EXC_RETURN */
#define PMU_END_PCW	(1u << 4)	/* always writes the PC: PC_WRITE_RETIRED */
#define PMU_END_COND	(1u << 5)	/* writes it if its condition holds */
#define PMU_END_CID	(1u << 6)	/* MSR CONTEXTIDR_EL1: CID_WRITE_RETIRED */
#define PMU_END_TTBR	(1u << 7)	/* MSR TTBR0/1_EL1: TTBR_WRITE_RETIRED */

struct pmu_blk {
	const uint16_t *mem;
	uint16_t nmem;
	uint16_t ninsns;	/* guest insns covered, NOP hints included */
	uint16_t nld, nst;
	uint32_t end_raw;	/* the last insn's encoding (PMU_END_COND resolves it) */
	uint8_t end;		/* PMU_END_* of the last insn, 0 when none */
};

/* ==== Per-block data (pmu_blk.c) ==== */

/* PMU_MEM_* | PMU_END_* << 2 of one A64 encoding (loads/stores, branches). */
unsigned int pmu_insn_class(uint32_t raw);

/*
 * Building a block's pmu_blk: start with mem pointing at room for one
 * entry per insn, add the insns in order (off: byte offset in the
 * block), finish with the number of insns covered.
 */
void pmu_blk_start(struct pmu_blk *b, uint16_t *mem);
void pmu_blk_add(struct pmu_blk *b, uint16_t *mem, uint32_t raw, unsigned int off);
void pmu_blk_finish(struct pmu_blk *b, unsigned int ninsns);

/* Does the conditional branch raw, just executed, write the PC in cpu's state? */
bool pmu_cond_taken(const struct cpu_state *cpu, uint32_t raw);

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
	 * Counting (pmu_count.c). ev[el][e]: events e (enum pmu_ev) at EL0
	 * and EL1 while counting was set; folded[el][e] of them are in the
	 * counters. blk: the block counted last, entered at blk_start, its
	 * insns up to blk_end retired unless an exception or WFI takes the
	 * tail back; blk_epoch: the block cache's epoch then (a block freed
	 * since is not looked at). pend_raw: that block's last insn, a
	 * conditional branch, whose PC write is decided when the next block
	 * or exception comes (0: none), at pend_el. one/one_mem: the
	 * pmu_blk of an insn run on its own (debug/step.c).
	 * ccnt_div: cycles toward the next PMCCNTR increment with PMCR.D set.
	 */
	uint64_t ev[2][PMU_NEV];
	uint64_t folded[2][PMU_NEV];
	uint64_t check_at;
	uint64_t blk_start, blk_end, blk_epoch;
	const struct pmu_blk *blk;
	struct pmu_blk one;
	uint16_t one_mem[1];
	uint32_t pend_raw;
	uint8_t pend_el;
	uint64_t ccnt_div;
	/* Some enabled counter counts an event of enum pmu_ev: blocks count. */
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

/* Block b, entered at cpu->pc, runs now (pmu->counting is set). */
void pmu_count_block(struct cpu_state *cpu, const struct pmu_blk *b);

/* The insn raw, at cpu->pc, runs on its own now (counting is set). */
void pmu_count_one(struct cpu_state *cpu, uint32_t raw);

/*
 * Execution left the block counted last with next_pc the first insn that
 * did not retire (an exception's preferred return address, WFI's next
 * insn): take back the block's events from next_pc on.
 */
void pmu_block_cut(struct cpu_state *cpu, uint64_t next_pc);

/* An exception is taken from cpu->el (called before PSTATE changes). */
void pmu_exc_taken(struct cpu_state *cpu);

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
