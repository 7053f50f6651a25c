// SPDX-License-Identifier: GPL-2.0
/*
 * The typed QemuOpts options of struct vm_config: what -drive, -device,
 * -netdev, -nic and -chardev become (defaults, short forms, where each
 * came from), and that hostile or malformed option strings get a clear
 * message naming the option, never a crash or a half-added entry.
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

static struct vm_config cfg;
static struct av_err err;

static void teardown(void)
{
	config_free(&cfg);
}

START_TEST(drive_defaults_and_forms)
{
	ck_assert_msg(PARSE("-drive", "file=a,,b.img",
			    "-drive", "file=c.img,if=none,id=d1,format=raw,cache=none,readonly,serial=S1") == 0,
		      "%s", err.msg);
	ck_assert_uint_eq(cfg.ndrives, 2);
	/* virt's default interface is virtio; no format= means probing. */
	ck_assert_str_eq(cfg.drives[0].file, "a,b.img");
	ck_assert(cfg.drives[0].is_virtio && cfg.drives[0].probe);
	ck_assert(!cfg.drives[0].readonly && !cfg.drives[0].direct);
	ck_assert_ptr_null(cfg.drives[0].id);
	ck_assert_ptr_null(cfg.drives[0].serial);
	ck_assert(!cfg.drives[1].is_virtio && !cfg.drives[1].probe);
	ck_assert(cfg.drives[1].readonly && cfg.drives[1].direct);
	ck_assert_str_eq(cfg.drives[1].id, "d1");
	ck_assert_str_eq(cfg.drives[1].serial, "S1");
	ck_assert_str_eq(cfg.drives[1].origin.option, "-drive");
	ck_assert_ptr_null(cfg.drives[1].origin.where);
}
END_TEST

/* Flash units (hw/arm/virt.c: two banks), -bios, -fw_cfg. */
START_TEST(firmware_options)
{
	ck_assert_msg(PARSE("-drive", "if=pflash,unit=1,format=raw,file=vars.fd",
			    "-pflash", "code,1.fd", "-bios", "b.fd",
			    "-fw_cfg", "opt/a,string=x", "-fw_cfg", "name=opt/b,file=f") == 0,
		      "%s", err.msg);
	ck_assert_uint_eq(cfg.ndrives, 2);
	ck_assert(cfg.drives[0].is_pflash && !cfg.drives[0].is_virtio);
	ck_assert_int_eq(cfg.drives[0].index, 1);
	/* -pflash takes the next free unit and the whole name. */
	ck_assert(cfg.drives[1].is_pflash);
	ck_assert_int_eq(cfg.drives[1].index, 0);
	ck_assert_str_eq(cfg.drives[1].file, "code,1.fd");
	ck_assert_str_eq(cfg.bios, "b.fd");
	ck_assert_uint_eq(cfg.nfw_cfgs, 2);
	ck_assert_str_eq(cfg.fw_cfgs[0].name, "opt/a");
	ck_assert_str_eq(cfg.fw_cfgs[0].string, "x");
	ck_assert_str_eq(cfg.fw_cfgs[1].file, "f");
}
END_TEST

/* QEMU's file.locking (block/file-posix.c), also taken as locking=. */
START_TEST(drive_locking)
{
	ck_assert_msg(PARSE("-drive", "file=a.img",
			    "-drive", "file=b.img,file.locking=off",
			    "-drive", "file=c.img,locking=off",
			    "-drive", "file=d.img,file.locking=auto",
			    "-drive", "file=e.img,locking=on") == 0,
		      "%s", err.msg);
	ck_assert(!cfg.drives[0].no_lock);
	ck_assert(cfg.drives[1].no_lock && cfg.drives[2].no_lock);
	ck_assert(!cfg.drives[3].no_lock && !cfg.drives[4].no_lock);
}
END_TEST

