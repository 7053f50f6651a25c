// SPDX-License-Identifier: GPL-2.0
/*
 * Every system register access and system instruction that Debian's
 * arm64 kernel and busybox execute (a trace of a boot to a busybox shell,
 * measured under QEMU 7.2) decodes to an implemented operation: none is
 * UNDEFINED on our CPU. Encodings from aarch64-linux-gnu-as (Rt = x1).
 */
#include <check.h>
#include <stdlib.h>

#include "check_run.h"
#include "tcg_rig.h"

static const struct {
	uint32_t raw;
	const char *name;
} boot_ops[] = {
	{ 0xd5390021, "mrs x1, clidr_el1" },
	{ 0xd53be001, "mrs x1, cntfrq_el0" },
	{ 0xd538e101, "mrs x1, cntkctl_el1" },
	{ 0xd53be321, "mrs x1, cntv_ctl_el0" },
	{ 0xd53be041, "mrs x1, cntvct_el0" },
	{ 0xd53b0021, "mrs x1, ctr_el0" },
	{ 0xd5384241, "mrs x1, currentel" },
	{ 0xd53b4221, "mrs x1, daif" },
	{ 0xd53b00e1, "mrs x1, dczid_el0" },
	{ 0xd5384021, "mrs x1, elr_el1" },
	{ 0xd5385201, "mrs x1, esr_el1" },
	{ 0xd5386001, "mrs x1, far_el1" },
	{ 0xd53b4401, "mrs x1, fpcr" },
	{ 0xd53b4421, "mrs x1, fpsr" },
	{ 0xd5380501, "mrs x1, id_aa64dfr0_el1" },
	{ 0xd5380521, "mrs x1, id_aa64dfr1_el1" },
	{ 0xd5380601, "mrs x1, id_aa64isar0_el1" },
	{ 0xd5380621, "mrs x1, id_aa64isar1_el1" },
	{ 0xd5380701, "mrs x1, id_aa64mmfr0_el1" },
	{ 0xd5380721, "mrs x1, id_aa64mmfr1_el1" },
	{ 0xd5380741, "mrs x1, id_aa64mmfr2_el1" },
	{ 0xd5380401, "mrs x1, id_aa64pfr0_el1" },
	{ 0xd5380421, "mrs x1, id_aa64pfr1_el1" },
	{ 0xd5380141, "mrs x1, id_dfr0_el1" },
	{ 0xd5380201, "mrs x1, id_isar0_el1" },
	{ 0xd5380221, "mrs x1, id_isar1_el1" },
	{ 0xd5380241, "mrs x1, id_isar2_el1" },
	{ 0xd5380261, "mrs x1, id_isar3_el1" },
	{ 0xd5380281, "mrs x1, id_isar4_el1" },
	{ 0xd53802a1, "mrs x1, id_isar5_el1" },
	{ 0xd5380181, "mrs x1, id_mmfr0_el1" },
	{ 0xd53801a1, "mrs x1, id_mmfr1_el1" },
	{ 0xd53801c1, "mrs x1, id_mmfr2_el1" },
	{ 0xd53801e1, "mrs x1, id_mmfr3_el1" },
	{ 0xd53802c1, "mrs x1, id_mmfr4_el1" },
	{ 0xd5380101, "mrs x1, id_pfr0_el1" },
	{ 0xd5380121, "mrs x1, id_pfr1_el1" },
	{ 0xd5380001, "mrs x1, midr_el1" },
	{ 0xd53800a1, "mrs x1, mpidr_el1" },
	{ 0xd5380301, "mrs x1, mvfr0_el1" },
	{ 0xd5380321, "mrs x1, mvfr1_el1" },
	{ 0xd5380341, "mrs x1, mvfr2_el1" },
	{ 0xd53b9cc1, "mrs x1, pmceid0_el0" },
	{ 0xd53b9ce1, "mrs x1, pmceid1_el0" },
	{ 0xd53b9c01, "mrs x1, pmcr_el0" },
	{ 0xd53800c1, "mrs x1, revidr_el1" },
	{ 0xd53802e1, "mrs x1, id_isar6_el1" },
	{ 0xd5380381, "mrs x1, id_pfr2_el1" },
	{ 0xd53803a1, "mrs x1, id_dfr1_el1" },
	{ 0xd53803c1, "mrs x1, id_mmfr5_el1" },
	{ 0xd5380481, "mrs x1, id_aa64zfr0_el1" },
	{ 0xd53804a1, "mrs x1, id_aa64smfr0_el1" },
	{ 0xd5380641, "mrs x1, id_aa64isar2_el1" },
	{ 0xd5381001, "mrs x1, sctlr_el1" },
	{ 0xd5384101, "mrs x1, sp_el0" },
	{ 0xd5384001, "mrs x1, spsr_el1" },
	{ 0xd5382041, "mrs x1, tcr_el1" },
	{ 0xd53bd041, "mrs x1, tpidr_el0" },
	{ 0xd538d081, "mrs x1, tpidr_el1" },
	{ 0xd53bd061, "mrs x1, tpidrro_el0" },
	{ 0xd5382021, "mrs x1, ttbr1_el1" },
	{ 0xd518e101, "msr cntkctl_el1, x1" },
	{ 0xd51be321, "msr cntv_ctl_el0, x1" },
	{ 0xd51be341, "msr cntv_cval_el0, x1" },
	{ 0xd518d021, "msr contextidr_el1, x1" },
	{ 0xd5181041, "msr cpacr_el1, x1" },
	{ 0xd51b4221, "msr daif, x1" },
	{ 0xd51000a1, "msr dbgbcr0_el1, x1" },
	{ 0xd51001a1, "msr dbgbcr1_el1, x1" },
	{ 0xd51002a1, "msr dbgbcr2_el1, x1" },
	{ 0xd51003a1, "msr dbgbcr3_el1, x1" },
	{ 0xd51004a1, "msr dbgbcr4_el1, x1" },
	{ 0xd51005a1, "msr dbgbcr5_el1, x1" },
	{ 0xd5100081, "msr dbgbvr0_el1, x1" },
	{ 0xd5100181, "msr dbgbvr1_el1, x1" },
	{ 0xd5100281, "msr dbgbvr2_el1, x1" },
	{ 0xd5100381, "msr dbgbvr3_el1, x1" },
	{ 0xd5100481, "msr dbgbvr4_el1, x1" },
	{ 0xd5100581, "msr dbgbvr5_el1, x1" },
	{ 0xd51000e1, "msr dbgwcr0_el1, x1" },
	{ 0xd51001e1, "msr dbgwcr1_el1, x1" },
	{ 0xd51002e1, "msr dbgwcr2_el1, x1" },
	{ 0xd51003e1, "msr dbgwcr3_el1, x1" },
	{ 0xd51000c1, "msr dbgwvr0_el1, x1" },
	{ 0xd51001c1, "msr dbgwvr1_el1, x1" },
	{ 0xd51002c1, "msr dbgwvr2_el1, x1" },
	{ 0xd51003c1, "msr dbgwvr3_el1, x1" },
	{ 0xd5184021, "msr elr_el1, x1" },
	{ 0xd5186001, "msr far_el1, x1" },
	{ 0xd51b4421, "msr fpsr, x1" },
	{ 0xd518a201, "msr mair_el1, x1" },
	{ 0xd5100241, "msr mdscr_el1, x1" },
	{ 0xd5101381, "msr osdlr_el1, x1" },
	{ 0xd5101081, "msr oslar_el1, x1" },
	{ 0xd51b9c41, "msr pmcntenclr_el0, x1" },
	{ 0xd51b9c01, "msr pmcr_el0, x1" },
	{ 0xd5189e41, "msr pmintenclr_el1, x1" },
	{ 0xd51b9c61, "msr pmovsclr_el0, x1" },
	{ 0xd51b9e01, "msr pmuserenr_el0, x1" },
	{ 0xd5181001, "msr sctlr_el1, x1" },
	{ 0xd5184101, "msr sp_el0, x1" },
	{ 0xd5184001, "msr spsr_el1, x1" },
	{ 0xd5182041, "msr tcr_el1, x1" },
	{ 0xd51bd041, "msr tpidr_el0, x1" },
	{ 0xd518d081, "msr tpidr_el1, x1" },
	{ 0xd51bd061, "msr tpidrro_el0, x1" },
	{ 0xd5182001, "msr ttbr0_el1, x1" },
	{ 0xd5182021, "msr ttbr1_el1, x1" },
	{ 0xd518c001, "msr vbar_el1, x1" },
	{ 0xd50b7e21, "dc civac, x1" },
	{ 0xd50b7b21, "dc cvau, x1" },
	{ 0xd5087621, "dc ivac, x1" },
	{ 0xd50b7421, "dc zva, x1" },
	{ 0xd508751f, "ic iallu" },
	{ 0xd508711f, "ic ialluis" },
	{ 0xd50b7521, "ic ivau, x1" },
	{ 0xd5088341, "tlbi aside1is, x1" },
	{ 0xd50883e1, "tlbi vaale1is, x1" },
	{ 0xd5088321, "tlbi vae1is, x1" },
	{ 0xd50883a1, "tlbi vale1is, x1" },
	{ 0xd508871f, "tlbi vmalle1" },
	{ 0xd508831f, "tlbi vmalle1is" },
};

