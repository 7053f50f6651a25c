// SPDX-License-Identifier: GPL-2.0
/*
 * Device state in snapshots (docs/snapshot.md, "DEVS"): a PL011 with
 * characters waiting in its RX FIFO and a PL061 with a latched edge are
 * saved and loaded into fresh devices, which then behave as the old ones
 * would (same characters in order, same interrupt level); hostile
 * records (a FIFO count beyond the FIFO, more entries than the
 * non-FIFO mode holds, a record cut short) are refused and leave the
 * FIFO empty.
 */
#include <check.h>
#include <errno.h>

#include "check_run.h"
#include "devices.h"
#include "snap_stream.h"

struct irq_rec {
	int level;
};

static void rec_set(void *opaque, unsigned int intid, int level)
{
	(void)intid;
	((struct irq_rec *)opaque)->level = level;
}

static struct irq_rec irq_a, irq_b;

static struct pl011 *uart_new(struct irq_rec *r)
{
	struct irq_line line = { .set = rec_set, .opaque = r, .intid = 33 };
	struct av_err err = { 0 };
	struct pl011 *u = pl011_create(&line, NULL, &err);

	ck_assert_ptr_nonnull(u);
	return u;
}

static uint64_t uart_rd(struct pl011 *u, uint64_t off)
{
	uint64_t v = 0;

	ck_assert_int_eq(pl011_mmio_ops.read(u, off, 4, &v), 0);
	return v;
}

static void uart_wr(struct pl011 *u, uint64_t off, uint64_t v)
{
	ck_assert_int_eq(pl011_mmio_ops.write(u, off, 4, v), 0);
}

START_TEST(pl011_fifo_round_trip)
{
	struct pl011 *a = uart_new(&irq_a), *b = uart_new(&irq_b);
	struct snap_wbuf w = { 0 };
	struct snap_rbuf r;
	struct av_err err = { 0 };

	uart_wr(a, 0x2c, 0x70);		/* LCR_H: FIFOs on, 8 bits */
	uart_wr(a, 0x30, 0x301);	/* CR: UARTEN, TXE, RXE */
	uart_wr(a, 0x38, 0x50);		/* IMSC: RX and RT */
	ck_assert_uint_eq(pl011_receive(a, (const uint8_t *)"hello", 5), 5);
	uart_rd(a, 0x00);		/* the guest took 'h' already */
	pl011_snap_save(a, &w);
	snap_rbuf_init(&r, w.buf, w.len);
	ck_assert_msg(pl011_snap_load(b, &r, &err) == 0, "%s", err.msg);
	ck_assert(snap_rbuf_done(&r));
	ck_assert_int_eq(irq_b.level, irq_a.level);
	for (const char *c = "ello"; *c; c++)
		ck_assert_uint_eq(uart_rd(b, 0x00) & 0xff, (uint8_t)*c);
	ck_assert_uint_ne(uart_rd(b, 0x18) & 0x10, 0);	/* FR.RXFE: now empty */
	ck_assert_uint_eq(uart_rd(b, 0x2c), 0x70);
	snap_wbuf_free(&w);
	pl011_destroy(a);
	pl011_destroy(b);
}
END_TEST

START_TEST(pl011_hostile_records)
{
	struct pl011 *u = uart_new(&irq_a);
	struct snap_wbuf w = { 0 };
	struct snap_rbuf r;
	struct av_err err = { 0 };

	snap_put_u32(&w, 33);			/* more than the 32-entry FIFO */
	snap_rbuf_init(&r, w.buf, w.len);
	ck_assert_int_eq(pl011_snap_load(u, &r, &err), -EINVAL);
	ck_assert_uint_ne(uart_rd(u, 0x18) & 0x10, 0);

	w.len = 0;				/* 20 entries with FIFOs off (16 deep) */
	snap_put_u32(&w, 20);
	for (int i = 0; i < 20; i++)
		snap_put_u16(&w, 'a');
	for (int i = 0; i < 9; i++)
		snap_put_u32(&w, i == 5 ? 0x301 : 0);
	snap_put_u8(&w, 0);
	snap_put_u32(&w, 0);
	snap_rbuf_init(&r, w.buf, w.len);
	ck_assert_int_eq(pl011_snap_load(u, &r, &err), -EINVAL);
	ck_assert_uint_ne(uart_rd(u, 0x18) & 0x10, 0);

	snap_rbuf_init(&r, w.buf, 10);		/* cut short */
	ck_assert_int_eq(pl011_snap_load(u, &r, &err), -EINVAL);
	ck_assert_uint_ne(uart_rd(u, 0x18) & 0x10, 0);
	snap_wbuf_free(&w);
	pl011_destroy(u);
}
END_TEST

START_TEST(pl061_round_trip)
{
	struct irq_line la = { .set = rec_set, .opaque = &irq_a, .intid = 39 };
	struct irq_line lb = { .set = rec_set, .opaque = &irq_b, .intid = 39 };
	struct av_err err = { 0 };
	struct pl061 *a = pl061_create(&la, &err), *b = pl061_create(&lb, &err);
	struct snap_wbuf w = { 0 };
	struct snap_rbuf r;

	irq_a.level = irq_b.level = 0;
	ck_assert_int_eq(pl061_mmio_ops.write(a, 0x40c, 1, 0x08), 0);	/* IEV: rising */
	ck_assert_int_eq(pl061_mmio_ops.write(a, 0x410, 1, 0x08), 0);	/* IE line 3 */
	pl061_set_input(a, 3, true);				/* latched */
	ck_assert_int_eq(irq_a.level, 1);
	pl061_snap_save(a, &w);
	snap_rbuf_init(&r, w.buf, w.len);
	ck_assert_int_eq(pl061_snap_load(b, &r, &err), 0);
	ck_assert_int_eq(irq_b.level, 1);
	ck_assert_int_eq(pl061_mmio_ops.write(b, 0x41c, 1, 0x08), 0);	/* IC */
	ck_assert_int_eq(irq_b.level, 0);
	snap_rbuf_init(&r, w.buf, 4);
	ck_assert_int_eq(pl061_snap_load(b, &r, &err), -EINVAL);
	snap_wbuf_free(&w);
	pl061_destroy(a);
	pl061_destroy(b);
}
END_TEST

static Suite *snapshot_devs_suite(void)
{
	Suite *s = suite_create("snapshot_devs");
	TCase *tc = tcase_create("devices");

	tcase_add_test(tc, pl011_fifo_round_trip);
	tcase_add_test(tc, pl011_hostile_records);
	tcase_add_test(tc, pl061_round_trip);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(snapshot_devs_suite());
}
