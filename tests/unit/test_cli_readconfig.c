// SPDX-License-Identifier: GPL-2.0
/*
 * -readconfig files (QEMU's qemu_config_parse() format): every group and
 * key armvisor reads, and the message each broken file gets, which must
 * name file:line and the text at fault.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "check_run.h"
#include "cli_test.h"
#include "config.h"

#define DATA "tests/data/cli/"
#define PARSE(...) cli_test_parse(&cfg, &err, __VA_ARGS__, (char *)NULL)

static struct vm_config cfg;
static struct av_err err;

static void teardown(void)
{
	config_free(&cfg);
}

static int read_cfg(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), DATA "%s", name);
	config_init(&cfg);
	av_err_clear(&err);
	return config_read_file(&cfg, path, &err);
}

START_TEST(every_key)
{
	ck_assert_int_eq(read_cfg("full.cfg"), 0);
	ck_assert_str_eq(cfg.machine, "virt");
	ck_assert_int_eq(cfg.gic_version, GIC_VERSION_3);
	ck_assert_str_eq(cfg.kernel, "Image");
	ck_assert_str_eq(cfg.dtb, "board.dtb");
	ck_assert_str_eq(cfg.dumpdtb, "out.dtb");
	ck_assert_uint_eq(cfg.smp_cpus, 4);
	ck_assert_uint_eq(cfg.smp_max_cpus, 4);
	ck_assert_uint_eq(cfg.smp_sockets, 2);
	ck_assert_uint_eq(cfg.smp_cores, 2);
	ck_assert_uint_eq(cfg.smp_threads, 1);
	ck_assert_uint_eq(cfg.ram_size, 512ULL << 20);	/* bare = MiB, as -m */
	ck_assert_int_eq(cfg.accel, ACCEL_TCG);
	ck_assert_int_eq(cfg.tcg_thread, TCG_THREAD_SINGLE);
	ck_assert_int_eq(config_validate(&cfg, &err), 0);
}
END_TEST

START_TEST(crlf_lines)
{
	ck_assert_int_eq(read_cfg("crlf.cfg"), 0);
	ck_assert_str_eq(cfg.append, "console=ttyAMA0");
	ck_assert_uint_eq(cfg.ram_size, 1ULL << 30);
}
END_TEST

START_TEST(accel_lists)
{
	ck_assert_int_eq(read_cfg("machine-accel.cfg"), 0);
	ck_assert_int_eq(cfg.accel, ACCEL_AUTO);
	ck_assert(cfg.accel_from_machine);
	config_free(&cfg);
	ck_assert_int_eq(read_cfg("accel-list.cfg"), 0);
	ck_assert_int_eq(cfg.accel, ACCEL_AUTO);
	ck_assert_uint_eq(cfg.accel_count, 2);
	config_free(&cfg);
	/* Inside a group the order of the lines does not matter. */
	ck_assert_int_eq(read_cfg("accel-order.cfg"), 0);
	ck_assert_int_eq(cfg.accel, ACCEL_TCG);
	ck_assert_int_eq(cfg.tcg_thread, TCG_THREAD_MULTI);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-readconfig", DATA "machine-accel.cfg",
			       "-accel", "tcg"), -EINVAL);
	ck_assert_err_has(&err, "incompatible");
}
END_TEST

struct bad_file {
	const char *name;
	const char *msg;
};

START_TEST(broken_files)
{
	static const struct bad_file bad[] = {
		{ "bad-group.cfg", DATA "bad-group.cfg:2: there is no option group 'fsdev'" },
		{ "bad-key.cfg", DATA "bad-key.cfg:3: 'bogus = \"1\"': machine property "
		  "'bogus' not found" },
		{ "unterminated.cfg", DATA "unterminated.cfg:2: 'size = \"4G': unterminated quote" },
		{ "no-group.cfg", DATA "no-group.cfg:1: 'kernel = \"Image\"': no group defined" },
		{ "garbage.cfg", DATA "garbage.cfg:2: 'hello world': expected key = \"value\"" },
		{ "bad-size.cfg", DATA "bad-size.cfg:2: 'size = \"4Q\"': invalid size" },
		{ "unquoted.cfg", DATA "unquoted.cfg:2: 'size = 4G': expected a value "
		  "in double quotes" },
		{ "trailing.cfg", DATA "trailing.cfg:2: 'size = \"4G\" # four': unexpected "
		  "text after the value" },
		{ "group-id.cfg", DATA "group-id.cfg:1: '[machine \"vm0\"]': this group "
		  "takes no id" },
		{ "bad-header.cfg", DATA "bad-header.cfg:1: '[machine': expected [group] "
		  "or [group \"id\"]" },
		{ "empty-group.cfg", DATA "empty-group.cfg:1: '[]': expected [group] "
		  "or [group \"id\"]" },
		{ "no-key.cfg", DATA "no-key.cfg:2: '= \"virt\"': expected key = \"value\"" },
		{ "thread-kvm.cfg", DATA "thread-kvm.cfg:5: 'thread = \"multi\"': 'thread' "
		  "is a property of the tcg accelerator: give accel=tcg first" },
		{ "nul.cfg", DATA "nul.cfg:2: line contains a NUL byte" },
		{ "bad-smp.cfg", "invalid CPU topology: maxcpus (2) must be equal to or "
		  "greater than cpus (4)" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(read_cfg(bad[i].name) == -EINVAL, "%s accepted", bad[i].name);
		ck_assert_str_eq(err.msg, bad[i].msg);
		config_free(&cfg);
	}
}
END_TEST

/* The same message through -readconfig, stopping at the bad file. */
START_TEST(broken_file_on_command_line)
{
	ck_assert_int_eq(PARSE("-m", "1G", "-readconfig", DATA "bad-size.cfg",
			       "-m", "2G"), -EINVAL);
	ck_assert_str_eq(err.msg, DATA "bad-size.cfg:2: 'size = \"4Q\"': invalid size");
}
END_TEST

START_TEST(not_a_file)
{
	ck_assert_int_lt(read_cfg(""), 0);	/* the directory itself */
	ck_assert_err_has(&err, "tests/data/cli/");
	ck_assert_err_has(&err, "read error");
}
END_TEST

static Suite *readconfig_suite(void)
{
	Suite *s = suite_create("readconfig");
	TCase *tc = tcase_create("files");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, every_key);
	tcase_add_test(tc, crlf_lines);
	tcase_add_test(tc, accel_lists);
	tcase_add_test(tc, broken_files);
	tcase_add_test(tc, broken_file_on_command_line);
	tcase_add_test(tc, not_a_file);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(readconfig_suite());
}
