// SPDX-License-Identifier: GPL-2.0
/*
 * PL011 through the MMIO bus, as a guest sees it: register values after
 * reset, FIFO flags, interrupts on the line, transmit to the chardev.
 * Register facts from ARM DDI 0183G.
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "chardev.h"
#include "check_run.h"
#include "devices.h"
#include "mmio.h"

#define BASE	0x09000000ULL
#define DR	0x000
#define RSR	0x004
#define FR	0x018
#define ILPR	0x020
#define IBRD	0x024
#define FBRD	0x028
#define LCR_H	0x02c
#define CR	0x030
#define IFLS	0x034
#define IMSC	0x038
#define RIS	0x03c
#define MIS	0x040
#define ICR	0x044
#define DMACR	0x048

#define FR_RXFE	0x10
#define FR_TXFF	0x20
#define FR_RXFF	0x40
#define FR_TXFE	0x80
#define FEN	0x10
#define RXI	0x10
#define TXI	0x20
#define RTI	0x40
#define INTID	33

/* A chardev that keeps what the UART sends. */
struct capture {
	struct chardev chr;
	uint8_t buf[256];
	size_t len;
};

static void capture_write(struct chardev *chr, const uint8_t *buf, size_t len)
{
	struct capture *c = (struct capture *)chr;

	while (len-- && c->len < sizeof(c->buf))
		c->buf[c->len++] = *buf++;
}

static const struct chardev_ops capture_ops = { .write = capture_write };

/* An irq line that remembers its level and how often it was set. */
struct irq_probe {
	int level;
	unsigned int intid;
	int calls;
};

static void probe_set(void *opaque, unsigned int intid, int level)
{
	struct irq_probe *p = opaque;

	p->intid = intid;
	p->level = level;
	p->calls++;
}

static struct mmio_bus bus;
static struct capture out;
static struct irq_probe irq;
static struct pl011 *uart;

static void setup(void)
{
	struct irq_line line = { .set = probe_set, .opaque = &irq, .intid = INTID };
	struct av_err err = { 0 };

	memset(&out, 0, sizeof(out));
	memset(&irq, 0, sizeof(irq));
	out.chr.ops = &capture_ops;
	out.chr.in_fd = -1;
	mmio_bus_init(&bus);
	uart = pl011_create(&line, &out.chr, &err);
	ck_assert_msg(uart, "pl011_create: %s", err.msg);
	ck_assert_int_eq(mmio_bus_add(&bus, BASE, 0x1000, &pl011_mmio_ops, uart,
				      "pl011", &err), 0);
}

static void teardown(void)
{
	pl011_destroy(uart);
}

static uint64_t rd_size(uint64_t off, unsigned int size)
{
	uint64_t v = 0xdead;

	ck_assert_int_eq(mmio_bus_read(&bus, BASE + off, size, &v), 0);
	return v;
}

static uint64_t rd(uint64_t off)
{
	return rd_size(off, 4);
}

static void wr(uint64_t off, uint64_t val)
{
	ck_assert_int_eq(mmio_bus_write(&bus, BASE + off, 4, val), 0);
}

static void feed(const char *s, size_t expect_taken)
{
	ck_assert_uint_eq(pl011_receive(uart, (const uint8_t *)s, strlen(s)),
			  expect_taken);
}

START_TEST(reset_values)
{
	ck_assert_uint_eq(rd(FR), FR_TXFE | FR_RXFE);
	ck_assert_uint_eq(rd(CR), 0x300);
	ck_assert_uint_eq(rd(IFLS), 0x12);
	ck_assert_uint_eq(rd(RSR), 0);
	ck_assert_uint_eq(rd(ILPR), 0);
	ck_assert_uint_eq(rd(IBRD), 0);
	ck_assert_uint_eq(rd(FBRD), 0);
	ck_assert_uint_eq(rd(LCR_H), 0);
	ck_assert_uint_eq(rd(IMSC), 0);
	ck_assert_uint_eq(rd(RIS), 0);
	ck_assert_uint_eq(rd(MIS), 0);
	ck_assert_uint_eq(rd(DMACR), 0);
	ck_assert_int_eq(irq.level, 0);
	ck_assert_uint_eq(pl011_rx_room(uart), 16);
}
END_TEST

