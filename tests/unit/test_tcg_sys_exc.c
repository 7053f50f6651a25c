// SPDX-License-Identifier: GPL-2.0
/*
 * accel-tcg exceptions (SYS): what a guest sees when it takes and
 * returns from exceptions: ESR/ELR/SPSR, the vector chosen by the
 * current EL and SP, ERET's illegal-return rules, EL0 traps of WFI and
 * of system registers, PSCI over HVC.
 */
#include <check.h>
#include <stdlib.h>

#include "../../accel-tcg/sys/sys.h"
#include "check_run.h"
#include "rig_check.h"

#define VBAR		(RIG_RAM_BASE + 0x10000)
#define USER		(RIG_RAM_BASE + 0x100)
#define ESR_IL		(1u << 25)
#define SPSR_EL1H_MASKED 0x3c5u
#define A64_ERET	0xd69f03e0u

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

static uint32_t iss(void)
{
	return (uint32_t)rig.cpu->sys.esr_el1 & 0x1ffffff;
}

/* Run `code` at EL0 (EL0t, interrupts unmasked) through an ERET. */
static int run_user(const uint32_t *code, size_t n)
{
	static const uint32_t eret = A64_ERET;

	put(RIG_RAM_BASE, &eret, 1);
	put(USER, code, n);
	rig.cpu->sys.spsr_el1 = 0;
	rig.cpu->sys.elr_el1 = USER;
	return rig_run(&rig, RIG_RAM_BASE, 100);
}

START_TEST(svc_at_el1h_enters_current_spx_vector)
{
	static const uint32_t code[] = { 0xd4000841 /* svc #0x42 */ };

	put(RIG_RAM_BASE, code, 1);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 10), 1);
	ck_assert_uint_eq(rig.cpu->sys.esr_el1, (0x15u << 26) | ESR_IL | 0x42);
	ck_assert_uint_eq(rig.cpu->sys.elr_el1, RIG_RAM_BASE + 4);
	ck_assert_uint_eq(rig.cpu->sys.spsr_el1, SPSR_EL1H_MASKED);
	ck_assert_uint_eq(rig.cpu->pc, VBAR + 0x200);
	ck_assert_uint_eq(rig.cpu->el, 1);
}
END_TEST

START_TEST(brk_returns_to_itself_with_its_immediate)
{
	static const uint32_t code[] = { A64_NOP, 0xd4200060 /* brk #3 */ };

	put(RIG_RAM_BASE, code, 2);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 10), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_BRK64);
	ck_assert_uint_eq(iss(), 3);
	ck_assert_uint_eq(rig.cpu->sys.elr_el1, RIG_RAM_BASE + 4);
}
END_TEST

START_TEST(svc_at_el1t_uses_sp0_vector_and_banks_sp)
{
	static const uint32_t code[] = {
		0xd50040bf,	/* msr spsel, #0 */
		0x910001ff,	/* mov sp, x15 */
		0xd4000021,	/* svc #1 */
	};

	rig.cpu->r[15] = 0x1230;
	rig.cpu->r[REG_SP] = 0x4560;
	put(RIG_RAM_BASE, code, 3);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 10), 1);
	ck_assert_uint_eq(rig.cpu->pc, VBAR);
	ck_assert_uint_eq(rig.cpu->sys.spsr_el1, 0x3c4u);
	ck_assert_uint_eq(rig.cpu->r[REG_SP], 0x4560);	/* SP_EL1 again */
	ck_assert_uint_eq(rig.cpu->sp_el[0], 0x1230);
}
END_TEST

START_TEST(svc_from_el0_enters_lower_el_vector)
{
	static const uint32_t code[] = { A64_NOP, 0xd4000021 /* svc #1 */ };

	ck_assert_int_eq(run_user(code, 2), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_SVC64);
	ck_assert_uint_eq(iss(), 1);
	ck_assert_uint_eq(rig.cpu->sys.elr_el1, USER + 8);
	ck_assert_uint_eq(rig.cpu->sys.spsr_el1, 0);
	ck_assert_uint_eq(rig.cpu->pc, VBAR + 0x400);
	ck_assert_uint_eq(rig.cpu->el, 1);
	ck_assert_uint_eq(rig.cpu->pstate & PSTATE_DAIF, PSTATE_DAIF);
}
END_TEST

