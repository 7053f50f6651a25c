// SPDX-License-Identifier: GPL-2.0
/*
 * accel-tcg system registers and system instructions (SYS): the ID
 * registers of a plain ARMv8.0 CPU, DAIF and SPSel, DC ZVA, the timer
 * registers, debug registers Linux touches, PMCR_EL0's N, unknown encodings.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../accel-tcg/sys/sys.h"
#include "check_run.h"
#include "rig_check.h"

#define VBAR	(RIG_RAM_BASE + 0x10000)

static struct tcg_rig rig;

/* Place code and drop any block translated from the old contents. */
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

/* Run code (which must end in A64_BRK_END) and check it got there. */
static void run_to_brk(const uint32_t *code, size_t n)
{
	put(RIG_RAM_BASE, code, n);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 100), 1);
	ck_assert_msg(rig_ec(&rig) == EC_BRK64, "EC 0x%x at 0x%llx", rig_ec(&rig),
		      (unsigned long long)rig.cpu->sys.elr_el1);
}

START_TEST(id_registers_describe_a_plain_v80_cpu)
{
	static const uint32_t code[] = {
		0xd5380404,	/* mrs x4, id_aa64pfr0_el1 */
		0xd5380705,	/* mrs x5, id_aa64mmfr0_el1 */
		0xd5380386,	/* mrs x6, s3_0_c0_c3_4 (unassigned) */
		0xd5380007,	/* mrs x7, midr_el1 */
		0xd5380500,	/* mrs x0, id_aa64dfr0_el1 */
		0xd53b00e1,	/* mrs x1, dczid_el0 */
		0xd53800a2,	/* mrs x2, mpidr_el1 */
		0xd5380603,	/* mrs x3, id_aa64isar0_el1 */
		A64_BRK_END,
	};

	rig.cpu->r[6] = ~0ull;
	run_to_brk(code, 9);
	ck_assert_uint_eq(rig.cpu->r[4], 0x11);		/* EL0, EL1 AArch64; FP, SIMD */
	ck_assert_uint_eq(rig.cpu->r[5], 0x0f000022);	/* 40-bit PA, 16-bit ASID, 4K */
	ck_assert_uint_eq(rig.cpu->r[6], 0);
	ck_assert_uint_eq(rig.cpu->r[7], 0x411fd070);	/* Cortex-A57 r1p0 */
	ck_assert_uint_eq(rig.cpu->r[0] & 0xf00, 0x100);	/* PMUVer: PMUv3 (v8.0) */
	ck_assert_uint_eq(rig.cpu->r[0] & 0xf, 6);	/* v8.0 debug */
	ck_assert_uint_eq(rig.cpu->r[1], 4);		/* 64-byte DC ZVA */
	ck_assert_uint_eq(rig.cpu->r[2], rig.cpu->mpidr);
	ck_assert_uint_eq(rig.cpu->r[3], 0x10000);	/* CRC32 only: no crypto */
}
END_TEST

START_TEST(cpu_models_change_identity_and_unknown_is_refused)
{
	struct av_err err = { 0 };

	ck_assert_int_eq(cpu_model_apply(rig.cpu, "cortex-a53", &err), 0);
	ck_assert_uint_eq(rig.cpu->midr, 0x410fd034);
	ck_assert_int_eq(cpu_model_apply(rig.cpu, "cortex-a72", &err), 0);
	ck_assert_uint_eq(rig.cpu->midr, 0x410fd083);
	ck_assert_int_eq(cpu_model_apply(rig.cpu, "pentium", &err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "pentium"));
}
END_TEST

START_TEST(cache_geometry_follows_csselr)
{
	static const uint32_t code[] = {
		0xd5390026,	/* mrs x6, clidr_el1 */
		0xd51a0005,	/* msr csselr_el1, x5 */
		0xd5390004,	/* mrs x4, ccsidr_el1 */
		A64_BRK_END,
	};

	rig.cpu->r[5] = 1;	/* L1 instruction cache */
	run_to_brk(code, 4);
	ck_assert_uint_eq(rig.cpu->r[6], 0x0a200023);
	ck_assert_uint_eq(rig.cpu->r[4], 0x201fe012);
}
END_TEST

