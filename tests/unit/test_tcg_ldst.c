// SPDX-License-Identifier: GPL-2.0
/*
 * Loads and stores on the TCG CPU where qemu-aarch64 (user mode) cannot
 * serve as the reference: what a fault leaves behind (no writeback, no
 * partial register update), the SP alignment check, the FP access trap,
 * the exclusive monitor against other writers, and encodings that must
 * be UNDEFINED on an ARMv8.0 CPU. Encodings were checked with
 * aarch64-linux-gnu-as/objdump.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "rig_check.h"

#define CODE		RIG_RAM_BASE
#define DATA		(RIG_RAM_BASE + 0x10000)
#define RAM_END		(RIG_RAM_BASE + RIG_RAM_SIZE)
#define NOWHERE		0x20000000ull

#define FSC(esr)	((unsigned int)((esr) & 0x3f))

static struct tcg_rig rig;
static struct cpu_state *cpu;
static uint64_t code_pc;	/* where the last run started */

static void setup(void)
{
	rig_init_or_fail(&rig);
	cpu = rig.cpu;
}

static void teardown(void)
{
	rig_fini(&rig);
}

static uint64_t *data64(uint64_t pa)
{
	return guest_ram_ptr(&rig.ram, pa, 8);
}

/*
 * Run insns then BRK; returns the EC that stopped the run. The code is
 * written behind the CPU's back, so its page is invalidated, and each run
 * starts at a new address so ELR names it.
 */
static unsigned int run_seq(const uint32_t *insns, size_t n)
{
	static unsigned int slot;
	uint64_t pc = CODE + 0x40ull * (slot++ % 1024);
	uint32_t code[16];

	ck_assert_uint_lt(n, 16);
	memcpy(code, insns, n * 4);
	code[n] = A64_BRK_END;
	rig_put(&rig, pc, code, n + 1);
	tb_invalidate_phys_page(&rig.tvm, pc);
	code_pc = pc;
	ck_assert_int_eq(rig_run(&rig, pc, 1000), 1);
	return rig_ec(&rig);
}

static unsigned int run1(uint32_t insn)
{
	return run_seq(&insn, 1);
}

START_TEST(fault_leaves_base_and_target)
{
	cpu->r[0] = 0x1111;
	cpu->r[1] = NOWHERE;
	/* ldr x0, [x1, #8]! */
	ck_assert_uint_eq(run1(0xf8408c20), EC_DABT_SAME);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x10);
	ck_assert_uint_eq(cpu->sys.far_el1, NOWHERE + 8);
	ck_assert_uint_eq(cpu->sys.elr_el1, code_pc);
	ck_assert_uint_eq(cpu->r[0], 0x1111);
	ck_assert_uint_eq(cpu->r[1], NOWHERE);
	/* str x0, [x1], #16 */
	ck_assert_uint_eq(run1(0xf8010420), EC_DABT_SAME);
	ck_assert_uint_eq((cpu->sys.esr_el1 >> 6) & 1, 1);
	ck_assert_uint_eq(cpu->r[1], NOWHERE);
}
END_TEST

START_TEST(writeback_on_success)
{
	*data64(DATA + 8) = 0xabcdef;
	cpu->r[1] = DATA;
	ck_assert_uint_eq(run1(0xf8408c20), EC_BRK64);	/* ldr x0, [x1, #8]! */
	ck_assert_uint_eq(cpu->r[0], 0xabcdef);
	ck_assert_uint_eq(cpu->r[1], DATA + 8);
	cpu->r[0] = 0x77;
	ck_assert_uint_eq(run1(0xf8010420), EC_BRK64);	/* str x0, [x1], #16 */
	ck_assert_uint_eq(*data64(DATA + 8), 0x77);
	ck_assert_uint_eq(cpu->r[1], DATA + 24);
}
END_TEST