/* Linux's AMBA bus reads these to bind amba-pl011 (periph id 0x00141011). */
START_TEST(primecell_ids)
{
	uint32_t periph = 0, cell = 0;
	int i;

	for (i = 0; i < 4; i++) {
		periph |= (uint32_t)(rd(0xfe0 + 4 * i) & 0xff) << (8 * i);
		cell |= (uint32_t)(rd(0xff0 + 4 * i) & 0xff) << (8 * i);
	}
	ck_assert_uint_eq(periph, 0x00141011);
	ck_assert_uint_eq(cell, 0xb105f00d);
	ck_assert_int_eq(mmio_bus_write(&bus, BASE + 0xfe0, 4, 0), -EINVAL);
}
END_TEST

/* earlycon writes DR with a byte store before the UART is enabled. */
START_TEST(tx_before_enable)
{
	wr(CR, 0);
	ck_assert_int_eq(mmio_bus_write(&bus, BASE + DR, 1, 'h'), 0);
	wr(DR, 0x1769);			/* only bits 7:0 are data */
	ck_assert_uint_eq(out.len, 2);
	ck_assert_mem_eq(out.buf, "hi", 2);
	ck_assert_uint_eq(rd(FR) & (FR_TXFE | FR_TXFF), FR_TXFE);
}
END_TEST

START_TEST(rx_fifo_flags_no_fen)
{
	char want[17];
	int i;

	feed("a", 1);
	ck_assert_uint_eq(rd(FR) & (FR_RXFE | FR_RXFF), 0);
	feed("bcdefghijklmnop", 15);
	ck_assert_uint_eq(rd(FR) & FR_RXFF, FR_RXFF);
	ck_assert_uint_eq(pl011_rx_room(uart), 0);
	/* Full: nothing more is taken, what is in stays intact. */
	feed("XYZ", 0);
	for (i = 0; i < 16; i++)
		want[i] = (char)rd(DR);
	want[16] = 0;
	ck_assert_str_eq(want, "abcdefghijklmnop");
	ck_assert_uint_eq(rd(FR) & (FR_RXFE | FR_RXFF), FR_RXFE);
	ck_assert_uint_eq(rd(RSR), 0);
	ck_assert_uint_eq(pl011_rx_room(uart), 16);
}
END_TEST

START_TEST(rx_fifo_32_with_fen)
{
	static const char s[] = "0123456789abcdefghijklmnopqrstuvwxyzABCD";
	int i;

	wr(LCR_H, FEN | 0x60);
	ck_assert_uint_eq(pl011_rx_room(uart), 32);
	ck_assert_uint_eq(pl011_receive(uart, (const uint8_t *)s, 40), 32);
	ck_assert_uint_eq(rd(FR) & FR_RXFF, FR_RXFF);
	for (i = 0; i < 32; i++)
		ck_assert_uint_eq(rd(DR), (uint8_t)s[i]);
	ck_assert_uint_eq(rd(FR) & FR_RXFE, FR_RXFE);
}
END_TEST

START_TEST(rx_irq_char_mode)
{
	wr(IMSC, RXI);
	feed("k", 1);
	ck_assert_uint_eq(rd(RIS) & RXI, RXI);
	ck_assert_uint_eq(rd(MIS), RXI);
	ck_assert_int_eq(irq.level, 1);
	ck_assert_uint_eq(irq.intid, INTID);
	ck_assert_uint_eq(rd(DR), 'k');
	ck_assert_uint_eq(rd(RIS) & RXI, 0);
	ck_assert_int_eq(irq.level, 0);
}
END_TEST

START_TEST(rx_irq_cleared_by_icr_and_masked)
{
	feed("k", 1);
	/* Raw status is set, but masked: the line stays low. */
	ck_assert_uint_eq(rd(RIS) & RXI, RXI);
	ck_assert_uint_eq(rd(MIS), 0);
	ck_assert_int_eq(irq.level, 0);
	wr(IMSC, RXI);
	ck_assert_int_eq(irq.level, 1);
	wr(IMSC, 0);
	ck_assert_int_eq(irq.level, 0);
	wr(IMSC, RXI);
	wr(ICR, RXI | RTI);
	ck_assert_uint_eq(rd(RIS) & (RXI | RTI), 0);
	ck_assert_int_eq(irq.level, 0);
	/* The data is still there. */
	ck_assert_uint_eq(rd(DR), 'k');
}
END_TEST

