// SPDX-License-Identifier: GPL-2.0
/*
 * accel-tcg/pmu: the PMUv3 registers' semantics (PMCR's read-only and
 * write-only bits, SET/CLR pairs, PMSELR's indirection, SW_INCR), exact
 * INST_RETIRED counts on both TCG tiers (chained blocks, a block cut by
 * an exception, WFI mid-block), overflow into PMOVS and the interrupt
 * request, and a hostile snapshot's values masked on load.
 */
#include <check.h>
#include <stdbool.h>
#include <string.h>

#include "../../accel-tcg/pmu/pmu.h"
#include "check_run.h"
#include "rig_check.h"

#define VBAR	(RIG_RAM_BASE + 0x10000)
#define DATA	(RIG_RAM_BASE + 0x20000)

#define MSR_PMCNTENSET_X1	0xd51b9c21u
#define MOV_X2_10		0xd2800142u
#define SUBS_X2_1		0xf1000442u
#define BNE_BACK1		0x54ffffe1u	/* b.ne to the SUBS before it */
#define MSR_PMCNTENCLR_X1	0xd51b9c41u
#define MRS_X3_PMEVCNTR0	0xd53be803u
#define LDR_X0_X9		0xf9400120u
#define MRS_X4_PMCCNTR		0xd53b9d04u
#define MSR_PMCR_X0		0xd51b9c00u
#define MRS_X3_PMCR		0xd53b9c03u
#define MSR_PMSELR_X5		0xd51b9ca5u
#define MSR_PMXEVTYPER_X6	0xd51b9d26u
#define MRS_X7_PMXEVTYPER	0xd53b9d27u
#define MRS_X8_PMCCFILTR	0xd53befe8u
#define MSR_PMXEVCNTR_X6	0xd51b9d46u
#define MRS_X10_PMXEVCNTR	0xd53b9d4au
#define MRS_X11_PMCNTENSET	0xd53b9c2bu
#define MRS_X12_PMCEID0		0xd53b9cccu
#define MSR_PMSWINC_X0		0xd51b9c80u
#define MRS_X13_PMOVSSET	0xd53b9e6du
#define WFI			0xd503207fu

static struct tcg_rig rig;

static void setup(void)
{
	rig_init_or_fail(&rig);
	rig.cpu->sys.vbar_el1 = VBAR;
}

static void teardown(void)
{
	rig_fini(&rig);
}

static void use_jit(bool on)
{
	if (on)
		rig_jit_on_or_fail(&rig);
}

/* Run code at RAM base with chaining (no block limit) until its BRK. */
static void run_to_brk(const uint32_t *code, size_t n)
{
	rig_put(&rig, RIG_RAM_BASE, code, n);
	tb_invalidate_phys_page(&rig.tvm, RIG_RAM_BASE);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 0), 1);
	ck_assert_msg(rig_ec(&rig) == EC_BRK64, "EC 0x%x at 0x%llx", rig_ec(&rig),
		      (unsigned long long)rig.cpu->sys.elr_el1);
}

static struct pmu *pmu(void)
{
	return &rig.cpu->sys.pmu;
}

/* Counter 0 counts INST_RETIRED; PMCR.E set. */
static void count_insns_on_counter0(void)
{
	pmu()->pmcr = PMCR_E;
	pmu()->evtyper[0] = PMU_EV_INST_RETIRED;
	pmu_update(rig.cpu);
}

START_TEST(pmcr_has_six_counters_and_p_c_zero_them)
{
	static const uint32_t code[] = { MSR_PMCR_X0, MRS_X3_PMCR, MRS_X12_PMCEID0, A64_BRK_END };

	pmu()->evcntr[2] = 77;
	pmu()->ccntr = 1234;
	rig.cpu->r[0] = PMCR_P | PMCR_C | PMCR_LC | (0x1full << 11);
	run_to_brk(code, 4);
	ck_assert_uint_eq(rig.cpu->r[3], 0x41013000u | PMCR_LC);	/* N = 6; P, C read 0 */
	ck_assert_uint_eq(pmu()->evcntr[2], 0);
	ck_assert_uint_eq(pmu()->ccntr, 0);
	ck_assert_uint_eq(rig.cpu->r[12], PMU_PMCEID0);
	ck_assert_uint_eq(PMU_PMCEID0, 0x10027fd1);	/* L1D_CACHE is bit 4 */
}
END_TEST

START_TEST(set_clr_keep_implemented_counters_only)
{
	static const uint32_t code[] = {
		MSR_PMCNTENSET_X1, MRS_X11_PMCNTENSET, MSR_PMCNTENCLR_X1, A64_BRK_END,
	};

	rig.cpu->r[1] = ~0ull;
	rig_put(&rig, RIG_RAM_BASE, code, 4);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 0), 1);
	ck_assert_uint_eq(rig.cpu->r[11], 0x8000003fu);
	ck_assert_uint_eq(pmu()->cnten, 0);
}
END_TEST