START_TEST(device_models)
{
	ck_assert_msg(PARSE("-device", "virtio-blk-device,drive=d,serial=s,id=b0",
			    "-device", "driver=virtio-rng-device",
			    "-device", "virtio-net-device,netdev=n,mac=52:54:00:00:00:09",
			    "-device", "virtio-serial-device,id=vs",
			    "-device", "virtconsole,chardev=c,name=org.x,nr=0") == 0,
		      "%s", err.msg);
	ck_assert_uint_eq(cfg.ndevices, 5);
	ck_assert_int_eq(cfg.devices[0].model, DEVICE_VIRTIO_BLK);
	ck_assert_str_eq(cfg.devices[0].drive, "d");
	ck_assert_str_eq(cfg.devices[0].serial, "s");
	ck_assert_str_eq(cfg.devices[0].id, "b0");
	ck_assert_int_eq(cfg.devices[1].model, DEVICE_VIRTIO_RNG);
	ck_assert_ptr_null(cfg.devices[1].id);
	ck_assert_int_eq(cfg.devices[2].model, DEVICE_VIRTIO_NET);
	ck_assert_str_eq(cfg.devices[2].nic.netdev, "n");
	ck_assert(cfg.devices[2].nic.has_mac);
	ck_assert_uint_eq(cfg.devices[2].nic.mac[5], 9);
	ck_assert_int_eq(cfg.devices[3].model, DEVICE_VIRTIO_SERIAL);
	ck_assert_int_eq(cfg.devices[4].model, DEVICE_VIRTCONSOLE);
	ck_assert_str_eq(cfg.devices[4].chardev, "c");
	ck_assert_str_eq(cfg.devices[4].origin.text, "virtconsole,chardev=c,name=org.x,nr=0");
}
END_TEST

/* References are checked by the machine: they may come later. */
START_TEST(references_wait_for_the_machine)
{
	ck_assert_msg(PARSE("-device", "virtio-blk-device,drive=later",
			    "-device", "virtio-net-device,netdev=later",
			    "-device", "virtconsole,chardev=later") == 0, "%s", err.msg);
	ck_assert_uint_eq(cfg.ndevices, 3);
}
END_TEST

START_TEST(netdev_nic_chardev)
{
	ck_assert_msg(PARSE("-netdev", "tap,id=t0,ifname=tap0",
			    "-nic", "none",
			    "-nic", "tap,ifname=tap1,model=virtio",
			    "-chardev", "file,id=c0,path=/tmp/x",
			    "-chardev", "socket,id=c1,port=4555,server,nowait") == 0,
		      "%s", err.msg);
	ck_assert_uint_eq(cfg.nnetdevs, 1);
	ck_assert_int_eq(cfg.netdevs[0].opts.kind, NETDEV_TAP);
	ck_assert_str_eq(cfg.netdevs[0].origin.option, "-netdev");
	/* -nic none asks for no default NIC: armvisor has none to drop. */
	ck_assert_uint_eq(cfg.nnics, 1);
	ck_assert_str_eq(cfg.nics[0].netdev.id, "__nic0");
	ck_assert_str_eq(cfg.nics[0].nic.netdev, "__nic0");
	ck_assert(!cfg.nics[0].nic.has_mac);
	ck_assert_uint_eq(cfg.nchardevs, 2);
	ck_assert_int_eq(cfg.chardevs[0].opts.kind, CHARDEV_FILE);
	ck_assert(cfg.chardevs[1].opts.server && !cfg.chardevs[1].opts.wait);
	ck_assert_str_eq(cfg.chardevs[1].origin.text, "socket,id=c1,port=4555,server,nowait");
}
END_TEST

