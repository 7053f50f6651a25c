// SPDX-License-Identifier: GPL-2.0
/*
 * -fsdev, -virtfs and -device virtio-9p-device as a user types them: what
 * each becomes in struct vm_config, and QEMU's words for what is wrong
 * (checked against qemu-system-aarch64 7.2).
 */
#include <check.h>

#include "check_run.h"
#include "cli_test.h"
#include "config.h"

START_TEST(fsdev_and_device)
{
	struct vm_config cfg;
	struct av_err err;

	ck_assert_int_eq(cli_test_parse(&cfg, &err, "-fsdev",
					"local,id=f0,path=/srv,security_model=mapped-xattr,readonly=on,fmode=0640,dmode=0750,writeout=immediate",
					"-device", "virtio-9p-device,fsdev=f0,mount_tag=host0", NULL), 0);
	ck_assert_uint_eq(cfg.nfsdevs, 1);
	ck_assert_str_eq(cfg.fsdevs[0].id, "f0");
	ck_assert_str_eq(cfg.fsdevs[0].path, "/srv");
	ck_assert_int_eq(cfg.fsdevs[0].model, FSDEV_MAPPED_XATTR);
	ck_assert(cfg.fsdevs[0].readonly);
	ck_assert(cfg.fsdevs[0].writeout_immediate);
	ck_assert_uint_eq(cfg.fsdevs[0].fmode, 0640);
	ck_assert_uint_eq(cfg.fsdevs[0].dmode, 0750);
	ck_assert_uint_eq(cfg.ndevices, 1);
	ck_assert_int_eq(cfg.devices[0].model, DEVICE_VIRTIO_9P);
	ck_assert_str_eq(cfg.devices[0].fsdev, "f0");
	ck_assert_str_eq(cfg.devices[0].mount_tag, "host0");
	config_free(&cfg);
}
END_TEST

START_TEST(virtfs_is_both)
{
	struct vm_config cfg;
	struct av_err err;

	ck_assert_int_eq(cli_test_parse(&cfg, &err, "-virtfs",
					"local,path=/srv,mount_tag=share,security_model=none", NULL), 0);
	ck_assert_uint_eq(cfg.nfsdevs, 1);
	ck_assert_str_eq(cfg.fsdevs[0].id, "share");	/* named after the tag */
	ck_assert_int_eq(cfg.fsdevs[0].model, FSDEV_NONE);
	ck_assert_uint_eq(cfg.fsdevs[0].fmode, 0600);	/* QEMU's defaults */
	ck_assert_uint_eq(cfg.ndevices, 1);
	ck_assert_str_eq(cfg.devices[0].fsdev, "share");
	ck_assert_str_eq(cfg.devices[0].origin.option, "-virtfs");
	config_free(&cfg);
	ck_assert_int_eq(cli_test_parse(&cfg, &err, "-virtfs",
					"local,path=/srv,mount_tag=t,security_model=passthrough,id=x", NULL), 0);
	ck_assert_str_eq(cfg.fsdevs[0].id, "x");
	ck_assert_int_eq(cfg.fsdevs[0].model, FSDEV_PASSTHROUGH);
	config_free(&cfg);
}
END_TEST

static void bad(const char *opt, const char *arg, const char *want)
{
	struct vm_config cfg;
	struct av_err err;

	ck_assert_int_lt(cli_test_parse(&cfg, &err, opt, arg, NULL), 0);
	ck_assert_msg(strstr(err.msg, want), "%s %s: '%s' lacks '%s'", opt, arg, err.msg, want);
	config_free(&cfg);
}

START_TEST(qemu_words)
{
	bad("-fsdev", "local,id=f", "security_model property not set");
	bad("-fsdev", "local,id=f,security_model=none", "path property not set");
	bad("-fsdev", "local,id=f,path=/x,security_model=foo",
	    "invalid security_model property 'foo'");
	bad("-fsdev", "local,path=/x,security_model=none", "fsdev: No id specified");
	bad("-fsdev", "foo,id=f,path=/x,security_model=none", "fsdev: fsdriver foo not found");
	bad("-fsdev", "id=f,path=/x,security_model=none", "fsdev: No fsdriver specified");
	bad("-fsdev", "local,id=f,path=/x,security_model=none,bogus=1", "Invalid parameter 'bogus'");
	bad("-fsdev", "local,id=f,path=/x,security_model=none,fmode=0644",
	    "fmode is only valid for mapped security modes");
	bad("-fsdev", "local,id=f,path=/x,security_model=mapped,dmode=abc",
	    "Parameter 'dmode' expects a number");
	bad("-fsdev", "local,id=f,path=/x,security_model=none,readonly=maybe",
	    "Parameter 'readonly' expects 'on' or 'off'");
	bad("-fsdev", "local,id=f,path=/x,security_model=none,multidevs=bad",
	    "invalid multidevs property 'bad'");
	bad("-fsdev", "local,id=f,path=/x,security_model=mapped-file",
	    "security_model=mapped-file is not supported");
	bad("-virtfs", "local,path=/x,security_model=none", "Usage: -virtfs fsdriver,mount_tag=tag");
	bad("-virtfs", "local,mount_tag=t,security_model=none", "path property not set");
	bad("-device", "virtio-9p-device,fsdev=f,mount_tag=t,foo=1",
	    "Property 'virtio-9p-device.foo' not found");
	bad("-device", "virtio-9p-pci,fsdev=f,mount_tag=t,bus=nope.0,addr=zz", "addr");
}
END_TEST

START_TEST(duplicate_ids)
{
	struct vm_config cfg;
	struct av_err err;

	ck_assert_int_lt(cli_test_parse(&cfg, &err,
					"-fsdev", "local,id=f,path=/x,security_model=none",
					"-virtfs", "local,id=f,path=/y,mount_tag=t,security_model=none",
					NULL), 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "Duplicate ID 'f' for fsdev"));
	config_free(&cfg);
}
END_TEST

static Suite *p9_cli_suite(void)
{
	Suite *s = suite_create("9p_cli");
	TCase *tc = tcase_create("options");

	tcase_add_test(tc, fsdev_and_device);
	tcase_add_test(tc, virtfs_is_both);
	tcase_add_test(tc, qemu_words);
	tcase_add_test(tc, duplicate_ids);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(p9_cli_suite());
}
