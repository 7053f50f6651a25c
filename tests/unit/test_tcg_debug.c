// SPDX-License-Identifier: GPL-2.0
/*
 * accel-tcg/debug/ against a hostile guest: the debug registers are
 * guest values, so random ones (reserved MASK, BAS 0, every BT, top
 * address bits, huge MASK ranges) must never crash, and a watchpoint
 * must always report a FAR inside the access. Plus the run loop's side:
 * a breakpoint fires through tcg_cpu_exec and the OS lock, KDE and
 * PSTATE.D keep it quiet, software step counts one insn, and a
 * watchpoint's page loses its fast TLB permissions.
 */
#include <check.h>
#include <stdlib.h>

#include "snapshot.h"

#include "../../accel-tcg/debug/debug.h"
#include "../../accel-tcg/sys/sys.h"
#include "check_run.h"
#include "rig_check.h"

#define PC		(RIG_RAM_BASE + 0x1000)
#define OSLSR_UNLOCKED	0x8ull
#define BCR_EL1_ADDR	0x1e3ull	/* E, PMC = EL1, BAS = 0b1111 */
#define WCR_ANY(mask)	(1ull | (3ull << 1) | (3ull << 3) | (0xffull << 5) | \
			 ((uint64_t)(mask) << 24))

static struct tcg_rig rig;

static void setup(void)
{
	rig_init_or_fail(&rig);
}

static void teardown(void)
{
	rig_fini(&rig);
}

/* EL1h with PSTATE.D clear, debug unlocked, MDE and KDE set. */
static void debug_on(void)
{
	struct cpu_state *cpu = rig.cpu;

	cpu_set_pstate(cpu, (1u << PSTATE_EL_SHIFT) | PSTATE_SP | PSTATE_I | PSTATE_F);
	cpu->sys.oslsr_el1 = OSLSR_UNLOCKED;
	cpu->sys.mdscr_el1 = MDSCR_MDE | MDSCR_KDE;
	dbg_update(cpu);
}

static int run_bp_program(void)
{
	static const uint32_t code[] = { A64_NOP, A64_NOP, A64_NOP, A64_BRK_END };

	rig_put(&rig, PC, code, 4);
	tb_invalidate_phys_page(&rig.tvm, PC);
	rig.cpu->sys.dbgbvr[2] = PC + 8;
	rig.cpu->sys.dbgbcr[2] = BCR_EL1_ADDR;
	dbg_update(rig.cpu);
	return rig_run(&rig, PC, 100);
}

START_TEST(breakpoint_fires_before_the_insn)
{
	debug_on();
	run_bp_program();
	ck_assert_uint_eq(rig_ec(&rig), EC_BREAKPT_SAME);
	ck_assert_uint_eq(rig.cpu->sys.esr_el1 & 0x1ffffff, DBG_ISS_FSC);
	ck_assert_uint_eq(rig.cpu->sys.elr_el1, PC + 8);
}
END_TEST

START_TEST(os_lock_kde_and_d_keep_breakpoints_quiet)
{
	debug_on();
	rig.cpu->sys.oslsr_el1 = 0xa;	/* OSLK */
	run_bp_program();
	ck_assert_uint_eq(rig_ec(&rig), EC_BRK64);

	debug_on();
	rig.cpu->sys.mdscr_el1 = MDSCR_MDE;
	run_bp_program();
	ck_assert_uint_eq(rig_ec(&rig), EC_BRK64);

	debug_on();
	rig.cpu->pstate |= PSTATE_D;
	run_bp_program();
	ck_assert_uint_eq(rig_ec(&rig), EC_BRK64);

	/* The OS double lock, unless DBGPRCR_EL1.CORENPDRQ. */
	debug_on();
	rig.cpu->sys.osdlr_el1 = 1;
	run_bp_program();
	ck_assert_uint_eq(rig_ec(&rig), EC_BRK64);
	debug_on();		/* the BRK set PSTATE.D */
	rig.cpu->sys.osdlr_el1 = 1;
	rig.cpu->sys.dbgprcr_el1 = 1;
	run_bp_program();
	ck_assert_uint_eq(rig_ec(&rig), EC_BREAKPT_SAME);
}
END_TEST

