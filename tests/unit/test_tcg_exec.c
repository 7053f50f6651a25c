// SPDX-License-Identifier: GPL-2.0
/*
 * accel-tcg run loop and block cache: loops through chained blocks,
 * blocks that end at a page boundary, code invalidation, the fetch-side
 * exceptions (UNDEFINED, PC alignment, fetch outside RAM) and IRQ entry
 * at a block boundary.
 */
#include <check.h>
#include <stdlib.h>

#include "check_run.h"
#include "mem/mem.h"
#include "rig_check.h"

static struct tcg_rig rig;

static void setup(void)
{
	rig_init_or_fail(&rig);
}

static void teardown(void)
{
	rig_fini(&rig);
}

START_TEST(loop_counts_through_chained_blocks)
{
	static const uint32_t code[] = {
		0xd2800000,	/* mov x0, #0 */
		0xd2807d01,	/* mov x1, #1000 */
		0x91000c00,	/* 1: add x0, x0, #3 */
		0xf1000421,	/* subs x1, x1, #1 */
		0x54ffffc1,	/* b.ne 1b */
		A64_BRK_END,
	};

	rig_put(&rig, RIG_RAM_BASE, code, 6);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 100000), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_BRK64);
	ck_assert_uint_eq(rig.cpu->sys.elr_el1, RIG_RAM_BASE + 20);
	ck_assert_uint_eq(rig.cpu->r[0], 3000);
	ck_assert_uint_eq(rig.cpu->r[1], 0);
	ck_assert(tb_page_has_code(&rig.tvm, RIG_RAM_BASE));
	ck_assert(!tb_page_has_code(&rig.tvm, RIG_RAM_BASE + TB_PAGE_SIZE));
}
END_TEST

START_TEST(straight_code_across_a_page_runs_as_two_blocks)
{
	static const uint32_t code[] = {
		0x91000400, 0x91000400,	/* add x0, x0, #1 (page 0) */
		0x91000400, 0x91000400,	/* (page 1) */
		A64_BRK_END,
	};
	uint64_t start = RIG_RAM_BASE + TB_PAGE_SIZE - 8;
	struct tb_stats st;

	rig_put(&rig, start, code, 5);
	ck_assert_int_eq(rig_run(&rig, start, 100), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_BRK64);
	ck_assert_uint_eq(rig.cpu->r[0], 4);
	tb_get_stats(rig.cpu, &st);
	ck_assert_uint_eq(st.blocks, 2);
	ck_assert_uint_eq(st.insns, 5);
}
END_TEST

START_TEST(invalidated_page_is_translated_again)
{
	uint32_t code[] = { 0xd2800020 /* mov x0, #1 */, A64_BRK_END };
	struct tb_stats st;

	rig_put(&rig, RIG_RAM_BASE, code, 2);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 10), 1);
	ck_assert_uint_eq(rig.cpu->r[0], 1);

	code[0] = 0xd2800040;	/* mov x0, #2 */
	rig_put(&rig, RIG_RAM_BASE, code, 1);
	tb_invalidate_phys_page(&rig.tvm, RIG_RAM_BASE + 4);
	ck_assert(!tb_page_has_code(&rig.tvm, RIG_RAM_BASE));
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 10), 1);
	ck_assert_uint_eq(rig.cpu->r[0], 2);
	tb_get_stats(rig.cpu, &st);
	ck_assert_uint_eq(st.invalidated, 1);
	ck_assert_uint_eq(st.blocks, 2);
}
END_TEST

START_TEST(guest_store_to_code_takes_effect_after_isb)
{
	/* Patch the insn at "target" through a store, then run it. */
	static const uint32_t code[] = {
		0xd2800000,	/* mov x0, #0 */
		0x100000e2,	/* adr x2, target (+28) */
		0x18000101,	/* ldr w1, newinsn (+32) */
		0xb9000041,	/* str w1, [x2] */
		0xd50b7b22,	/* dc cvau, x2 */
		0xd5033b9f,	/* dsb ish */
		0xd50b7522,	/* ic ivau, x2 */
		A64_ISB,
		0xd2800020,	/* target: mov x0, #1 */
		A64_BRK_END,
		0xd2800540,	/* newinsn: mov x0, #42 */
	};

	rig_put(&rig, RIG_RAM_BASE, code, 11);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 100), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_BRK64);
	ck_assert_uint_eq(rig.cpu->r[0], 42);
}
END_TEST

