// SPDX-License-Identifier: GPL-2.0
/*
 * Counting: instructions retired per block and EL, folded into the event
 * counters and the cycle counter when software looks (ARM ARM D11.5
 * "Enabling event counters", D11.6 "Filtering", D11.9 "Counter
 * overflow"). One cycle is one retired instruction: the emulated CPU
 * retires one instruction per cycle, a definition that makes CPU_CYCLES
 * and PMCCNTR exact and deterministic (docs/pmu.md).
 */
#include <stddef.h>

#include "cpu.h"
#include "pmu.h"

/*
 * Does counter idx count at el? PMCR.E and its PMCNTENSET bit enable it;
 * P and U filter EL1 and EL0. On this CPU without EL2 and EL3, NSK, NSU,
 * NSH and M are RES0 (D13.4.9: "If EL3 is not implemented, this bit is
 * RES0"), so P and U alone decide.
 */
bool pmu_counter_counts(const struct pmu *p, unsigned int idx, unsigned int el)
{
	uint64_t filter = idx == PMU_CYCLE_IDX ? p->ccfiltr : p->evtyper[idx];

	if (!(p->pmcr & PMCR_E) || !(p->cnten & (1ull << idx)))
		return false;
	return !(filter & (el ? PMEVTYPER_P : PMEVTYPER_U));
}

/* Event counter idx counts retired instructions or cycles (both the same here). */
static bool counts_insns(const struct pmu *p, unsigned int idx)
{
	uint64_t ev = p->evtyper[idx] & PMEVTYPER_EVT;

	return ev == PMU_EV_INST_RETIRED || ev == PMU_EV_CPU_CYCLES;
}

/* Add n events to 32-bit event counter idx; true when it wrapped. */
static bool add_event(struct pmu *p, unsigned int idx, uint64_t n)
{
	uint64_t old = p->evcntr[idx];

	p->evcntr[idx] = (old + n) & 0xffffffffull;
	return old + n > 0xffffffffull;
}

/*
 * Add n cycles to PMCCNTR (every 64th with PMCR.D); true when it
 * overflowed: at 64 bits with PMCR.LC, else when its low 32 bits wrap
 * (D13.4.7, LC). The counter keeps all 64 bits either way.
 */
static bool add_cycles(struct pmu *p, uint64_t n)
{
	uint64_t old = p->ccntr, add = n;

	if (p->pmcr & PMCR_D) {
		p->ccnt_div += n;
		add = p->ccnt_div / 64;
		p->ccnt_div %= 64;
	}
	p->ccntr = old + add;
	if (p->pmcr & PMCR_LC)
		return p->ccntr < old;
	return (old & 0xffffffffull) + add > 0xffffffffull;
}

/* Fold n instructions retired at el into every counter that counts them. */
static uint64_t fold_el(struct pmu *p, unsigned int el, uint64_t n)
{
	uint64_t wrapped = 0;

	if (!n)
		return 0;
	for (unsigned int i = 0; i < PMU_NCOUNTERS; i++)
		if (counts_insns(p, i) && pmu_counter_counts(p, i, el) && add_event(p, i, n))
			wrapped |= 1ull << i;
	if (pmu_counter_counts(p, PMU_CYCLE_IDX, el) && add_cycles(p, n))
		wrapped |= PMU_CYCLE_BIT;
	return wrapped;
}

/*
 * The fewest instructions after which some counter may overflow, counting
 * as if every one of them counted: check_at is never late.
 */
static uint64_t insns_to_overflow(const struct pmu *p)
{
	uint64_t least = UINT64_MAX, left;

	for (unsigned int i = 0; i < PMU_NCOUNTERS; i++) {
		if (!counts_insns(p, i) || !(p->cnten & (1ull << i)))
			continue;
		left = 0x100000000ull - p->evcntr[i];
		least = left < least ? left : least;
	}
	if (p->cnten & PMU_CYCLE_BIT) {
		if (p->pmcr & PMCR_LC)
			left = -p->ccntr;
		else
			left = 0x100000000ull - (p->ccntr & 0xffffffffull);
		if (p->pmcr & PMCR_D)
			left = left > (UINT64_MAX - 63) / 64 ? UINT64_MAX : left * 64 - p->ccnt_div;
		least = left && left < least ? left : least;
	}
	return least;
}

static void set_check_at(struct pmu *p)
{
	uint64_t now = p->insns[0] + p->insns[1], left = insns_to_overflow(p);

	p->check_at = left > UINT64_MAX - now ? UINT64_MAX : now + left;
}

void pmu_fold(struct cpu_state *cpu)
{
	struct pmu *p = &cpu->sys.pmu;
	uint64_t wrapped = 0;

	for (unsigned int el = 0; el < 2; el++) {
		wrapped |= fold_el(p, el, p->insns[el] - p->folded[el]);
		p->folded[el] = p->insns[el];
	}
	set_check_at(p);
	if (wrapped)
		pmu_overflow(cpu, wrapped);
}

/*
 * Blocks count only while an enabled counter counts instructions or
 * cycles: otherwise the block entry's one test is all the PMU costs.
 */
void pmu_update(struct cpu_state *cpu)
{
	struct pmu *p = &cpu->sys.pmu;
	bool on = false;

	if (p->pmcr & PMCR_E) {
		on = p->cnten & PMU_CYCLE_BIT;
		for (unsigned int i = 0; i < PMU_NCOUNTERS && !on; i++)
			on = (p->cnten & (1ull << i)) && counts_insns(p, i);
	}
	p->counting = on;
	p->blk_end = p->blk_start;	/* no block to cut back until the next one */
	set_check_at(p);
	pmu_irq_update(cpu);
}

/*
 * The previous blocks are final here (their exceptions were taken), so
 * an overflow due is raised before this block's insns count; the
 * interrupt is taken at the next block boundary.
 */
void pmu_count_block(struct cpu_state *cpu, unsigned int n)
{
	struct pmu *p = &cpu->sys.pmu;

	if (p->insns[0] + p->insns[1] >= p->check_at)
		pmu_fold(cpu);
	p->insns[cpu->el] += n;
	p->blk_start = cpu->pc;
	p->blk_end = cpu->pc + 4ull * n;
}

/*
 * SW_INCR counts each write of 1 to its counter's bit, when the counter
 * is enabled and not filtered at the writer's EL (D11.10.1, event 0x00).
 */
void pmu_sw_incr(struct cpu_state *cpu, uint64_t val)
{
	struct pmu *p = &cpu->sys.pmu;
	uint64_t wrapped = 0;

	for (unsigned int i = 0; i < PMU_NCOUNTERS; i++) {
		if (!(val & (1ull << i)) || (p->evtyper[i] & PMEVTYPER_EVT) != PMU_EV_SW_INCR ||
		    !pmu_counter_counts(p, i, cpu->el))
			continue;
		if (add_event(p, i, 1))
			wrapped |= 1ull << i;
	}
	if (wrapped)
		pmu_overflow(cpu, wrapped);
}
