// SPDX-License-Identifier: GPL-2.0
/*
 * The PMU's system registers (ARM ARM D13.4 for each register, D11 for
 * their behaviour) and their EL0 access rules: PMUSERENR_EL0.EN opens
 * all of them to EL0, SW only PMSWINC, CR reads of PMCCNTR, ER reads of
 * the event counters and PMSELR; any other EL0 access traps to EL1 with
 * EC 0x18 (the AArch64.SystemAccessTrap of each register's pseudocode).
 * Reads and writes that involve the counters fold the instructions
 * counted so far first (pmu_count.c).
 */
#include <stddef.h>

#include "cpu.h"
#include "pmu.h"

#define F(field)	offsetof(struct cpu_state, sys.pmu.field)

static struct pmu *pmu_of(struct cpu_state *cpu)
{
	return &cpu->sys.pmu;
}

/* ---- EL0 access (D13.4.16 PMUSERENR_EL0) ---- */

static int el0_allowed(struct cpu_state *cpu, uint64_t also)
{
	if (cpu->el != 0 || (pmu_of(cpu)->userenr & (PMUSERENR_EN | also)))
		return SYSREG_OK;
	return SYSREG_TRAP;
}

static int access_en(struct cpu_state *cpu, const struct sysreg_desc *d, bool write)
{
	(void)d;
	(void)write;
	return el0_allowed(cpu, 0);
}

static int access_swinc(struct cpu_state *cpu, const struct sysreg_desc *d, bool write)
{
	(void)d;
	(void)write;
	return el0_allowed(cpu, PMUSERENR_SW);
}

/* PMCCNTR_EL0: CR allows reads only. */
static int access_ccntr(struct cpu_state *cpu, const struct sysreg_desc *d, bool write)
{
	(void)d;
	return el0_allowed(cpu, write ? 0 : PMUSERENR_CR);
}

/* Event counters: ER allows reads only; PMSELR_EL0 reads and writes. */
static int access_evcntr(struct cpu_state *cpu, const struct sysreg_desc *d, bool write)
{
	(void)d;
	return el0_allowed(cpu, write ? 0 : PMUSERENR_ER);
}

static int access_selr(struct cpu_state *cpu, const struct sysreg_desc *d, bool write)
{
	(void)d;
	(void)write;
	return el0_allowed(cpu, PMUSERENR_ER);
}

/* ---- Control ---- */

static uint64_t read_pmcr(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	(void)d;
	return PMCR_RO | pmu_of(cpu)->pmcr;
}

/*
 * PMCR_EL0: P zeroes the event counters, C the cycle counter (both read
 * as 0); N, IDCODE and IMP are read-only (D13.4.7).
 */
static int write_pmcr(struct cpu_state *cpu, const struct sysreg_desc *d,
		      uint64_t val, uint64_t pc)
{
	struct pmu *p = pmu_of(cpu);

	(void)d;
	(void)pc;
	pmu_fold(cpu);
	if (val & PMCR_P)
		for (unsigned int i = 0; i < PMU_NCOUNTERS; i++)
			p->evcntr[i] = 0;
	if (val & PMCR_C) {
		p->ccntr = 0;
		p->ccnt_div = 0;
	}
	p->pmcr = val & PMCR_RW;
	pmu_update(cpu);
	return INSN_NEXT;
}

/* SET/CLR pairs of a bitmap at d->off; d->arg: 1 sets. */
static int write_setclr(struct cpu_state *cpu, const struct sysreg_desc *d,
			uint64_t val, uint64_t pc)
{
	uint64_t *bits = (uint64_t *)((char *)cpu + d->off);

	(void)pc;
	pmu_fold(cpu);
	val &= PMU_COUNTER_MASK;
	*bits = d->arg ? *bits | val : *bits & ~val;
	pmu_update(cpu);
	return INSN_NEXT;
}

/*
 * PMOVSSET/CLR, PMCNTENSET/CLR: overflows due are raised before software
 * looks. Only from an MRS that ends its block (pmu_key_reads_counters).
 */
static uint64_t read_folded(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	pmu_fold(cpu);
	return sysreg_read_field(cpu, d);
}

static int write_swinc(struct cpu_state *cpu, const struct sysreg_desc *d,
		       uint64_t val, uint64_t pc)
{
	(void)d;
	(void)pc;
	pmu_sw_incr(cpu, val);
	return INSN_NEXT;
}

