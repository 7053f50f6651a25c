// SPDX-License-Identifier: GPL-2.0
/*
 * The emulated GIC (SYS): what a guest sees through the GICv2 MMIO
 * registers and the GICv3 distributor, redistributor and ICC_* system
 * registers: interrupts signalled to the CPU (cpu->irq_level), acknowledge
 * and EOI, priority masking, SGIs, routing, and refused configurations.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>

#include "../../accel-tcg/gic/gic.h"
#include "board.h"
#include "check_run.h"
#include "rig_check.h"

#define DIST	0x08000000ull
#define CPUIF	0x08010000ull
#define REDIST	0x080a0000ull
#define SGI_FRAME (REDIST + 0x10000)

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
}

static void teardown(void)
{
	gic_destroy(rig.tvm.gic);
	rig_fini(&rig);
}

static void create(int version)
{
	struct av_err err = { 0 };

	ck_assert_msg(gic_create(&rig.tvm, version, 1, &rig.bus, &err) == 0,
		      "gic: %s", err.msg);
}

static uint64_t rd(uint64_t addr, unsigned int size)
{
	uint64_t v = ~0ull;

	ck_assert_int_eq(mmio_bus_read(&rig.bus, addr, size, &v), 0);
	return v;
}

static void wr(uint64_t addr, unsigned int size, uint64_t v)
{
	ck_assert_int_eq(mmio_bus_write(&rig.bus, addr, size, v), 0);
}

static uint32_t irq_level(void)
{
	return atomic_load(&rig.cpu->irq_level);
}

/* GICv2: SPI 33 enabled at priority 0x80, both ends enabled, PMR 0xf0. */
static void v2_enable_spi33(void)
{
	create(2);
	wr(DIST + 0x000, 4, 1);			/* GICD_CTLR: group 0 */
	wr(CPUIF + 0x00, 4, 1);			/* GICC_CTLR */
	wr(CPUIF + 0x04, 4, 0xf0);		/* GICC_PMR */
	wr(DIST + 0x400 + 33, 1, 0x80);		/* IPRIORITYR byte */
	wr(DIST + 0x104, 4, 1u << 1);		/* ISENABLER1: INTID 33 */
}

START_TEST(v2_identification_registers)
{
	create(2);
	ck_assert_uint_eq(rd(DIST + 0x004, 4), GIC_NR_IRQS / 32 - 1);	/* 1 CPU */
	ck_assert_uint_eq(rd(DIST + 0xfe8, 4) >> 4 & 0xf, 2);		/* ArchRev */
	ck_assert_uint_eq(rd(DIST + 0x800, 4), 0x01010101);	/* own CPU, RO */
	ck_assert_int_eq(gic_version(rig.tvm.gic), 2);
}
END_TEST

START_TEST(v2_level_spi_ack_eoi_cycle)
{
	v2_enable_spi33();
	ck_assert_uint_eq(irq_level(), 0);
	gic_set_irq(rig.tvm.gic, 33, 1);
	ck_assert_uint_eq(irq_level(), 1);
	ck_assert_uint_eq(rd(CPUIF + 0x18, 4), 33);	/* HPPIR */
	ck_assert_uint_eq(rd(CPUIF + 0x0c, 4), 33);	/* IAR */
	ck_assert_uint_eq(irq_level(), 0);		/* active now */
	ck_assert_uint_eq(rd(CPUIF + 0x14, 4), 0x80);	/* RPR */
	ck_assert_uint_eq(rd(CPUIF + 0x0c, 4), 1023);	/* nothing else */
	wr(CPUIF + 0x10, 4, 33);			/* EOIR: line still high */
	ck_assert_uint_eq(irq_level(), 1);
	gic_set_irq(rig.tvm.gic, 33, 0);
	ck_assert_uint_eq(irq_level(), 0);
	ck_assert_uint_eq(rd(CPUIF + 0x14, 4), 0xff);	/* idle */
}
END_TEST

START_TEST(v2_priority_mask_and_disable_hold_it_back)
{
	v2_enable_spi33();
	wr(CPUIF + 0x04, 4, 0x80);			/* PMR == priority */
	gic_set_irq(rig.tvm.gic, 33, 1);
	ck_assert_uint_eq(irq_level(), 0);
	wr(CPUIF + 0x04, 4, 0x88);
	ck_assert_uint_eq(irq_level(), 1);
	wr(DIST + 0x184, 4, 1u << 1);			/* ICENABLER1 */
	ck_assert_uint_eq(irq_level(), 0);
	ck_assert_uint_eq(rd(DIST + 0x204, 4) & 2, 2);	/* still pending */
	wr(DIST + 0x104, 4, 1u << 1);
	wr(DIST + 0x000, 4, 0);				/* distributor off */
	ck_assert_uint_eq(irq_level(), 0);
}
END_TEST

