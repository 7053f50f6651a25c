// SPDX-License-Identifier: GPL-2.0
/*
 * PL031 through the MMIO bus: the counter follows the host's wall clock,
 * LR moves it, MR raises the match interrupt (ARM DDI 0224).
 *
 * Waits are for events (a second boundary, the interrupt), bounded only
 * by Check's timeout; no assertion depends on how fast the host is.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check_run.h"
#include "devices.h"
#include "mmio.h"

#define BASE	0x09010000ULL
#define DR	0x00
#define MR	0x04
#define LR	0x08
#define CR	0x0c
#define IMSC	0x10
#define RIS	0x14
#define MIS	0x18
#define ICR	0x1c
#define INTID	34

struct irq_probe {
	int level;
	unsigned int intid;
};

static void probe_set(void *opaque, unsigned int intid, int level)
{
	struct irq_probe *p = opaque;

	__atomic_store_n(&p->intid, intid, __ATOMIC_SEQ_CST);
	__atomic_store_n(&p->level, level, __ATOMIC_SEQ_CST);
}

static int irq_level(const struct irq_probe *p)
{
	return __atomic_load_n(&p->level, __ATOMIC_SEQ_CST);
}

static struct mmio_bus bus;
static struct irq_probe irq;
static struct pl031 *rtc;

static void setup(void)
{
	struct irq_line line = { .set = probe_set, .opaque = &irq, .intid = INTID };
	struct av_err err = { 0 };

	memset(&irq, 0, sizeof(irq));
	mmio_bus_init(&bus);
	rtc = pl031_create(&line, NULL, &err);
	ck_assert_msg(rtc, "pl031_create: %s", err.msg);
	ck_assert_int_eq(mmio_bus_add(&bus, BASE, 0x1000, &pl031_mmio_ops, rtc,
				      "pl031", &err), 0);
}

static void teardown(void)
{
	pl031_destroy(rtc);
}

static uint32_t rd(uint64_t off)
{
	uint64_t v = 0xdead;

	ck_assert_int_eq(mmio_bus_read(&bus, BASE + off, 4, &v), 0);
	return (uint32_t)v;
}

static void wr(uint64_t off, uint32_t val)
{
	ck_assert_int_eq(mmio_bus_write(&bus, BASE + off, 4, val), 0);
}

static void nap(void)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

/* The clock the RTC follows (time() may lag it by a tick). */
static uint32_t host_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint32_t)ts.tv_sec;
}

/* Sleep until the host's wall clock has passed n more second boundaries. */
static void wait_seconds(unsigned int n)
{
	uint32_t until = host_now() + n;

	while (host_now() < until)
		nap();
}

/* Program MR to the counter's current value (retrying across a tick). */
static uint32_t match_now(void)
{
	uint32_t now;

	do {
		now = rd(DR);
		wr(MR, now);
	} while (rd(DR) != now);
	return now;
}

START_TEST(reset_values_and_ids)
{
	uint32_t periph = 0, cell = 0;
	int i;

	ck_assert_uint_eq(rd(MR), 0);
	ck_assert_uint_eq(rd(LR), 0);
	ck_assert_uint_eq(rd(CR), 1);		/* counter always running */
	ck_assert_uint_eq(rd(IMSC), 0);
	ck_assert_uint_eq(rd(RIS), 0);
	ck_assert_uint_eq(rd(MIS), 0);
	for (i = 0; i < 4; i++) {
		periph |= (rd(0xfe0 + 4 * i) & 0xff) << (8 * i);
		cell |= (rd(0xff0 + 4 * i) & 0xff) << (8 * i);
	}
	ck_assert_uint_eq(periph, 0x00041031);
	ck_assert_uint_eq(cell, 0xb105f00d);
}
END_TEST

START_TEST(dr_is_host_time)
{
	uint32_t before = host_now();
	uint32_t dr = rd(DR);
	uint32_t after = host_now();

	ck_assert_uint_ge(dr, before);
	ck_assert_uint_le(dr, after);
}
END_TEST

/* -rtc base=: the counter starts at host UTC plus the offset, LR still wins. */
START_TEST(base_offset)
{
	uint32_t before = host_now(), dr;

	pl031_set_offset(rtc, 7200);
	dr = rd(DR);
	ck_assert_uint_ge(dr, before + 7200);
	ck_assert_uint_le(dr, host_now() + 7200);
	pl031_set_offset(rtc, -(int64_t)before + 100);	/* a date in 1970 */
	ck_assert_uint_ge(rd(DR), 100);
	ck_assert_uint_le(rd(DR), 100 + (host_now() - before));
	pl031_reset(rtc);			/* the time survives a reset */
	ck_assert_uint_lt(rd(DR), 1000);
	wr(LR, 5000);
	ck_assert_uint_ge(rd(DR), 5000);
}
END_TEST

START_TEST(dr_advances)
{
	uint32_t first = rd(DR);

	wait_seconds(2);
	ck_assert_uint_ge(rd(DR), first + 1);
}
END_TEST

START_TEST(lr_sets_counter)
{
	uint32_t before = host_now(), dr;

	wr(LR, 1000);
	ck_assert_uint_eq(rd(LR), 1000);
	dr = rd(DR);
	ck_assert_uint_ge(dr, 1000);
	ck_assert_uint_le(dr, 1000 + (host_now() - before));
	wait_seconds(2);
	ck_assert_uint_ge(rd(DR), 1001);
	/* The counter is 32 bits and wraps. */
	wr(LR, 0xffffffff);
	wait_seconds(2);
	ck_assert_uint_lt(rd(DR), 0x10000);
}
END_TEST