START_TEST(daif_spsel_and_sp_el0)
{
	static const uint32_t code[] = {
		0xd50342ff,	/* msr daifclr, #2 */
		0xd53b4222,	/* mrs x2, daif */
		0xd50040bf,	/* msr spsel, #0 */
		0x910001ff,	/* mov sp, x15 */
		0xd50041bf,	/* msr spsel, #1 */
		0xd538410e,	/* mrs x14, sp_el0 */
		0xd538424d,	/* mrs x13, currentel */
		A64_BRK_END,
	};

	rig.cpu->r[15] = 0x1234;
	run_to_brk(code, 8);
	ck_assert_uint_eq(rig.cpu->r[2], 0x340);
	ck_assert_uint_eq(rig.cpu->r[14], 0x1234);
	ck_assert_uint_eq(rig.cpu->r[13], 4);
}
END_TEST

START_TEST(sp_el0_is_undefined_while_it_is_the_sp)
{
	static const uint32_t code[] = {
		0xd50040bf,	/* msr spsel, #0 */
		0xd538410e,	/* mrs x14, sp_el0 */
	};

	put(RIG_RAM_BASE, code, 2);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 10), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_UNKNOWN);
	ck_assert_uint_eq(rig.cpu->sys.elr_el1, RIG_RAM_BASE + 4);
}
END_TEST

START_TEST(unknown_register_is_undefined)
{
	static const uint32_t code[] = { 0xd518f000 /* msr s3_0_c15_c0_0, x0 */ };
	static const uint32_t ro[] = { 0xd5180000 /* msr midr_el1, x0 */ };

	put(RIG_RAM_BASE, code, 1);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 10), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_UNKNOWN);
	cpu_set_pstate(rig.cpu, 0x3c5);
	put(RIG_RAM_BASE, ro, 1);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 10), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_UNKNOWN);
}
END_TEST

START_TEST(dc_zva_zeroes_the_aligned_64_bytes)
{
	static const uint32_t code[] = { 0xd50b7423 /* dc zva, x3 */, A64_BRK_END };
	uint8_t *before = rig.ram.host + 0xfc0, *p = before + 0x40;

	memset(before, 0xff, 0xc0);
	rig.cpu->r[3] = RIG_RAM_BASE + 0x1015;
	run_to_brk(code, 2);
	for (unsigned int i = 0; i < 0x40; i++) {
		ck_assert_uint_eq(before[i], 0xff);
		ck_assert_uint_eq(p[i], 0);
		ck_assert_uint_eq(p[i + 0x40], 0xff);
	}
}
END_TEST

START_TEST(vbar_ignores_its_res0_bits)
{
	static const uint32_t code[] = {
		0xd518c000,	/* msr vbar_el1, x0 */
		0xd538c001,	/* mrs x1, vbar_el1 */
		A64_BRK_END,
	};

	rig.cpu->r[0] = VBAR + 0x7ff;
	run_to_brk(code, 3);
	ck_assert_uint_eq(rig.cpu->r[1], VBAR);
	ck_assert_uint_eq(rig.cpu->pc, VBAR + 0x200);	/* the BRK went there */
}
END_TEST

START_TEST(tpidr_and_fp_control_registers)
{
	static const uint32_t code[] = {
		0xd51bd041,	/* msr tpidr_el0, x1 */
		0xd53bd042,	/* mrs x2, tpidr_el0 */
		0xd51b4400,	/* msr fpcr, x0 */
		0xd53b4403,	/* mrs x3, fpcr */
		A64_BRK_END,
	};

	rig.cpu->r[1] = 0xfeedf00d12345678ull;
	rig.cpu->r[0] = ~0ull;
	run_to_brk(code, 5);
	ck_assert_uint_eq(rig.cpu->r[2], 0xfeedf00d12345678ull);
	ck_assert_uint_eq(rig.cpu->r[3], 0x07c00000);	/* AHP DN FZ RMode only */
}
END_TEST

START_TEST(fpcr_traps_when_cpacr_disables_fp)
{
	static const uint32_t code[] = { 0xd53b4403 /* mrs x3, fpcr */ };

	rig.cpu->sys.cpacr_el1 = 0;
	put(RIG_RAM_BASE, code, 1);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 10), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_FP_ACCESS);
}
END_TEST

START_TEST(os_lock_debug_and_pmu_registers_are_stored)
{
	static const uint32_t code[] = {
		0xd5301181,	/* mrs x1, oslsr_el1 */
		0xd5101080,	/* msr oslar_el1, x0 */
		0xd5301184,	/* mrs x4, oslsr_el1 */
		0xd51b9c00,	/* msr pmcr_el0, x0 */
		0xd53b9c03,	/* mrs x3, pmcr_el0 */
		A64_BRK_END,
	};

	rig.cpu->r[0] = 0;
	run_to_brk(code, 6);
	ck_assert_uint_eq(rig.cpu->r[1], 0xa);	/* OSLM = 0b10, locked at reset */
	ck_assert_uint_eq(rig.cpu->r[4], 0x8);	/* unlocked */
	ck_assert_uint_eq(rig.cpu->r[3] & 0xf800, 6 << 11);	/* PMCR.N: 6 counters (test_tcg_pmu.c) */
}
END_TEST