START_TEST(v2_edge_spi_latches_a_pulse)
{
	v2_enable_spi33();
	wr(DIST + 0xc08, 4, 2u << 2);			/* ICFGR2: INTID 33 edge */
	gic_set_irq(rig.tvm.gic, 33, 1);
	gic_set_irq(rig.tvm.gic, 33, 0);
	ck_assert_uint_eq(irq_level(), 1);
	ck_assert_uint_eq(rd(CPUIF + 0x0c, 4), 33);
	wr(CPUIF + 0x10, 4, 33);
	ck_assert_uint_eq(irq_level(), 0);		/* consumed */
}
END_TEST

START_TEST(v2_sgi_to_self_reports_its_source)
{
	create(2);
	wr(DIST + 0x000, 4, 1);
	wr(CPUIF + 0x00, 4, 1);
	wr(CPUIF + 0x04, 4, 0xff);
	wr(DIST + 0x100, 4, 1u << 3);			/* enable SGI 3 */
	wr(DIST + 0xf00, 4, (2u << 24) | 3);		/* SGIR: self, SGI 3 */
	ck_assert_uint_eq(irq_level(), 1);
	ck_assert_uint_eq(rd(DIST + 0xf23, 1), 1);	/* SPENDSGIR, SGI 3: from CPU 0 */
	ck_assert_uint_eq(rd(CPUIF + 0x0c, 4), 3);	/* source CPU 0 in 12:10 */
	wr(CPUIF + 0x10, 4, 3);
	ck_assert_uint_eq(irq_level(), 0);
}
END_TEST

START_TEST(v2_byte_access_and_bad_sizes)
{
	create(2);
	wr(DIST + 0x400 + 34, 1, 0xa7);
	ck_assert_uint_eq(rd(DIST + 0x420, 4), 0xa0u << 16);	/* 5 priority bits */
	ck_assert_int_eq(mmio_bus_write(&rig.bus, CPUIF + 0x04, 1, 0), -EINVAL);
	ck_assert_uint_eq(rd(DIST + 0x1000 - 4, 4), 0xb1);	/* CIDR3 */
}
END_TEST

START_TEST(reset_returns_to_power_on_state)
{
	v2_enable_spi33();
	gic_set_irq(rig.tvm.gic, 33, 1);
	ck_assert_uint_eq(rd(CPUIF + 0x0c, 4), 33);	/* active, running prio */
	gic_reset(rig.tvm.gic);
	ck_assert_uint_eq(irq_level(), 0);
	ck_assert_uint_eq(rd(DIST + 0x000, 4), 0);
	ck_assert_uint_eq(rd(DIST + 0x104, 4), 0);	/* disabled */
	ck_assert_uint_eq(rd(CPUIF + 0x14, 4), 0xff);	/* idle */
	ck_assert_uint_eq(rd(DIST + 0x204, 4), 2);	/* line still high */
	wr(DIST + 0x000, 4, 1);
	wr(CPUIF + 0x00, 4, 1);
	wr(CPUIF + 0x04, 4, 0xf0);
	wr(DIST + 0x104, 4, 1u << 1);
	ck_assert_uint_eq(irq_level(), 1);
}
END_TEST

START_TEST(create_refuses_bad_configurations)
{
	struct av_err err = { 0 };

	ck_assert_int_eq(gic_create(&rig.tvm, 4, 1, &rig.bus, &err), -EINVAL);
	ck_assert_int_eq(gic_create(&rig.tvm, 2, 9, &rig.bus, &err), -EINVAL);
	ck_assert_int_eq(gic_create(&rig.tvm, 3, 0, &rig.bus, &err), -EINVAL);
	ck_assert_ptr_null(rig.tvm.gic);
}
END_TEST

/* GICv3: group 1 enabled everywhere, PMR 0xf0. */
static const uint32_t v3_init[] = {
	0xd518cce0,	/* msr icc_igrpen1_el1, x0 */
	0xd5184601,	/* msr icc_pmr_el1, x1 */
	A64_BRK_END,
};

static uint64_t run(const uint32_t *code, size_t n)
{
	put(RIG_RAM_BASE, code, n);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 100), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_BRK64);
	return rig.cpu->r[0];
}

static void v3_setup(void)
{
	create(3);
	wr(DIST + 0x0, 4, 2);				/* GICD_CTLR.EnableGrp1 */
	wr(REDIST + 0x14, 4, 0);			/* GICR_WAKER: awake */
	rig.cpu->r[0] = 1;
	rig.cpu->r[1] = 0xf0;
	run(v3_init, 3);
}

static const uint32_t iar1[] = { 0xd538cc00 /* mrs x0, icc_iar1_el1 */, A64_BRK_END };
static const uint32_t eoir1[] = { 0xd518cc20 /* msr icc_eoir1_el1, x0 */, A64_BRK_END };