START_TEST(eret_restores_flags_and_el0_sp)
{
	static const uint32_t code[] = {
		0xd53b4200,	/* mrs x0, nzcv */
		0x910003e1,	/* mov x1, sp */
		0xd4000021,	/* svc #1 */
	};

	rig.cpu->sp_el[0] = 0x7770;
	put(RIG_RAM_BASE, &(uint32_t){ A64_ERET }, 1);
	put(USER, code, 3);
	rig.cpu->sys.spsr_el1 = 0x60000000;	/* Z, C; EL0t */
	rig.cpu->sys.elr_el1 = USER;
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 10), 1);
	ck_assert_uint_eq(rig.cpu->r[0], 0x60000000);
	ck_assert_uint_eq(rig.cpu->r[1], 0x7770);
	ck_assert_uint_eq(rig.cpu->sys.spsr_el1, 0x60000000);
}
END_TEST

START_TEST(illegal_eret_to_el2_takes_illegal_state)
{
	put(RIG_RAM_BASE, &(uint32_t){ A64_ERET }, 1);
	rig.cpu->sys.spsr_el1 = 0x3c9;	/* EL2h: not implemented */
	rig.cpu->sys.elr_el1 = USER;
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 10), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_ILLEGAL_STATE);
	ck_assert_uint_eq(rig.cpu->sys.elr_el1, USER);
	ck_assert_uint_eq(rig.cpu->sys.spsr_el1, SPSR_EL1H_MASKED | PSTATE_IL);
	ck_assert_uint_eq(rig.cpu->pc, VBAR + 0x200);
	ck_assert_uint_eq(rig.cpu->el, 1);
}
END_TEST

START_TEST(illegal_eret_to_aarch32_and_el0_spx)
{
	static const uint32_t bad[] = { 0x10 /* AArch32 */, 0x1 /* EL0 with SPSel 1 */ };

	for (unsigned int i = 0; i < 2; i++) {
		put(RIG_RAM_BASE, &(uint32_t){ A64_ERET }, 1);
		rig.cpu->sys.spsr_el1 = bad[i];
		rig.cpu->sys.elr_el1 = USER;
		cpu_set_pstate(rig.cpu, SPSR_EL1H_MASKED);
		ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 10), 1);
		ck_assert_uint_eq(rig_ec(&rig), EC_ILLEGAL_STATE);
		ck_assert_uint_eq(rig.cpu->el, 1);
	}
}
END_TEST

START_TEST(el0_eret_and_el1_register_are_undefined)
{
	static const uint32_t eret[] = { A64_ERET };
	static const uint32_t mrs[] = { 0xd5381000 /* mrs x0, sctlr_el1 */ };
	static const uint32_t currentel[] = { 0xd538424d /* mrs x13, currentel */ };

	ck_assert_int_eq(run_user(eret, 1), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_UNKNOWN);
	ck_assert_uint_eq(rig.cpu->sys.elr_el1, USER);
	ck_assert_int_eq(run_user(mrs, 1), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_UNKNOWN);
	ck_assert_uint_eq(rig.cpu->sys.elr_el1, USER);
	ck_assert_int_eq(run_user(currentel, 1), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_UNKNOWN);
}
END_TEST

START_TEST(el0_wfi_traps_unless_ntwi)
{
	static const uint32_t code[] = { 0xd503207f /* wfi */, 0xd4000021 };

	ck_assert_int_eq(run_user(code, 2), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_WFX);
	ck_assert_uint_eq(iss(), 0x1e00000);
	ck_assert_uint_eq(rig.cpu->sys.elr_el1, USER);
}
END_TEST

START_TEST(el0_ctr_traps_unless_uct)
{
	static const uint32_t code[] = { 0xd53b0021 /* mrs x1, ctr_el0 */, 0xd4000021 };

	ck_assert_int_eq(run_user(code, 2), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_SYSREG);
	/* Op0 3, Op2 1, Op1 3, CRn 0, Rt 1, CRm 0, read */
	ck_assert_uint_eq(iss(), (3u << 20) | (1u << 17) | (3u << 14) | (1u << 5) | 1);

	rig.cpu->sys.sctlr_el1 |= SCTLR_UCT;
	ck_assert_int_eq(run_user(code, 2), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_SVC64);
	ck_assert_uint_eq(rig.cpu->r[1], 0x8444c004);
}
END_TEST