/* With FEN, RXIS waits for the IFLS level (reset: half of 32). */
START_TEST(rx_trigger_level_and_timeout)
{
	wr(LCR_H, FEN);
	wr(IMSC, RXI | RTI);
	feed("abc", 3);
	ck_assert_uint_eq(rd(RIS) & (RXI | RTI), RTI);
	ck_assert_int_eq(irq.level, 1);
	feed("defghijklmno", 12);
	ck_assert_uint_eq(rd(RIS) & RXI, 0);
	feed("p", 1);				/* 16: the trigger level */
	ck_assert_uint_eq(rd(RIS) & RXI, RXI);
	ck_assert_uint_eq(rd(DR), 'a');		/* 15 left: below the level */
	ck_assert_uint_eq(rd(RIS) & (RXI | RTI), RTI);
	ck_assert_int_eq(irq.level, 1);
	while (!(rd(FR) & FR_RXFE))
		rd(DR);
	ck_assert_uint_eq(rd(RIS) & (RXI | RTI), 0);
	ck_assert_int_eq(irq.level, 0);
}
END_TEST

START_TEST(rx_trigger_from_ifls)
{
	wr(LCR_H, FEN);
	wr(IFLS, 0 << 3);			/* 1/8: 4 entries */
	feed("abc", 3);
	ck_assert_uint_eq(rd(RIS) & RXI, 0);
	feed("d", 1);
	ck_assert_uint_eq(rd(RIS) & RXI, RXI);
	wr(ICR, 0x7ff);
	while (!(rd(FR) & FR_RXFE))
		rd(DR);
	wr(IFLS, 4 << 3);			/* 7/8: 28 entries */
	feed("0123456789012345678901234", 25);
	feed("56", 2);
	ck_assert_uint_eq(rd(RIS) & RXI, 0);
	feed("7", 1);
	ck_assert_uint_eq(rd(RIS) & RXI, RXI);
}
END_TEST

START_TEST(rx_timeout_cleared_by_icr)
{
	wr(LCR_H, FEN);
	wr(IMSC, RTI);
	feed("ab", 2);
	ck_assert_int_eq(irq.level, 1);
	wr(ICR, RTI);
	ck_assert_int_eq(irq.level, 0);
	ck_assert_uint_eq(rd(FR) & FR_RXFE, 0);
	feed("c", 1);				/* new data: times out again */
	ck_assert_int_eq(irq.level, 1);
}
END_TEST

START_TEST(tx_irq)
{
	wr(CR, 0x301);				/* UARTEN | TXE | RXE */
	ck_assert_uint_eq(rd(RIS) & TXI, 0);
	wr(IMSC, TXI);				/* FIFO empty: asserts at once */
	ck_assert_uint_eq(rd(RIS) & TXI, TXI);
	ck_assert_uint_eq(rd(MIS), TXI);
	ck_assert_int_eq(irq.level, 1);
	wr(ICR, TXI);
	ck_assert_uint_eq(rd(RIS) & TXI, 0);
	ck_assert_int_eq(irq.level, 0);
	wr(DR, 'z');				/* sent at once: empty again */
	ck_assert_int_eq(irq.level, 1);
	wr(CR, 0x300);				/* UART disabled: no TX interrupt */
	ck_assert_uint_eq(rd(RIS) & TXI, 0);
	ck_assert_int_eq(irq.level, 0);
}
END_TEST