START_TEST(undefined_insn_takes_ec0_at_its_address)
{
	static const uint32_t code[] = { A64_NOP, A64_UDF, A64_BRK_END };

	rig.cpu->sys.vbar_el1 = RIG_RAM_BASE + 0x800;
	rig_put(&rig, RIG_RAM_BASE, code, 3);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 10), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_UNKNOWN);
	ck_assert_uint_eq(rig.cpu->sys.elr_el1, RIG_RAM_BASE + 4);
	/* Current EL with SP_EL1, synchronous: VBAR + 0x200. */
	ck_assert_uint_eq(rig.cpu->pc, RIG_RAM_BASE + 0x800 + 0x200);
}
END_TEST

START_TEST(branch_to_misaligned_pc_faults_with_far)
{
	static const uint32_t code[] = {
		0xd2a80001,	/* mov x1, #0x40000000 */
		0xf2802041,	/* movk x1, #0x102 */
		0xd61f0020,	/* br x1 */
	};

	rig_put(&rig, RIG_RAM_BASE, code, 3);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 10), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_PC_ALIGN);
	ck_assert_uint_eq(rig.cpu->sys.elr_el1, RIG_RAM_BASE + 0x102);
	ck_assert_uint_eq(rig.cpu->sys.far_el1, RIG_RAM_BASE + 0x102);
}
END_TEST

START_TEST(fetch_outside_ram_is_an_instruction_abort)
{
	static const uint32_t code[] = {
		0xd2820001,	/* mov x1, #0x1000 */
		0xd61f0020,	/* br x1 */
	};

	rig_put(&rig, RIG_RAM_BASE, code, 2);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 10), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_IABT_SAME);
	ck_assert_uint_eq(rig.cpu->sys.esr_el1 & 0x3f, 0x10);
	ck_assert_uint_eq(rig.cpu->sys.far_el1, 0x1000);
}
END_TEST

START_TEST(pending_irq_is_taken_once_unmasked)
{
	static const uint32_t code[] = {
		A64_NOP,
		0xd50342ff,	/* msr daifclr, #2 */
		0x14000000,	/* b . */
	};
	static const uint32_t vec[] = { 0xd4200020 /* brk #1 */ };

	rig.cpu->sys.vbar_el1 = RIG_RAM_BASE + 0x800;
	rig_put(&rig, RIG_RAM_BASE, code, 3);
	rig_put(&rig, RIG_RAM_BASE + 0x800 + 0x280, vec, 1);
	atomic_store(&rig.cpu->irq_level, 1);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 1000), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_BRK64);
	ck_assert_uint_eq(rig.cpu->sys.elr_el1, RIG_RAM_BASE + 0x800 + 0x280);
	/* The IRQ's SPSR (now overwritten by the BRK's) had I clear; the BRK's has I set. */
	ck_assert(rig.cpu->sys.spsr_el1 & PSTATE_I);
}
END_TEST

START_TEST(wfi_without_a_vm_stops_the_run)
{
	static const uint32_t code[] = { 0xd503207f /* wfi */, A64_BRK_END };

	rig_put(&rig, RIG_RAM_BASE, code, 2);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 10), 1);
	ck_assert(rig.cpu->halted);
	ck_assert_uint_eq(rig.cpu->pc, RIG_RAM_BASE + 4);
}
END_TEST