START_TEST(boot_system_operations_are_implemented)
{
	for (size_t i = 0; i < sizeof(boot_ops) / sizeof(boot_ops[0]); i++) {
		uint32_t raw = boot_ops[i].raw;
		struct insn in;

		decode_insn(raw, &in);
		ck_assert_msg(in.fn != insn_undefined, "%s is UNDEFINED", boot_ops[i].name);
		if (BITS(raw, 20, 19) >= 2)	/* op0: MRS/MSR (register) */
			ck_assert_msg(sysreg_find((uint16_t)BITS(raw, 20, 5)),
				      "%s: no such register", boot_ops[i].name);
	}
}
END_TEST

/* The reads Linux makes of unnamed ID-space registers return 0 at EL1. */
START_TEST(unnamed_id_registers_read_zero)
{
	static const uint32_t code[] = {
		0xd53802e1,	/* mrs x1, s3_0_c0_c2_7 */
		0xd5380382,	/* mrs x2, s3_0_c0_c3_4 */
		0xd53803a3,	/* mrs x3, s3_0_c0_c3_5 */
		0xd53803c4,	/* mrs x4, s3_0_c0_c3_6 */
		0xd5380485,	/* mrs x5, s3_0_c0_c4_4 */
		0xd53804a6,	/* mrs x6, s3_0_c0_c4_5 */
		0xd5380647,	/* mrs x7, s3_0_c0_c6_2 */
		A64_BRK_END,
	};
	struct tcg_rig rig;
	struct av_err err = { 0 };

	ck_assert_msg(rig_init(&rig, &err) == 0, "rig: %s", err.msg);
	for (unsigned int r = 1; r <= 7; r++)
		rig.cpu->r[r] = ~0ull;
	rig_put(&rig, RIG_RAM_BASE, code, 8);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 10), 1);
	ck_assert_msg(rig_ec(&rig) == EC_BRK64, "EC 0x%x at 0x%llx", rig_ec(&rig),
		      (unsigned long long)rig.cpu->sys.elr_el1);
	for (unsigned int r = 1; r <= 7; r++)
		ck_assert_uint_eq(rig.cpu->r[r], 0);
	rig_fini(&rig);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tcg_sys_boot");
	TCase *tc = tcase_create("boot");

	tcase_add_test(tc, boot_system_operations_are_implemented);
	tcase_add_test(tc, unnamed_id_registers_read_zero);
	suite_add_tcase(s, tc);
	return check_run(s);
}
