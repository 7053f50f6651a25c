// SPDX-License-Identifier: GPL-2.0
/*
 * The PMU's system registers (ARM ARM D13.4 and D17 for each register).
 * Stored, counters read 0; no PMU is advertised (ID_AA64DFR0.PMUVer = 0).
 */
#include <stddef.h>

#include "cpu.h"
#include "pmu.h"

#define F(field)	offsetof(struct cpu_state, sys.field)
#define PLAIN(n, k, fl, field) { n, k, fl, F(field), NULL, NULL, NULL, 0 }

/* PMU: counters read 0; enables, overflow, interrupt masks stored. */
static int write_set(struct cpu_state *cpu, const struct sysreg_desc *d,
		     uint64_t val, uint64_t pc)
{
	uint64_t v = sysreg_read_field(cpu, d);

	return sysreg_write_field(cpu, d, d->arg ? v | val : v & ~val, pc);
}

#define SETCLR(n, k, fl, field, set) \
	{ n, k, fl, F(field), NULL, write_set, NULL, set }

/* PMCR_EL0: N (15:11) = 0 counters; only E, C, P, D, X, DP, LC stored. */
static int write_pmcr(struct cpu_state *cpu, const struct sysreg_desc *d,
		      uint64_t val, uint64_t pc)
{
	return sysreg_write_field(cpu, d, val & 0x79ull, pc);
}

static const struct sysreg_desc pmu_regs[] = {
	SETCLR("PMINTENSET_EL1", SYSREG_KEY(3, 0, 9, 14, 1), SR_RW, pminten, 1),
	SETCLR("PMINTENCLR_EL1", SYSREG_KEY(3, 0, 9, 14, 2), SR_RW, pminten, 0),
	{ "PMCR_EL0", SYSREG_KEY(3, 3, 9, 12, 0), SR_RW, F(pmcr_el0),
	  NULL, write_pmcr, NULL, 0 },
	SETCLR("PMCNTENSET_EL0", SYSREG_KEY(3, 3, 9, 12, 1), SR_RW, pmcnten, 1),
	SETCLR("PMCNTENCLR_EL0", SYSREG_KEY(3, 3, 9, 12, 2), SR_RW, pmcnten, 0),
	SETCLR("PMOVSCLR_EL0", SYSREG_KEY(3, 3, 9, 12, 3), SR_RW, pmovs, 0),
	{ "PMSWINC_EL0", SYSREG_KEY(3, 3, 9, 12, 4), SR_W, 0,
	  NULL, sysreg_write_ignore, NULL, 0 },
	PLAIN("PMSELR_EL0", SYSREG_KEY(3, 3, 9, 12, 5), SR_RW, pmselr_el0),
	{ "PMCEID0_EL0", SYSREG_KEY(3, 3, 9, 12, 6), SR_R, 0,
	  sysreg_read_zero, NULL, NULL, 0 },
	{ "PMCEID1_EL0", SYSREG_KEY(3, 3, 9, 12, 7), SR_R, 0,
	  sysreg_read_zero, NULL, NULL, 0 },
	{ "PMCCNTR_EL0", SYSREG_KEY(3, 3, 9, 13, 0), SR_RW, 0,
	  sysreg_read_zero, sysreg_write_ignore, NULL, 0 },
	{ "PMXEVTYPER_EL0", SYSREG_KEY(3, 3, 9, 13, 1), SR_RW, 0,
	  sysreg_read_zero, sysreg_write_ignore, NULL, 0 },
	{ "PMXEVCNTR_EL0", SYSREG_KEY(3, 3, 9, 13, 2), SR_RW, 0,
	  sysreg_read_zero, sysreg_write_ignore, NULL, 0 },
	PLAIN("PMUSERENR_EL0", SYSREG_KEY(3, 3, 9, 14, 0), SR_RW, pmuserenr_el0),
	SETCLR("PMOVSSET_EL0", SYSREG_KEY(3, 3, 9, 14, 3), SR_RW, pmovs, 1),
	PLAIN("PMCCFILTR_EL0", SYSREG_KEY(3, 3, 14, 15, 7), SR_RW, pmccfiltr_el0),
};

const struct sysreg_table sysreg_pmu_table = {
	pmu_regs, sizeof(pmu_regs) / sizeof(pmu_regs[0])
};