START_TEST(pmselr_selects_a_counter_or_the_cycle_filter)
{
	static const uint32_t code[] = {
		MSR_PMSELR_X5, MSR_PMXEVTYPER_X6, MRS_X7_PMXEVTYPER, MRS_X8_PMCCFILTR,
		MSR_PMXEVCNTR_X6, MRS_X10_PMXEVCNTR, A64_BRK_END,
	};

	rig.cpu->r[5] = 31;
	rig.cpu->r[6] = ~0ull;
	run_to_brk(code, 7);
	/* SEL 31: PMXEVTYPER is PMCCFILTR (P and U; NSK.. RES0), PMXEVCNTR RAZ/WI. */
	ck_assert_uint_eq(rig.cpu->r[7], PMEVTYPER_P | PMEVTYPER_U);
	ck_assert_uint_eq(rig.cpu->r[8], PMEVTYPER_P | PMEVTYPER_U);
	ck_assert_uint_eq(rig.cpu->r[10], 0);
	ck_assert_uint_eq(pmu()->ccntr, 0);

	rig.cpu->r[5] = 4;
	run_to_brk(code, 7);
	ck_assert_uint_eq(pmu()->evtyper[4], PMEVTYPER_P | PMEVTYPER_U | PMEVTYPER_EVT);
	ck_assert_uint_eq(rig.cpu->r[10], 0xffffffffu);	/* 32-bit event counters */

	rig.cpu->r[5] = 9;	/* no counter 9: RAZ/WI */
	run_to_brk(code, 7);
	ck_assert_uint_eq(rig.cpu->r[7], 0);
	ck_assert_uint_eq(rig.cpu->r[10], 0);
}
END_TEST

START_TEST(sw_incr_counts_writes_to_enabled_counters)
{
	static const uint32_t code[] = { MSR_PMSWINC_X0, MSR_PMSWINC_X0, A64_BRK_END };

	pmu()->pmcr = PMCR_E;
	pmu()->cnten = 0x3;
	pmu()->evtyper[0] = PMU_EV_SW_INCR;
	pmu()->evtyper[1] = PMU_EV_INST_RETIRED;
	pmu()->evtyper[2] = PMU_EV_SW_INCR;	/* not enabled */
	pmu()->evtyper[3] = PMU_EV_SW_INCR | PMEVTYPER_P;	/* filtered at EL1 */
	pmu()->cnten |= 1u << 3;
	pmu()->evcntr[0] = 0xffffffffu;
	pmu()->inten = 1;
	rig.cpu->r[0] = 0xf;
	run_to_brk(code, 3);
	ck_assert_uint_eq(pmu()->evcntr[0], 1);		/* wrapped */
	ck_assert_uint_eq(pmu()->ovs, 1);
	ck_assert_uint_eq(pmu()->irq_level, 1);
	ck_assert_uint_eq(pmu()->evcntr[2], 0);
	ck_assert_uint_eq(pmu()->evcntr[3], 0);
}
END_TEST

/* enable; mov; 10 x (subs; b.ne); disable; read = 1 + 20 + 1 counted. */
static void exact_loop(bool jit)
{
	static const uint32_t code[] = {
		MSR_PMCNTENSET_X1, MOV_X2_10, SUBS_X2_1, BNE_BACK1, MSR_PMCNTENCLR_X1,
		MRS_X3_PMEVCNTR0, A64_BRK_END,
	};

	use_jit(jit);
	count_insns_on_counter0();
	rig.cpu->r[1] = 1;
	run_to_brk(code, 7);
	ck_assert_uint_eq(rig.cpu->r[3], 22);
	ck_assert_uint_eq(pmu()->counting, 0);
}

START_TEST(loop_counts_exactly_portable)
{
	exact_loop(false);
}
END_TEST

START_TEST(loop_counts_exactly_jit)
{
	exact_loop(true);
}
END_TEST

/*
 * A load that aborts in the middle of a block: the NOPs before it
 * retired, it and what follows did not (the abort's ELR is the load).
 */
static void cut_by_abort(bool jit)
{
	static const uint32_t code[] = {
		MSR_PMCNTENSET_X1, A64_NOP, A64_NOP, LDR_X0_X9, A64_NOP, A64_NOP, A64_BRK_END,
	};
	static const uint32_t vec[] = { A64_BRK_END };

	use_jit(jit);
	count_insns_on_counter0();
	rig.cpu->r[1] = 1;
	rig.cpu->r[9] = 0x1000;		/* nothing there: an external abort */
	rig_put(&rig, VBAR + 0x200, vec, 1);
	rig_put(&rig, RIG_RAM_BASE, code, 7);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 0), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_DABT_SAME);
	pmu_fold(rig.cpu);
	ck_assert_uint_eq(pmu()->evcntr[0], 2);
}

START_TEST(abort_mid_block_counts_what_retired_portable)
{
	cut_by_abort(false);
}
END_TEST

START_TEST(abort_mid_block_counts_what_retired_jit)
{
	cut_by_abort(true);
}
END_TEST

