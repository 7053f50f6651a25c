// SPDX-License-Identifier: GPL-2.0
/*
 * The GICv2m MSI frame (devices/platform/gicv2m.c) as Linux's irq-gic-v2m.c uses
 * it: MSI_TYPER gives QEMU's SPI range, a write of an INTID to
 * MSI_SETSPI_NS pulses that SPI (and the emulated GICv2 latches it as an
 * edge), and hostile writes (SPIs outside the frame, odd sizes and
 * offsets) change nothing.
 */
#include <check.h>
#include <errno.h>

#include "../../accel-tcg/gic/gic.h"
#include "board.h"
#include "check_run.h"
#include "gicv2m.h"
#include "tcg_rig.h"

#define V2M	0x08020000ull
#define DIST	0x08000000ull
#define CPUIF	0x08010000ull

/* Every level change the frame makes, in order. */
struct calls {
	unsigned int n;
	unsigned int intid[8];
	int level[8];
};

static void record(void *opaque, unsigned int intid, int level)
{
	struct calls *c = opaque;

	if (c->n < 8) {
		c->intid[c->n] = intid;
		c->level[c->n] = level;
	}
	c->n++;
}

static struct gicv2m *frame(struct calls *c)
{
	struct irq_line irq = { record, c, 0 };
	struct av_err err = { 0 };
	struct gicv2m *m = gicv2m_create(&irq, 80, VIRT_GICV2M_NUM_SPIS, &err);

	ck_assert_msg(m != NULL, "%s", err.msg);
	return m;
}

static uint64_t rd(struct gicv2m *m, uint64_t off, unsigned int size)
{
	uint64_t v = ~0ull;

	ck_assert_int_eq(gicv2m_mmio_ops.read(m, off, size, &v), 0);
	return v;
}

START_TEST(typer_and_iidr_as_linux_reads_them)
{
	struct calls c = { 0 };
	struct gicv2m *m = frame(&c);

	/* Base INTID 25:16, count 9:0: "SPI[80:143]" in the guest's log. */
	ck_assert_uint_eq(rd(m, GICV2M_MSI_TYPER, 4), 80u << 16 | 64);
	ck_assert_uint_eq(rd(m, GICV2M_MSI_IIDR, 4), 0x51u << 20);
	ck_assert_uint_eq(rd(m, 0xfd0, 4), 0);
	ck_assert_uint_eq(rd(m, GICV2M_MSI_TYPER, 1), 0);	/* bad size */
	gicv2m_destroy(m);
}
END_TEST

START_TEST(setspi_pulses_the_spi)
{
	struct calls c = { 0 };
	struct gicv2m *m = frame(&c);

	ck_assert_int_eq(gicv2m_mmio_ops.write(m, GICV2M_MSI_SETSPI_NS, 4, 81), 0);
	ck_assert_uint_eq(c.n, 2);
	ck_assert_uint_eq(c.intid[0], 81);
	ck_assert_int_eq(c.level[0], 1);
	ck_assert_uint_eq(c.intid[1], 81);
	ck_assert_int_eq(c.level[1], 0);
	gicv2m_mmio_ops.write(m, GICV2M_MSI_SETSPI_NS, 2, 143 | 0xfc00);	/* 9:0 only */
	ck_assert_uint_eq(c.n, 4);
	ck_assert_uint_eq(c.intid[2], 143);
	gicv2m_destroy(m);
}
END_TEST

START_TEST(hostile_writes_change_nothing)
{
	struct calls c = { 0 };
	struct gicv2m *m = frame(&c);

	gicv2m_mmio_ops.write(m, GICV2M_MSI_SETSPI_NS, 4, 79);		/* below */
	gicv2m_mmio_ops.write(m, GICV2M_MSI_SETSPI_NS, 4, 144);		/* above */
	gicv2m_mmio_ops.write(m, GICV2M_MSI_SETSPI_NS, 4, 1023);
	gicv2m_mmio_ops.write(m, GICV2M_MSI_SETSPI_NS, 1, 81);		/* size */
	gicv2m_mmio_ops.write(m, GICV2M_MSI_SETSPI_NS, 8, 81);
	gicv2m_mmio_ops.write(m, GICV2M_MSI_TYPER, 4, 81);		/* RO */
	gicv2m_mmio_ops.write(m, 0xffc, 4, ~0ull);
	ck_assert_uint_eq(c.n, 0);
	ck_assert_uint_eq(rd(m, GICV2M_MSI_TYPER, 4), 80u << 16 | 64);
	gicv2m_destroy(m);
}
END_TEST