START_TEST(bad_offsets_and_sizes)
{
	uint64_t v;

	ck_assert_int_eq(mmio_bus_read(&bus, BASE + 0x008, 4, &v), -EINVAL);
	ck_assert_int_eq(mmio_bus_read(&bus, BASE + 0x01c, 4, &v), -EINVAL);
	ck_assert_int_eq(mmio_bus_read(&bus, BASE + 0x04c, 4, &v), -EINVAL);
	ck_assert_int_eq(mmio_bus_read(&bus, BASE + 0x800, 4, &v), -EINVAL);
	ck_assert_int_eq(mmio_bus_read(&bus, BASE + ICR, 4, &v), -EINVAL);
	ck_assert_int_eq(mmio_bus_read(&bus, BASE + FR, 8, &v), -EINVAL);
	ck_assert_int_eq(mmio_bus_read(&bus, BASE + FR + 1, 1, &v), -EINVAL);
	ck_assert_int_eq(mmio_bus_read(&bus, BASE + FR + 2, 2, &v), -EINVAL);
	ck_assert_int_eq(mmio_bus_read(&bus, BASE + 0x1000, 4, &v), -ENODEV);
	ck_assert_int_eq(mmio_bus_write(&bus, BASE + RIS, 4, 0x7ff), -EINVAL);
	ck_assert_int_eq(mmio_bus_write(&bus, BASE + MIS, 4, 0x7ff), -EINVAL);
	ck_assert_int_eq(mmio_bus_write(&bus, BASE + FR, 4, 0), -EINVAL);
	ck_assert_int_eq(mmio_bus_write(&bus, BASE + 0x010, 4, 1), -EINVAL);
	ck_assert_int_eq(mmio_bus_write(&bus, BASE + CR, 8, 1), -EINVAL);
	ck_assert_int_eq(mmio_bus_write(&bus, BASE + DR + 1, 1, 'x'), -EINVAL);
	/* Refused accesses change nothing. */
	ck_assert_uint_eq(out.len, 0);
	ck_assert_uint_eq(rd(CR), 0x300);
}
END_TEST

START_TEST(register_widths)
{
	wr(ILPR, 0x1ff);
	ck_assert_uint_eq(rd(ILPR), 0xff);
	wr(IBRD, 0x12345);
	ck_assert_uint_eq(rd(IBRD), 0x2345);
	wr(FBRD, 0xff);
	ck_assert_uint_eq(rd(FBRD), 0x3f);
	wr(LCR_H, 0x1ff);
	ck_assert_uint_eq(rd(LCR_H), 0xff);
	wr(CR, 0xffffffff);
	ck_assert_uint_eq(rd(CR), 0xff87);
	wr(IFLS, 0xff);
	ck_assert_uint_eq(rd(IFLS), 0x3f);
	wr(DMACR, 0xff);
	ck_assert_uint_eq(rd(DMACR), 0x7);
	wr(IMSC, 0xffff);
	ck_assert_uint_eq(rd(IMSC), 0x7ff);
}
END_TEST

/* Linux's amba-pl011 uses readw/writew. */
START_TEST(halfword_and_byte_access)
{
	ck_assert_int_eq(mmio_bus_write(&bus, BASE + CR, 2, 0x0301), 0);
	ck_assert_uint_eq(rd_size(CR, 2), 0x0301);
	ck_assert_uint_eq(rd_size(CR, 1), 0x01);
	ck_assert_uint_eq(rd_size(FR, 2), FR_TXFE | FR_RXFE);
	feed("q", 1);
	ck_assert_uint_eq(rd_size(DR, 2), 'q');
}
END_TEST

START_TEST(fen_change_empties_fifo)
{
	feed("abc", 3);
	wr(LCR_H, FEN);
	ck_assert_uint_eq(rd(FR) & FR_RXFE, FR_RXFE);
	ck_assert_uint_eq(pl011_rx_room(uart), 32);
	feed("d", 1);
	wr(LCR_H, FEN | 0x60);			/* same FEN: data stays */
	ck_assert_uint_eq(rd(DR), 'd');
}
END_TEST

START_TEST(loopback)
{
	wr(CR, 0x381);				/* UARTEN | LBE | TXE | RXE */
	wr(DR, 'L');
	ck_assert_uint_eq(out.len, 1);
	ck_assert_uint_eq(rd(DR), 'L');
	/* The line is cut off from the receiver. */
	ck_assert_uint_eq(pl011_rx_room(uart), 0);
	feed("x", 0);
	wr(CR, 0x301);
	ck_assert_uint_eq(pl011_rx_room(uart), 16);
}
END_TEST