/* WFI leaves its block after retiring; the insns after it wait. */
START_TEST(wfi_mid_block_counts_up_to_the_wfi)
{
	static const uint32_t code[] = {
		MSR_PMCNTENSET_X1, A64_NOP, WFI, A64_NOP, A64_NOP, A64_BRK_END,
	};
	struct tcg_run_opts opts = { .max_blocks = 2 };

	count_insns_on_counter0();
	rig.cpu->r[1] = 1;
	rig_put(&rig, RIG_RAM_BASE, code, 6);
	rig.cpu->pc = RIG_RAM_BASE;
	tcg_cpu_exec(rig.cpu, &opts);
	ck_assert_uint_eq(rig.cpu->pc, RIG_RAM_BASE + 12);
	pmu_fold(rig.cpu);
	ck_assert_uint_eq(pmu()->evcntr[0], 2);		/* NOP, WFI */
}
END_TEST

/* Filtering: P stops EL1 counting; the cycle counter counts one per insn. */
START_TEST(p_filters_el1_and_cycles_follow_insns)
{
	static const uint32_t code[] = {
		MSR_PMCNTENSET_X1, MOV_X2_10, SUBS_X2_1, BNE_BACK1, MSR_PMCNTENCLR_X1,
		MRS_X4_PMCCNTR, A64_BRK_END,
	};

	count_insns_on_counter0();
	pmu()->evtyper[0] |= PMEVTYPER_P;
	rig.cpu->r[1] = PMU_CYCLE_BIT | 1;
	run_to_brk(code, 7);
	ck_assert_uint_eq(pmu()->evcntr[0], 0);
	ck_assert_uint_eq(rig.cpu->r[4], 22);
}
END_TEST

/* An overflow sets PMOVS; the request follows PMINTEN and PMCR.E. */
START_TEST(overflow_sets_pmovs_and_the_request)
{
	static const uint32_t code[] = {
		MSR_PMCNTENSET_X1, MOV_X2_10, SUBS_X2_1, BNE_BACK1, MSR_PMCNTENCLR_X1,
		MRS_X13_PMOVSSET, A64_BRK_END,
	};

	count_insns_on_counter0();
	pmu()->evcntr[0] = 0xfffffffau;
	rig.cpu->r[1] = 1;
	run_to_brk(code, 7);
	ck_assert_uint_eq(rig.cpu->r[13], 1);
	ck_assert_uint_eq(pmu()->evcntr[0], 22 - 6);
	ck_assert_uint_eq(pmu()->irq_level, 0);		/* PMINTEN clear */
	pmu()->inten = 1;
	pmu_irq_update(rig.cpu);
	ck_assert_uint_eq(pmu()->irq_level, 1);
	pmu()->pmcr = 0;
	pmu_irq_update(rig.cpu);
	ck_assert_uint_eq(pmu()->irq_level, 0);
}
END_TEST

/* A snapshot file is user input: bits that do not exist are dropped. */
START_TEST(hostile_snapshot_values_are_masked)
{
	struct pmu *p = pmu();

	memset(p, 0xff, sizeof(*p));
	pmu_snap_loaded(rig.cpu);
	ck_assert_uint_eq(p->pmcr, PMCR_RW);
	ck_assert_uint_eq(p->cnten, PMU_COUNTER_MASK);
	ck_assert_uint_eq(p->selr, 31);
	ck_assert_uint_eq(p->userenr, 0xf);
	ck_assert_uint_eq(p->evcntr[5], 0xffffffffu);
	ck_assert_uint_eq(p->evtyper[5], PMEVTYPER_P | PMEVTYPER_U | PMEVTYPER_EVT);
	ck_assert_uint_eq(p->irq_level, 1);	/* E, PMOVS and PMINTEN all set */
	ck_assert_uint_eq(p->ev[0][PMU_E_INST] + p->ev[1][PMU_E_INST], 0);
	ck_assert_ptr_null(p->blk);
}
END_TEST

static Suite *pmu_suite(void)
{
	Suite *s = suite_create("tcg_pmu");
	TCase *tc = tcase_create("pmu");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, pmcr_has_six_counters_and_p_c_zero_them);
	tcase_add_test(tc, set_clr_keep_implemented_counters_only);
	tcase_add_test(tc, pmselr_selects_a_counter_or_the_cycle_filter);
	tcase_add_test(tc, sw_incr_counts_writes_to_enabled_counters);
	tcase_add_test(tc, loop_counts_exactly_portable);
	tcase_add_test(tc, loop_counts_exactly_jit);
	tcase_add_test(tc, abort_mid_block_counts_what_retired_portable);
	tcase_add_test(tc, abort_mid_block_counts_what_retired_jit);
	tcase_add_test(tc, wfi_mid_block_counts_up_to_the_wfi);
	tcase_add_test(tc, p_filters_el1_and_cycles_follow_insns);
	tcase_add_test(tc, overflow_sets_pmovs_and_the_request);
	tcase_add_test(tc, hostile_snapshot_values_are_masked);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(pmu_suite());
}
