// SPDX-License-Identifier: GPL-2.0
/*
 * Batched console output (devices/char/chardev_outbuf.c): bytes wait for
 * a flush, the kick comes once per batch, nothing is lost or reordered
 * (a full buffer, a direct writer in between, closing, the loop going
 * away), and the PL011 sends through it.
 */
#include <check.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "chardev.h"
#include "check_run.h"
#include "devices.h"

/* A chardev that keeps what reaches the back end, and how many writes. */
struct capture {
	struct chardev chr;
	uint8_t *buf;
	size_t len;
	size_t room;
	unsigned int writes;
};

static void capture_write(struct chardev *chr, const uint8_t *buf, size_t len)
{
	struct capture *c = (struct capture *)chr;

	ck_assert_uint_le(c->len + len, c->room);
	memcpy(c->buf + c->len, buf, len);
	c->len += len;
	c->writes++;
}

static const struct chardev_ops capture_ops = { .write = capture_write };

static struct capture cap;
static unsigned int kicks;

static void kick(void *opaque)
{
	ck_assert_ptr_eq(opaque, &kicks);
	kicks++;
}

static void setup(void)
{
	struct av_err err = { 0 };

	memset(&cap, 0, sizeof(cap));
	cap.chr.ops = &capture_ops;
	cap.chr.in_fd = -1;
	cap.room = 1 << 20;
	cap.buf = malloc(cap.room);
	ck_assert_ptr_nonnull(cap.buf);
	kicks = 0;
	ck_assert_int_eq(chardev_outbuf_enable(&cap.chr, &err), 0);
	chardev_outbuf_set_kick(&cap.chr, kick, &kicks);
}

static void teardown(void)
{
	chardev_outbuf_release(&cap.chr);
	free(cap.buf);
}

static void put_batched(const char *s)
{
	chardev_write_batched(&cap.chr, (const uint8_t *)s, strlen(s));
}

static void assert_sent(const char *s)
{
	ck_assert_uint_eq(cap.len, strlen(s));
	ck_assert(!memcmp(cap.buf, s, cap.len));
}

START_TEST(bytes_wait_for_flush)
{
	put_batched("a");
	put_batched("b");
	put_batched("c");
	ck_assert_uint_eq(cap.len, 0);
	ck_assert_uint_eq(kicks, 1);		/* once per batch */
	chardev_flush(&cap.chr);
	assert_sent("abc");
	ck_assert_uint_eq(cap.writes, 1);
	chardev_flush(&cap.chr);		/* nothing left: no write */
	ck_assert_uint_eq(cap.writes, 1);
	put_batched("d");
	ck_assert_uint_eq(kicks, 2);		/* a new batch asks again */
	chardev_flush(&cap.chr);
	assert_sent("abcd");
	ck_assert_uint_eq(chardev_outbuf_writes(&cap.chr), 2);
}
END_TEST

/* The monitor or the escape help writing directly: the guest's bytes go first. */
START_TEST(direct_write_keeps_order)
{
	put_batched("guest ");
	chardev_write(&cap.chr, (const uint8_t *)"(qemu) ", 7);
	assert_sent("guest (qemu) ");
	put_batched("more");
	chardev_flush(&cap.chr);
	assert_sent("guest (qemu) more");
}
END_TEST

/* More than the buffer holds, a byte at a time: written when full, in order. */
START_TEST(full_buffer_writes_in_order)
{
	size_t n = 3 * CHARDEV_OUTBUF_SIZE + 17, i;

	for (i = 0; i < n; i++) {
		uint8_t c = (uint8_t)(i * 7 + i / 251);

		chardev_write_batched(&cap.chr, &c, 1);
	}
	ck_assert_uint_eq(cap.len, 3 * CHARDEV_OUTBUF_SIZE);
	ck_assert_uint_eq(kicks, 1);
	chardev_flush(&cap.chr);
	ck_assert_uint_eq(cap.len, n);
	for (i = 0; i < n; i++)
		ck_assert_uint_eq(cap.buf[i], (uint8_t)(i * 7 + i / 251));
	ck_assert_uint_eq(cap.writes, 4);
}
END_TEST

/* A write larger than the buffer goes out whole, after what waits. */
START_TEST(large_write_goes_through)
{
	static uint8_t big[CHARDEV_OUTBUF_SIZE + 100];

	memset(big, 'x', sizeof(big));
	put_batched("head");
	chardev_write_batched(&cap.chr, big, sizeof(big));
	ck_assert_uint_eq(cap.len, 4 + sizeof(big));
	ck_assert(!memcmp(cap.buf, "head", 4));
	ck_assert_uint_eq(cap.buf[cap.len - 1], 'x');
}
END_TEST