static const struct {
	const char *option, *arg, *msg;
} bad[] = {
	{ "-device", "", "'' is not a valid device model name" },
	{ "-device", ",", "'' is not a valid device model name" },
	{ "-device", "virtio-rng-device,,,", "is not a valid device model name" },
	{ "-device", "virtio-rng-device,,x=1", "no device model named (driver=NAME)" },
	{ "-device", "=", "empty parameter name" },
	{ "-device", "=x", "empty parameter name" },
	{ "-device", "id=a", "no device model named (driver=NAME)" },
	{ "-device", "virtio-rng-device,,", "is not a valid device model name" },
	{ "-device", "virtio-rng-device,id=", "Parameter 'id' expects an identifier" },
	{ "-device", "virtio-rng-device,id=9", "Parameter 'id' expects an identifier" },
	{ "-device", "virtio-rng-device,nofoo", "unknown property 'foo'" },
	{ "-device", "virtio-rng-device,no", "empty parameter name" },
	{ "-device", "virtio-blk-device,serial=x", "drive property not set" },
	{ "-device", "virtio-net-device,netdev=", "invalid netdev id ''" },
	{ "-device", "virtio-net-device,netdev=n,mac=zz:54:00:12:34:56", "MAC address" },
	{ "-device", "virtio-net-device,netdev=n,mac=52:54:00:12:34:56:", "MAC address" },
	{ "-device", "virtconsole,chardev=", "Parameter 'chardev' must be 1 to 63 characters" },
	{ "-device", "virtconsole,chardev=c,nr=01", "only port nr=0 exists" },
	{ "-device", "virtio-serial-device,chardev=c", "virtio-serial-device.chardev' not found" },
	{ "-drive", "", "a disk image is needed: file=PATH" },
	{ "-drive", ",", "empty parameter name" },
	{ "-drive", "a.img", "a disk image is needed: file=PATH" },
	{ "-drive", "file=a,a.img", "unknown property 'a.img'" },
	{ "-drive", "file=a,if=", "if= is not supported (virtio, none, pflash)" },
	{ "-drive", "file=a,readonly=", "Parameter 'readonly' expects 'on' or 'off'" },
	{ "-drive", "file=a,format=", "format '' is not supported (raw and qcow2 are)" },
	{ "-drive", "file=a,if=pflash,unit=2", "flash units are 0 and 1" },
	{ "-drive", "file=a,if=pflash,index=0,unit=1", "index=0 and unit=1 disagree" },
	{ "-drive", "file=a,if=pflash,snapshot=on", "not supported for if=pflash" },
	{ "-fw_cfg", "etc/x,string=y", "must start with 'opt/'" },
	{ "-fw_cfg", "opt/x,string=y,file=z", "exactly one of file= and string=" },
	{ "-fw_cfg", "opt/x", "exactly one of file= and string=" },
	{ "-fw_cfg", "string=y", "name= is needed" },
	{ "-drive", "file=a,if=pflash,format=qcow2", "format=qcow2 is not supported for if=pflash" },
	{ "-drive", "file=a,file.locking=maybe", "Parameter 'file.locking' expects 'on' or 'off'" },
	{ "-drive", "file=a,id=x y", "Parameter 'id' expects an identifier" },
	{ "-netdev", "", "Parameter 'type' expects a netdev backend type" },
	{ "-netdev", "tap", "Parameter 'id' is missing" },
	{ "-netdev", "tap,id=t,ifname=", "invalid interface name ''" },
	{ "-netdev", "tap,id=t,ifname=t,id=", "Parameter 'id' expects an identifier" },
	{ "-nic", "", "Parameter 'type' expects a netdev backend type" },
	{ "-nic", "tap,ifname=t,model=", "unsupported NIC model ''" },
	{ "-chardev", "", "'' is not a valid char driver name" },
	{ "-chardev", "null,id=", "Parameter 'id' expects an identifier" },
	{ "-chardev", "socket,id=s,port=-1", "port number" },
	{ "-chardev", "socket,id=s,port=99999999999999999999", "port number" },
};

START_TEST(malformed)
{
	char want[256];

	ck_assert_int_lt(PARSE(bad[_i].option, bad[_i].arg), 0);
	snprintf(want, sizeof(want), "%s %s: ", bad[_i].option, bad[_i].arg);
	ck_assert_msg(!strncmp(err.msg, want, strlen(want)), "'%s' does not start with '%s'",
		      err.msg, want);
	ck_assert_msg(strstr(err.msg, bad[_i].msg), "%s %s: '%s' lacks '%s'",
		      bad[_i].option, bad[_i].arg, err.msg, bad[_i].msg);
	ck_assert_uint_eq(cfg.ndrives + cfg.ndevices + cfg.nnetdevs + cfg.nnics +
			  cfg.nchardevs, 0);
}
END_TEST

