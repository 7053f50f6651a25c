// SPDX-License-Identifier: GPL-2.0
/*
 * The ground floor's value parsers (util/parse.c): QEMU's on/off
 * spellings and their one error sentence, wherever a boolean is read
 * (-netdev, -chardev, -drive, -global); hex digits and numbers.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "config.h"
#include "util.h"
#include "cli_test.h"

START_TEST(bool_spellings)
{
	static const char *const yes[] = { "on", "yes", "true", "y" };
	static const char *const no[] = { "off", "no", "false", "n" };
	struct av_err err = { 0 };
	bool b;

	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		b = false;
		ck_assert_int_eq(parse_bool("k", yes[i], &b, &err), 0);
		ck_assert(b);
		ck_assert_int_eq(parse_bool("k", no[i], &b, &err), 0);
		ck_assert(!b);
	}
}
END_TEST

/* Case matters and nothing may follow, as in QEMU's qapi_bool_parse(). */
static const char *const bad_bools[] = {
	"", "ON", "On", "1", "0", "onn", "on ", " on", "of", "yes,", "maybe",
	"tru\xff", "offf",
};

START_TEST(bool_bad)
{
	struct av_err err = { 0 };
	bool b = true;

	ck_assert_int_eq(parse_bool("server", bad_bools[_i], &b, &err), -EINVAL);
	ck_assert(b);
	ck_assert_str_eq(err.msg, "Parameter 'server' expects 'on' or 'off'");
	ck_assert_int_eq(parse_bool("server", bad_bools[_i], &b, NULL), -EINVAL);
}
END_TEST

/* Every option that takes a boolean says so in the same sentence. */
static const char *const bool_options[][3] = {
	{ "-netdev", "user,id=n,restrict=maybe", "restrict" },
	{ "-chardev", "socket,id=s,port=1,server=maybe", "server" },
	{ "-global", "virtio-mmio.ioeventfd=maybe", "ioeventfd" },
	{ "-drive", "file=a.img,readonly=maybe", "readonly" },
};

START_TEST(bool_one_sentence)
{
	struct vm_config cfg;
	struct av_err err = { 0 };
	char want[128];
	int ret;

	snprintf(want, sizeof(want), "Parameter '%s' expects 'on' or 'off'",
		 bool_options[_i][2]);
	ret = cli_test_parse(&cfg, &err, bool_options[_i][0], bool_options[_i][1], NULL);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_msg(strstr(err.msg, want), "%s", err.msg);
	config_free(&cfg);
}
END_TEST

START_TEST(hex)
{
	const char *s = "1aF0g", *p = s;
	uint64_t v = 0;
	uint8_t b[3];

	ck_assert_int_eq(hex_digit('0'), 0);
	ck_assert_int_eq(hex_digit('f'), 15);
	ck_assert_int_eq(hex_digit('F'), 15);
	ck_assert_int_eq(hex_digit('g'), -1);
	ck_assert_int_eq(hex_digit(0x100 | '1'), -1);
	ck_assert(parse_hex_u64(&p, s + strlen(s), &v));
	ck_assert_uint_eq(v, 0x1af0);
	ck_assert_ptr_eq(p, s + 4);
	p = "ffffffffffffffff";
	ck_assert(parse_hex_u64(&p, p + 16, &v));
	ck_assert_uint_eq(v, UINT64_MAX);
	p = "10000000000000000";	/* 65 bits */
	ck_assert(!parse_hex_u64(&p, p + 17, &v));
	p = "x1";
	ck_assert(!parse_hex_u64(&p, p + 2, &v));
	ck_assert(!parse_hex_u64(&p, p, &v));
	ck_assert(parse_hex_bytes("00aBff", 3, b));
	ck_assert_mem_eq(b, "\x00\xab\xff", 3);
	ck_assert(!parse_hex_bytes("0g", 1, b));
	ck_assert(!parse_hex_bytes("\0", 1, b));	/* stops at the NUL */
}
END_TEST

int main(void)
{
	Suite *s = suite_create("util_parse");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, bool_spellings);
	tcase_add_loop_test(tc, bool_bad, 0, ARRAY_SIZE(bad_bools));
	tcase_add_loop_test(tc, bool_one_sentence, 0, ARRAY_SIZE(bool_options));
	tcase_add_test(tc, hex);
	suite_add_tcase(s, tc);
	return check_run(s);
}