START_TEST(nothing_enabled_leaves_the_fast_path_alone)
{
	debug_on();
	ck_assert_uint_eq(atomic_load(&rig.cpu->exit_request) & EXIT_REQ_DEBUG, 0);
	ck_assert(!rig.cpu->sys.dbg_watch);
	rig.cpu->sys.dbgbcr[0] = BCR_EL1_ADDR;
	dbg_update(rig.cpu);
	ck_assert_uint_ne(atomic_load(&rig.cpu->exit_request) & EXIT_REQ_DEBUG, 0);
	rig.cpu->sys.dbgbcr[0] = 0;
	dbg_update(rig.cpu);
	ck_assert_uint_eq(atomic_load(&rig.cpu->exit_request) & EXIT_REQ_DEBUG, 0);
}
END_TEST

START_TEST(step_runs_one_insn_then_traps)
{
	static const uint32_t code[] = { A64_NOP, A64_NOP, A64_NOP, A64_BRK_END };

	debug_on();
	rig_put(&rig, PC, code, 4);
	rig.cpu->sys.mdscr_el1 |= MDSCR_SS;
	rig.cpu->pstate |= PSTATE_SS;		/* active-not-pending */
	dbg_update(rig.cpu);
	rig_run(&rig, PC, 100);
	ck_assert_uint_eq(rig_ec(&rig), EC_SSTEP_SAME);
	ck_assert_uint_eq(rig.cpu->sys.esr_el1 & 0x1ffffff, (1u << 24) | DBG_ISS_FSC);
	ck_assert_uint_eq(rig.cpu->sys.elr_el1, PC + 4);
	ck_assert_uint_eq(rig.cpu->sys.spsr_el1 & PSTATE_SS, 0);
}
END_TEST

START_TEST(mask_range_covers_its_pages_only)
{
	struct cpu_state *cpu = rig.cpu;

	debug_on();
	cpu->sys.dbgwvr[1] = 0x40000123;	/* MASK 31: [0, 2 GiB) */
	cpu->sys.dbgwcr[1] = WCR_ANY(31);
	dbg_update(cpu);
	ck_assert(cpu->sys.dbg_watch);
	ck_assert(dbg_watch_page(cpu, 0));
	ck_assert(dbg_watch_page(cpu, 0x7ffff000));
	ck_assert(!dbg_watch_page(cpu, 0x80000000));
	ck_assert_int_eq(dbg_watch_check(cpu, PC, 0x7ffffffc, 8, false, true, false), INSN_EXC);
	ck_assert_uint_eq(cpu->sys.far_el1, 0x7ffffffc);
	debug_on();
	ck_assert_int_eq(dbg_watch_check(cpu, PC, 0x80000000, 8, true, true, false), 0);
	/* Reserved MASK values and BAS 0 watch nothing. */
	cpu->sys.dbgwcr[1] = WCR_ANY(2);
	ck_assert(!dbg_watch_page(cpu, 0x40000000));
	cpu->sys.dbgwcr[1] = WCR_ANY(0) & ~(0xffull << 5);
	ck_assert(!dbg_watch_page(cpu, 0x40000000));
	ck_assert_int_eq(dbg_watch_check(cpu, PC, 0x40000120, 16, false, true, false), 0);
}
END_TEST

START_TEST(watched_page_gets_no_fast_permissions)
{
	struct cpu_state *cpu = rig.cpu;
	uint64_t v = 0;

	rig_mmu_on(&rig);
	debug_on();
	cpu->sys.dbgwvr[0] = RIG_RAM_BASE + 0x3008;
	cpu->sys.dbgwcr[0] = WCR_ANY(0);
	dbg_update(cpu);
	ck_assert_int_eq(mem_read(cpu, PC, RIG_RAM_BASE + 0x2000, 8, &v, 0), 0);
	ck_assert_uint_ne(tlb_find(cpu, RIG_RAM_BASE + 0x2000)->fast_perm, 0);
	ck_assert_int_eq(mem_read(cpu, PC, RIG_RAM_BASE + 0x3000, 8, &v, 0), 0);
	ck_assert_uint_eq(tlb_find(cpu, RIG_RAM_BASE + 0x3000)->fast_perm, 0);
	ck_assert_int_eq(mem_read(cpu, PC, RIG_RAM_BASE + 0x3004, 8, &v, 0), INSN_EXC);
	ck_assert_uint_eq(rig_ec(&rig), EC_WATCHPT_SAME);
	ck_assert_uint_eq(cpu->sys.far_el1, RIG_RAM_BASE + 0x3008);
}
END_TEST

