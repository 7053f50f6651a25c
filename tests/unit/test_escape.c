// SPDX-License-Identifier: GPL-2.0
/*
 * The Ctrl-A console escapes, with qemu-system -nographic's keys: what a
 * user typing at the console gets.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "chardev.h"
#include "check_run.h"

#define CTRL_A 0x01

/*
 * Feed a typed string; collect what reaches the guest in to_guest and
 * return the first non-pass, non-swallow action (ESCAPE_NONE if none).
 */
static enum escape_action type(struct escape_state *st, const char *keys,
			       char *to_guest, size_t room)
{
	enum escape_action last = ESCAPE_NONE;
	size_t n = 0;

	for (; *keys; keys++) {
		uint8_t c = (uint8_t)*keys;
		enum escape_action a = escape_feed(st, &c);

		if (a == ESCAPE_PASS) {
			ck_assert_uint_lt(n + 1, room);
			to_guest[n++] = (char)c;
		} else if (a != ESCAPE_NONE && last == ESCAPE_NONE) {
			last = a;
		}
	}
	to_guest[n] = 0;
	return last;
}

START_TEST(plain_keys_pass)
{
	struct escape_state st = { 0 };
	char got[64];

	ck_assert_int_eq(type(&st, "ls -l\r\x03x\x1b[A", got, sizeof(got)),
			 ESCAPE_NONE);
	ck_assert_str_eq(got, "ls -l\r\x03x\x1b[A");
}
END_TEST

START_TEST(ctrl_a_x_quits)
{
	struct escape_state st = { 0 };
	uint8_t c = CTRL_A;
	char got[8];

	ck_assert_int_eq(escape_feed(&st, &c), ESCAPE_NONE);
	c = 'x';
	ck_assert_int_eq(escape_feed(&st, &c), ESCAPE_QUIT);
	ck_assert_int_eq(type(&st, "ab\x01xcd", got, sizeof(got)), ESCAPE_QUIT);
}
END_TEST

START_TEST(ctrl_a_h_help)
{
	struct escape_state st = { 0 };
	char got[8];

	ck_assert_int_eq(type(&st, "\x01h", got, sizeof(got)), ESCAPE_HELP);
	ck_assert_str_eq(got, "");
	ck_assert_int_eq(type(&st, "\x01?", got, sizeof(got)), ESCAPE_HELP);
	/* Help lists each key the way QEMU's does. */
	ck_assert_ptr_nonnull(strstr(escape_help_text, "C-a h    print this help"));
	ck_assert_ptr_nonnull(strstr(escape_help_text, "C-a x    exit emulator"));
	ck_assert_ptr_nonnull(strstr(escape_help_text, "C-a C-a  sends C-a"));
	ck_assert_ptr_nonnull(strstr(escape_help_text, "C-a c"));
}
END_TEST

START_TEST(ctrl_a_twice_sends_one)
{
	struct escape_state st = { 0 };
	char got[8];

	ck_assert_int_eq(type(&st, "a\x01\x01z", got, sizeof(got)), ESCAPE_NONE);
	ck_assert_str_eq(got, "a\x01z");
	/* And the escape is over: a following x is just an x. */
	ck_assert_int_eq(type(&st, "x", got, sizeof(got)), ESCAPE_NONE);
	ck_assert_str_eq(got, "x");
}
END_TEST

START_TEST(ctrl_a_c_no_monitor)
{
	struct escape_state st = { 0 };
	char got[8];

	ck_assert_int_eq(type(&st, "\x01" "c", got, sizeof(got)), ESCAPE_MONITOR);
	ck_assert_str_eq(got, "");
	ck_assert_ptr_nonnull(strstr(escape_monitor_text, "no monitor"));
}
END_TEST

START_TEST(other_keys_swallowed)
{
	struct escape_state st = { 0 };
	char got[16];

	ck_assert_int_eq(type(&st, "1\x01z2\x01s3\x01\r4", got, sizeof(got)),
			 ESCAPE_NONE);
	ck_assert_str_eq(got, "1234");
}
END_TEST

/*
 * Input arrives in reads of any size: a Ctrl-A at the end of one read
 * applies to the first byte of the next.
 */
START_TEST(escape_spans_reads)
{
	struct escape_state st = { 0 };
	char got[8];

	ck_assert_int_eq(type(&st, "ab\x01", got, sizeof(got)), ESCAPE_NONE);
	ck_assert_str_eq(got, "ab");
	ck_assert_int_eq(type(&st, "x", got, sizeof(got)), ESCAPE_QUIT);
}
END_TEST

START_TEST(texts_use_crlf)
{
	const char *p;

	/* The terminal is raw: every line feed needs its carriage return. */
	for (p = escape_help_text; (p = strchr(p, '\n')); p++)
		ck_assert_int_eq(p[-1], '\r');
	for (p = escape_monitor_text; (p = strchr(p, '\n')); p++)
		ck_assert_int_eq(p[-1], '\r');
}
END_TEST

/* -echr 0x14: Ctrl-T is the escape, Ctrl-A an ordinary key. */
START_TEST(echr_moves_the_escape)
{
	struct escape_state st = { .key = 0x14 };
	char got[16];

	ck_assert_int_eq(type(&st, "a\x01x\x14\x14" "b", got, sizeof(got)), ESCAPE_NONE);
	ck_assert_str_eq(got, "a\x01x\x14" "b");
	ck_assert_int_eq(type(&st, "\x14h", got, sizeof(got)), ESCAPE_HELP);
	ck_assert_int_eq(type(&st, "\x14x", got, sizeof(got)), ESCAPE_QUIT);
}
END_TEST

/* The help names the key as QEMU does; Ctrl-A's is escape_help_text. */
START_TEST(help_names_the_key)
{
	struct escape_state st = { 0 };
	char help[256];

	escape_help(&st, help, sizeof(help));
	ck_assert_str_eq(help, escape_help_text);
	st.key = 0x14;
	escape_help(&st, help, sizeof(help));
	ck_assert_ptr_nonnull(strstr(help, "C-t x    exit emulator\r\n"));
	ck_assert_ptr_nonnull(strstr(help, "C-t C-t  sends C-t\r\n"));
	st.key = 0xe5;
	escape_help(&st, help, sizeof(help));
	ck_assert_ptr_nonnull(strstr(help, "0xe5 h    print this help"));
}
END_TEST

static Suite *escape_suite(void)
{
	Suite *s = suite_create("escape");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, plain_keys_pass);
	tcase_add_test(tc, ctrl_a_x_quits);
	tcase_add_test(tc, ctrl_a_h_help);
	tcase_add_test(tc, ctrl_a_twice_sends_one);
	tcase_add_test(tc, ctrl_a_c_no_monitor);
	tcase_add_test(tc, other_keys_swallowed);
	tcase_add_test(tc, escape_spans_reads);
	tcase_add_test(tc, texts_use_crlf);
	tcase_add_test(tc, echr_moves_the_escape);
	tcase_add_test(tc, help_names_the_key);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(escape_suite());
}