static int write_selr(struct cpu_state *cpu, const struct sysreg_desc *d,
		      uint64_t val, uint64_t pc)
{
	(void)d;
	(void)pc;
	pmu_of(cpu)->selr = val & PMSELR_SEL;
	return INSN_NEXT;
}

/* PMCEID0/1_EL0: exactly the events counted (d->arg: which of the two). */
static uint64_t read_pmceid(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	(void)cpu;
	return d->arg ? PMU_PMCEID1 : PMU_PMCEID0;
}

static int write_userenr(struct cpu_state *cpu, const struct sysreg_desc *d,
			 uint64_t val, uint64_t pc)
{
	(void)d;
	(void)pc;
	pmu_of(cpu)->userenr = val & PMUSERENR_MASK;
	return INSN_NEXT;
}

/* ---- Counters and their types; index PMU_CYCLE_IDX is the cycle counter ---- */

static uint64_t counter_get(struct cpu_state *cpu, unsigned int idx)
{
	pmu_fold(cpu);
	return idx == PMU_CYCLE_IDX ? pmu_of(cpu)->ccntr : pmu_of(cpu)->evcntr[idx];
}

static void counter_set(struct cpu_state *cpu, unsigned int idx, uint64_t val)
{
	struct pmu *p = pmu_of(cpu);

	pmu_fold(cpu);
	if (idx == PMU_CYCLE_IDX) {
		p->ccntr = val;
		p->ccnt_div = 0;
	} else {
		p->evcntr[idx] = val & 0xffffffffull;
	}
	pmu_update(cpu);
}

/* PMEVTYPER<n>: P, U and evtCount; PMCCFILTR: P and U (the rest RES0 here). */
static void type_set(struct cpu_state *cpu, unsigned int idx, uint64_t val)
{
	struct pmu *p = pmu_of(cpu);

	pmu_fold(cpu);
	if (idx == PMU_CYCLE_IDX)
		p->ccfiltr = val & (PMEVTYPER_P | PMEVTYPER_U);
	else
		p->evtyper[idx] = val & (PMEVTYPER_P | PMEVTYPER_U | PMEVTYPER_EVT);
	pmu_update(cpu);
}

static uint64_t type_get(struct cpu_state *cpu, unsigned int idx)
{
	struct pmu *p = pmu_of(cpu);

	return idx == PMU_CYCLE_IDX ? p->ccfiltr : p->evtyper[idx];
}

static uint64_t read_counter(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	return counter_get(cpu, (unsigned int)d->arg);
}

static int write_counter(struct cpu_state *cpu, const struct sysreg_desc *d,
			 uint64_t val, uint64_t pc)
{
	(void)pc;
	counter_set(cpu, (unsigned int)d->arg, val);
	return INSN_NEXT;
}

static uint64_t read_type(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	return type_get(cpu, (unsigned int)d->arg);
}

static int write_type(struct cpu_state *cpu, const struct sysreg_desc *d,
		      uint64_t val, uint64_t pc)
{
	(void)pc;
	type_set(cpu, (unsigned int)d->arg, val);
	return INSN_NEXT;
}

/*
 * PMXEVTYPER/PMXEVCNTR: the counter PMSELR_EL0.SEL selects (31: the
 * cycle counter's filter for PMXEVTYPER). Other values are CONSTRAINED
 * UNPREDICTABLE (D13.4.19); we choose RAZ/WI, as QEMU does.
 */
static bool sel_counter(const struct cpu_state *cpu, unsigned int *idx, bool type)
{
	unsigned int sel = (unsigned int)cpu->sys.pmu.selr;

	*idx = sel;
	return sel < PMU_NCOUNTERS || (type && sel == PMU_CYCLE_IDX);
}

static uint64_t read_xevtyper(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	unsigned int idx;

	(void)d;
	return sel_counter(cpu, &idx, true) ? type_get(cpu, idx) : 0;
}

static int write_xevtyper(struct cpu_state *cpu, const struct sysreg_desc *d,
			  uint64_t val, uint64_t pc)
{
	unsigned int idx;

	(void)d;
	(void)pc;
	if (sel_counter(cpu, &idx, true))
		type_set(cpu, idx, val);
	return INSN_NEXT;
}

static uint64_t read_xevcntr(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	unsigned int idx;

	(void)d;
	return sel_counter(cpu, &idx, false) ? counter_get(cpu, idx) : 0;
}

static int write_xevcntr(struct cpu_state *cpu, const struct sysreg_desc *d,
			 uint64_t val, uint64_t pc)
{
	unsigned int idx;

	(void)d;
	(void)pc;
	if (sel_counter(cpu, &idx, false))
		counter_set(cpu, idx, val);
	return INSN_NEXT;
}