START_TEST(el0_daif_and_counter_access_follow_controls)
{
	static const uint32_t daif[] = { 0xd50342df /* msr daifset, #2 */, 0xd4000021 };
	static const uint32_t cnt[] = { 0xd53be043 /* mrs x3, cntvct_el0 */, 0xd4000021 };

	ck_assert_int_eq(run_user(daif, 2), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_SYSREG);
	ck_assert_int_eq(run_user(cnt, 2), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_SYSREG);

	rig.cpu->sys.sctlr_el1 |= SCTLR_UMA;
	rig.cpu->sys.cntkctl_el1 = 2;	/* EL0VCTEN */
	ck_assert_int_eq(run_user(daif, 2), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_SVC64);
	ck_assert_uint_eq(rig.cpu->sys.spsr_el1 & PSTATE_DAIF, PSTATE_I);
	ck_assert_int_eq(run_user(cnt, 2), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_SVC64);
}
END_TEST

START_TEST(smc_hvc_at_el0_and_pan_are_undefined)
{
	static const uint32_t smc[] = { 0xd4000003 /* smc #0 */ };
	static const uint32_t hvc[] = { 0xd4000002 /* hvc #0 */ };
	static const uint32_t pan[] = { 0xd500419f /* msr pan, #1 */ };

	put(RIG_RAM_BASE, smc, 1);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 10), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_UNKNOWN);
	ck_assert_int_eq(run_user(hvc, 1), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_UNKNOWN);
	cpu_set_pstate(rig.cpu, SPSR_EL1H_MASKED);
	put(RIG_RAM_BASE, pan, 1);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 10), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_UNKNOWN);
}
END_TEST

/* x0 = fid, x1..x3 = args; hvc #0; brk. Returns x0. */
static uint64_t psci3(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	static const uint32_t code[] = { 0xd4000002 /* hvc #0 */, A64_BRK_END };

	put(RIG_RAM_BASE, code, 2);
	rig.cpu->r[0] = fid;
	rig.cpu->r[1] = a1;
	rig.cpu->r[2] = a2;
	rig.cpu->r[3] = a3;
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 10), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_BRK64);
	cpu_set_pstate(rig.cpu, SPSR_EL1H_MASKED);
	return rig.cpu->r[0];
}

static uint64_t psci(uint64_t fid, uint64_t arg)
{
	return psci3(fid, arg, 0, 0);
}

/* CPU_ON_64 with its target, entry point and context id. */
static uint64_t psci_on(uint64_t target, uint64_t entry, uint64_t ctx)
{
	return psci3(PSCI_CPU_ON_64, target, entry, ctx);
}

START_TEST(psci_version_features_and_unknown_calls)
{
	ck_assert_uint_eq(psci(PSCI_VERSION, 0), 0x10000);
	ck_assert_uint_eq(psci(PSCI_FEATURES, PSCI_CPU_ON_64), 0);
	ck_assert_uint_eq(psci(PSCI_FEATURES, PSCI_SYSTEM_OFF), 0);
	ck_assert_uint_eq(psci(PSCI_FEATURES, 0x80000000 /* SMCCC_VERSION */),
			  (uint64_t)-1);
	ck_assert_uint_eq(psci(PSCI_MIGRATE_INFO_TYPE, 0), 2);
	ck_assert_uint_eq(psci(0xc2000000, 0), (uint64_t)-1);
}
END_TEST

/* CPU_SUSPEND waits like WFI: with an interrupt pending it returns at once. */
START_TEST(psci_cpu_suspend_is_standby)
{
	ck_assert_uint_eq(psci(PSCI_FEATURES, PSCI_CPU_SUSPEND_64), 0);
	atomic_store(&rig.cpu->irq_level, 1);	/* pending, masked by DAIF */
	ck_assert_uint_eq(psci(PSCI_CPU_SUSPEND_64, 0), 0);
	ck_assert(!rig.cpu->halted);
}
END_TEST

