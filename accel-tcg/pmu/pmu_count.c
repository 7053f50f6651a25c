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
#include "engine/engine.h"
#include "pmu.h"
#include "sys/sys.h"

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

int pmu_ev_index(unsigned int evt)
{
	switch (evt) {
	case PMU_EV_INST_RETIRED:
	case PMU_EV_CPU_CYCLES:		return PMU_E_INST;
	case PMU_EV_LD_RETIRED:		return PMU_E_LD;
	case PMU_EV_ST_RETIRED:		return PMU_E_ST;
	case PMU_EV_L1D_CACHE:		return PMU_E_MEM;
	case PMU_EV_EXC_TAKEN:		return PMU_E_EXC_TAKEN;
	case PMU_EV_EXC_RETURN:		return PMU_E_EXC_RETURN;
	case PMU_EV_PC_WRITE_RETIRED:	return PMU_E_PC_WRITE;
	case PMU_EV_BR_IMMED_RETIRED:	return PMU_E_BR_IMMED;
	case PMU_EV_BR_RETURN_RETIRED:	return PMU_E_BR_RETURN;
	case PMU_EV_BR_RETIRED:		return PMU_E_BR;
	case PMU_EV_CID_WRITE_RETIRED:	return PMU_E_CID_WRITE;
	case PMU_EV_TTBR_WRITE_RETIRED:	return PMU_E_TTBR_WRITE;
	default:			return -1;
	}
}