START_TEST(reset_drops_line)
{
	wr(IMSC, RXI);
	wr(IBRD, 26);
	feed("abc", 3);
	ck_assert_int_eq(irq.level, 1);
	pl011_reset(uart);
	ck_assert_int_eq(irq.level, 0);
	ck_assert_uint_eq(rd(IBRD), 0);
	ck_assert_uint_eq(rd(IMSC), 0);
	ck_assert_uint_eq(rd(FR), FR_TXFE | FR_RXFE);
}
END_TEST

/*
 * Whatever a guest does to the page (any offset, size, value) gets either
 * the register's behaviour or an error; afterwards a reset brings the
 * UART back. Run under -fsanitize=address,undefined this also proves no
 * access strays outside the device state.
 */
START_TEST(any_access_is_safe)
{
	static const unsigned int sizes[] = { 1, 2, 4, 8 };
	uint32_t seed = 12345;
	uint64_t off, v;
	unsigned int i;
	int ret;

	feed("seed", 4);
	for (off = 0; off < 0x1004; off++) {
		for (i = 0; i < 4; i++) {
			seed = seed * 1103515245 + 12345;
			ret = mmio_bus_write(&bus, BASE + off, sizes[i], seed);
			ck_assert(ret == 0 || ret == -EINVAL || ret == -ENODEV);
			ret = mmio_bus_read(&bus, BASE + off, sizes[i], &v);
			ck_assert(ret == 0 || ret == -EINVAL || ret == -ENODEV);
			pl011_receive(uart, (const uint8_t *)"z", 1);
		}
	}
	pl011_reset(uart);
	ck_assert_uint_eq(rd(FR), FR_TXFE | FR_RXFE);
	ck_assert_uint_eq(rd(CR), 0x300);
	ck_assert_int_eq(irq.level, 0);
}
END_TEST

static void count_ready(void *opaque)
{
	(*(int *)opaque)++;
}

/* The console hears as soon as a full FIFO has room, and only then. */
START_TEST(rx_ready_when_full_fifo_drains)
{
	int calls = 0;

	pl011_set_rx_ready(uart, count_ready, &calls);
	feed("0123456789abcdef", 16);
	rd(FR);
	ck_assert_int_eq(calls, 0);
	ck_assert_uint_eq(rd(DR), '0');
	ck_assert_int_eq(calls, 1);
	ck_assert_uint_eq(pl011_rx_room(uart), 1);
	rd(DR);					/* was not full: no news */
	ck_assert_int_eq(calls, 1);
	feed("ab", 2);
	wr(LCR_H, FEN);				/* full FIFO emptied by FEN */
	ck_assert_int_eq(calls, 2);
	pl011_set_rx_ready(uart, NULL, NULL);
	feed("0123456789abcdef0123456789abcdef", 32);
	ck_assert_uint_eq(pl011_rx_room(uart), 0);
	rd(DR);
	ck_assert_int_eq(calls, 2);
}
END_TEST

/* The main thread feeds input while a vCPU thread drains DR. */
#define STREAM_LEN 20000

static void *producer(void *arg)
{
	size_t sent = 0;

	(void)arg;
	while (sent < STREAM_LEN) {
		uint8_t c = (uint8_t)(sent * 7);

		sent += pl011_receive(uart, &c, 1);
		if (!pl011_rx_room(uart))
			sched_yield();
	}
	return NULL;
}

START_TEST(concurrent_rx_keeps_order)
{
	pthread_t t;
	size_t got = 0;

	wr(LCR_H, FEN);
	ck_assert_int_eq(pthread_create(&t, NULL, producer, NULL), 0);
	while (got < STREAM_LEN) {
		if (rd(FR) & FR_RXFE) {
			sched_yield();
			continue;
		}
		ck_assert_uint_eq(rd(DR), (uint8_t)(got * 7));
		got++;
	}
	pthread_join(t, NULL);
	ck_assert_uint_eq(rd(FR) & FR_RXFE, FR_RXFE);
}
END_TEST

/* What the UART told the accelerator about queueing DR writes. */
struct dr_queue_probe {
	int calls;
	bool on;
	uint64_t off, size;
	int refuse;			/* returned for on */
};