START_TEST(v3_identification_registers)
{
	static const uint32_t code[] = {
		0xd5380404,	/* mrs x4, id_aa64pfr0_el1 */
		0xd538cca0,	/* mrs x0, icc_sre_el1 */
		A64_BRK_END,
	};

	v3_setup();
	ck_assert_uint_eq(rd(DIST + 0xffe8, 4) >> 4 & 0xf, 3);
	ck_assert_uint_eq(rd(DIST + 0x0, 4) & 0x10, 0x10);	/* ARE */
	ck_assert_uint_eq(rd(REDIST + 0x8, 8) & 0x10, 0x10);	/* Last */
	ck_assert_uint_eq(rd(REDIST + 0x14, 4), 0);		/* awake */
	ck_assert_uint_eq(run(code, 3), 7);
	ck_assert_uint_eq(rig.cpu->r[4] >> 24 & 0xf, 1);	/* GIC sysregs */
}
END_TEST

START_TEST(v3_ppi_through_redistributor_and_icc)
{
	v3_setup();
	wr(SGI_FRAME + 0x080, 4, 1u << 27);		/* IGROUPR0: group 1 */
	wr(SGI_FRAME + 0x400 + 27, 1, 0x20);
	wr(SGI_FRAME + 0x100, 4, 1u << 27);		/* ISENABLER0 */
	gic_set_ppi(rig.tvm.gic, 0, 27, 1);
	ck_assert_uint_eq(irq_level(), 1);
	ck_assert_uint_eq(run(iar1, 2), 27);
	ck_assert_uint_eq(irq_level(), 0);
	gic_set_ppi(rig.tvm.gic, 0, 27, 0);
	rig.cpu->r[0] = 27;
	run(eoir1, 2);
	ck_assert_uint_eq(rd(SGI_FRAME + 0x300, 4), 0);	/* not active */
	ck_assert_uint_eq(irq_level(), 0);
}
END_TEST

START_TEST(v3_spi_follows_irouter)
{
	v3_setup();
	wr(DIST + 0x084, 4, ~0u);			/* IGROUPR1: group 1 */
	wr(DIST + 0x104, 4, 1u << 8);			/* enable INTID 40 */
	wr(DIST + 0x6000 + 8 * 40, 8, 0x100);		/* Aff1 = 1: no such CPU */
	gic_set_irq(rig.tvm.gic, 40, 1);
	ck_assert_uint_eq(irq_level(), 1);		/* one CPU: it gets all */
	ck_assert_uint_eq(rd(DIST + 0x6000 + 8 * 40, 8), 0x100);
	ck_assert_uint_eq(rd(DIST + 0x6000 + 8 * 40 + 4, 4), 0);
	ck_assert_uint_eq(run(iar1, 2), 40);
}
END_TEST

START_TEST(v3_sgi1r_to_self)
{
	static const uint32_t sgi[] = { 0xd518cba0 /* msr icc_sgi1r_el1, x0 */, A64_BRK_END };

	v3_setup();
	wr(SGI_FRAME + 0x080, 4, ~0u);
	wr(SGI_FRAME + 0x100, 4, 1u << 5);
	rig.cpu->r[0] = (5ull << 24) | 1;		/* SGI 5 to Aff0 0 */
	run(sgi, 2);
	ck_assert_uint_eq(irq_level(), 1);
	ck_assert_uint_eq(run(iar1, 2), 5);
	rig.cpu->r[0] = 5;
	run(eoir1, 2);
	ck_assert_uint_eq(irq_level(), 0);
}
END_TEST

START_TEST(icc_registers_are_undefined_without_gicv3)
{
	static const uint32_t code[] = { 0xd5384600 /* mrs x0, icc_pmr_el1 */ };

	create(2);
	put(RIG_RAM_BASE, code, 1);
	ck_assert_int_eq(rig_run(&rig, RIG_RAM_BASE, 10), 1);
	ck_assert_uint_eq(rig_ec(&rig), EC_UNKNOWN);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("gic");
	TCase *tc = tcase_create("gic");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, v2_identification_registers);
	tcase_add_test(tc, v2_level_spi_ack_eoi_cycle);
	tcase_add_test(tc, v2_priority_mask_and_disable_hold_it_back);
	tcase_add_test(tc, v2_edge_spi_latches_a_pulse);
	tcase_add_test(tc, v2_sgi_to_self_reports_its_source);
	tcase_add_test(tc, v2_byte_access_and_bad_sizes);
	tcase_add_test(tc, reset_returns_to_power_on_state);
	tcase_add_test(tc, create_refuses_bad_configurations);
	tcase_add_test(tc, v3_identification_registers);
	tcase_add_test(tc, v3_ppi_through_redistributor_and_icc);
	tcase_add_test(tc, v3_spi_follows_irouter);
	tcase_add_test(tc, v3_sgi1r_to_self);
	tcase_add_test(tc, icc_registers_are_undefined_without_gicv3);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(suite());
}
