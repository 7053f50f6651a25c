// SPDX-License-Identifier: GPL-2.0
/*
 * The host-side options test harnesses pass to QEMU (issue 17):
 * -daemonize (its defaults and what it refuses), -machine virt,help and
 * -chardev help (which only ask for a list), and that every property
 * -machine virt,help lists is one -machine accepts.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../cli/opts.h"
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

/* A daemon has no terminal: the console goes nowhere unless -serial says. */
START_TEST(daemonize_defaults)
{
	ck_assert_int_eq(CHECK("-daemonize", "-kernel", "Image"), 0);
	ck_assert(cfg.daemonize);
	ck_assert_int_eq(cfg.serial, SERIAL_NONE);
	config_free(&cfg);
	ck_assert_int_eq(CHECK("-daemonize", "-kernel", "Image", "-serial", "file:log"), 0);
	ck_assert_int_eq(cfg.serial, SERIAL_FILE);
	config_free(&cfg);
	ck_assert_int_eq(CHECK("-kernel", "Image"), 0);
	ck_assert(!cfg.daemonize);
	ck_assert_int_eq(cfg.serial, SERIAL_DEFAULT);
}
END_TEST

static const struct {
	const char *a, *b, *msg;
} daemon_bad[] = {
	{ "-nographic", NULL, "-nographic cannot be used with -daemonize" },
	{ "-serial", "stdio", "-serial stdio: cannot use stdio with -daemonize" },
	{ "-serial", "mon:stdio", "-serial stdio: cannot use stdio with -daemonize" },
	{ "-monitor", "stdio", "-monitor stdio: cannot use stdio with -daemonize" },
	{ "-qmp", "stdio", "-qmp stdio: cannot use stdio with -daemonize" },
	{ "-chardev", "stdio,id=c0", "-chardev stdio,id=c0: cannot use stdio with -daemonize" },
};

START_TEST(daemonize_refuses_stdio)
{
	int ret = daemon_bad[_i].b ?
		CHECK("-daemonize", "-kernel", "Image", daemon_bad[_i].a, daemon_bad[_i].b) :
		CHECK("-daemonize", "-kernel", "Image", daemon_bad[_i].a);

	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_str_eq(err.msg, daemon_bad[_i].msg);
}
END_TEST

START_TEST(machine_props_listed)
{
	ck_assert_int_eq(PARSE("-machine", "virt,help"), 0);
	ck_assert_uint_eq(cfg.list_requests, CONFIG_LIST_MACHINE_PROPS);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-M", "virt,gic-version=3,?"), 0);
	ck_assert_uint_eq(cfg.list_requests, CONFIG_LIST_MACHINE_PROPS);
	config_free(&cfg);
	/* Only a whole element asks: a property value "help" is a value. */
	ck_assert_int_eq(PARSE("-M", "virt,append=help"), 0);
	ck_assert_uint_eq(cfg.list_requests, 0);
	ck_assert_str_eq(cfg.append, "help");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-M", "virt,helpme"), -EINVAL);
}
END_TEST

/* Every listed property is one the parser takes, with the listed sample. */
START_TEST(machine_props_accepted)
{
	const char *name, *value;
	unsigned int i;

	for (i = 0; machine_prop_sample(i, &name, &value); i++) {
		config_init(&cfg);
		av_err_clear(&err);
		ck_assert_msg(machine_set_prop(&cfg, name, value, &err) == 0,
			      "%s=%s: %s", name, value, err.msg);
		config_free(&cfg);
	}
	ck_assert_uint_ge(i, 10);
	config_init(&cfg);
}
END_TEST

START_TEST(chardev_help)
{
	const char *name;
	unsigned int i;

	ck_assert_int_eq(PARSE("-chardev", "help"), 0);
	ck_assert_uint_eq(cfg.list_requests, CONFIG_LIST_CHARDEVS);
	ck_assert_uint_eq(cfg.nchardevs, 0);
	/* Every listed back end parses as a -chardev of its own. */
	for (i = 0; (name = chardev_backend_name(i)); i++) {
		struct chardev_opts o;
		char arg[128];

		snprintf(arg, sizeof(arg), "%s,id=c%u%s", name, i,
			 !strcmp(name, "file") ? ",path=x.log" :
			 !strcmp(name, "socket") ? ",port=4555" : "");
		ck_assert_msg(chardev_parse(arg, &o, &err) == 0, "%s: %s", arg, err.msg);
	}
	ck_assert_uint_eq(i, 6);
}
END_TEST

static Suite *host_suite(void)
{
	Suite *s = suite_create("cli_host");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, daemonize_defaults);
	tcase_add_loop_test(tc, daemonize_refuses_stdio, 0, ARRAY_SIZE(daemon_bad));
	tcase_add_test(tc, machine_props_listed);
	tcase_add_test(tc, machine_props_accepted);
	tcase_add_test(tc, chardev_help);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(host_suite());
}
