// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU's shorthands (issue 14, part 2) as armvisor reads them: -hda..-hdd,
 * -snapshot, -drive cache= modes, and the refused forms with their
 * messages.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "cli_test.h"
#include "config.h"
#include "util.h"

#define PARSE(...) cli_test_parse(&cfg, &err, __VA_ARGS__, (char *)NULL)
#define CHECK(...) cli_test_check(&cfg, &err, __VA_ARGS__, (char *)NULL)

static struct vm_config cfg;
static struct av_err err;

static void teardown(void)
{
	config_free(&cfg);
}

/* -hda is a virtio disk at index 0 on virt; its name is taken whole. */
START_TEST(hd_shorthands)
{
	ck_assert_msg(PARSE("-hda", "a,b.img", "-hdb", "c.img", "-hdd", "d.img") == 0,
		      "%s", err.msg);
	ck_assert_uint_eq(cfg.ndrives, 3);
	ck_assert_str_eq(cfg.drives[0].file, "a,b.img");
	ck_assert(cfg.drives[0].is_virtio && cfg.drives[0].probe);
	ck_assert_int_eq(cfg.drives[0].index, 0);
	ck_assert_int_eq(cfg.drives[1].index, 1);
	ck_assert_int_eq(cfg.drives[2].index, 3);
	ck_assert_str_eq(cfg.drives[1].origin.option, "-hdb");
	ck_assert(!cfg.drives[0].snapshot);
}
END_TEST

START_TEST(hd_index_taken)
{
	ck_assert_int_lt(PARSE("-hda", "x.img", "-hda", "y.img"), 0);
	ck_assert_str_eq(err.msg, "-hda y.img: a drive with index=0 exists");
	config_free(&cfg);
	ck_assert_int_lt(PARSE("-drive", "file=x.img,index=1", "-hdb", "y.img"), 0);
	ck_assert_str_eq(err.msg, "-hdb y.img: a drive with index=1 exists");
	config_free(&cfg);
	/* if=none drives are another interface. */
	ck_assert_int_eq(PARSE("-drive", "file=x.img,if=none,id=d,index=0", "-hda", "y.img"), 0);
}
END_TEST

/* -snapshot reaches every drive, before or after it, unless snapshot= says. */
START_TEST(snapshot_everywhere)
{
	ck_assert_msg(PARSE("-hda", "a.img", "-drive", "file=b.img,snapshot=off",
			    "-snapshot", "-drive", "file=c.img,if=none,id=c") == 0,
		      "%s", err.msg);
	ck_assert(cfg.drives[0].snapshot);
	ck_assert(!cfg.drives[1].snapshot);
	ck_assert(cfg.drives[2].snapshot);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-drive", "file=a.img,snapshot=on", "-drive", "file=b.img"), 0);
	ck_assert(cfg.drives[0].snapshot && !cfg.drives[1].snapshot);
	config_free(&cfg);
	ck_assert_int_lt(PARSE("-drive", "file=a.img,snapshot=maybe"), 0);
	ck_assert_err_has(&err, "snapshot");
}
END_TEST

static const struct {
	const char *mode;
	bool direct, writethrough, no_flush;
} caches[] = {
	{ "writeback", false, false, false },
	{ "none", true, false, false },
	{ "writethrough", false, true, false },
	{ "directsync", true, true, false },
	{ "unsafe", false, false, true },
};

START_TEST(cache_modes)
{
	char arg[64];

	snprintf(arg, sizeof(arg), "file=a.img,cache=%s", caches[_i].mode);
	ck_assert_msg(PARSE("-drive", arg) == 0, "%s", err.msg);
	ck_assert_int_eq(cfg.drives[0].direct, caches[_i].direct);
	ck_assert_int_eq(cfg.drives[0].writethrough, caches[_i].writethrough);
	ck_assert_int_eq(cfg.drives[0].no_flush, caches[_i].no_flush);
}
END_TEST

static const struct {
	const char *option, *arg, *msg;
} bad[] = {
	{ "-drive", "file=a.img,cache=fast", "cache=fast is not supported (writeback, none" },
	{ "-drive", "file=a.img,index=x", "invalid index=x" },
	{ "-drive", "file=a.img,index=256", "invalid index=256" },
};

START_TEST(refused)
{
	char want[256];

	ck_assert_int_lt(PARSE(bad[_i].option, bad[_i].arg), 0);
	snprintf(want, sizeof(want), "%s %s: ", bad[_i].option, bad[_i].arg);
	ck_assert_msg(!strncmp(err.msg, want, strlen(want)), "'%s' does not start with '%s'",
		      err.msg, want);
	ck_assert_msg(strstr(err.msg, bad[_i].msg), "'%s' lacks '%s'", err.msg, bad[_i].msg);
}
END_TEST

static Suite *legacy_suite(void)
{
	Suite *s = suite_create("cli_legacy");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, hd_shorthands);
	tcase_add_test(tc, hd_index_taken);
	tcase_add_test(tc, snapshot_everywhere);
	tcase_add_loop_test(tc, cache_modes, 0, ARRAY_SIZE(caches));
	tcase_add_loop_test(tc, refused, 0, ARRAY_SIZE(bad));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(legacy_suite());
}
