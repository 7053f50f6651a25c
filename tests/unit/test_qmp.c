// SPDX-License-Identifier: GPL-2.0
/*
 * QMP as a client sees it on the wire: the greeting, negotiation first,
 * replies carrying the request's id, QEMU's error classes for unknown
 * commands, malformed JSON, non-objects and bad arguments, requests split
 * across reads or run together, an over-long request skipped whole with
 * the next one still answered, and human-monitor-command's text.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "mon_rig.h"
#include "monitor.h"
#include "vm.h"


static struct mon_rig_capture cap;
static struct vm_config cfg;
static struct vm vm;
static struct qmp *q;

static void setup(void)
{
	struct av_err err = { 0 };

	memset(&cap, 0, sizeof(cap));
	cap.chr.ops = &mon_rig_capture_ops;
	cap.chr.in_fd = -1;
	ck_assert_int_eq(mon_rig_init(&vm, &cfg, 1, 1 << 20, &err), 0);
	ck_assert_int_eq(qmp_create(&vm, &cap.chr, &q, &err), 0);
	/* Greets like a new connection (no back end to watch). */
	ck_assert_int_eq(qmp_watch(q, &err), 0);
}

static void teardown(void)
{
	qmp_destroy(q);
	guest_ram_free(&vm.ram);
}

static void send_text(const char *s)
{
	mon_rig_capture_reset(&cap);
	qmp_input(q, (const uint8_t *)s, strlen(s));
}

#define OUT_HAS(s) ck_assert_msg(strstr(cap.buf, (s)), "no '%s' in:\n%s", (s), cap.buf)

START_TEST(greeting_and_negotiation)
{
	ck_assert_ptr_nonnull(strstr(cap.buf, "{\"QMP\": {\"version\": {\"qemu\""));
	send_text("{\"execute\": \"query-status\", \"id\": 7}");
	OUT_HAS("\"class\": \"CommandNotFound\"");
	OUT_HAS("Expecting capabilities negotiation");
	OUT_HAS("\"id\": 7");
	send_text("{\"execute\": \"qmp_capabilities\"}\r\n");
	ck_assert_str_eq(cap.buf, "{\"return\": {}}\r\n");
	send_text("{\"execute\":\"query-status\",\"id\":\"a\"}");
	OUT_HAS("\"status\": \"running\"");
	OUT_HAS("\"id\": \"a\"");
}
END_TEST

START_TEST(errors_keep_the_session)
{
	send_text("{\"execute\": \"qmp_capabilities\"}");
	send_text("{\"execute\": \"nope\", \"id\": 1}");
	OUT_HAS("\"class\": \"CommandNotFound\"");
	send_text("{\"execute\": 1}");
	OUT_HAS("lacks member 'execute'");
	send_text("{\"execute\": \"stop\", \"arguments\": []}");
	OUT_HAS("'arguments' must be an object");
	send_text("[1, 2]");
	OUT_HAS("not an object");
	send_text("{\"execute\": \"stop\",,}");
	OUT_HAS("JSON parse error");
	send_text("{\"execute\": \"human-monitor-command\"}");
	OUT_HAS("Parameter 'command-line' is missing");
	/* No debug interface here: stop says why. */
	send_text("{\"execute\": \"stop\"}");
	OUT_HAS("cannot stop its CPUs");
	send_text("{\"execute\": \"query-kvm\"}");
	OUT_HAS("\"enabled\": false");
}
END_TEST

/* Braces and quotes inside strings do not end a request; splits do not matter. */
START_TEST(framing)
{
	const char *req = "{\"execute\": \"qmp_capabilities\", \"id\": \"}{\\\"\"}";

	for (size_t i = 0; req[i]; i++)
		qmp_input(q, (const uint8_t *)req + i, 1);
	OUT_HAS("{\"return\": {}, \"id\": \"}{\\\"\"}");
	send_text("{\"execute\":\"query-version\",\"id\":1}{\"execute\":\"query-migrate\",\"id\":2}");
	OUT_HAS("\"id\": 1");
	OUT_HAS("{\"return\": {}, \"id\": 2}");
}
END_TEST

START_TEST(overlong_request_is_skipped_whole)
{
	size_t n = 70000;
	char *big = malloc(n + 128);

	send_text("{\"execute\": \"qmp_capabilities\"}");
	strcpy(big, "{\"execute\": \"stop\", \"x\": \"");
	memset(big + strlen(big), '{', n);
	strcpy(big + 26 + n, "\"}{\"execute\": \"query-status\", \"id\": 9}");
	send_text(big);
	OUT_HAS("request too long");
	OUT_HAS("\"status\": \"running\"");
	OUT_HAS("\"id\": 9");
	free(big);
}
END_TEST

START_TEST(hmp_passthrough)
{
	uint8_t *p = guest_ram_ptr(&vm.ram, 0x40000000, 4);

	memcpy(p, "\x78\x56\x34\x12", 4);
	send_text("{\"execute\": \"qmp_capabilities\"}");
	send_text("{\"execute\": \"human-monitor-command\", \"arguments\": "
		  "{\"command-line\": \"xp /1xw 0x40000000\"}}");
	OUT_HAS("{\"return\": \"0000000040000000: 0x12345678\\n\"}");
}
END_TEST

static Suite *qmp_suite(void)
{
	Suite *s = suite_create("qmp");
	TCase *tc = tcase_create("wire");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, greeting_and_negotiation);
	tcase_add_test(tc, errors_keep_the_session);
	tcase_add_test(tc, framing);
	tcase_add_test(tc, overlong_request_is_skipped_whole);
	tcase_add_test(tc, hmp_passthrough);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(qmp_suite());
}