START_TEST(create_refuses_ranges_a_gicv2_cannot_have)
{
	struct irq_line irq = { record, NULL, 0 };
	struct av_err err = { 0 };

	ck_assert_ptr_null(gicv2m_create(&irq, 16, 64, &err));	/* PPIs */
	ck_assert_int_eq(err.code, EINVAL);
	ck_assert_ptr_null(gicv2m_create(&irq, 1000, 64, &err));	/* past 1019 */
	ck_assert_ptr_null(gicv2m_create(&irq, 80, 0, &err));
	ck_assert_ptr_null(gicv2m_create(&irq, 80, 129, &err));
}
END_TEST

static void to_gic(void *opaque, unsigned int intid, int level)
{
	gic_set_irq(opaque, intid, level);
}

/*
 * Through the board's bus into the emulated GICv2, as msi_send does: the
 * SPI, configured edge-triggered as Linux does for v2m SPIs, latches the
 * pulse and is signalled, acknowledged and ended like any SPI.
 */
START_TEST(msi_reaches_the_gicv2_as_an_edge)
{
	struct tcg_rig rig;
	struct av_err err = { 0 };
	struct irq_line irq;
	struct gicv2m *m;
	uint64_t v;

	ck_assert_msg(rig_init(&rig, &err) == 0, "rig: %s", err.msg);
	ck_assert_int_eq(gic_create(&rig.tvm, 2, 1, &rig.bus, &err), 0);
	irq = (struct irq_line){ to_gic, rig.tvm.gic, 0 };
	m = gicv2m_create(&irq, 80, 64, &err);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(mmio_bus_add(&rig.bus, V2M, 0x1000, &gicv2m_mmio_ops, m,
				      "gic-v2m", &err), 0);
	mmio_bus_write(&rig.bus, DIST + 0x000, 4, 1);		/* GICD_CTLR */
	mmio_bus_write(&rig.bus, CPUIF + 0x00, 4, 1);		/* GICC_CTLR */
	mmio_bus_write(&rig.bus, CPUIF + 0x04, 4, 0xf0);	/* GICC_PMR */
	mmio_bus_write(&rig.bus, DIST + 0x400 + 90, 1, 0x80);
	mmio_bus_write(&rig.bus, DIST + 0xc00 + 90 / 16 * 4, 4, 2u << (90 % 16 * 2));
	mmio_bus_write(&rig.bus, DIST + 0x100 + 90 / 32 * 4, 4, 1u << (90 % 32));
	ck_assert_int_eq(gicv2m_msi_send(&rig.bus, V2M + 0x40, 90), 0);
	ck_assert_uint_eq(atomic_load(&rig.cpu->irq_level), 1);
	mmio_bus_read(&rig.bus, CPUIF + 0x0c, 4, &v);		/* GICC_IAR */
	ck_assert_uint_eq(v, 90);
	mmio_bus_write(&rig.bus, CPUIF + 0x10, 4, 90);		/* GICC_EOIR */
	ck_assert_uint_eq(atomic_load(&rig.cpu->irq_level), 0);
	ck_assert_int_eq(gicv2m_msi_send(&rig.bus, V2M + 0x44, 90), -ENODEV);
	ck_assert_int_eq(gicv2m_msi_send(&rig.bus, 0x08080000 + 0x10040, 90), -ENODEV);
	gic_destroy(rig.tvm.gic);
	gicv2m_destroy(m);
	rig_fini(&rig);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("gicv2m");
	TCase *tc = tcase_create("gicv2m");

	tcase_add_test(tc, typer_and_iidr_as_linux_reads_them);
	tcase_add_test(tc, setspi_pulses_the_spi);
	tcase_add_test(tc, hostile_writes_change_nothing);
	tcase_add_test(tc, create_refuses_ranges_a_gicv2_cannot_have);
	tcase_add_test(tc, msi_reaches_the_gicv2_as_an_edge);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(suite());
}