static int dr_queue_set(void *opaque, uint64_t off, uint64_t size, bool on)
{
	struct dr_queue_probe *p = opaque;

	p->calls++;
	p->on = on;
	p->off = off;
	p->size = size;
	return on ? p->refuse : 0;
}

/*
 * DR writes may queue (KVM's coalesced MMIO) exactly while one can raise
 * no interrupt: TXIM masked and no loopback. Told once per change.
 */
START_TEST(dr_queue_follows_txim_and_loopback)
{
	struct dr_queue_probe p = { 0 };

	pl011_set_dr_queue(uart, dr_queue_set, &p);
	ck_assert_int_eq(p.calls, 1);
	ck_assert(p.on);
	ck_assert_uint_eq(p.off, DR);
	ck_assert_uint_eq(p.size, 4);
	wr(CR, 0x301);				/* UARTEN | TXE | RXE: no change */
	wr(IMSC, RXI | RTI);			/* Linux's usual mask: no change */
	ck_assert_int_eq(p.calls, 1);
	wr(IMSC, RXI | RTI | TXI);		/* a DR write may now interrupt */
	ck_assert_int_eq(p.calls, 2);
	ck_assert(!p.on);
	wr(ICR, TXI);
	ck_assert_int_eq(irq.level, 0);
	wr(DR, 'a');
	ck_assert_int_eq(irq.level, 1);		/* ...and does, at once */
	wr(IMSC, RXI | RTI);
	ck_assert_int_eq(p.calls, 3);
	ck_assert(p.on);
	wr(CR, 0x301 | 0x80);			/* loopback: DR feeds the receiver */
	ck_assert_int_eq(p.calls, 4);
	ck_assert(!p.on);
	pl011_reset(uart);			/* reset values: queueing again */
	ck_assert_int_eq(p.calls, 5);
	ck_assert(p.on);
	pl011_set_dr_queue(uart, NULL, NULL);
	wr(IMSC, TXI);
	ck_assert_int_eq(p.calls, 5);
}
END_TEST

/* An accelerator that refuses is not asked again; DR works as before. */
START_TEST(dr_queue_refused_stops_asking)
{
	struct dr_queue_probe p = { .refuse = -95 };

	pl011_set_dr_queue(uart, dr_queue_set, &p);
	ck_assert_int_eq(p.calls, 1);
	wr(IMSC, TXI);
	wr(IMSC, 0);
	ck_assert_int_eq(p.calls, 1);
	wr(DR, 'z');
	ck_assert_uint_eq(out.len, 1);
	ck_assert_uint_eq(out.buf[0], 'z');
}
END_TEST

static Suite *pl011_suite(void)
{
	Suite *s = suite_create("pl011");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, reset_values);
	tcase_add_test(tc, primecell_ids);
	tcase_add_test(tc, tx_before_enable);
	tcase_add_test(tc, rx_fifo_flags_no_fen);
	tcase_add_test(tc, rx_fifo_32_with_fen);
	tcase_add_test(tc, rx_irq_char_mode);
	tcase_add_test(tc, rx_irq_cleared_by_icr_and_masked);
	tcase_add_test(tc, rx_trigger_level_and_timeout);
	tcase_add_test(tc, rx_trigger_from_ifls);
	tcase_add_test(tc, rx_timeout_cleared_by_icr);
	tcase_add_test(tc, tx_irq);
	tcase_add_test(tc, bad_offsets_and_sizes);
	tcase_add_test(tc, register_widths);
	tcase_add_test(tc, halfword_and_byte_access);
	tcase_add_test(tc, fen_change_empties_fifo);
	tcase_add_test(tc, loopback);
	tcase_add_test(tc, reset_drops_line);
	tcase_add_test(tc, any_access_is_safe);
	tcase_add_test(tc, rx_ready_when_full_fifo_drains);
	tcase_add_test(tc, concurrent_rx_keeps_order);
	tcase_add_test(tc, dr_queue_follows_txim_and_loopback);
	tcase_add_test(tc, dr_queue_refused_stops_asking);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(pl011_suite());
}