START_TEST(match_now_fires)
{
	wr(IMSC, 1);
	match_now();
	ck_assert_uint_eq(rd(RIS), 1);
	ck_assert_uint_eq(rd(MIS), 1);
	ck_assert_int_eq(irq_level(&irq), 1);
	ck_assert_uint_eq(irq.intid, INTID);
	wr(ICR, 1);
	ck_assert_uint_eq(rd(RIS), 0);
	ck_assert_int_eq(irq_level(&irq), 0);
}
END_TEST

/* The timer thread raises it when the counter gets there, not before. */
START_TEST(match_later_fires_on_time)
{
	uint32_t mr;

	wr(IMSC, 1);
	mr = rd(DR) + 2;
	wr(MR, mr);
	while (!irq_level(&irq))
		nap();
	ck_assert_uint_ge(rd(DR), mr);
	ck_assert_uint_eq(rd(RIS), 1);
}
END_TEST

START_TEST(match_after_lr)
{
	wr(IMSC, 1);
	wr(MR, 5001);
	wr(LR, 5000);
	while (!irq_level(&irq))
		nap();
	ck_assert_uint_ge(rd(DR), 5001);
}
END_TEST

START_TEST(mask_hides_match)
{
	match_now();
	ck_assert_uint_eq(rd(RIS), 1);
	ck_assert_uint_eq(rd(MIS), 0);
	ck_assert_int_eq(irq_level(&irq), 0);
	wr(IMSC, 1);
	ck_assert_int_eq(irq_level(&irq), 1);
	wr(IMSC, 0);
	ck_assert_int_eq(irq_level(&irq), 0);
}
END_TEST

START_TEST(reset_cancels_match)
{
	wr(IMSC, 1);
	wr(MR, rd(DR) + 1);
	pl031_reset(rtc);
	ck_assert_uint_eq(rd(MR), 0);
	ck_assert_uint_eq(rd(IMSC), 0);
	wr(IMSC, 1);
	wait_seconds(3);
	ck_assert_uint_eq(rd(RIS), 0);
	ck_assert_int_eq(irq_level(&irq), 0);
}
END_TEST

START_TEST(bad_offsets_and_sizes)
{
	uint64_t v;

	ck_assert_int_eq(mmio_bus_read(&bus, BASE + 0x20, 4, &v), -EINVAL);
	ck_assert_int_eq(mmio_bus_read(&bus, BASE + 0x800, 4, &v), -EINVAL);
	ck_assert_int_eq(mmio_bus_read(&bus, BASE + ICR, 4, &v), -EINVAL);
	ck_assert_int_eq(mmio_bus_read(&bus, BASE + DR, 1, &v), -EINVAL);
	/* The ID bytes answer byte loads (edk2's IdentifyPL031 uses them). */
	ck_assert_int_eq(mmio_bus_read(&bus, BASE + 0xfe0, 1, &v), 0);
	ck_assert_uint_eq(v, 0x31);
	ck_assert_int_eq(mmio_bus_read(&bus, BASE + 0xffc, 1, &v), 0);
	ck_assert_uint_eq(v, 0xb1);
	ck_assert_int_eq(mmio_bus_read(&bus, BASE + 0xfe1, 1, &v), -EINVAL);
	ck_assert_int_eq(mmio_bus_read(&bus, BASE + DR, 8, &v), -EINVAL);
	ck_assert_int_eq(mmio_bus_read(&bus, BASE + MR + 2, 2, &v), -EINVAL);
	ck_assert_int_eq(mmio_bus_write(&bus, BASE + DR, 4, 7), -EINVAL);
	ck_assert_int_eq(mmio_bus_write(&bus, BASE + RIS, 4, 1), -EINVAL);
	ck_assert_int_eq(mmio_bus_write(&bus, BASE + 0xfe0, 4, 1), -EINVAL);
	ck_assert_int_eq(mmio_bus_write(&bus, BASE + MR, 2, 1), -EINVAL);
	ck_assert_uint_eq(rd(MR), 0);
	/* CR cannot stop the counter. */
	wr(CR, 0);
	ck_assert_uint_eq(rd(CR), 1);
}
END_TEST

/* Any offset, size and value: the register's behaviour or an error. */
START_TEST(any_access_is_safe)
{
	static const unsigned int sizes[] = { 1, 2, 4, 8 };
	uint32_t seed = 777;
	uint64_t off, v;
	unsigned int i;
	int ret;

	for (off = 0; off < 0x1004; off++) {
		for (i = 0; i < 4; i++) {
			seed = seed * 1103515245 + 12345;
			ret = mmio_bus_write(&bus, BASE + off, sizes[i], seed);
			ck_assert(ret == 0 || ret == -EINVAL || ret == -ENODEV);
			ret = mmio_bus_read(&bus, BASE + off, sizes[i], &v);
			ck_assert(ret == 0 || ret == -EINVAL || ret == -ENODEV);
		}
	}
	pl031_reset(rtc);
	ck_assert_uint_eq(rd(MR), 0);
	ck_assert_uint_eq(rd(IMSC), 0);
	ck_assert_int_eq(irq_level(&irq), 0);
}
END_TEST

static Suite *pl031_suite(void)
{
	Suite *s = suite_create("pl031");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, reset_values_and_ids);
	tcase_add_test(tc, dr_is_host_time);
	tcase_add_test(tc, dr_advances);
	tcase_add_test(tc, lr_sets_counter);
	tcase_add_test(tc, base_offset);
	tcase_add_test(tc, match_now_fires);
	tcase_add_test(tc, match_later_fires_on_time);
	tcase_add_test(tc, match_after_lr);
	tcase_add_test(tc, mask_hides_match);
	tcase_add_test(tc, reset_cancels_match);
	tcase_add_test(tc, bad_offsets_and_sizes);
	tcase_add_test(tc, any_access_is_safe);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(pl031_suite());
}
