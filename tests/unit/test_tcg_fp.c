// SPDX-License-Identifier: GPL-2.0
/*
 * accel-tcg FP/AdvSIMD (FP): what a guest sees at the edges of the
 * group: the CPACR_EL1.FPEN trap (EC 0x07) at EL1 and EL0, including
 * for the SIMD&FP loads, and UNDEFINED for encodings of features this
 * v8.0 CPU does not advertise (crypto, FP16, RDM). Arithmetic results
 * are compared with qemu-aarch64 by tests/shell/tcg_fp.sh.
 */
#include <check.h>
#include <stdlib.h>

#include "check_run.h"
#include "rig_check.h"

#define VBAR		(RIG_RAM_BASE + 0x10000)
#define USER		(RIG_RAM_BASE + 0x100)
#define ESR_IL		(1u << 25)
#define FP_TRAP_ISS	0x1e00000u	/* CV = 1, COND = 0b1110 */
#define A64_ERET	0xd69f03e0u

/* Encodings, checked with aarch64-linux-gnu-as -march=armv8.3-a+fp16+crypto+rdma. */
#define A64_FADD_D0_D1_D2	0x1e622820u
#define A64_FMOV_D0_X1		0x9e670020u
#define A64_FMOV_X2_D0		0x9e660002u
#define A64_LD1_V0_X0		0x4c407000u
#define A64_AESE		0x4e284820u
#define A64_SHA1H		0x5e280820u
#define A64_FADD_H		0x1ee22820u
#define A64_FMLA_8H		0x4e420c20u
#define A64_SQRDMLAH		0x6e428420u
#define A64_FCVTZS_W_H		0x1ef80020u

static struct tcg_rig rig;

static void put(uint64_t pa, const uint32_t *code, size_t n)
{
	rig_put(&rig, pa, code, n);
	tb_invalidate_phys_page(&rig.tvm, pa);
}

static void setup(void)
{
	rig_init_or_fail(&rig);
	rig.cpu->sys.vbar_el1 = VBAR;
}

static void teardown(void)
{
	rig_fini(&rig);
}

/* Run one insn then BRK at EL1; returns the EC of the exception that stopped it. */
static unsigned int run_one(uint32_t insn)
{
	uint32_t code[2] = { insn, A64_BRK_END };

	put(RIG_RAM_BASE, code, 2);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 10), 1);
	return rig_ec(&rig);
}

/* The same at EL0 (entered through ERET). */
static unsigned int run_one_user(uint32_t insn)
{
	uint32_t eret = A64_ERET, code[2] = { insn, A64_BRK_END };

	put(RIG_RAM_BASE, &eret, 1);
	put(USER, code, 2);
	rig.cpu->sys.spsr_el1 = 0;
	rig.cpu->sys.elr_el1 = USER;
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 10), 1);
	return rig_ec(&rig);
}

START_TEST(fp_enabled_runs_fadd)
{
	rig.cpu->v[1].f64[0] = 1.5;
	rig.cpu->v[2].f64[0] = 2.25;
	rig.cpu->v[0].d[1] = 0x1234;
	ck_assert_uint_eq(run_one(A64_FADD_D0_D1_D2), EC_BRK64);
	ck_assert(rig.cpu->v[0].f64[0] == 3.75);
	/* A scalar write clears the rest of the vector register. */
	ck_assert_uint_eq(rig.cpu->v[0].d[1], 0);
}
END_TEST

static void check_fp_trap(uint64_t pc)
{
	ck_assert_uint_eq(rig.cpu->sys.esr_el1, (EC_FP_ACCESS << 26) | ESR_IL | FP_TRAP_ISS);
	ck_assert_uint_eq(rig.cpu->sys.elr_el1, pc);
}

START_TEST(fpen_00_traps_at_el1_before_any_effect)
{
	rig.cpu->sys.cpacr_el1 = 0;
	rig.cpu->v[0].d[0] = 0x55;
	ck_assert_uint_eq(run_one(A64_FADD_D0_D1_D2), EC_FP_ACCESS);
	check_fp_trap(RIG_RAM_BASE);
	ck_assert_uint_eq(rig.cpu->v[0].d[0], 0x55);
	ck_assert_uint_eq(rig.cpu->pc, VBAR + 0x200);
}
END_TEST

START_TEST(fpen_10_traps_like_00)
{
	rig.cpu->sys.cpacr_el1 = 2ull << 20;
	rig.cpu->r[1] = 0x77;
	ck_assert_uint_eq(run_one(A64_FMOV_D0_X1), EC_FP_ACCESS);
	check_fp_trap(RIG_RAM_BASE);
	ck_assert_uint_eq(rig.cpu->v[0].d[0], 0);
}
END_TEST

START_TEST(fpen_01_traps_el0_only)
{
	rig.cpu->sys.cpacr_el1 = 1ull << 20;
	rig.cpu->r[1] = 0x1122334455667788ull;
	ck_assert_uint_eq(run_one(A64_FMOV_D0_X1), EC_BRK64);
	ck_assert_uint_eq(rig.cpu->v[0].d[0], 0x1122334455667788ull);

	ck_assert_uint_eq(run_one_user(A64_FMOV_X2_D0), EC_FP_ACCESS);
	check_fp_trap(USER);
	/* Taken from EL0 to EL1: the lower-EL synchronous vector. */
	ck_assert_uint_eq(rig.cpu->pc, VBAR + 0x400);
	ck_assert_uint_ne(rig.cpu->r[2], 0x1122334455667788ull);
}
END_TEST

START_TEST(fpen_11_lets_el0_use_fp)
{
	rig.cpu->r[1] = 42;
	ck_assert_uint_eq(run_one(A64_FMOV_D0_X1), EC_BRK64);
	ck_assert_uint_eq(run_one_user(A64_FMOV_X2_D0), EC_BRK64);
	ck_assert_uint_eq(rig.cpu->r[2], 42);
}
END_TEST

START_TEST(simd_load_traps_when_fp_disabled)
{
	rig.cpu->sys.cpacr_el1 = 0;
	rig.cpu->r[0] = RIG_RAM_BASE + 0x800;
	ck_assert_uint_eq(run_one(A64_LD1_V0_X0), EC_FP_ACCESS);
	check_fp_trap(RIG_RAM_BASE);
}
END_TEST

/* Features a v8.0 CPU without crypto/FP16/RDM must refuse (EC 0x00). */
START_TEST(unadvertised_features_are_undefined)
{
	static const uint32_t insns[] = {
		A64_AESE, A64_SHA1H, A64_FADD_H, A64_FMLA_8H, A64_SQRDMLAH,
		A64_FCVTZS_W_H,
	};
	size_t i;

	for (i = 0; i < sizeof(insns) / sizeof(insns[0]); i++) {
		ck_assert_msg(run_one(insns[i]) == EC_UNKNOWN,
			      "0x%08x is not UNDEFINED", insns[i]);
		ck_assert_uint_eq(rig.cpu->sys.elr_el1, RIG_RAM_BASE);
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("tcg_fp");
	TCase *tc = tcase_create("fp");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, fp_enabled_runs_fadd);
	tcase_add_test(tc, fpen_00_traps_at_el1_before_any_effect);
	tcase_add_test(tc, fpen_10_traps_like_00);
	tcase_add_test(tc, fpen_01_traps_el0_only);
	tcase_add_test(tc, fpen_11_lets_el0_use_fp);
	tcase_add_test(tc, simd_load_traps_when_fp_disabled);
	tcase_add_test(tc, unadvertised_features_are_undefined);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(suite());
}