/* The loop going away flushes, and later bytes go straight out. */
START_TEST(no_kick_writes_through)
{
	put_batched("held");
	chardev_outbuf_set_kick(&cap.chr, NULL, NULL);
	assert_sent("held");
	put_batched("!");
	assert_sent("held!");
	ck_assert_uint_eq(kicks, 1);
}
END_TEST

/* Releasing (chardev_close) writes what still waits: the VMM's exit loses nothing. */
START_TEST(release_flushes)
{
	put_batched("last words\n");
	chardev_outbuf_release(&cap.chr);
	assert_sent("last words\n");
	ck_assert_ptr_null(cap.chr.outbuf);
	put_batched("after");			/* no buffer: direct */
	assert_sent("last words\nafter");
}
END_TEST

static void tap(void *opaque, const uint8_t *buf, size_t len)
{
	size_t *seen = opaque;

	(void)buf;
	*seen += len;
}

/* The tap (the boot timeline's watcher) sees bytes when written, not when flushed. */
START_TEST(tap_sees_bytes_at_once)
{
	size_t seen = 0;

	cap.chr.tap = tap;
	cap.chr.tap_opaque = &seen;
	put_batched("xyz");
	ck_assert_uint_eq(seen, 3);
	ck_assert_uint_eq(cap.len, 0);
	chardev_flush(&cap.chr);
	ck_assert_uint_eq(seen, 3);
	cap.chr.tap = NULL;
}
END_TEST

/* Without a buffer (no loop ever) everything is direct. */
START_TEST(no_buffer_direct)
{
	chardev_outbuf_release(&cap.chr);
	put_batched("now");
	assert_sent("now");
	chardev_flush(&cap.chr);
	ck_assert_uint_eq(chardev_outbuf_writes(&cap.chr), 0);
}
END_TEST

/* Four writers at once (vCPUs): every byte arrives, each writer's in order. */
struct writer_arg {
	unsigned int id;
	unsigned int n;
};

static void *writer(void *opaque)
{
	const struct writer_arg *a = opaque;

	for (unsigned int i = 0; i < a->n; i++) {
		uint8_t c = (uint8_t)(a->id << 6 | (i & 63));

		chardev_write_batched(&cap.chr, &c, 1);
	}
	return NULL;
}

START_TEST(writers_in_parallel)
{
	struct writer_arg args[4];
	pthread_t t[4];
	unsigned int next[4] = { 0 };
	size_t i;

	for (i = 0; i < 4; i++) {
		args[i] = (struct writer_arg){ .id = (unsigned int)i, .n = 20000 };
		ck_assert_int_eq(pthread_create(&t[i], NULL, writer, &args[i]), 0);
	}
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	chardev_flush(&cap.chr);
	ck_assert_uint_eq(cap.len, 4 * 20000);
	for (i = 0; i < cap.len; i++) {
		unsigned int id = cap.buf[i] >> 6;

		ck_assert_uint_eq(cap.buf[i] & 63, next[id] & 63);
		next[id]++;
	}
}
END_TEST

/* The PL011's DR writes reach the back end through the batch, in order. */
START_TEST(pl011_sends_through_batch)
{
	struct av_err err = { 0 };
	struct pl011 *u = pl011_create(NULL, &cap.chr, &err);
	const char *msg = "hello, console\r\n";

	ck_assert_ptr_nonnull(u);
	for (const char *p = msg; *p; p++)
		ck_assert_int_eq(pl011_mmio_ops.write(u, 0, 4, (uint8_t)*p), 0);
	ck_assert_uint_eq(cap.len, 0);
	ck_assert_uint_eq(kicks, 1);
	chardev_flush(&cap.chr);
	assert_sent(msg);
	pl011_destroy(u);
}
END_TEST

static Suite *outbuf_suite(void)
{
	Suite *s = suite_create("chardev_outbuf");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, bytes_wait_for_flush);
	tcase_add_test(tc, direct_write_keeps_order);
	tcase_add_test(tc, full_buffer_writes_in_order);
	tcase_add_test(tc, large_write_goes_through);
	tcase_add_test(tc, no_kick_writes_through);
	tcase_add_test(tc, release_flushes);
	tcase_add_test(tc, tap_sees_bytes_at_once);
	tcase_add_test(tc, no_buffer_direct);
	tcase_add_test(tc, writers_in_parallel);
	tcase_add_test(tc, pl011_sends_through_batch);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(outbuf_suite());
}