#define EL0	(SR_RW | SR_EL0RW)
#define SETCLR(n, k, fl, field, set, acc) \
	{ n, k, fl, F(field), read_folded, write_setclr, acc, set }
/* PMINTENSET/CLR_EL1 (op1 0): their MRS does not end a block, so no fold. */
#define INTEN(n, k, set) \
	{ n, k, SR_RW, F(inten), NULL, write_setclr, NULL, set }
#define EVCNTR(n) \
	{ "PMEVCNTR" #n "_EL0", SYSREG_KEY(3, 3, 14, 8, n), EL0, F(evcntr[n]), \
	  read_counter, write_counter, access_evcntr, n }
#define EVTYPER(n) \
	{ "PMEVTYPER" #n "_EL0", SYSREG_KEY(3, 3, 14, 12, n), EL0, F(evtyper[n]), \
	  read_type, write_type, access_en, n }

_Static_assert(PMU_NCOUNTERS == 6, "the table lists PMEVCNTR0..5 and PMEVTYPER0..5");

static const struct sysreg_desc pmu_regs[] = {
	INTEN("PMINTENSET_EL1", SYSREG_KEY(3, 0, 9, 14, 1), 1),
	INTEN("PMINTENCLR_EL1", SYSREG_KEY(3, 0, 9, 14, 2), 0),
	{ "PMCR_EL0", SYSREG_KEY(3, 3, 9, 12, 0), EL0, F(pmcr),
	  read_pmcr, write_pmcr, access_en, 0 },
	SETCLR("PMCNTENSET_EL0", SYSREG_KEY(3, 3, 9, 12, 1), EL0, cnten, 1, access_en),
	SETCLR("PMCNTENCLR_EL0", SYSREG_KEY(3, 3, 9, 12, 2), EL0, cnten, 0, access_en),
	SETCLR("PMOVSCLR_EL0", SYSREG_KEY(3, 3, 9, 12, 3), EL0, ovs, 0, access_en),
	{ "PMSWINC_EL0", SYSREG_KEY(3, 3, 9, 12, 4), SR_W | SR_EL0W, 0,
	  NULL, write_swinc, access_swinc, 0 },
	{ "PMSELR_EL0", SYSREG_KEY(3, 3, 9, 12, 5), EL0, F(selr),
	  NULL, write_selr, access_selr, 0 },
	{ "PMCEID0_EL0", SYSREG_KEY(3, 3, 9, 12, 6), SR_R | SR_EL0R, 0,
	  read_pmceid, NULL, access_en, 0 },
	{ "PMCEID1_EL0", SYSREG_KEY(3, 3, 9, 12, 7), SR_R | SR_EL0R, 0,
	  read_pmceid, NULL, access_en, 1 },
	{ "PMCCNTR_EL0", SYSREG_KEY(3, 3, 9, 13, 0), EL0, F(ccntr),
	  read_counter, write_counter, access_ccntr, PMU_CYCLE_IDX },
	{ "PMXEVTYPER_EL0", SYSREG_KEY(3, 3, 9, 13, 1), EL0, 0,
	  read_xevtyper, write_xevtyper, access_en, 0 },
	{ "PMXEVCNTR_EL0", SYSREG_KEY(3, 3, 9, 13, 2), EL0, 0,
	  read_xevcntr, write_xevcntr, access_evcntr, 0 },
	{ "PMUSERENR_EL0", SYSREG_KEY(3, 3, 9, 14, 0), SR_RW | SR_EL0R, F(userenr),
	  NULL, write_userenr, NULL, 0 },
	SETCLR("PMOVSSET_EL0", SYSREG_KEY(3, 3, 9, 14, 3), EL0, ovs, 1, access_en),
	EVCNTR(0), EVCNTR(1), EVCNTR(2), EVCNTR(3), EVCNTR(4), EVCNTR(5),
	EVTYPER(0), EVTYPER(1), EVTYPER(2), EVTYPER(3), EVTYPER(4), EVTYPER(5),
	{ "PMCCFILTR_EL0", SYSREG_KEY(3, 3, 14, 15, 7), EL0, F(ccfiltr),
	  read_type, write_type, access_en, PMU_CYCLE_IDX },
};

const struct sysreg_table sysreg_pmu_table = {
	pmu_regs, sizeof(pmu_regs) / sizeof(pmu_regs[0])
};
