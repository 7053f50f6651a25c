// SPDX-License-Identifier: GPL-2.0
/*
 * -chardev testdev (devices/char/chardev_testdev.c): what a guest writes
 * and the exit status it asks for, as QEMU's testdev reads it.
 */
#include <check.h>
#include <string.h>

#include "check_run.h"
#include "console.h"

struct quits {
	int count;
	int status;
};

static void on_quit(void *opaque, int status)
{
	struct quits *q = opaque;

	q->count++;
	q->status = status;
}

static struct chardev *open_testdev(struct quits *q)
{
	struct av_err err = { 0 };
	struct chardev *chr = NULL;

	memset(q, 0, sizeof(*q));
	ck_assert_int_eq(chardev_open_testdev(on_quit, q, &chr, &err), 0);
	ck_assert_int_eq(chr->in_fd, -1);
	return chr;
}

static void put(struct chardev *chr, const char *s)
{
	chardev_write(chr, (const uint8_t *)s, strlen(s));
}

START_TEST(quit_status)
{
	struct quits q;
	struct chardev *chr = open_testdev(&q);

	put(chr, "0q");
	ck_assert_int_eq(q.count, 1);
	ck_assert_int_eq(q.status, 1);		/* a pass is 1, never 0 */
	put(chr, "5q");				/* only the first quit counts */
	ck_assert_int_eq(q.count, 1);
	chardev_close(chr);

	chr = open_testdev(&q);
	put(chr, "1");				/* split across writes */
	put(chr, "2q");
	ck_assert_int_eq(q.status, 25);
	chardev_close(chr);
}
END_TEST

START_TEST(other_bytes)
{
	struct quits q;
	struct chardev *chr = open_testdev(&q);

	put(chr, "hello 7x\n");			/* no quit, argument reset */
	ck_assert_int_eq(q.count, 0);
	put(chr, "q");
	ck_assert_int_eq(q.status, 1);
	chardev_close(chr);

	/* Endless digits saturate; the status stays a byte. */
	chr = open_testdev(&q);
	for (int i = 0; i < 100; i++)
		put(chr, "9999999999");
	put(chr, "q");
	ck_assert_int_eq(q.count, 1);
	ck_assert_int_eq(q.status, 0xff);
	chardev_close(chr);
}
END_TEST

static Suite *testdev_suite(void)
{
	Suite *s = suite_create("chardev_testdev");
	TCase *tc = tcase_create("testdev");

	tcase_add_test(tc, quit_status);
	tcase_add_test(tc, other_bytes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(testdev_suite());
}