/* SCTLR_EL1.SA: a load/store based on a misaligned SP faults (D1.8.2). */
START_TEST(sp_alignment_check)
{
	cpu->r[REG_SP] = DATA + 8;
	cpu->sys.sctlr_el1 &= ~(1ull << 3);
	ck_assert_uint_eq(run1(0xf94003e0), EC_BRK64);	/* ldr x0, [sp] */
	cpu->sys.sctlr_el1 |= 1ull << 3;
	ck_assert_uint_eq(run1(0xf94003e0), EC_SP_ALIGN);
	ck_assert_uint_eq(cpu->sys.esr_el1 & 0x1ffffff, 0);
	cpu->r[REG_SP] = DATA + 16;
	ck_assert_uint_eq(run1(0xf94003e0), EC_BRK64);
}
END_TEST

/* CPACR_EL1.FPEN = 0: every SIMD&FP load/store traps with EC 0x07. */
START_TEST(fp_access_trap)
{
	static const uint32_t insns[] = {
		0x3dc00020,	/* ldr q0, [x1] */
		0x4c40a020,	/* ld1 {v0.16b, v1.16b}, [x1] */
		0xad400420,	/* ldp q0, q1, [x1] */
		0x0d009020,	/* st1 {v0.s}[1], [x1] */
	};
	unsigned int i;

	cpu->r[1] = DATA;
	cpu->sys.cpacr_el1 = 0;
	for (i = 0; i < sizeof(insns) / sizeof(insns[0]); i++)
		ck_assert_uint_eq(run1(insns[i]), EC_FP_ACCESS);
}
END_TEST

/* A multi-register load that faults half-way changes no register. */
START_TEST(simd_fault_is_all_or_nothing)
{
	cpu->v[0].d[0] = 1;
	cpu->v[0].d[1] = 2;
	cpu->v[1].d[0] = 3;
	cpu->r[1] = RAM_END - 16;
	ck_assert_uint_eq(run1(0x4c40a020), EC_DABT_SAME);	/* ld1 {v0.16b, v1.16b}, [x1] */
	ck_assert_uint_eq(cpu->sys.far_el1, RAM_END);
	ck_assert_uint_eq(cpu->v[0].d[0], 1);
	ck_assert_uint_eq(cpu->v[0].d[1], 2);
	ck_assert_uint_eq(cpu->v[1].d[0], 3);
}
END_TEST

START_TEST(exclusive_pass_and_fail)
{
	static const uint32_t ldxr_stxr[] = {
		0xc85f7c22,	/* ldxr x2, [x1] */
		0xc8037c24,	/* stxr w3, x4, [x1] */
	};

	*data64(DATA) = 5;
	cpu->r[1] = DATA;
	cpu->r[4] = 6;
	ck_assert_uint_eq(run_seq(ldxr_stxr, 2), EC_BRK64);
	ck_assert_uint_eq(cpu->r[2], 5);
	ck_assert_uint_eq(cpu->r[3], 0);
	ck_assert_uint_eq(*data64(DATA), 6);
	/* The monitor is gone after a STXR: the next one fails. */
	cpu->r[4] = 7;
	ck_assert_uint_eq(run1(0xc8037c24), EC_BRK64);
	ck_assert_uint_eq(cpu->r[3], 1);
	ck_assert_uint_eq(*data64(DATA), 6);
}
END_TEST

/* Another agent writes between LDXR and STXR: the STXR must fail. */
START_TEST(exclusive_sees_other_writer)
{
	*data64(DATA) = 5;
	cpu->r[1] = DATA;
	cpu->r[4] = 9;
	ck_assert_uint_eq(run1(0xc85f7c22), EC_BRK64);		/* ldxr x2, [x1] */
	*data64(DATA) = 8;					/* the other vCPU */
	ck_assert_uint_eq(run1(0xc8037c24), EC_BRK64);		/* stxr w3, x4, [x1] */
	ck_assert_uint_eq(cpu->r[3], 1);
	ck_assert_uint_eq(*data64(DATA), 8);
	/* CLREX between them also fails it. */
	ck_assert_uint_eq(run1(0xc85f7c22), EC_BRK64);
	ck_assert_uint_eq(run1(0xd5033f5f), EC_BRK64);		/* clrex */
	ck_assert_uint_eq(run1(0xc8037c24), EC_BRK64);
	ck_assert_uint_eq(cpu->r[3], 1);
	/* A different address than the monitored one fails too. */
	ck_assert_uint_eq(run1(0xc85f7c22), EC_BRK64);
	cpu->r[1] = DATA + 8;
	ck_assert_uint_eq(run1(0xc8037c24), EC_BRK64);
	ck_assert_uint_eq(cpu->r[3], 1);
}
END_TEST