/* A refused option adds nothing; the ones before it stay. */
START_TEST(refused_adds_nothing)
{
	ck_assert_int_lt(PARSE("-chardev", "null,id=c", "-chardev", "null,id=c"), 0);
	ck_assert_str_eq(err.msg, "-chardev null,id=c: Duplicate ID 'c' for chardev");
	ck_assert_uint_eq(cfg.nchardevs, 1);
	config_free(&cfg);
	ck_assert_int_lt(PARSE("-device", "virtio-rng-device,id=r",
			       "-device", "virtio-serial-device,id=r"), 0);
	ck_assert_str_eq(err.msg, "-device virtio-serial-device,id=r: Duplicate ID 'r' for device");
	ck_assert_uint_eq(cfg.ndevices, 1);
}
END_TEST

/* Long values: refused where a limit exists, kept whole where none does. */
START_TEST(long_values)
{
	static char arg[8320], big[4096];

	memset(big, 'a', sizeof(big) - 1);
	snprintf(arg, sizeof(arg), "file=%s,id=%s", big, big);
	ck_assert_msg(PARSE("-drive", arg) == 0, "%s", err.msg);
	ck_assert_uint_eq(strlen(cfg.drives[0].file), sizeof(big) - 1);
	ck_assert_uint_eq(strlen(cfg.drives[0].origin.text), strlen(arg));
	config_free(&cfg);
	snprintf(arg, sizeof(arg), "tap,id=%s,ifname=t", big);
	ck_assert_int_lt(PARSE("-netdev", arg), 0);
	ck_assert_msg(strstr(err.msg, "Parameter 'id' expects an identifier"), "%s", err.msg);
	/* The option is shortened so that the reason is never cut off. */
	ck_assert_msg(strstr(err.msg, "...: "), "%s", err.msg);
	config_free(&cfg);
	snprintf(arg, sizeof(arg), "virtconsole,chardev=%s", big);
	ck_assert_int_lt(PARSE("-device", arg), 0);
	ck_assert_msg(strstr(err.msg, "must be 1 to 63 characters"), "%s", err.msg);
}
END_TEST

/*
 * Random strings over the characters QemuOpts gives meaning to, and the
 * keys each option knows: parsing either succeeds or says why, and
 * config_free releases whatever was kept (run under a leak checker to
 * see the second part).
 */
START_TEST(random_strings_never_crash)
{
	static const char *const options[] = { "-drive", "-device", "-netdev", "-nic", "-chardev" };
	static const char *const words[] = {
		",", ",,", "=", "no", "id", "file", "if", "none", "virtio", "driver",
		"virtio-blk-device", "virtio-net-device", "virtconsole", "drive",
		"netdev", "chardev", "mac", "52:54:00:12:34:56", "user", "tap",
		"ifname", "socket", "server", "port", "1", "on", "maybe", "\xff", " ",
	};
	unsigned int seed = 11;

	for (int round = 0; round < 3000; round++) {
		char arg[256] = "";
		int n = (int)(rand_r(&seed) % 12);

		for (int i = 0; i < n; i++)
			strncat(arg, words[rand_r(&seed) % ARRAY_SIZE(words)],
				sizeof(arg) - strlen(arg) - 1);
		if (PARSE(options[round % ARRAY_SIZE(options)], arg))
			ck_assert_msg(err.msg[0], "%s %s: no message",
				      options[round % ARRAY_SIZE(options)], arg);
		config_free(&cfg);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("config_devices");
	TCase *tc = tcase_create("typed");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, drive_defaults_and_forms);
	tcase_add_test(tc, drive_locking);
	tcase_add_test(tc, firmware_options);
	tcase_add_test(tc, device_models);
	tcase_add_test(tc, references_wait_for_the_machine);
	tcase_add_test(tc, netdev_nic_chardev);
	tcase_add_loop_test(tc, malformed, 0, ARRAY_SIZE(bad));
	tcase_add_test(tc, refused_adds_nothing);
	tcase_add_test(tc, long_values);
	tcase_add_test(tc, random_strings_never_crash);
	suite_add_tcase(s, tc);
	return check_run(s);
}
