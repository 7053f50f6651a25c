// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU's shorthands (issue 14, part 2) as armvisor reads them: -hda..-hdd,
 * -snapshot, -drive cache= modes, -net nic/-net user, -object rng-*,
 * -cpu feature properties, highmem=off, -echr, -serial's chardev forms
 * (pty, tcp:, unix:, chardev:ID) and -chardev pty, and the refused forms
 * (PCI models, features we lack) with their messages.
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

/* QEMU's legacy -serial syntax (qemu_chr_parse_compat) as a chardev. */
START_TEST(serial_chardev_forms)
{
	ck_assert_msg(PARSE("-serial", "pty") == 0, "%s", err.msg);
	ck_assert_int_eq(cfg.serial, SERIAL_OPTS);
	ck_assert_int_eq(cfg.serial_opts.kind, CHARDEV_PTY);
	ck_assert_str_eq(cfg.serial_opts.id, "serial0");
	config_free(&cfg);
	ck_assert_msg(PARSE("-serial", "tcp::4444,server=on,wait=off") == 0, "%s", err.msg);
	ck_assert_int_eq(cfg.serial_opts.kind, CHARDEV_SOCKET);
	ck_assert_str_eq(cfg.serial_opts.host, "");
	ck_assert_uint_eq(cfg.serial_opts.port, 4444);
	ck_assert(cfg.serial_opts.server && !cfg.serial_opts.wait);
	config_free(&cfg);
	/* The bare flags of old scripts: server, nowait. */
	ck_assert_msg(PARSE("-serial", "tcp:localhost:5555,server,nowait") == 0, "%s", err.msg);
	ck_assert_str_eq(cfg.serial_opts.host, "localhost");
	ck_assert_uint_eq(cfg.serial_opts.port, 5555);
	ck_assert(cfg.serial_opts.server && !cfg.serial_opts.wait);
	config_free(&cfg);
	ck_assert_msg(PARSE("-serial", "unix:/tmp/a,,b,server=on") == 0, "%s", err.msg);
	ck_assert_str_eq(cfg.serial_opts.path, "/tmp/a,b");
	ck_assert(cfg.serial_opts.server && cfg.serial_opts.wait);
	config_free(&cfg);
	ck_assert_msg(PARSE("-serial", "chardev:c0", "-chardev", "pty,id=c0") == 0,
		      "%s", err.msg);
	ck_assert_int_eq(cfg.serial, SERIAL_CHARDEV);
	ck_assert_str_eq(cfg.serial_path, "c0");
	ck_assert_int_eq(cfg.chardevs[0].opts.kind, CHARDEV_PTY);
}
END_TEST

