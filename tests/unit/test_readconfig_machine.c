// SPDX-License-Identifier: GPL-2.0
/*
 * Devices from -readconfig groups as the machine builds them: in the
 * slots the equivalent options would get, referring to ids across the
 * file and the command line both ways, and with errors found only at
 * machine creation (missing drives, images, chardevs) naming the group's
 * file:line as well as the option it stands for; what the CLI can see in
 * the group itself (unknown drive keys, duplicate drive ids) it names by
 * the group's header line.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "board.h"
#include "check_run.h"
#include "cli_test.h"
#include "config.h"
#include "virtio.h"
#include "vm.h"

static struct vm vm;
static struct vm_config cfg;
static struct accel_ops accel;
static struct av_err err;
static char img[64], cfgpath[64];

static void fake_irq_line(struct vm *v, unsigned int intid, int level)
{
	(void)v;
	(void)intid;
	(void)level;
}

static void setup(void)
{
	int fd;

	snprintf(img, sizeof(img), "/tmp/test-rc-machine-%d.img", (int)getpid());
	snprintf(cfgpath, sizeof(cfgpath), "/tmp/test-rc-machine-%d.cfg", (int)getpid());
	fd = open(img, O_RDWR | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, 1 << 20), 0);
	close(fd);
	memset(&vm, 0, sizeof(vm));
	config_init(&cfg);
	accel = (struct accel_ops){ .irq_line = fake_irq_line };
	vm.cfg = &cfg;
	vm.accel = &accel;
	ck_assert_int_eq(guest_ram_alloc(&vm.ram, 0x40000000, 1 << 20, &err), 0);
	mmio_bus_init(&vm.bus);
}

static void teardown(void)
{
	vm_destroy_virtio(&vm);
	guest_ram_free(&vm.ram);
	config_free(&cfg);
	unlink(img);
	unlink(cfgpath);
}

/* The config file, with every "IMG" replaced by the test image's path. */
static void write_cfg(const char *text)
{
	FILE *f = fopen(cfgpath, "w");

	ck_assert_ptr_nonnull(f);
	for (const char *p = text; *p; p++) {
		if (!strncmp(p, "IMG", 3)) {
			fputs(img, f);
			p += 2;
		} else {
			fputc(*p, f);
		}
	}
	ck_assert_int_eq(fclose(f), 0);
}

static uint32_t slot_id(unsigned int n)
{
	uint64_t v = 0xdead;

	ck_assert_int_eq(mmio_bus_read(&vm.bus, virt_mmio_slot_base(n) +
				       VIRTIO_MMIO_DEVICE_ID, 4, &v), 0);
	return (uint32_t)v;
}

static void create_ok(void)
{
	ck_assert_msg(vm_create_virtio(&vm, &err) == 0, "%s", err.msg);
}

/* Creation fails with "CFG:line: " + want. */
static void create_fails(unsigned int line, const char *want)
{
	char prefix[96];

	ck_assert_int_lt(vm_create_virtio(&vm, &err), 0);
	snprintf(prefix, sizeof(prefix), "%s:%u: ", cfgpath, line);
	ck_assert_msg(!strncmp(err.msg, prefix, strlen(prefix)) &&
		      strstr(err.msg, want), "'%s' is not '%s...%s'", err.msg,
		      prefix, want);
}

START_TEST(slots_as_the_options_get_them)
{
	write_cfg("[drive \"disk0\"]\n  file = \"IMG\"\n  if = \"none\"\n"
		  "  format = \"raw\"\n"
		  "[device]\n  driver = \"virtio-blk-device\"\n  drive = \"disk0\"\n"
		  "[chardev \"c0\"]\n  backend = \"null\"\n"
		  "[device \"vs\"]\n  driver = \"virtio-serial-device\"\n"
		  "[device]\n  driver = \"virtconsole\"\n  chardev = \"c0\"\n");
	ck_assert_msg(cli_test_parse(&cfg, &err, "-device", "virtio-rng-device",
				     "-readconfig", cfgpath, (char *)NULL) == 0,
		      "%s", err.msg);
	create_ok();
	ck_assert_uint_eq(slot_id(31), VIRTIO_ID_RNG);
	ck_assert_uint_eq(slot_id(30), VIRTIO_ID_BLOCK);
	ck_assert_uint_eq(slot_id(29), VIRTIO_ID_CONSOLE);
	ck_assert_uint_eq(slot_id(28), 0);
}
END_TEST

START_TEST(file_device_uses_command_line_drive)
{
	char drive[128];

	snprintf(drive, sizeof(drive), "file=%s,if=none,id=cmd0", img);
	write_cfg("[device]\n  driver = \"virtio-blk-device\"\n  drive = \"cmd0\"\n");
	ck_assert_msg(cli_test_parse(&cfg, &err, "-readconfig", cfgpath,
				     "-drive", drive, (char *)NULL) == 0, "%s", err.msg);
	create_ok();
	ck_assert_uint_eq(slot_id(31), VIRTIO_ID_BLOCK);
}
END_TEST

