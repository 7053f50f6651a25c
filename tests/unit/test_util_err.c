// SPDX-License-Identifier: GPL-2.0
/*
 * util/err.c: the sentences library code leaves for cli/ to print, as a
 * user reads them after "armvisor: ".
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "err.h"
#include "util.h"

START_TEST(errf_errno_appends_the_reason)
{
	struct av_err err;

	ck_assert_int_eq(av_errf_errno(&err, ENOENT, "cannot open '%s'", "Image"), -ENOENT);
	ck_assert_int_eq(err.code, ENOENT);
	ck_assert_str_eq(err.msg, "cannot open 'Image': No such file or directory");
}
END_TEST

/* Callers pass -ret from functions that return negative errnos. */
START_TEST(errf_errno_takes_a_negative_code)
{
	struct av_err err;

	ck_assert_int_eq(av_errf_errno(&err, -EACCES, "eventfd"), -EACCES);
	ck_assert_int_eq(err.code, EACCES);
	ck_assert_str_eq(err.msg, "eventfd: Permission denied");
}
END_TEST

START_TEST(errf_errno_without_err)
{
	ck_assert_int_eq(av_errf_errno(NULL, EIO, "ignored %d", 1), -EIO);
}
END_TEST

/* A message as long as the buffer is cut, never overrun. */
START_TEST(errf_errno_truncates)
{
	struct av_err err;
	char big[2 * AV_ERR_MSG_MAX];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(av_errf_errno(&err, EINVAL, "%s", big), -EINVAL);
	ck_assert_uint_eq(strlen(err.msg), AV_ERR_MSG_MAX - 1);
}
END_TEST

START_TEST(prefix_keeps_the_old_message)
{
	struct av_err err;

	av_errf_errno(&err, ENOSPC, "write");
	ck_assert_int_eq(av_err_prefix(&err, "disk %d", 2), -ENOSPC);
	ck_assert_str_eq(err.msg, "disk 2: write: No space left on device");
}
END_TEST

START_TEST(array_size_counts_elements)
{
	static const long words[7];
	static const char name[] = "virt";

	ck_assert_uint_eq(ARRAY_SIZE(words), 7);
	ck_assert_uint_eq(ARRAY_SIZE(name), 5);
}
END_TEST

static Suite *util_err_suite(void)
{
	Suite *s = suite_create("util_err");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, errf_errno_appends_the_reason);
	tcase_add_test(tc, errf_errno_takes_a_negative_code);
	tcase_add_test(tc, errf_errno_without_err);
	tcase_add_test(tc, errf_errno_truncates);
	tcase_add_test(tc, prefix_keeps_the_old_message);
	tcase_add_test(tc, array_size_counts_elements);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(util_err_suite());
}