START_TEST(serial_chardev_errors)
{
	ck_assert_int_lt(PARSE("-serial", "tcp:"), 0);
	ck_assert_str_eq(err.msg, "-serial tcp:: expects tcp:[HOST]:PORT[,server=on][,wait=off]");
	config_free(&cfg);
	ck_assert_int_lt(PARSE("-serial", "tcp::0"), 0);
	config_free(&cfg);
	ck_assert_int_lt(PARSE("-serial", "chardev:"), 0);
	config_free(&cfg);
	ck_assert_int_lt(PARSE("-serial", "telnet::4444"), 0);
	ck_assert_msg(strstr(err.msg, "not a valid char driver"), "%s", err.msg);
	config_free(&cfg);
	ck_assert_int_lt(PARSE("-chardev", "pty,id=p,path=/tmp/x"), 0);
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

/* -net nic + -net user: one -nic with the hub's back end. */
START_TEST(net_hub)
{
	ck_assert_msg(PARSE("-net", "nic,model=virtio,macaddr=52:54:00:11:22:33",
			    "-net", "user,hostfwd=tcp::5555-:22") == 0, "%s", err.msg);
	ck_assert_uint_eq(cfg.nnics, 1);
	ck_assert_str_eq(cfg.nics[0].origin.option, "-net");
	ck_assert_int_eq(cfg.nics[0].netdev.kind, NETDEV_USER);
	ck_assert_uint_eq(cfg.nics[0].netdev.nfwd, 1);
	ck_assert_uint_eq(cfg.nics[0].netdev.fwd[0].guest_port, 22);
	ck_assert(cfg.nics[0].nic.has_mac && cfg.nics[0].nic.mac[5] == 0x33);
	ck_assert_str_eq(cfg.nics[0].nic.netdev, cfg.nics[0].netdev.id);
	config_free(&cfg);
	/* The back end may come first, and -nic alongside keeps its own. */
	ck_assert_msg(PARSE("-net", "user", "-nic", "user", "-net", "nic") == 0, "%s", err.msg);
	ck_assert_uint_eq(cfg.nnics, 2);
	ck_assert_str_ne(cfg.nics[0].netdev.id, cfg.nics[1].netdev.id);
	config_free(&cfg);
	/* -net nic,netdev=ID is a virtio-net-device on that -netdev. */
	ck_assert_msg(PARSE("-netdev", "user,id=n0", "-net", "nic,netdev=n0") == 0, "%s", err.msg);
	ck_assert_uint_eq(cfg.ndevices, 1);
	ck_assert_int_eq(cfg.devices[0].model, DEVICE_VIRTIO_NET);
	ck_assert_str_eq(cfg.devices[0].nic.netdev, "n0");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-net", "none"), 0);
	ck_assert_uint_eq(cfg.nnics + cfg.ndevices, 0);
}
END_TEST

START_TEST(rng_objects)
{
	ck_assert_msg(CHECK("-device", "virtio-rng-device,rng=r1",
			    "-object", "rng-random,id=r1,filename=/dev/urandom",
			    "-object", "rng-builtin,id=r2",
			    "-device", "virtio-rng-device,rng=r2",
			    "-device", "virtio-rng-device") == 0, "%s", err.msg);
	ck_assert_uint_eq(cfg.nobjects, 2);
	ck_assert_str_eq(cfg.devices[0].rng, "r1");
	ck_assert_str_eq(cfg.devices[2].rng, "");
	config_free(&cfg);
	ck_assert_int_lt(CHECK("-object", "rng-builtin,id=r", "-device", "virtio-rng-device,rng=s"), 0);
	ck_assert_str_eq(err.msg, "-device virtio-rng-device,rng=s: no -object has id 's'");
}
END_TEST

START_TEST(cpu_props)
{
	ck_assert_msg(PARSE("-cpu", "max,pauth-impdef=on,sve=off,lpa2=off,sve128=off,pmu=off,aarch64=on") == 0,
		      "%s", err.msg);
	ck_assert_str_eq(cfg.cpu, "max");
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-cpu", "cortex-a57,pauth=off,sme=no"), 0);
}
END_TEST

START_TEST(highmem_and_echr)
{
	ck_assert_msg(CHECK("-M", "virt,highmem=off", "-m", "3G", "-echr", "0x14") == 0, "%s", err.msg);
	ck_assert(cfg.highmem_off);
	ck_assert_uint_eq(cfg.echr, 0x14);
	config_free(&cfg);
	ck_assert_int_eq(CHECK("-m", "4G", "-echr", "20"), 0);
	ck_assert_uint_eq(cfg.echr, 20);
	config_free(&cfg);
	ck_assert_int_lt(CHECK("-M", "virt,highmem=off", "-m", "3073M"), 0);
	ck_assert_str_eq(err.msg, "-m: addressing limited to 32 bits (highmem=off), but memory exceeds it by 1048576 bytes (at most 3072 MiB of RAM)");
}
END_TEST

/* kunit's line: -nodefaults with -serial stdio keeps that console. */
START_TEST(nodefaults)
{
	ck_assert_int_eq(PARSE("-nodefaults", "-nographic", "-serial", "stdio", "-monitor", "none"), 0);
	ck_assert_int_eq(cfg.serial, SERIAL_STDIO);
	config_free(&cfg);
	ck_assert_int_eq(PARSE("-nographic", "-nodefaults"), 0);
	ck_assert_int_eq(cfg.serial, SERIAL_NONE);
}
END_TEST

static const struct {
	const char *option, *arg, *msg;
} bad[] = {
	{ "-monitor", "vc", "'vc' is not a valid char driver for the monitor" },
	{ "-mon", "chardev=c0,mode=json", "Parameter 'mode' expects 'readline' or 'control'" },
	{ "-mon", "mode=readline", "-mon needs chardev=ID" },
	{ "-qmp", "vc", "'vc' is not a valid char driver for the monitor" },
	{ "-net", "nic,model=e1000", "NIC model 'e1000' is not emulated" },
	{ "-net", "nic,model=rtl8139", "is not emulated" },
	{ "-net", "nic,model=foo", "unsupported NIC model 'foo'" },
	{ "-net", "nic,macaddr=zz", "Property 'macaddr' expects a MAC address" },
	{ "-net", "nic,vlan=0", "Invalid parameter 'vlan' for -net nic" },
	{ "-net", "nic", "no -net user or -net tap to connect this NIC to" },
	{ "-net", "user", "no -net nic to connect this back end to" },
	{ "-net", "user,hostfwd=bad", "invalid host forwarding rule" },
	{ "-net", "bridge", "netdev backend type" },
	{ "-device", "virtio-rng-pci,addr=0x20", "Property 'virtio-rng-pci.addr' doesn't take value '0x20'" },
	{ "-device", "pcie-root-port,chassis=1", "pcie-root-port needs id=ID" },
	{ "-device", "e1000,netdev=n", "'e1000' is not emulated" },
	{ "-object", "rng-random,id=r,filename=/etc/passwd", "filename=/etc/passwd is not supported" },
	{ "-object", "rng-egd,id=r,chardev=c", "object type 'rng-egd' is not supported" },
	{ "-object", "rng-builtin", "Parameter 'id' is missing" },
	{ "-object", "rng-builtin,id=9x", "Parameter 'id' expects an identifier" },
	{ "-object", "rng-builtin,id=r,filename=/dev/urandom", "Property 'rng-builtin.filename' not found" },
	{ "-object", "", "object type '' is not supported" },
	{ "-device", "virtio-rng-device,rng=", "invalid rng id ''" },
	{ "-cpu", "max,sve=on", "CPU feature 'sve' is not implemented by armvisor (only sve=off)" },
	{ "-cpu", "max,sve512=on", "CPU feature 'sve512' is not implemented" },
	{ "-cpu", "max,pauth=on", "CPU feature 'pauth' is not implemented" },
	{ "-cpu", "max,lpa2=on", "CPU feature 'lpa2' is not implemented" },
	{ "-cpu", "max,aarch64=off", "CPU feature 'aarch64' cannot be turned off" },
	{ "-cpu", "max,foo=on", "Property 'max-arm-cpu.foo' not found" },
	{ "-cpu", "max,svex=off", "Property 'max-arm-cpu.svex' not found" },
	{ "-cpu", "max,sve=maybe", "sve" },
	{ "-cpu", "max,sve", "expected '='" },
	{ "-cpu", "max,", "expected '='" },
	{ "-M", "virt,highmem=maybe", "highmem" },
	{ "-echr", "0", "expects a character code from 1 to 255" },
	{ "-echr", "256", "expects a character code from 1 to 255" },
	{ "-echr", "0x", "expects a character code" },
	{ "-echr", "-1", "expects a character code" },
	{ "-echr", "99999999999999999999999", "expects a character code" },
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
	tcase_add_test(tc, net_hub);
	tcase_add_test(tc, nodefaults);
	tcase_add_test(tc, rng_objects);
	tcase_add_test(tc, cpu_props);
	tcase_add_test(tc, highmem_and_echr);
	tcase_add_test(tc, serial_chardev_forms);
	tcase_add_test(tc, serial_chardev_errors);
	tcase_add_loop_test(tc, refused, 0, ARRAY_SIZE(bad));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(legacy_suite());
}