/* xorshift64: the same values on every run. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Addresses near RAM, near 0, near the top, or anything. */
static uint64_t rnd_addr(uint64_t *s)
{
	static const uint64_t bases[] = {
		RIG_RAM_BASE, 0, 0xffff800000000000ull, 0x0000fffffffff000ull,
	};
	uint64_t r = rnd(s);

	if ((r & 7) == 7)
		return rnd(s);
	return bases[r & 3] + ((r >> 8) & 0x3fff);
}

static void randomise_registers(struct cpu_state *cpu, uint64_t *s)
{
	for (unsigned int n = 0; n < SYSREG_DBG_BRPS; n++) {
		cpu->sys.dbgbcr[n] = rnd(s) & 0xfffffff;
		cpu->sys.dbgbvr[n] = rnd_addr(s);
	}
	for (unsigned int n = 0; n < SYSREG_DBG_WRPS; n++) {
		cpu->sys.dbgwcr[n] = rnd(s) | 1;
		cpu->sys.dbgwvr[n] = rnd_addr(s);
	}
	cpu->sys.contextidr_el1 = rnd(s) & 3;
}

START_TEST(random_registers_never_crash_and_far_is_in_the_access)
{
	static const unsigned int lens[] = { 1, 2, 4, 8, 16 };
	struct cpu_state *cpu = rig.cpu;
	uint64_t s = 0x9e3779b97f4a7c15ull, va;
	unsigned int len, hits = 0;

	for (unsigned int i = 0; i < 20000; i++) {
		debug_on();
		randomise_registers(cpu, &s);
		dbg_update(cpu);
		va = rnd_addr(&s);
		len = lens[rnd(&s) % 5];
		(void)dbg_watch_page(cpu, va & ~0xfffull);
		(void)dbg_bp_match(cpu, va);
		if (dbg_watch_check(cpu, PC, va, len, rnd(&s) & 1, rnd(&s) & 1, false)) {
			hits++;
			ck_assert_uint_eq(rig_ec(&rig), EC_WATCHPT_SAME);
			ck_assert_msg(cpu->sys.far_el1 - va < len,
				      "FAR %llx outside [%llx, +%u)",
				      (unsigned long long)cpu->sys.far_el1,
				      (unsigned long long)va, len);
		}
	}
	ck_assert_uint_gt(hits, 0);
}
END_TEST

/* ---- Snapshots carry the debug registers (docs/tcg-debug.md) ---- */

#define A64_LDR_X1_X0	0xf9400001u	/* ldr x1, [x0] */
#define WATCHED		(RIG_RAM_BASE + 0x3008)

/*
 * Save the vCPU, then load the snapshot into a fresh rig, which must not
 * have anything armed before the load.
 */
static struct snap_cpu *save_into_fresh_rig(void)
{
	struct snap_cpu *s = calloc(1, sizeof(*s));
	struct av_err err = { 0 };

	ck_assert_ptr_nonnull(s);
	ck_assert_msg(tcg_cpu_snap_save(rig.cpu, s, &err) == 0, "save: %s", err.msg);
	rig_fini(&rig);
	ck_assert_msg(rig_init(&rig, &err) == 0, "rig: %s", err.msg);
	ck_assert_uint_eq(atomic_load(&rig.cpu->exit_request) & EXIT_REQ_DEBUG, 0);
	ck_assert(!rig.cpu->sys.dbg_watch);
	return s;
}

static void load_snapshot(struct snap_cpu *s)
{
	struct av_err err = { 0 };

	ck_assert_msg(tcg_cpu_snap_load(rig.cpu, s, &err) == 0, "load: %s", err.msg);
	free(s);
}

START_TEST(breakpoint_survives_a_snapshot)
{
	static const uint32_t code[] = { A64_NOP, A64_NOP, A64_NOP, A64_BRK_END };

	debug_on();
	rig.cpu->sys.dbgbvr[2] = PC + 8;
	rig.cpu->sys.dbgbcr[2] = BCR_EL1_ADDR;
	dbg_update(rig.cpu);
	load_snapshot(save_into_fresh_rig());
	ck_assert_uint_eq(rig.cpu->sys.dbgbvr[2], PC + 8);
	ck_assert_uint_eq(rig.cpu->sys.dbgbcr[2], BCR_EL1_ADDR);
	rig_put(&rig, PC, code, 4);
	rig_run(&rig, PC, 100);
	ck_assert_uint_eq(rig_ec(&rig), EC_BREAKPT_SAME);
	ck_assert_uint_eq(rig.cpu->sys.elr_el1, PC + 8);
}
END_TEST

