// SPDX-License-Identifier: GPL-2.0
/*
 * accel-tcg/pmu: the events counted from a block's encodings (docs/pmu.md
 * "What counts"): the class of each encoding, then known loops on both
 * TCG tiers counting loads, stores, branches (taken or not, immediate,
 * returns), PC writes, exceptions taken and returned, a block cut short
 * by an abort taking back exactly its tail, and PMCEID0/1.
 */
#include <check.h>
#include <stdbool.h>
#include <string.h>

#include "../../accel-tcg/pmu/pmu.h"
#include "check_run.h"
#include "rig_check.h"

#define VBAR	(RIG_RAM_BASE + 0x10000)
#define DATA	(RIG_RAM_BASE + 0x20000)

/* Encodings checked with aarch64-linux-gnu-as. */
#define MSR_PMCNTENSET_X1	0xd51b9c21u
#define MSR_PMCNTENCLR_X1	0xd51b9c41u
#define MOV_X2_10		0xd2800142u
#define LDR_X0_X9		0xf9400120u	/* ldr x0, [x9] */
#define STR_X0_X9_8		0xf9000520u	/* str x0, [x9, #8] */
#define LDR_X0_X10		0xf9400140u	/* ldr x0, [x10] */
#define STR_X0_X10_8		0xf9000540u	/* str x0, [x10, #8] */
#define SUBS_X2_1		0xf1000442u
#define BNE_BACK3		0x54ffffa1u	/* b.ne 12 bytes back */
#define BL_PLUS16		0x94000004u
#define RET			0xd65f03c0u
#define ERET			0xd69f03e0u
#define SVC_0			0xd4000001u
#define B_PLUS4			0x14000001u

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

static struct pmu *pmu(void)
{
	return &rig.cpu->sys.pmu;
}

static void use_jit(bool on)
{
	if (on)
		rig_jit_on_or_fail(&rig);
}

/* Counters 0..5 count evts; PMCR.E set; x1 enables them all. */
static void count_events(const unsigned int evts[PMU_NCOUNTERS])
{
	pmu()->pmcr = PMCR_E;
	for (unsigned int i = 0; i < PMU_NCOUNTERS; i++)
		pmu()->evtyper[i] = evts[i];
	pmu_update(rig.cpu);
	rig.cpu->r[1] = (1u << PMU_NCOUNTERS) - 1;
}

static uint64_t counter(unsigned int i)
{
	pmu_fold(rig.cpu);
	return pmu()->evcntr[i];
}

static void run_from(uint64_t pc, unsigned int want_ec)
{
	ck_assert_int_eq(rig_run(&rig, pc, 0), 1);
	ck_assert_msg(rig_ec(&rig) == want_ec, "EC 0x%x at 0x%llx", rig_ec(&rig),
		      (unsigned long long)rig.cpu->sys.elr_el1);
}