START_TEST(remapped_code_page_is_followed_after_a_tlb_flush)
{
	/* VA page 0 calls into VA page 1, whose physical page changes. */
	static const uint32_t caller[] = { 0x94000400 /* bl .+0x1000 */, A64_BRK_END };
	static const uint32_t callee_a[] = { 0xd2800020 /* mov x0, #1 */, 0xd65f03c0 /* ret */ };
	static const uint32_t callee_b[] = { 0xd2800040 /* mov x0, #2 */, 0xd65f03c0 };
	uint64_t pa_caller = RIG_RAM_BASE + 0x10000;
	uint64_t pa_a = RIG_RAM_BASE + 0x11000, pa_b = RIG_RAM_BASE + 0x12000;
	int i;

	rig_put(&rig, pa_caller, caller, 2);
	rig_put(&rig, pa_a, callee_a, 2);
	rig_put(&rig, pa_b, callee_b, 2);
	rig_map_page(&rig, 0, pa_caller);
	rig_map_page(&rig, 1, pa_a);
	rig_mmu_on(&rig);
	/* Twice: the second run goes through chains and the jump cache. */
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(rig_run(&rig, RIG_MAPPED_VA, 100), 1);
		ck_assert_uint_eq(rig_ec(&rig), EC_BRK64);
		ck_assert_uint_eq(rig.cpu->r[0], 1);
	}
	rig_map_page(&rig, 1, pa_b);
	tlb_flush_all(rig.cpu);		/* what TLBI VMALLE1 does */
	ck_assert_int_eq(rig_run(&rig, RIG_MAPPED_VA, 100), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_BRK64);
	ck_assert_uint_eq(rig.cpu->r[0], 2);
}
END_TEST

/*
 * Two processes, ASIDs 1 and 2, whose VA page 1 is different code
 * (non-global pages, no TLBI between them, as Linux switches mm): the
 * jump cache must not hand one process the other's block. A TTBR0 write
 * does what write_ttbr (sys/sysreg.c) does.
 */
static void set_ttbr0(struct cpu_state *cpu, uint64_t asid)
{
	cpu->sys.ttbr0_el1 = RIG_PGTABLE | asid << 48;
	mmu_asid_sync(cpu);
	tb_jmp_cache_switch(cpu);
}

static uint64_t call_page1(void)
{
	ck_assert_int_eq(rig_run(&rig, RIG_MAPPED_VA, 100), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_BRK64);
	return rig.cpu->r[0];
}

static const uint32_t caller1[] = { 0x94000400 /* bl .+0x1000 */, A64_BRK_END };
static const uint32_t callee1[] = { 0xd2800020 /* mov x0, #1 */, 0xd65f03c0 /* ret */ };
static const uint32_t callee2[] = { 0xd2800040 /* mov x0, #2 */, 0xd65f03c0 };

static void put_two_processes(uint64_t pa_caller, uint64_t pa_1, uint64_t pa_2, bool jit)
{
	struct av_err err = { 0 };

	ck_assert_msg(!tb_cache_set_jit(rig.cpu, jit, 0, &err), "%s", err.msg);
	rig_put(&rig, pa_caller, caller1, 2);
	rig_put(&rig, pa_1, callee1, 2);
	rig_put(&rig, pa_2, callee2, 2);
	rig_map_page_ng(&rig, 0, pa_caller);
	rig_map_page_ng(&rig, 1, pa_1);
	rig_mmu_on(&rig);
}

START_TEST(jump_cache_follows_ttbr0_between_processes)
{
	uint64_t pa_caller = RIG_RAM_BASE + 0x10000;
	uint64_t pa_1 = RIG_RAM_BASE + 0x11000, pa_2 = RIG_RAM_BASE + 0x12000;
	int round;

	put_two_processes(pa_caller, pa_1, pa_2, _i);
	for (round = 0; round < 3; round++) {
		rig_map_page_ng(&rig, 1, pa_1);
		set_ttbr0(rig.cpu, 1);
		ck_assert_uint_eq(call_page1(), 1);
		ck_assert_uint_eq(call_page1(), 1);	/* through the jump cache */
		rig_map_page_ng(&rig, 1, pa_2);
		set_ttbr0(rig.cpu, 2);
		ck_assert_uint_eq(call_page1(), 2);
		ck_assert_uint_eq(call_page1(), 2);
	}
}
END_TEST