START_TEST(counter_runs_and_timer_condition_shows_in_ctl)
{
	static const uint32_t code[] = {
		0xd53be048,	/* mrs x8, cntvct_el0 */
		0xaa0803e9,	/* mov x9, x8 */
		0xd51be349,	/* msr cntv_cval_el0, x9 */
		0xd51be32a,	/* msr cntv_ctl_el0, x10 */
		0xd53be32b,	/* mrs x11, cntv_ctl_el0 */
		0xd53be30c,	/* mrs x12, cntv_tval_el0 */
		0xd53be043,	/* mrs x3, cntvct_el0 */
		0xd53be004,	/* mrs x4, cntfrq_el0 */
		A64_BRK_END,
	};

	rig.cpu->r[10] = 3;	/* ENABLE, IMASK; compare value: now */
	run_to_brk(code, 9);
	ck_assert_uint_ge(rig.cpu->r[3], rig.cpu->r[8]);
	ck_assert_uint_eq(rig.cpu->r[11], 7);	/* ISTATUS set, even masked */
	ck_assert_int_le((int32_t)rig.cpu->r[12], 0);
	ck_assert_uint_eq(rig.cpu->r[4], 62500000);
}
END_TEST

START_TEST(tval_write_sets_a_future_compare_value)
{
	static const uint32_t code[] = {
		0xd51be209,	/* msr cntp_tval_el0, x9 */
		0xd53be24d,	/* mrs x13, cntp_cval_el0 */
		0xd53be043,	/* mrs x3, cntvct_el0 */
		0xd51be22a,	/* msr cntp_ctl_el0, x10 */
		0xd53be22b,	/* mrs x11, cntp_ctl_el0 */
		A64_BRK_END,
	};

	rig.cpu->r[9] = 0x7fffffff;	/* ~34 s ahead */
	rig.cpu->r[10] = 1;
	run_to_brk(code, 6);
	ck_assert_uint_gt(rig.cpu->r[13], rig.cpu->r[3]);
	ck_assert_uint_eq(rig.cpu->r[11], 1);	/* enabled, not yet met */
}
END_TEST

START_TEST(cache_and_tlb_maintenance_run)
{
	static const uint32_t code[] = {
		0xd508831f,	/* tlbi vmalle1is */
		0xd508751f,	/* ic iallu */
		0xd50b7e20,	/* dc civac, x0 */
		0xd5087800,	/* at s1e1r, x0 */
		0xd5387407,	/* mrs x7, par_el1 */
		A64_BRK_END,
	};

	rig.cpu->r[0] = RIG_RAM_BASE + 0x2000;
	rig.cpu->r[7] = ~0ull;
	run_to_brk(code, 6);
	/* MMU off: flat map, PAR_EL1.F = 0 and PA = VA */
	ck_assert_uint_eq(rig.cpu->r[7] & 1, 0);
	ck_assert_uint_eq(rig.cpu->r[7] & 0xfffffffff000ull, RIG_RAM_BASE + 0x2000);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("tcg_sys_regs");
	TCase *tc = tcase_create("regs");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, id_registers_describe_a_plain_v80_cpu);
	tcase_add_test(tc, cpu_models_change_identity_and_unknown_is_refused);
	tcase_add_test(tc, cache_geometry_follows_csselr);
	tcase_add_test(tc, daif_spsel_and_sp_el0);
	tcase_add_test(tc, sp_el0_is_undefined_while_it_is_the_sp);
	tcase_add_test(tc, unknown_register_is_undefined);
	tcase_add_test(tc, dc_zva_zeroes_the_aligned_64_bytes);
	tcase_add_test(tc, vbar_ignores_its_res0_bits);
	tcase_add_test(tc, tpidr_and_fp_control_registers);
	tcase_add_test(tc, fpcr_traps_when_cpacr_disables_fp);
	tcase_add_test(tc, os_lock_debug_and_pmu_registers_are_stored);
	tcase_add_test(tc, counter_runs_and_timer_condition_shows_in_ctl);
	tcase_add_test(tc, tval_write_sets_a_future_compare_value);
	tcase_add_test(tc, cache_and_tlb_maintenance_run);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(suite());
}
