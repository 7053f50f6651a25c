// SPDX-License-Identifier: GPL-2.0
/*
 * The overflow interrupt (ARM ARM D11.9 "Counter overflow"): a counter
 * that wraps sets its PMOVSSET bit, and the CPU's PMU interrupt request
 * is asserted while PMCR_EL0.E is set and some counter has both its
 * PMOVSSET and PMINTENSET bits set. It is level-sensitive PPI 23 (PPI 7)
 * of the CPU, as on QEMU's virt board (the DT's arm,armv8-pmuv3 node).
 */
#include <string.h>

#include "board.h"
#include "cpu.h"
#include "gic/gic.h"
#include "pmu.h"
#include "tcg.h"

void pmu_irq_update(struct cpu_state *cpu)
{
	struct pmu *p = &cpu->sys.pmu;
	uint8_t level = (p->pmcr & PMCR_E) && (p->ovs & p->inten & PMU_COUNTER_MASK);

	if (level == p->irq_level)
		return;
	p->irq_level = level;
	if (cpu->tvm && cpu->tvm->gic)
		gic_set_ppi(cpu->tvm->gic, cpu->index, VIRT_PPI_PMU, level);
}

void pmu_overflow(struct cpu_state *cpu, uint64_t bits)
{
	cpu->sys.pmu.ovs |= bits & PMU_COUNTER_MASK;
	pmu_irq_update(cpu);
}

/* sysreg_reset zeroed the PMU, irq_level too: lower the line whatever it was. */
void pmu_reset(struct cpu_state *cpu)
{
	struct pmu *p = &cpu->sys.pmu;

	p->irq_level = 0;
	p->check_at = UINT64_MAX;
	if (cpu->tvm && cpu->tvm->gic)
		gic_set_ppi(cpu->tvm->gic, cpu->index, VIRT_PPI_PMU, 0);
}

/* The registers came from a snapshot: counting restarts from them. */
void pmu_snap_loaded(struct cpu_state *cpu)
{
	struct pmu *p = &cpu->sys.pmu;

	p->pmcr &= PMCR_RW;
	p->cnten &= PMU_COUNTER_MASK;
	p->inten &= PMU_COUNTER_MASK;
	p->ovs &= PMU_COUNTER_MASK;
	p->userenr &= PMUSERENR_MASK;
	p->selr &= PMSELR_SEL;
	p->ccfiltr &= PMEVTYPER_P | PMEVTYPER_U;
	for (unsigned int i = 0; i < PMU_NCOUNTERS; i++) {
		p->evcntr[i] &= 0xffffffffull;
		p->evtyper[i] &= PMEVTYPER_P | PMEVTYPER_U | PMEVTYPER_EVT;
	}
	memset(p->ev, 0, sizeof(p->ev));
	memset(p->folded, 0, sizeof(p->folded));
	p->ccnt_div = 0;
	p->irq_level = 2;	/* neither 0 nor 1: the update drives the line */
	pmu_update(cpu);
}
