// SPDX-License-Identifier: GPL-2.0
/*
 * The PL061 as Linux's gpio-pl061 and gpio-keys drive it (byte accesses):
 * the PrimeCell ID the amba bus probes, GPIODATA's address mask, edge
 * interrupts on both edges latched until GPIOIC, level interrupts that
 * follow the line, and hostile accesses (misaligned, oversized) refused.
 */
#include <check.h>

#include "check_run.h"
#include "devices.h"

struct irq_rec {
	int level;
	int changes;
};

static void rec_set(void *opaque, unsigned int intid, int level)
{
	struct irq_rec *r = opaque;

	(void)intid;
	r->changes += r->level != level;
	r->level = level;
}

static struct irq_rec rec;
static struct pl061 *g;

static void setup(void)
{
	struct irq_line irq = { .set = rec_set, .opaque = &rec, .intid = 39 };
	struct av_err err = { 0 };

	rec = (struct irq_rec){ 0 };
	g = pl061_create(&irq, &err);
	ck_assert_ptr_nonnull(g);
}

static void teardown(void)
{
	pl061_destroy(g);
}

static uint64_t rd(uint64_t off)
{
	uint64_t v = ~0ull;

	ck_assert_int_eq(pl061_mmio_ops.read(g, off, 1, &v), 0);
	return v;
}

static void wr(uint64_t off, uint64_t v)
{
	ck_assert_int_eq(pl061_mmio_ops.write(g, off, 1, v), 0);
}

START_TEST(primecell_id)
{
	static const uint8_t id[8] = { 0x61, 0x10, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

	for (int i = 0; i < 8; i++)
		ck_assert_uint_eq(rd(0xfe0 + 4 * i), id[i]);
}
END_TEST

START_TEST(data_mask_and_direction)
{
	wr(0x400, 0x0f);		/* lines 0-3 outputs */
	wr(0x3fc, 0xff);		/* all lines through the mask */
	ck_assert_uint_eq(rd(0x3fc), 0x0f);	/* inputs read the board: 0 */
	wr(0x3fc, 0x00);
	wr(0x4 << 2, 0xff);		/* mask 0x04: only line 2 */
	ck_assert_uint_eq(rd(0x3fc), 0x04);
	ck_assert_uint_eq(rd(0x01 << 2), 0x00);	/* read mask: line 0 only */
	pl061_set_input(g, 5, true);
	ck_assert_uint_eq(rd(0x3fc), 0x24);
	pl061_set_input(g, 2, false);	/* an output: the guest's value stands */
	ck_assert_uint_eq(rd(0x3fc), 0x24);
}
END_TEST

/* gpio-keys: both edges, each latched until cleared. */
START_TEST(both_edges_latch_until_cleared)
{
	wr(0x408, 0x08);		/* IBE line 3 */
	wr(0x410, 0x08);		/* IE */
	pl061_set_input(g, 3, true);
	ck_assert_int_eq(rec.level, 1);
	ck_assert_uint_eq(rd(0x414), 0x08);
	ck_assert_uint_eq(rd(0x418), 0x08);
	wr(0x41c, 0x08);
	ck_assert_int_eq(rec.level, 0);
	ck_assert_uint_eq(rd(0x414), 0);
	pl061_set_input(g, 3, false);
	ck_assert_int_eq(rec.level, 1);
	wr(0x41c, 0xff);
	ck_assert_int_eq(rec.level, 0);
	/* No edge: nothing latches. */
	pl061_set_input(g, 3, false);
	ck_assert_int_eq(rec.level, 0);
}
END_TEST

START_TEST(single_edge_and_mask)
{
	wr(0x40c, 0x01);		/* IEV line 0: rising only */
	pl061_set_input(g, 0, true);
	ck_assert_uint_eq(rd(0x414), 0x01);
	ck_assert_int_eq(rec.level, 0);	/* not enabled */
	wr(0x410, 0x01);
	ck_assert_int_eq(rec.level, 1);
	wr(0x41c, 0x01);
	pl061_set_input(g, 0, false);	/* falling: ignored */
	ck_assert_uint_eq(rd(0x414), 0);
	ck_assert_int_eq(rec.level, 0);
}
END_TEST

START_TEST(level_follows_the_line)
{
	wr(0x404, 0x02);		/* IS line 1: level */
	wr(0x40c, 0x02);		/* high */
	wr(0x410, 0x02);
	ck_assert_int_eq(rec.level, 0);
	pl061_set_input(g, 1, true);
	ck_assert_int_eq(rec.level, 1);
	wr(0x41c, 0x02);		/* IC does not clear a level */
	ck_assert_int_eq(rec.level, 1);
	pl061_set_input(g, 1, false);
	ck_assert_int_eq(rec.level, 0);
	pl061_reset(g);
	ck_assert_uint_eq(rd(0x404), 0);
	ck_assert_uint_eq(rd(0x410), 0);
}
END_TEST

START_TEST(hostile_accesses)
{
	uint64_t v;

	ck_assert_int_lt(pl061_mmio_ops.read(g, 0x401, 1, &v), 0);
	ck_assert_int_lt(pl061_mmio_ops.write(g, 0x402, 2, 1), 0);
	ck_assert_int_lt(pl061_mmio_ops.read(g, 0x400, 8, &v), 0);
	ck_assert_int_eq(pl061_mmio_ops.write(g, 0xffc, 4, ~0ull), 0);	/* ID: read only */
	ck_assert_uint_eq(rd(0xffc), 0xb1);
	ck_assert_int_eq(pl061_mmio_ops.write(g, 0x800, 4, ~0ull), 0);	/* unassigned */
	ck_assert_uint_eq(rd(0x800), 0);
	pl061_set_input(g, 8, true);	/* no such line */
	pl061_set_input(g, ~0u, true);
	ck_assert_uint_eq(rd(0x3fc), 0);
}
END_TEST

static Suite *pl061_suite(void)
{
	Suite *s = suite_create("pl061");
	TCase *tc = tcase_create("gpio");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, primecell_id);
	tcase_add_test(tc, data_mask_and_direction);
	tcase_add_test(tc, both_edges_latch_until_cleared);
	tcase_add_test(tc, single_edge_and_mask);
	tcase_add_test(tc, level_follows_the_line);
	tcase_add_test(tc, hostile_accesses);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(pl061_suite());
}