/* TLBI VAE1 of one page: its blocks are found again by walking, not by the old VA. */
START_TEST(tlbi_by_va_forgets_the_pages_blocks)
{
	uint64_t pa_caller = RIG_RAM_BASE + 0x10000;
	uint64_t pa_1 = RIG_RAM_BASE + 0x11000, pa_2 = RIG_RAM_BASE + 0x12000;
	uint64_t va = RIG_MAPPED_VA + 0x1000;

	put_two_processes(pa_caller, pa_1, pa_2, _i);
	set_ttbr0(rig.cpu, 1);
	ck_assert_uint_eq(call_page1(), 1);
	ck_assert_uint_eq(call_page1(), 1);
	rig_map_page_ng(&rig, 1, pa_2);
	/* Xt: VA[55:12] in bits 43:0, ASID in 63:48 (C5.5, TLBI VAE1). */
	tlb_tlbi(rig.cpu, TLBI_VAE1, false, (va >> 12) | 1ull << 48);
	ck_assert_uint_eq(call_page1(), 2);
	ck_assert_uint_eq(call_page1(), 2);
}
END_TEST

/*
 * An FP load after an MSR that turns FP off traps, though an FP load
 * before it in the same block passed the check (the x86-64 tier checks
 * CPACR_EL1 once per block until an MSR, D13.2.30). Twice: the second
 * run is the translated block.
 */
START_TEST(fp_load_after_cpacr_write_traps)
{
	static const uint32_t code[] = {
		0xd2820001,	/* movz x1, #0x1000 */
		0xf2b00001,	/* movk x1, #0x8000, lsl #16 */
		0x3dc00020,	/* ldr q0, [x1] */
		0xd518105f,	/* msr cpacr_el1, xzr */
		0x3dc00021,	/* ldr q1, [x1] */
		A64_BRK_END,
	};
	uint64_t pa_code = RIG_RAM_BASE + 0x10000, pa_data = RIG_RAM_BASE + 0x11000;
	struct av_err err = { 0 };

	ck_assert_msg(!tb_cache_set_jit(rig.cpu, _i, 0, &err), "%s", err.msg);
	rig_put(&rig, pa_code, code, 6);
	rig_map_page(&rig, 0, pa_code);
	rig_map_page(&rig, 1, pa_data);
	rig_mmu_on(&rig);
	for (int i = 0; i < 3; i++) {
		rig.cpu->sys.cpacr_el1 = CPACR_FPEN;
		ck_assert_int_eq(rig_run(&rig, RIG_MAPPED_VA, 100), 1);
		ck_assert_uint_eq(rig_ec(&rig), EC_FP_ACCESS);
		ck_assert_uint_eq(rig.cpu->sys.elr_el1, RIG_MAPPED_VA + 16);
	}
}
END_TEST

START_TEST(nop_hints_are_left_out_but_keep_their_addresses)
{
	static const uint32_t code[] = {
		0xd503233f,	/* paciasp */
		0x91000400,	/* add x0, x0, #1 */
		A64_NOP,
		0xd503245f,	/* bti c */
		0x91000400,	/* add x0, x0, #1 */
		0xd50323bf,	/* autiasp */
		A64_BRK_END,
	};
	struct tb_stats st;

	rig_put(&rig, RIG_RAM_BASE, code, 7);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 10), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_BRK64);
	ck_assert_uint_eq(rig.cpu->sys.elr_el1, RIG_RAM_BASE + 24);
	ck_assert_uint_eq(rig.cpu->r[0], 2);
	tb_get_stats(rig.cpu, &st);
	ck_assert_uint_eq(st.insns, 7);
}
END_TEST

START_TEST(cmp_nop_bcond_branches_from_the_right_address)
{
	static const uint32_t code[] = {
		0xd2800040,	/* mov x0, #2 */
		0xf100081f,	/* cmp x0, #2 */
		A64_NOP,
		0x54000060,	/* b.eq .+12 */
		0xd2800021,	/* mov x1, #1 */
		A64_BRK_END,
		0xd2800041,	/* mov x1, #2 */
		A64_BRK_END,
	};

	rig_put(&rig, RIG_RAM_BASE, code, 8);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 10), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_BRK64);
	ck_assert_uint_eq(rig.cpu->r[1], 2);
	ck_assert_uint_eq(rig.cpu->sys.elr_el1, RIG_RAM_BASE + 0x1c);
	ck_assert_uint_eq(rig.cpu->nzcv, NZCV_Z | NZCV_C);
}
END_TEST

