// SPDX-License-Identifier: GPL-2.0
/*
 * The generic timer (SYS) with its per-VM thread and a GICv3: a virtual
 * timer programmed by the guest raises PPI 27 at the CPU by itself,
 * IMASK and disabling drop it, a far deadline does not fire early.
 */
#include <check.h>
#include <stdlib.h>
#include <time.h>

#include "../../accel-tcg/gic/gic.h"
#include "../../accel-tcg/sys/sys.h"
#include "check_run.h"
#include "tcg_rig.h"

#define REDIST_SGI	0x080b0000ull

static struct tcg_rig rig;

static void put(uint64_t pa, const uint32_t *code, size_t n)
{
	rig_put(&rig, pa, code, n);
	tb_invalidate_phys_page(&rig.tvm, pa);
}

/* x0 = CVAL offset from now, x1 = CTL; mrs/add/msr cval; msr ctl. */
static const uint32_t program_vtimer[] = {
	0xd53be048,	/* mrs x8, cntvct_el0 */
	0x8b000109,	/* add x9, x8, x0 */
	0xd51be349,	/* msr cntv_cval_el0, x9 */
	0xd51be321,	/* msr cntv_ctl_el0, x1 */
	A64_BRK_END,
};

static void run(const uint32_t *code, size_t n)
{
	put(RIG_RAM_BASE, code, n);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 100), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_BRK64);
}

static void setup(void)
{
	static const uint32_t icc[] = {
		0xd518cce0,	/* msr icc_igrpen1_el1, x0 */
		0xd5184601,	/* msr icc_pmr_el1, x1 */
		A64_BRK_END,
	};
	struct av_err err = { 0 };

	ck_assert_msg(rig_init(&rig, &err) == 0, "rig: %s", err.msg);
	ck_assert_int_eq(gic_create(&rig.tvm, 3, 1, &rig.bus, &err), 0);
	ck_assert_int_eq(vtimer_create(&rig.tvm, &err), 0);
	mmio_bus_write(&rig.bus, 0x08000000, 4, 2);		/* GICD: group 1 */
	mmio_bus_write(&rig.bus, REDIST_SGI + 0x080, 4, ~0u);	/* group 1 */
	mmio_bus_write(&rig.bus, REDIST_SGI + 0x100, 4, 1u << 27);
	rig.cpu->r[0] = 1;
	rig.cpu->r[1] = 0xff;
	run(icc, 3);
}

static void teardown(void)
{
	vtimer_destroy(rig.tvm.vtimer);
	gic_destroy(rig.tvm.gic);
	rig_fini(&rig);
}

/* Wait (sleeping, bounded) until the IRQ output is level. */
static bool wait_level(uint32_t level)
{
	struct timespec ts = { 0, 1000000 };

	for (int i = 0; i < 10000; i++) {
		if (atomic_load(&rig.cpu->irq_level) == level)
			return true;
		nanosleep(&ts, NULL);
	}
	return false;
}

START_TEST(virtual_timer_fires_ppi27_on_its_own)
{
	uint64_t pend = 0;

	rig.cpu->r[0] = 62500;	/* 1 ms */
	rig.cpu->r[1] = 1;	/* ENABLE */
	run(program_vtimer, 5);
	ck_assert(wait_level(1));
	ck_assert_int_eq(mmio_bus_read(&rig.bus, REDIST_SGI + 0x200, 4, &pend), 0);
	ck_assert_uint_eq(pend, 1u << 27);	/* GICR_ISPENDR0 */
}
END_TEST

START_TEST(imask_and_disable_drop_the_line)
{
	rig.cpu->r[0] = 0;	/* due now */
	rig.cpu->r[1] = 1;
	run(program_vtimer, 5);
	ck_assert(wait_level(1));
	rig.cpu->r[1] = 3;	/* IMASK */
	run(program_vtimer, 5);
	ck_assert_uint_eq(atomic_load(&rig.cpu->irq_level), 0);
	rig.cpu->r[1] = 1;
	run(program_vtimer, 5);
	ck_assert(wait_level(1));
	rig.cpu->r[1] = 0;	/* disabled */
	run(program_vtimer, 5);
	ck_assert_uint_eq(atomic_load(&rig.cpu->irq_level), 0);
}
END_TEST

START_TEST(far_deadline_does_not_fire)
{
	rig.cpu->r[0] = 62500000ull * 3600;	/* an hour */
	rig.cpu->r[1] = 1;
	run(program_vtimer, 5);
	ck_assert_uint_eq(atomic_load(&rig.cpu->irq_level), 0);
	rig.cpu->r[0] = 0;	/* moved to now: the thread must notice */
	run(program_vtimer, 5);
	ck_assert(wait_level(1));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("timer");
	TCase *tc = tcase_create("timer");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, virtual_timer_fires_ppi27_on_its_own);
	tcase_add_test(tc, imask_and_disable_drop_the_line);
	tcase_add_test(tc, far_deadline_does_not_fire);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(suite());
}