/* The accumulator event counter idx counts, or -1 (SW_INCR, unimplemented). */
static int counter_ev(const struct pmu *p, unsigned int idx)
{
	return pmu_ev_index((unsigned int)(p->evtyper[idx] & PMEVTYPER_EVT));
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

/* Fold the events at el not folded yet into every counter that counts them. */
static uint64_t fold_el(struct pmu *p, unsigned int el)
{
	uint64_t wrapped = 0, n;
	int e;

	for (unsigned int i = 0; i < PMU_NCOUNTERS; i++) {
		e = counter_ev(p, i);
		if (e < 0 || !pmu_counter_counts(p, i, el))
			continue;
		n = p->ev[el][e] - p->folded[el][e];
		if (n && add_event(p, i, n))
			wrapped |= 1ull << i;
	}
	n = p->ev[el][PMU_E_INST] - p->folded[el][PMU_E_INST];
	if (n && pmu_counter_counts(p, PMU_CYCLE_IDX, el) && add_cycles(p, n))
		wrapped |= PMU_CYCLE_BIT;
	for (unsigned int e2 = 0; e2 < PMU_NEV; e2++)
		p->folded[el][e2] = p->ev[el][e2];
	return wrapped;
}

/*
 * The fewest instructions after which some counter may overflow, counting
 * as if every one of them counted: check_at is never late. No block
 * event comes more than once per insn (an insn is at most one load, one
 * store, one branch), so the instruction total bounds them; exception
 * entries fold on their own (pmu_exc_taken).
 */
static uint64_t insns_to_overflow(const struct pmu *p)
{
	uint64_t least = UINT64_MAX, left;

	for (unsigned int i = 0; i < PMU_NCOUNTERS; i++) {
		if (counter_ev(p, i) < 0 || !(p->cnten & (1ull << i)))
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
	uint64_t now = p->ev[0][PMU_E_INST] + p->ev[1][PMU_E_INST];
	uint64_t left = insns_to_overflow(p);

	p->check_at = left > UINT64_MAX - now ? UINT64_MAX : now + left;
}

/*
 * The conditional branch that ended the block counted last wrote the PC
 * if its condition holds on the state it left (PC_WRITE_RETIRED counts
 * only a change of the PC, D11.10). Asked before anything else runs:
 * at the next block, exception entry, or a fold between blocks.
 */
static void resolve_branch(struct cpu_state *cpu)
{
	struct pmu *p = &cpu->sys.pmu;

	if (!p->pend_raw)
		return;
	if (pmu_cond_taken(cpu, p->pend_raw))
		p->ev[p->pend_el][PMU_E_PC_WRITE]++;
	p->pend_raw = 0;
}

void pmu_fold(struct cpu_state *cpu)
{
	struct pmu *p = &cpu->sys.pmu;
	uint64_t wrapped = 0;

	resolve_branch(cpu);
	for (unsigned int el = 0; el < 2; el++)
		wrapped |= fold_el(p, el);
	set_check_at(p);
	if (wrapped)
		pmu_overflow(cpu, wrapped);
}

/*
 * Blocks count only while an enabled counter counts one of their events
 * (enum pmu_ev) or the cycle counter is enabled: otherwise the block
 * entry's one test is all the PMU costs.
 */
void pmu_update(struct cpu_state *cpu)
{
	struct pmu *p = &cpu->sys.pmu;
	bool on = false;

	if (p->pmcr & PMCR_E) {
		on = p->cnten & PMU_CYCLE_BIT;
		for (unsigned int i = 0; i < PMU_NCOUNTERS && !on; i++)
			on = (p->cnten & (1ull << i)) && counter_ev(p, i) >= 0;
	}
	p->counting = on;
	if (on)
		tb_cache_pmu_on(cpu);
	p->blk = NULL;			/* no block to cut back until the next one */
	p->blk_end = p->blk_start;
	p->pend_raw = 0;
	set_check_at(p);
	pmu_irq_update(cpu);
}

/* The events of the last insn, a branch, ERET or MSR (PMU_END_*). */
static void add_end(uint64_t *ev, unsigned int end)
{
	ev[PMU_E_BR] += !!(end & PMU_END_BR);
	ev[PMU_E_BR_IMMED] += !!(end & PMU_END_IMMED);
	ev[PMU_E_BR_RETURN] += !!(end & PMU_END_RETURN);
	ev[PMU_E_EXC_RETURN] += !!(end & PMU_END_ERET);
	ev[PMU_E_PC_WRITE] += !!(end & PMU_END_PCW);
	ev[PMU_E_CID_WRITE] += !!(end & PMU_END_CID);
	ev[PMU_E_TTBR_WRITE] += !!(end & PMU_END_TTBR);
}

/*
 * L1D_CACHE: with the stage 1 MMU off every data access is Device
 * (D8.2.12 "The effects of disabling an address translation stage") and
 * no cache is accessed; with it on, each memory instruction is one access
 * of an L1D that holds all memory (docs/pmu.md: MAIR types and MMIO are
 * not told apart). SCTLR_EL1 changes only by an MSR, which ends a block,
 * so a block counts under one setting and its cut takes back under it.
 */
static bool pmu_l1d_counts(const struct cpu_state *cpu)
{
	return cpu->sys.sctlr_el1 & SCTLR_M;
}

/*
 * The previous blocks are final here (their exceptions were taken), so
 * an overflow due is raised before this block's events count; the
 * interrupt is taken at the next block boundary.
 */
void pmu_count_block(struct cpu_state *cpu, const struct pmu_blk *b)
{
	struct pmu *p = &cpu->sys.pmu;
	uint64_t *ev = p->ev[cpu->el];

	resolve_branch(cpu);
	if (p->ev[0][PMU_E_INST] + p->ev[1][PMU_E_INST] >= p->check_at)
		pmu_fold(cpu);
	ev[PMU_E_INST] += b->ninsns;
	ev[PMU_E_LD] += b->nld;
	ev[PMU_E_ST] += b->nst;
	if (pmu_l1d_counts(cpu))
		ev[PMU_E_MEM] += b->nmem;
	if (b->end) {
		add_end(ev, b->end);
		if (b->end & PMU_END_COND) {
			p->pend_raw = b->end_raw;
			p->pend_el = (uint8_t)cpu->el;
		}
	}
	p->blk = b;
	p->blk_epoch = cpu->tcg_priv ? tb_cache_epoch(cpu) : 0;
	p->blk_start = cpu->pc;
	p->blk_end = cpu->pc + 4ull * b->ninsns;
}

/* One insn run on its own (debug/step.c): a block of one, kept in struct pmu. */
void pmu_count_one(struct cpu_state *cpu, uint32_t raw)
{
	struct pmu *p = &cpu->sys.pmu;

	pmu_blk_start(&p->one, p->one_mem);
	pmu_blk_add(&p->one, p->one_mem, raw, 0);
	pmu_blk_finish(&p->one, 1);
	pmu_count_block(cpu, &p->one);
}

/* Memory insns, loads and stores of b at byte offsets [from, to). */
static void mem_between(const struct pmu_blk *b, uint64_t from, uint64_t to,
			uint64_t *mem, uint64_t *ld, uint64_t *st)
{
	*mem = *ld = *st = 0;
	for (unsigned int i = 0; i < b->nmem; i++) {
		uint64_t off = b->mem[i] & ~3u;

		if (off < from || off >= to)
			continue;
		*mem += 1;
		*ld += !!(b->mem[i] & PMU_MEM_LD);
		*st += !!(b->mem[i] & PMU_MEM_ST);
	}
}

/* Take back n of event e at el, never below what was folded. */
static void take_back(struct pmu *p, unsigned int el, unsigned int e, uint64_t n)
{
	uint64_t live = p->ev[el][e] - p->folded[el][e];

	p->ev[el][e] -= n < live ? n : live;
}

/*
 * A fold happens only where a block ends, so what is taken back was not
 * folded; the clamp keeps a stale range (a block freed since: blk_epoch)
 * from going below. The branch that ends a block is its last insn: in
 * any tail, and its PC write then never happened.
 */
void pmu_block_cut(struct cpu_state *cpu, uint64_t next_pc)
{
	struct pmu *p = &cpu->sys.pmu;
	const struct pmu_blk *b = p->blk;
	unsigned int el = cpu->el;
	uint64_t mem = 0, ld = 0, st = 0;

	if (!p->counting || next_pc < p->blk_start || next_pc >= p->blk_end)
		return;
	if (b && cpu->tcg_priv && p->blk_epoch != tb_cache_epoch(cpu))
		b = NULL;
	take_back(p, el, PMU_E_INST, (p->blk_end - next_pc) / 4);
	if (b) {
		mem_between(b, next_pc - p->blk_start, p->blk_end - p->blk_start, &mem, &ld, &st);
		if (pmu_l1d_counts(cpu))
			take_back(p, el, PMU_E_MEM, mem);
		take_back(p, el, PMU_E_LD, ld);
		take_back(p, el, PMU_E_ST, st);
		if (b->end && p->blk_end == p->blk_start + 4ull * b->ninsns) {
			uint64_t back[PMU_NEV] = { 0 };

			add_end(back, b->end);
			for (unsigned int e = 0; e < PMU_NEV; e++)
				if (back[e])
					take_back(p, el, e, back[e]);
			p->pend_raw = 0;
		}
	}
	p->blk_end = next_pc;
}

/*
 * EXC_TAKEN counts at the EL the exception is taken from, as the insn
 * events of the insn that took it do (docs/pmu.md); the branch that
 * ended the block before is decided first, on the state it left. An
 * exception need not follow a retired insn (a vector that aborts at
 * once), so the instruction total does not bound this event: the entry
 * folds, which raises an overflow due here (an exception costs far more).
 */
void pmu_exc_taken(struct cpu_state *cpu)
{
	struct pmu *p = &cpu->sys.pmu;

	resolve_branch(cpu);
	p->ev[cpu->el][PMU_E_EXC_TAKEN]++;
	pmu_fold(cpu);
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