START_TEST(psci_cpu_on_and_affinity_info)
{
	uint64_t self = rig.cpu->mpidr;

	ck_assert_uint_eq(psci(PSCI_AFFINITY_INFO_64, self), 0);	/* ON */
	ck_assert_uint_eq(psci(PSCI_CPU_ON_64, self), (uint64_t)-4);	/* ALREADY_ON */
	ck_assert_uint_eq(psci(PSCI_CPU_ON_64, self + 5), (uint64_t)-2);	/* no such CPU */
}
END_TEST

/*
 * CPU_ON hands the boot over to the target: the caller's thread touches
 * none of the target's state (its registers, TLB and blocks belong to its
 * own thread, which may still be dropping blocks after its CPU_OFF);
 * the target boots itself at its next block boundary.
 */
START_TEST(psci_cpu_on_is_performed_by_the_target)
{
	static const uint32_t brk[] = { A64_BRK_END };
	const uint64_t entry = RIG_RAM_BASE + 0x2000, ctx = 0x1234;
	struct tcg_run_opts once = { .stop_on_exc = true };
	struct av_err err = { 0 };
	struct tcg_vcpu *v1 = calloc(1, sizeof(*v1));
	struct cpu_state *t;
	uint64_t target;

	ck_assert_ptr_nonnull(v1);
	ck_assert_msg(tcg_cpu_init(v1, &rig.tvm, 1, &err) == 0, "%s", err.msg);
	t = &v1->cpu;
	t->ram = &rig.ram;
	t->bus = &rig.bus;
	t->mpidr = rig.cpu->mpidr + 1;
	rig.tvm.vcpus[1] = v1;
	rig.tvm.ncpus = 2;
	tcg_cpu_reset(t);
	t->r[0] = 0xdead;
	target = t->mpidr & 0xffffff;
	put(entry, brk, 1);

	ck_assert_uint_eq(psci(PSCI_AFFINITY_INFO_64, target), 1);	/* OFF */
	ck_assert_uint_eq(psci_on(target, entry, ctx), 0);		/* SUCCESS */
	ck_assert_uint_eq(t->r[0], 0xdead);	/* untouched by the caller */
	ck_assert(!atomic_load(&t->powered_on));
	ck_assert(atomic_load(&t->exit_request) & EXIT_REQ_BOOT);
	ck_assert_uint_eq(psci(PSCI_AFFINITY_INFO_64, target), 2);	/* ON_PENDING */
	ck_assert_uint_eq(psci_on(target, entry, ctx), (uint64_t)-5);	/* ON_PENDING */

	ck_assert_int_eq(tcg_cpu_exec(t, &once), 1);	/* boots, runs to the BRK */
	ck_assert_uint_eq(t->r[0], ctx);
	ck_assert_uint_eq(t->sys.elr_el1, entry);
	ck_assert_uint_eq(psci(PSCI_AFFINITY_INFO_64, target), 0);	/* ON */

	rig.tvm.ncpus = 1;
	rig.tvm.vcpus[1] = NULL;
	tcg_cpu_fini(v1);
	free(v1);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("tcg_sys_exc");
	TCase *tc = tcase_create("exc");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, svc_at_el1h_enters_current_spx_vector);
	tcase_add_test(tc, brk_returns_to_itself_with_its_immediate);
	tcase_add_test(tc, svc_at_el1t_uses_sp0_vector_and_banks_sp);
	tcase_add_test(tc, svc_from_el0_enters_lower_el_vector);
	tcase_add_test(tc, eret_restores_flags_and_el0_sp);
	tcase_add_test(tc, illegal_eret_to_el2_takes_illegal_state);
	tcase_add_test(tc, illegal_eret_to_aarch32_and_el0_spx);
	tcase_add_test(tc, el0_eret_and_el1_register_are_undefined);
	tcase_add_test(tc, el0_wfi_traps_unless_ntwi);
	tcase_add_test(tc, el0_ctr_traps_unless_uct);
	tcase_add_test(tc, el0_daif_and_counter_access_follow_controls);
	tcase_add_test(tc, smc_hvc_at_el0_and_pan_are_undefined);
	tcase_add_test(tc, psci_version_features_and_unknown_calls);
	tcase_add_test(tc, psci_cpu_on_and_affinity_info);
	tcase_add_test(tc, psci_cpu_on_is_performed_by_the_target);
	tcase_add_test(tc, psci_cpu_suspend_is_standby);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(suite());
}