START_TEST(command_line_device_uses_file_drive)
{
	write_cfg("[drive \"disk0\"]\n  file = \"IMG\"\n  if = \"none\"\n");
	ck_assert_msg(cli_test_parse(&cfg, &err, "-device", "virtio-blk-device,drive=disk0",
				     "-readconfig", cfgpath, (char *)NULL) == 0,
		      "%s", err.msg);
	create_ok();
	ck_assert_uint_eq(slot_id(31), VIRTIO_ID_BLOCK);
}
END_TEST

/* Feature bits 0-31 of slot n's device. */
static uint32_t slot_features(unsigned int n)
{
	uint64_t v = 0;

	ck_assert_int_eq(mmio_bus_write(&vm.bus, virt_mmio_slot_base(n) +
					VIRTIO_MMIO_DEVICE_FEATURES_SEL, 4, 0), 0);
	ck_assert_int_eq(mmio_bus_read(&vm.bus, virt_mmio_slot_base(n) +
				       VIRTIO_MMIO_DEVICE_FEATURES, 4, &v), 0);
	return (uint32_t)v;
}

/*
 * QemuOpts' short form: a bare "readonly" is readonly=on and
 * "noreadonly" readonly=off, so the guest sees VIRTIO_BLK_F_RO (bit 5,
 * virtio 1.1 5.2.3) or not, as with the long forms.
 */
START_TEST(short_form_readonly)
{
	static const char *const forms[] = { "readonly", "noreadonly", "readonly=on" };
	static const bool ro[] = { true, false, true };
	char drive[128];

	for (unsigned int i = 0; i < 3; i++) {
		snprintf(drive, sizeof(drive), "file=%s,if=none,id=d,%s", img, forms[i]);
		ck_assert_msg(cli_test_parse(&cfg, &err, "-drive", drive, "-device",
					     "virtio-blk-device,drive=d", (char *)NULL) == 0,
			      "%s", err.msg);
		create_ok();
		ck_assert_msg(!!(slot_features(31) & (1u << 5)) == ro[i], "%s", forms[i]);
		vm_destroy_virtio(&vm);
		mmio_bus_init(&vm.bus);
		config_free(&cfg);
	}
}
END_TEST

/* The CLI reads the group whole: it names the group's header line. */
static void parse_fails(unsigned int line, const char *want)
{
	char msg[AV_ERR_MSG_MAX];

	snprintf(msg, sizeof(msg), "%s:%u: %s", cfgpath, line, want);
	ck_assert_str_eq(err.msg, msg);
}

START_TEST(unknown_drive_key)
{
	write_cfg("# disks\n[drive]\n  file = \"IMG\"\n  discard = \"unmap\"\n");
	ck_assert_int_eq(cli_test_parse(&cfg, &err, "-readconfig", cfgpath,
					(char *)NULL), -EINVAL);
	parse_fails(2, "'[drive]': unknown property 'discard'");
}
END_TEST

START_TEST(missing_drive)
{
	write_cfg("[device]\n  driver = \"virtio-rng-device\"\n\n"
		  "[device]\n  driver = \"virtio-blk-device\"\n  drive = \"nope\"\n");
	ck_assert_int_eq(cli_test_parse(&cfg, &err, "-readconfig", cfgpath,
					(char *)NULL), 0);
	create_fails(4, "-device driver=virtio-blk-device,drive=nope: no -drive has id 'nope'");
}
END_TEST

START_TEST(duplicate_drive_id)
{
	char drive[128];

	snprintf(drive, sizeof(drive), "file=%s,if=none,id=d", img);
	write_cfg("[drive \"d\"]\n  file = \"IMG\"\n");
	ck_assert_int_eq(cli_test_parse(&cfg, &err, "-drive", drive,
					"-readconfig", cfgpath, (char *)NULL), -EINVAL);
	parse_fails(1, "'[drive \"d\"]': duplicate drive id 'd'");
}
END_TEST

START_TEST(missing_image_file)
{
	write_cfg("[drive]\n  file = \"/nonexistent/disk.img\"\n");
	ck_assert_int_eq(cli_test_parse(&cfg, &err, "-readconfig", cfgpath,
					(char *)NULL), 0);
	create_fails(1, "/nonexistent/disk.img");
}
END_TEST

START_TEST(missing_chardev)
{
	write_cfg("[device]\n  driver = \"virtio-serial-device\"\n"
		  "[device]\n  driver = \"virtconsole\"\n  chardev = \"c9\"\n");
	ck_assert_int_eq(cli_test_parse(&cfg, &err, "-readconfig", cfgpath,
					(char *)NULL), 0);
	create_fails(1, "chardev 'c9' not found");
}
END_TEST

static Suite *readconfig_machine_suite(void)
{
	Suite *s = suite_create("readconfig_machine");
	TCase *tc = tcase_create("machine");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, slots_as_the_options_get_them);
	tcase_add_test(tc, file_device_uses_command_line_drive);
	tcase_add_test(tc, command_line_device_uses_file_drive);
	tcase_add_test(tc, short_form_readonly);
	tcase_add_test(tc, unknown_drive_key);
	tcase_add_test(tc, missing_drive);
	tcase_add_test(tc, duplicate_drive_id);
	tcase_add_test(tc, missing_image_file);
	tcase_add_test(tc, missing_chardev);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(readconfig_machine_suite());
}