START_TEST(exclusive_pair)
{
	static const uint32_t seq[] = {
		0xc87f1422,	/* ldxp x2, x5, [x1] */
		0xc8231824,	/* stxp w3, x4, x6, [x1] */
	};

	*data64(DATA) = 1;
	*data64(DATA + 8) = 2;
	cpu->r[1] = DATA;
	cpu->r[4] = 0x44;
	cpu->r[6] = 0x66;
	ck_assert_uint_eq(run_seq(seq, 2), EC_BRK64);
	ck_assert_uint_eq(cpu->r[2], 1);
	ck_assert_uint_eq(cpu->r[5], 2);
	ck_assert_uint_eq(cpu->r[3], 0);
	ck_assert_uint_eq(*data64(DATA), 0x44);
	ck_assert_uint_eq(*data64(DATA + 8), 0x66);
	/* Only the high half changed behind its back: still a failure. */
	ck_assert_uint_eq(run1(seq[0]), EC_BRK64);
	*data64(DATA + 8) = 3;
	ck_assert_uint_eq(run1(seq[1]), EC_BRK64);
	ck_assert_uint_eq(cpu->r[3], 1);
	ck_assert_uint_eq(*data64(DATA + 8), 3);
}
END_TEST

/* Exclusives and acquire/release need alignment whatever the memory type. */
START_TEST(exclusive_alignment_fault)
{
	cpu->r[1] = DATA + 4;
	ck_assert_uint_eq(run1(0xc85f7c22), EC_DABT_SAME);	/* ldxr x2, [x1] */
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x21);
	ck_assert_uint_eq(cpu->sys.far_el1, DATA + 4);
	ck_assert_uint_eq(run1(0xc8dffc20), EC_DABT_SAME);	/* ldar x0, [x1] */
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x21);
	ck_assert_uint_eq(run1(0xc803fc24), EC_DABT_SAME);	/* stlxr w3, x4, [x1] */
	ck_assert_uint_eq((cpu->sys.esr_el1 >> 6) & 1, 1);
}
END_TEST

/*
 * With the MMU on, the exclusives find their address in the TLB
 * (ldst_excl.c, excl_translate): the monitor must behave the same on
 * a hit, and a misaligned address must still fault.
 */
START_TEST(exclusive_tlb_hit)
{
	static const uint32_t ldxr_stxr[] = {
		0xc85f7c22,	/* ldxr x2, [x1] */
		0xc8037c24,	/* stxr w3, x4, [x1] */
	};
	unsigned int round;

	rig_mmu_on(&rig);
	cpu->r[1] = DATA;
	for (round = 0; round < 2; round++) {
		*data64(DATA) = 5;
		cpu->r[4] = 6 + round;
		ck_assert_uint_eq(run_seq(ldxr_stxr, 2), EC_BRK64);
		ck_assert_uint_eq(cpu->r[2], 5);
		ck_assert_uint_eq(cpu->r[3], 0);
		ck_assert_uint_eq(*data64(DATA), 6 + round);
	}
	ck_assert_uint_eq(run1(0xc85f7c22), EC_BRK64);
	*data64(DATA) = 8;					/* the other vCPU */
	ck_assert_uint_eq(run1(0xc8037c24), EC_BRK64);
	ck_assert_uint_eq(cpu->r[3], 1);
	ck_assert_uint_eq(*data64(DATA), 8);
	ck_assert_uint_eq(run1(0xc85f7c22), EC_BRK64);
	cpu->r[1] = DATA + 8;
	ck_assert_uint_eq(run1(0xc8037c24), EC_BRK64);
	ck_assert_uint_eq(cpu->r[3], 1);
	cpu->r[1] = DATA + 4;
	ck_assert_uint_eq(run1(0xc85f7c22), EC_DABT_SAME);
	ck_assert_uint_eq(FSC(cpu->sys.esr_el1), 0x21);
	ck_assert_uint_eq(cpu->sys.far_el1, DATA + 4);
}
END_TEST

