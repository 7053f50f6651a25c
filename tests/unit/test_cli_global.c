// SPDX-License-Identifier: GPL-2.0
/*
 * -global and the [global] -readconfig group: both spellings QEMU takes
 * (DRIVER.PROPERTY=VALUE and driver=,property=,value=), what each sets,
 * and the message for each thing armvisor does not have.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check_run.h"
#include "cli_test.h"
#include "config.h"

#define PARSE(...) cli_test_parse(&cfg, &err, __VA_ARGS__, (char *)NULL)

static struct vm_config cfg;
static struct av_err err;

static void teardown(void)
{
	config_free(&cfg);
}

START_TEST(default_is_on)
{
	ck_assert_int_eq(PARSE("-m", "256"), 0);
	ck_assert(!cfg.virtio_ioeventfd_off);
}
END_TEST

START_TEST(short_form)
{
	ck_assert_int_eq(PARSE("-global", "virtio-mmio.ioeventfd=off"), 0);
	ck_assert(cfg.virtio_ioeventfd_off);
	config_free(&cfg);
	/* Later wins, as every option; yes/no/true/false as QEMU's bools. */
	ck_assert_int_eq(PARSE("-global", "virtio-mmio.ioeventfd=no",
			       "-global", "virtio-mmio.ioeventfd=true"), 0);
	ck_assert(!cfg.virtio_ioeventfd_off);
}
END_TEST

START_TEST(key_form)
{
	ck_assert_int_eq(PARSE("-global", "driver=virtio-mmio,property=ioeventfd,value=off"), 0);
	ck_assert(cfg.virtio_ioeventfd_off);
}
END_TEST

START_TEST(force_legacy)
{
	ck_assert_int_eq(PARSE("-global", "virtio-mmio.force-legacy=false"), 0);
	ck_assert(!cfg.virtio_mmio_legacy);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-global", "virtio-mmio.force-legacy=on"), 0);
	ck_assert(cfg.virtio_mmio_legacy);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-global", "driver=virtio-mmio,property=force-legacy,value=true"), 0);
	ck_assert(cfg.virtio_mmio_legacy);
	config_free(&cfg);
	ck_assert_int_ne(PARSE("-global", "virtio-mmio.force-legacy=sometimes"), 0);
	ck_assert_err_has(&err, "Parameter 'force-legacy' expects 'on' or 'off'");
}
END_TEST

START_TEST(errors)
{
	static const char *const cases[][2] = {
		{ "virtio-mmio.bogus=1", "virtio-mmio has no property 'bogus'" },
		{ "virtio-mmio.ioeventfd=maybe", "Parameter 'ioeventfd' expects 'on' or 'off'" },
		{ "virtio-blk-device.x=1", "no device type 'virtio-blk-device' takes -global properties" },
		{ "ioeventfd=off", "Invalid parameter 'ioeventfd'" },
		{ "driver=virtio-mmio,property=ioeventfd", "driver, property and value are all needed" },
		{ "driver=virtio-mmio,property=ioeventfd,value=off,x=1", "Invalid parameter 'x'" },
		{ ".ioeventfd=off", "the driver must be 1 to 63 characters" },
		{ "virtio-mmio.=off", "the property must be 1 to 63 characters" },
	};

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_ne(PARSE("-global", cases[i][0]), 0);
		ck_assert_err_has(&err, cases[i][1]);
		ck_assert(!cfg.virtio_ioeventfd_off);
		config_free(&cfg);
	}
}
END_TEST

/* Write text to a temporary config file; its path goes to path. */
static void write_cfg(char *path, size_t size, const char *text)
{
	FILE *f;
	int fd;

	snprintf(path, size, "/tmp/armvisor-global-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(readconfig_group)
{
	char path[64];
	int ret;

	write_cfg(path, sizeof(path),
		  "[global]\n  driver = \"virtio-mmio\"\n  property = \"ioeventfd\"\n  value = \"off\"\n");
	ret = PARSE("-readconfig", path);
	unlink(path);
	ck_assert_int_eq(ret, 0);
	ck_assert(cfg.virtio_ioeventfd_off);
	config_free(&cfg);

	write_cfg(path, sizeof(path),
		  "# no driver\n[global]\n  property = \"ioeventfd\"\n  value = \"off\"\n");
	ret = PARSE("-readconfig", path);
	unlink(path);
	ck_assert_int_ne(ret, 0);
	ck_assert_err_has(&err, ":2: '[global]': Parameter 'driver' is missing");
}
END_TEST

static Suite *global_suite(void)
{
	Suite *s = suite_create("cli_global");
	TCase *tc = tcase_create("global");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, default_is_on);
	tcase_add_test(tc, short_form);
	tcase_add_test(tc, key_form);
	tcase_add_test(tc, force_legacy);
	tcase_add_test(tc, errors);
	tcase_add_test(tc, readconfig_group);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(global_suite());
}