START_TEST(encodings_have_their_classes)
{
	static const struct { uint32_t raw; unsigned int c; } t[] = {
		{ 0xf9400120u, PMU_MEM_LD },		/* ldr x0, [x9] */
		{ 0xf9000520u, PMU_MEM_ST },		/* str x0, [x9, #8] */
		{ 0xa94007e0u, PMU_MEM_LD },		/* ldp */
		{ 0xa90007e0u, PMU_MEM_ST },		/* stp */
		{ 0xf9800000u, 0 },			/* prfm (no access) */
		{ 0xc85f7c20u, PMU_MEM_LD },		/* ldxr */
		{ 0xc8027c20u, PMU_MEM_ST },		/* stxr */
		{ 0x4c407000u, PMU_MEM_LD },		/* ld1 {v0.16b} */
		{ 0x4c007000u, PMU_MEM_ST },		/* st1 {v0.16b} */
		{ 0x4d60e800u, PMU_MEM_LD },		/* ld4r */
		{ 0x58000040u, PMU_MEM_LD },		/* ldr x0, literal */
		{ 0xd8000040u, 0 },			/* prfm literal */
		{ 0x3dc00000u, PMU_MEM_LD },		/* ldr q0 */
		{ 0x3d800000u, PMU_MEM_ST },		/* str q0 */
		{ 0x38616800u, PMU_MEM_LD },		/* ldrb, register offset */
		{ 0xb89fc000u, PMU_MEM_LD },		/* ldursw */
		{ 0xb8000820u, PMU_MEM_ST },		/* sttr */
		{ 0xc8dffc20u, PMU_MEM_LD },		/* ldar */
		{ 0xc89ffc20u, PMU_MEM_ST },		/* stlr */
		{ 0x14000001u, (PMU_END_BR | PMU_END_IMMED | PMU_END_PCW) << 2 },	/* b */
		{ 0x94000004u, (PMU_END_BR | PMU_END_IMMED | PMU_END_PCW) << 2 },	/* bl */
		{ 0x54ffffa1u, (PMU_END_BR | PMU_END_IMMED | PMU_END_COND) << 2 },	/* b.ne */
		{ 0xb4000042u, (PMU_END_BR | PMU_END_IMMED | PMU_END_COND) << 2 },	/* cbz */
		{ 0x37280043u, (PMU_END_BR | PMU_END_IMMED | PMU_END_COND) << 2 },	/* tbnz */
		{ 0xd61f0000u, (PMU_END_BR | PMU_END_PCW) << 2 },			/* br */
		{ 0xd63f0000u, (PMU_END_BR | PMU_END_PCW) << 2 },			/* blr */
		{ 0xd65f03c0u, (PMU_END_BR | PMU_END_RETURN | PMU_END_PCW) << 2 },	/* ret */
		{ 0xd69f03e0u, PMU_END_ERET << 2 },	/* eret: not a branch */
		{ 0xd4000001u, 0 },			/* svc */
		{ 0xd50b7420u, 0 },			/* dc zva: not a store insn here */
		{ 0xf1000442u, 0 },			/* subs */
		{ 0xd518d020u, PMU_END_CID << 2 },	/* msr contextidr_el1, x0 */
		{ 0xd5182003u, PMU_END_TTBR << 2 },	/* msr ttbr0_el1, x3 */
		{ 0xd5182020u, PMU_END_TTBR << 2 },	/* msr ttbr1_el1, x0 */
		{ 0xd538d020u, 0 },			/* mrs x0, contextidr_el1 */
		{ 0xd5182040u, 0 },			/* msr tcr_el1, x0 */
		{ A64_NOP, 0 },
	};

	for (unsigned int i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ck_assert_msg(pmu_insn_class(t[i].raw) == t[i].c, "0x%08x: class 0x%x, want 0x%x",
			      t[i].raw, pmu_insn_class(t[i].raw), t[i].c);
}
END_TEST

/*
 * mov x2, 10; loop: ldr; str; subs; b.ne loop; bl f; disable ... f: ret.
 * Counted from the mov to the disabling MSR: 44 insns, 10 loads, 10
 * stores (20 L1D accesses with the MMU on), 12 branches (10 b.ne, bl, ret), 11 immediate (b.ne, bl), 1
 * return, 11 PC writes (9 taken b.ne, bl, ret).
 */
static const uint32_t loop_code[] = {
	MSR_PMCNTENSET_X1, MOV_X2_10, LDR_X0_X9, STR_X0_X9_8, SUBS_X2_1, BNE_BACK3,
	BL_PLUS16, MSR_PMCNTENCLR_X1, A64_BRK_END, A64_NOP, RET,
};

static void loop_in(bool jit, bool mmu, const unsigned int evts[PMU_NCOUNTERS],
		    const uint64_t want[PMU_NCOUNTERS])
{
	use_jit(jit);
	if (mmu)
		rig_mmu_on(&rig);
	count_events(evts);
	rig.cpu->r[9] = DATA;
	rig_put(&rig, RIG_RAM_BASE, loop_code, sizeof(loop_code) / 4);
	tb_invalidate_phys_page(&rig.tvm, RIG_RAM_BASE);
	run_from(RIG_RAM_BASE, EC_BRK64);
	for (unsigned int i = 0; i < PMU_NCOUNTERS; i++)
		ck_assert_msg(counter(i) == want[i], "event 0x%x: %llu, want %llu", evts[i],
			      (unsigned long long)counter(i), (unsigned long long)want[i]);
}

static void loop(bool jit, const unsigned int evts[PMU_NCOUNTERS],
		 const uint64_t want[PMU_NCOUNTERS])
{
	loop_in(jit, false, evts, want);
}

static const unsigned int loop_evts1[PMU_NCOUNTERS] = {
	PMU_EV_INST_RETIRED, PMU_EV_LD_RETIRED, PMU_EV_ST_RETIRED,
	PMU_EV_BR_RETIRED, PMU_EV_PC_WRITE_RETIRED, PMU_EV_BR_RETURN_RETIRED,
};
static const uint64_t loop_want1[PMU_NCOUNTERS] = { 44, 10, 10, 12, 11, 1 };
static const unsigned int loop_evts2[PMU_NCOUNTERS] = {
	PMU_EV_BR_IMMED_RETIRED, PMU_EV_CPU_CYCLES, PMU_EV_EXC_TAKEN,
	PMU_EV_EXC_RETURN, PMU_EV_L1D_CACHE, 0x22 /* BR_MIS_PRED_RETIRED: not counted */,
};
/* The MMU is off: every data access is Device, none is an L1D access. */
static const uint64_t loop_want2[PMU_NCOUNTERS] = { 11, 44, 0, 0, 0, 0 };
/* With it on, each load and store insn is one. */
static const unsigned int loop_evts3[PMU_NCOUNTERS] = {
	PMU_EV_L1D_CACHE, PMU_EV_LD_RETIRED, PMU_EV_ST_RETIRED, PMU_EV_INST_RETIRED,
	0x03 /* L1D_CACHE_REFILL: not counted */, PMU_EV_BR_RETIRED,
};
static const uint64_t loop_want3[PMU_NCOUNTERS] = { 20, 10, 10, 44, 0, 12 };

START_TEST(loop_events_portable)
{
	loop(false, loop_evts1, loop_want1);
}
END_TEST

START_TEST(loop_events_jit)
{
	loop(true, loop_evts1, loop_want1);
}
END_TEST

START_TEST(loop_more_events_portable)
{
	loop(false, loop_evts2, loop_want2);
}
END_TEST

START_TEST(loop_more_events_jit)
{
	loop(true, loop_evts2, loop_want2);
}
END_TEST

START_TEST(l1d_with_the_mmu_on_portable)
{
	loop_in(false, true, loop_evts3, loop_want3);
}
END_TEST

START_TEST(l1d_with_the_mmu_on_jit)
{
	loop_in(true, true, loop_evts3, loop_want3);
}
END_TEST

/*
 * f (mov; ret) is first called while no counter counts, then again after
 * the MSR that enables them: the second call must count. On the x86-64
 * tier the first call translated f without the PMU's count (JIT_TB_PMU),
 * so enabling must drop that block before anything runs it again.
 * Counted: bl, mov, ret and the disabling MSR.
 */
static void counting_starts_later(bool jit)
{
	static const uint32_t code[] = {
		0x94000005u /* bl f */, MSR_PMCNTENSET_X1, 0x94000003u /* bl f */,
		MSR_PMCNTENCLR_X1, A64_BRK_END, MOV_X2_10 /* f */, RET,
	};
	static const unsigned int evts[PMU_NCOUNTERS] = {
		PMU_EV_INST_RETIRED, PMU_EV_BR_RETIRED, PMU_EV_BR_RETURN_RETIRED,
		PMU_EV_BR_IMMED_RETIRED, PMU_EV_PC_WRITE_RETIRED, PMU_EV_LD_RETIRED,
	};
	static const uint64_t want[PMU_NCOUNTERS] = { 4, 2, 1, 1, 2, 0 };

	use_jit(jit);
	count_events(evts);
	rig_put(&rig, RIG_RAM_BASE, code, sizeof(code) / 4);
	run_from(RIG_RAM_BASE, EC_BRK64);
	for (unsigned int i = 0; i < PMU_NCOUNTERS; i++)
		ck_assert_msg(counter(i) == want[i], "event 0x%x: %llu, want %llu", evts[i],
			      (unsigned long long)counter(i), (unsigned long long)want[i]);
}

START_TEST(counting_starts_after_translation_portable)
{
	counting_starts_later(false);
}
END_TEST

START_TEST(counting_starts_after_translation_jit)
{
	counting_starts_later(true);
}
END_TEST

/*
 * A block with a load and a store that retire, then a load that aborts
 * before a store and a branch: only the first two count (also as L1D
 * accesses, with the MMU on), and the abort
 * is one exception taken (at EL1, the EL it came from).
 */
static void cut(bool jit, bool mmu)
{
	static const uint32_t code[] = {
		MSR_PMCNTENSET_X1, LDR_X0_X10, STR_X0_X10_8, LDR_X0_X9, STR_X0_X9_8, B_PLUS4,
		A64_BRK_END,
	};
	static const unsigned int evts[PMU_NCOUNTERS] = {
		PMU_EV_INST_RETIRED, PMU_EV_LD_RETIRED, PMU_EV_ST_RETIRED,
		PMU_EV_BR_RETIRED, PMU_EV_L1D_CACHE, PMU_EV_EXC_TAKEN,
	};
	const uint64_t want[PMU_NCOUNTERS] = { 2, 1, 1, 0, mmu ? 2 : 0, 1 };

	use_jit(jit);
	if (mmu)
		rig_mmu_on(&rig);
	count_events(evts);
	rig.cpu->r[10] = DATA;
	rig.cpu->r[9] = 0x1000;		/* nothing there: an external abort */
	rig_put(&rig, RIG_RAM_BASE, code, sizeof(code) / 4);
	run_from(RIG_RAM_BASE, EC_DABT_SAME);
	ck_assert_uint_eq(rig.cpu->sys.elr_el1, RIG_RAM_BASE + 12);
	for (unsigned int i = 0; i < PMU_NCOUNTERS; i++)
		ck_assert_msg(counter(i) == want[i], "event 0x%x: %llu, want %llu", evts[i],
			      (unsigned long long)counter(i), (unsigned long long)want[i]);
}

START_TEST(abort_takes_back_the_tail_portable)
{
	cut(false, false);
}
END_TEST

START_TEST(abort_takes_back_the_tail_jit)
{
	cut(true, false);
}
END_TEST

START_TEST(abort_takes_back_the_tail_mmu_portable)
{
	cut(false, true);
}
END_TEST

START_TEST(abort_takes_back_the_tail_mmu_jit)
{
	cut(true, true);
}
END_TEST

/*
 * SVC, its handler's ERET, then the disabling MSR: one exception taken,
 * one returned, three insns, no branch and no PC write (SVC and ERET are
 * not branches, D11.10 BR_RETIRED). P filters EL1 off counter 5.
 */
static void svc_eret(bool jit)
{
	static const uint32_t code[] = { MSR_PMCNTENSET_X1, SVC_0, MSR_PMCNTENCLR_X1, A64_BRK_END };
	static const uint32_t vec[] = { ERET };
	static const unsigned int evts[PMU_NCOUNTERS] = {
		PMU_EV_INST_RETIRED, PMU_EV_EXC_TAKEN, PMU_EV_EXC_RETURN,
		PMU_EV_BR_RETIRED, PMU_EV_PC_WRITE_RETIRED, PMU_EV_EXC_TAKEN | PMEVTYPER_P,
	};
	static const uint64_t want[PMU_NCOUNTERS] = { 3, 1, 1, 0, 0, 0 };

	use_jit(jit);
	count_events(evts);
	rig_put(&rig, VBAR + 0x200, vec, 1);
	rig_put(&rig, RIG_RAM_BASE, code, 4);
	run_from(RIG_RAM_BASE, EC_SVC64);
	run_from(rig.cpu->pc, EC_BRK64);	/* the handler's ERET, then on to the BRK */
	for (unsigned int i = 0; i < PMU_NCOUNTERS; i++)
		ck_assert_msg(counter(i) == want[i], "counter %u: %llu, want %llu", i,
			      (unsigned long long)counter(i), (unsigned long long)want[i]);
}

START_TEST(svc_and_eret_portable)
{
	svc_eret(false);
}
END_TEST

START_TEST(svc_and_eret_jit)
{
	svc_eret(true);
}
END_TEST

/*
 * MSR CONTEXTIDR_EL1, TTBR1_EL1, TTBR0_EL1 (each ends its block), then
 * the disabling MSR: one CONTEXTIDR write, two TTBR writes, four insns.
 * The same MSR CONTEXTIDR_EL1 at EL0 is UNDEFINED: it did not write.
 */
static void msr_writes(bool jit)
{
	static const uint32_t code[] = {
		MSR_PMCNTENSET_X1, 0xd518d020u, 0xd5182020u, 0xd5182000u, MSR_PMCNTENCLR_X1,
		A64_BRK_END,
	};
	static const uint32_t el0[] = { 0xd518d020u, A64_BRK_END };
	static const unsigned int evts[PMU_NCOUNTERS] = {
		PMU_EV_INST_RETIRED, PMU_EV_CID_WRITE_RETIRED, PMU_EV_TTBR_WRITE_RETIRED,
		PMU_EV_BR_RETIRED,
	};
	static const uint64_t want[PMU_NCOUNTERS] = { 4, 1, 2, 0, 0, 0 };

	use_jit(jit);
	count_events(evts);
	rig.cpu->r[0] = 0;
	rig_put(&rig, RIG_RAM_BASE, code, sizeof(code) / 4);
	run_from(RIG_RAM_BASE, EC_BRK64);
	for (unsigned int i = 0; i < PMU_NCOUNTERS; i++)
		ck_assert_msg(counter(i) == want[i], "event 0x%x: %llu, want %llu", evts[i],
			      (unsigned long long)counter(i), (unsigned long long)want[i]);
	pmu()->cnten = 0x7;
	pmu_update(rig.cpu);
	rig_put(&rig, RIG_RAM_BASE + 0x100, el0, 2);
	cpu_set_pstate(rig.cpu, 0);
	run_from(RIG_RAM_BASE + 0x100, EC_UNKNOWN);
	ck_assert_uint_eq(counter(1), 1);	/* no second CONTEXTIDR write */
}

START_TEST(msr_contextidr_and_ttbr_portable)
{
	msr_writes(false);
}
END_TEST

START_TEST(msr_contextidr_and_ttbr_jit)
{
	msr_writes(true);
}
END_TEST

/* An exception entry folds: EXC_TAKEN's overflow is raised at the entry. */
START_TEST(exc_taken_overflows_at_the_entry)
{
	static const uint32_t code[] = { MSR_PMCNTENSET_X1, SVC_0, A64_BRK_END };
	static const unsigned int evts[PMU_NCOUNTERS] = { PMU_EV_EXC_TAKEN };

	count_events(evts);
	pmu()->evcntr[0] = 0xffffffffu;
	pmu()->inten = 1;
	rig.cpu->r[1] = 1;
	rig_put(&rig, RIG_RAM_BASE, code, 3);
	run_from(RIG_RAM_BASE, EC_SVC64);
	ck_assert_uint_eq(pmu()->ovs, 1);
	ck_assert_uint_eq(pmu()->irq_level, 1);
	ck_assert_uint_eq(pmu()->evcntr[0], 0);
}
END_TEST

/* With no counter on these events, blocks do not count at all. */
START_TEST(unimplemented_event_leaves_counting_off)
{
	static const unsigned int evts[PMU_NCOUNTERS] = { 0x03, 0x13, 0x1b, 0x22, 0x3ff, 0 };

	count_events(evts);
	pmu()->cnten = 0x1f;	/* not counter 5 (SW_INCR) */
	pmu_update(rig.cpu);
	ck_assert_uint_eq(pmu()->counting, 0);
	pmu()->evtyper[2] = PMU_EV_BR_RETIRED;
	pmu_update(rig.cpu);
	ck_assert_uint_eq(pmu()->counting, 1);
	ck_assert_uint_eq(PMU_PMCEID1, 0x2);	/* BR_RETIRED, event 0x21 */
}
END_TEST

/* ---- Hostile code: random encodings on both tiers ---- */

static uint64_t rnd_state;

static uint32_t rnd32(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (uint32_t)rnd_state;
}

/* Loads, stores, branches of every kind, ERET, SVC, and anything at all. */
static uint32_t rnd_insn(void)
{
	static const uint32_t pick[] = {
		LDR_X0_X10, STR_X0_X10_8, 0xa9400540u /* ldp x0, x1, [x10] */,
		0xc85f7d40u /* ldxr x0, [x10] */, 0xc8027d40u /* stxr w2, x0, [x10] */,
		0x4c407140u /* ld1 {v0.16b}, [x10] */, SUBS_X2_1, A64_NOP, SVC_0, ERET, RET,
		0xd63f0160u /* blr x11 */, 0xf9800140u /* prfm */, LDR_X0_X9,
	};
	uint32_t r = rnd32();

	switch (r % 8) {
	case 0:
		return 0x54000000u | (rnd32() % 6) << 5 | (rnd32() & 0xf);	/* b.cond, short */
	case 1:
		return 0x34000000u | (r >> 31) << 31 | (rnd32() % 6) << 5 | (rnd32() & 0x1000003u);
	case 2:
		return 0x14000000u | (rnd32() % 6) | (r >> 31) << 31;	/* b/bl forward */
	case 3:
		return rnd32();
	default:
		return pick[rnd32() % (sizeof(pick) / sizeof(pick[0]))];
	}
}

static void hostile_setup(struct tcg_rig *r, const uint32_t *code, unsigned int n, bool jit,
			  uint32_t seed)
{
	static const unsigned int evts[PMU_NCOUNTERS] = {
		PMU_EV_INST_RETIRED, PMU_EV_LD_RETIRED, PMU_EV_ST_RETIRED,
		PMU_EV_BR_RETIRED, PMU_EV_PC_WRITE_RETIRED, PMU_EV_EXC_TAKEN,
	};
	struct av_err err = { 0 };

	ck_assert_msg(rig_init(r, &err) == 0, "rig: %s", err.msg);
	if (jit)
		ck_assert_msg(!tb_cache_set_jit(r->cpu, true, 0, &err), "%s", err.msg);
	r->cpu->sys.vbar_el1 = VBAR;
	r->cpu->sys.pmu.pmcr = PMCR_E;
	r->cpu->sys.pmu.cnten = PMU_COUNTER_MASK;
	for (unsigned int i = 0; i < PMU_NCOUNTERS; i++)
		r->cpu->sys.pmu.evtyper[i] = evts[i];
	pmu_update(r->cpu);
	rig_put(r, RIG_RAM_BASE, code, n);
	for (unsigned int i = 0; i < 31; i++)
		r->cpu->r[i] = DATA + 8 * i;
	r->cpu->r[9] = 0x1000;			/* an abort */
	r->cpu->r[11] = RIG_RAM_BASE + 4 * (seed % n);
	r->cpu->nzcv = seed & 0xf0000000u;
}

/*
 * Random blocks run on the portable tier and on the x86-64 tier until
 * their first exception or 200 blocks: the counters must agree (the
 * JIT's blocks count through the same pmu_blk and are cut by the same
 * exceptions), and nothing may crash on any encoding.
 */
START_TEST(random_code_counts_the_same_on_both_tiers)
{
	struct tcg_rig a, b;
	uint32_t code[24], seed;
	unsigned int agreed = 0;

	rnd_state = 0x2545f4914f6cdd1dull;
	for (unsigned int round = 0; round < 300; round++) {
		for (unsigned int i = 0; i < 24; i++)
			code[i] = rnd_insn();
		code[23] = A64_BRK_END;
		seed = rnd32();
		hostile_setup(&a, code, 24, false, seed);
		hostile_setup(&b, code, 24, true, seed);
		rig_run(&a, RIG_RAM_BASE, 2000);
		rig_run(&b, RIG_RAM_BASE, 2000);
		pmu_fold(a.cpu);
		pmu_fold(b.cpu);
		/* A loop that took no exception stopped after so many blocks: tiers differ there. */
		if (!a.cpu->sys.esr_el1 || !b.cpu->sys.esr_el1) {
			rig_fini(&a);
			rig_fini(&b);
			continue;
		}
		ck_assert_msg(a.cpu->pc == b.cpu->pc && a.cpu->sys.esr_el1 == b.cpu->sys.esr_el1,
			      "round %u: portable pc %llx esr %llx, jit pc %llx esr %llx", round,
			      (unsigned long long)a.cpu->pc, (unsigned long long)a.cpu->sys.esr_el1,
			      (unsigned long long)b.cpu->pc, (unsigned long long)b.cpu->sys.esr_el1);
		for (unsigned int i = 0; i < PMU_NCOUNTERS; i++)
			ck_assert_msg(a.cpu->sys.pmu.evcntr[i] == b.cpu->sys.pmu.evcntr[i],
				      "round %u counter %u: portable %llu, jit %llu", round, i,
				      (unsigned long long)a.cpu->sys.pmu.evcntr[i],
				      (unsigned long long)b.cpu->sys.pmu.evcntr[i]);
		agreed += a.cpu->sys.pmu.evcntr[1] + a.cpu->sys.pmu.evcntr[3] > 0;
		rig_fini(&a);
		rig_fini(&b);
	}
	ck_assert_uint_gt(agreed, 100);	/* most rounds ended in an exception after loads or branches */
}
END_TEST

static Suite *pmu_events_suite(void)
{
	Suite *s = suite_create("tcg_pmu_events");
	TCase *tc = tcase_create("events");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, encodings_have_their_classes);
	tcase_add_test(tc, loop_events_portable);
	tcase_add_test(tc, loop_events_jit);
	tcase_add_test(tc, loop_more_events_portable);
	tcase_add_test(tc, loop_more_events_jit);
	tcase_add_test(tc, l1d_with_the_mmu_on_portable);
	tcase_add_test(tc, l1d_with_the_mmu_on_jit);
	tcase_add_test(tc, counting_starts_after_translation_portable);
	tcase_add_test(tc, counting_starts_after_translation_jit);
	tcase_add_test(tc, abort_takes_back_the_tail_mmu_portable);
	tcase_add_test(tc, abort_takes_back_the_tail_mmu_jit);
	tcase_add_test(tc, abort_takes_back_the_tail_portable);
	tcase_add_test(tc, abort_takes_back_the_tail_jit);
	tcase_add_test(tc, svc_and_eret_portable);
	tcase_add_test(tc, svc_and_eret_jit);
	tcase_add_test(tc, unimplemented_event_leaves_counting_off);
	tcase_add_test(tc, exc_taken_overflows_at_the_entry);
	tcase_add_test(tc, msr_contextidr_and_ttbr_portable);
	tcase_add_test(tc, msr_contextidr_and_ttbr_jit);
	tcase_add_test(tc, random_code_counts_the_same_on_both_tiers);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(pmu_events_suite());
}