START_TEST(a_page_of_nops_falls_through_to_the_next)
{
	uint32_t nops[TB_PAGE_SIZE / 4];
	static const uint32_t end[] = { 0x91000400 /* add x0, x0, #1 */, A64_BRK_END };
	unsigned int i;

	for (i = 0; i < TB_PAGE_SIZE / 4; i++)
		nops[i] = A64_NOP;
	rig_put(&rig, RIG_RAM_BASE, nops, TB_PAGE_SIZE / 4);
	rig_put(&rig, RIG_RAM_BASE + TB_PAGE_SIZE, end, 2);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE + 8, 10), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_BRK64);
	ck_assert_uint_eq(rig.cpu->r[0], 1);
	ck_assert_uint_eq(rig.cpu->sys.elr_el1, RIG_RAM_BASE + TB_PAGE_SIZE + 4);
}
END_TEST

START_TEST(more_invalidations_than_the_queue_holds_drop_everything)
{
	/* One "mov x0, #page; brk" per page, more pages than TB_INVAL_QUEUE. */
	enum { PAGES = TB_INVAL_QUEUE + 6 };
	uint32_t code[2] = { 0, A64_BRK_END };
	unsigned int p;

	for (p = 0; p < PAGES; p++) {
		code[0] = 0xd2800000 | (p << 5);		/* mov x0, #p */
		rig_put(&rig, RIG_RAM_BASE + p * TB_PAGE_SIZE, code, 2);
		ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE + p * TB_PAGE_SIZE, 10), 1);
		ck_assert_uint_eq(rig.cpu->r[0], p);
	}
	for (p = 0; p < PAGES; p++) {
		code[0] = 0xd2800000 | ((p + 1000) << 5);	/* mov x0, #p + 1000 */
		rig_put(&rig, RIG_RAM_BASE + p * TB_PAGE_SIZE, code, 1);
		tb_invalidate_phys_page(&rig.tvm, RIG_RAM_BASE + p * TB_PAGE_SIZE);
	}
	ck_assert(atomic_load(&rig.cpu->exit_request) & EXIT_REQ_TB);
	for (p = 0; p < PAGES; p++) {
		ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE + p * TB_PAGE_SIZE, 10), 1);
		ck_assert_uint_eq(rig.cpu->r[0], p + 1000);
	}
}
END_TEST

static Suite *tcg_exec_suite(void)
{
	Suite *s = suite_create("tcg_exec");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, loop_counts_through_chained_blocks);
	tcase_add_test(tc, straight_code_across_a_page_runs_as_two_blocks);
	tcase_add_test(tc, invalidated_page_is_translated_again);
	tcase_add_test(tc, guest_store_to_code_takes_effect_after_isb);
	tcase_add_test(tc, undefined_insn_takes_ec0_at_its_address);
	tcase_add_test(tc, branch_to_misaligned_pc_faults_with_far);
	tcase_add_test(tc, fetch_outside_ram_is_an_instruction_abort);
	tcase_add_test(tc, pending_irq_is_taken_once_unmasked);
	tcase_add_test(tc, wfi_without_a_vm_stops_the_run);
	tcase_add_test(tc, remapped_code_page_is_followed_after_a_tlb_flush);
	/* _i: 0 the portable tier, 1 the x86-64 tier where there is one. */
	tcase_add_loop_test(tc, jump_cache_follows_ttbr0_between_processes, 0, 2);
	tcase_add_loop_test(tc, tlbi_by_va_forgets_the_pages_blocks, 0, 2);
	tcase_add_loop_test(tc, fp_load_after_cpacr_write_traps, 0, 2);
	tcase_add_test(tc, nop_hints_are_left_out_but_keep_their_addresses);
	tcase_add_test(tc, cmp_nop_bcond_branches_from_the_right_address);
	tcase_add_test(tc, a_page_of_nops_falls_through_to_the_next);
	tcase_add_test(tc, more_invalidations_than_the_queue_holds_drop_everything);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(tcg_exec_suite());
}