/* ARMv8.1+ forms and unallocated encodings are UNDEFINED here. */
START_TEST(unallocated_is_undefined)
{
	static const uint32_t insns[] = {
		0x88a07c41,	/* cas w0, w1, [x2] (v8.1 LSE) */
		0xb8200020,	/* ldadd w0, w0, [x1] (v8.1 LSE) */
		0xb8bfc020,	/* ldapr w0, [x1] (v8.3 RCpc) */
		0x69000440,	/* stgp x0, x1, [x2] (v8.5 MTE) */
		0x3c400820,	/* LDTR with V = 1 */
		0xf8800c20,	/* PRFM pre-index */
		0xe9400020,	/* LDP with opc = 11 */
		0xb9c00020,	/* LDRSW (immediate) with opc = 11 */
		0x0c401020,	/* LD/ST multiple, opcode 0001 */
	};
	unsigned int i;

	cpu->r[1] = DATA;
	cpu->r[2] = DATA;
	for (i = 0; i < sizeof(insns) / sizeof(insns[0]); i++) {
		ck_assert_msg(run1(insns[i]) == EC_UNKNOWN, "0x%08x is not UNDEFINED", insns[i]);
		ck_assert_uint_eq(cpu->sys.elr_el1, code_pc);
	}
}
END_TEST

/* xorshift64: a fixed sequence, so a failure names a reproducible word. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * Any word of the load/store group, with any base: the insn completes or
 * takes one of the exceptions a load/store can raise, never anything
 * else (and never a host crash).
 */
START_TEST(random_encodings_end_architecturally)
{
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	unsigned int i, r, ec;

	for (i = 0; i < 20000; i++) {
		/* op0 = x1x0: bit 27 set, bit 25 clear. */
		uint32_t raw = ((uint32_t)rnd(&seed) | (1u << 27)) & ~(1u << 25);

		for (r = 0; r < 31; r++)
			cpu->r[r] = (rnd(&seed) & 1) ? DATA + (rnd(&seed) & 0xfff) : rnd(&seed);
		cpu->r[REG_SP] = DATA + 0x800;
		cpu->sys.cpacr_el1 = (rnd(&seed) & 7) ? 3ull << 20 : 0;
		ec = run1(raw);
		ck_assert_msg(ec == EC_BRK64 || ec == EC_DABT_SAME || ec == EC_UNKNOWN ||
			      ec == EC_SP_ALIGN || ec == EC_FP_ACCESS,
			      "0x%08x ended with EC 0x%x", raw, ec);
		cpu_set_pstate(cpu, (1u << PSTATE_EL_SHIFT) | PSTATE_SP);
	}
}
END_TEST

static Suite *ldst_suite(void)
{
	Suite *s = suite_create("tcg_ldst");
	TCase *tc = tcase_create("ldst");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, fault_leaves_base_and_target);
	tcase_add_test(tc, writeback_on_success);
	tcase_add_test(tc, sp_alignment_check);
	tcase_add_test(tc, fp_access_trap);
	tcase_add_test(tc, simd_fault_is_all_or_nothing);
	tcase_add_test(tc, exclusive_pass_and_fail);
	tcase_add_test(tc, exclusive_sees_other_writer);
	tcase_add_test(tc, exclusive_pair);
	tcase_add_test(tc, exclusive_alignment_fault);
	tcase_add_test(tc, exclusive_tlb_hit);
	tcase_add_test(tc, unallocated_is_undefined);
	tcase_add_test(tc, random_encodings_end_architecturally);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(ldst_suite());
}