START_TEST(watchpoint_survives_a_snapshot)
{
	static const uint32_t code[] = { A64_NOP, A64_LDR_X1_X0, A64_NOP, A64_BRK_END };
	struct snap_cpu *s;

	rig_mmu_on(&rig);
	debug_on();
	rig.cpu->sys.dbgwvr[3] = WATCHED;
	rig.cpu->sys.dbgwcr[3] = WCR_ANY(0);
	dbg_update(rig.cpu);
	s = save_into_fresh_rig();
	rig_mmu_on(&rig);	/* the tables live in RAM, which is not the CPU's state */
	load_snapshot(s);
	ck_assert(rig.cpu->sys.dbg_watch);
	rig_put(&rig, PC, code, 4);
	rig.cpu->r[0] = WATCHED;
	rig_run(&rig, PC, 100);
	ck_assert_uint_eq(rig_ec(&rig), EC_WATCHPT_SAME);
	ck_assert_uint_eq(rig.cpu->sys.elr_el1, PC + 4);
	ck_assert_uint_eq(rig.cpu->sys.far_el1, WATCHED);
}
END_TEST

/* MDSCR_EL1.SS and PSTATE.SS (active-not-pending) come back: one step. */
START_TEST(software_step_survives_a_snapshot)
{
	static const uint32_t code[] = { A64_NOP, A64_NOP, A64_NOP, A64_BRK_END };

	debug_on();
	rig.cpu->sys.mdscr_el1 |= MDSCR_SS;
	rig.cpu->pstate |= PSTATE_SS;
	rig.cpu->pc = PC;
	dbg_update(rig.cpu);
	load_snapshot(save_into_fresh_rig());
	rig_put(&rig, PC, code, 4);
	rig_run(&rig, PC, 100);
	ck_assert_uint_eq(rig_ec(&rig), EC_SSTEP_SAME);
	ck_assert_uint_eq(rig.cpu->sys.elr_el1, PC + 4);
}
END_TEST

/*
 * A snapshot file is user input, and one from KVM lists OSLSR_EL1 as
 * KVM shows it: the fields a guest cannot write are this CPU's.
 */
START_TEST(hostile_debug_registers_in_a_snapshot_are_masked)
{
	struct snap_cpu *s;

	debug_on();
	s = save_into_fresh_rig();
	for (unsigned int i = 0; i < s->nsysregs; i++) {
		uint16_t k = s->sysregs[i].key;

		if (k == SNAP_SYSREG(2, 0, 0, 2, 2) || k == SNAP_SYSREG(2, 0, 1, 1, 4) ||
		    k == SNAP_SYSREG(2, 0, 1, 3, 4) || k == SNAP_SYSREG(2, 0, 1, 4, 4))
			s->sysregs[i].val = ~0ull;
	}
	load_snapshot(s);
	ck_assert_uint_eq(rig.cpu->sys.mdscr_el1, MDSCR_SNAP_MASK);
	ck_assert_uint_eq(rig.cpu->sys.oslsr_el1, 0xa);	/* OSLM 0b10, locked */
	ck_assert_uint_eq(rig.cpu->sys.osdlr_el1, 1);
	ck_assert_uint_eq(rig.cpu->sys.dbgprcr_el1, 1);
	/* Locked: a step request stays off the slow path. */
	ck_assert_uint_eq(atomic_load(&rig.cpu->exit_request) & EXIT_REQ_DEBUG, 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("tcg_debug");
	TCase *tc = tcase_create("debug");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, breakpoint_fires_before_the_insn);
	tcase_add_test(tc, os_lock_kde_and_d_keep_breakpoints_quiet);
	tcase_add_test(tc, nothing_enabled_leaves_the_fast_path_alone);
	tcase_add_test(tc, step_runs_one_insn_then_traps);
	tcase_add_test(tc, mask_range_covers_its_pages_only);
	tcase_add_test(tc, watched_page_gets_no_fast_permissions);
	tcase_add_test(tc, random_registers_never_crash_and_far_is_in_the_access);
	tcase_add_test(tc, breakpoint_survives_a_snapshot);
	tcase_add_test(tc, watchpoint_survives_a_snapshot);
	tcase_add_test(tc, software_step_survives_a_snapshot);
	tcase_add_test(tc, hostile_debug_registers_in_a_snapshot_are_masked);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(suite());
}
