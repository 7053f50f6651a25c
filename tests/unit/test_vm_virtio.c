// SPDX-License-Identifier: GPL-2.0
/*
 * The machine's virtio-mmio slots as the guest finds them, built from
 * -drive/-device options exactly as the CLI types them: the first device
 * in slot 31 (0x0a003e00, SPI 47) and on down, -device options before
 * if=virtio drives (QEMU 7.2's order), empty slots answering as QEMU's
 * empty transports, and start-up errors that name the offending option.
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
#include "config.h"
#include "vm.h"
#include "virtio.h"

static struct vm vm;
static struct vm_config cfg;
static struct accel_ops accel;
static unsigned int raised[GIC_SPI_BASE + 64];
static char img[64], img2[64];

static void fake_irq_line(struct vm *v, unsigned int intid, int level)
{
	(void)v;
	if (intid < sizeof(raised) / sizeof(raised[0]) && level)
		raised[intid]++;
}

/* Give the option to the CLI, as a user would: it must take it. */
static void add(const char *opt, const char *s)
{
	char *argv[] = { (char *)opt, (char *)s };
	struct av_err err = { 0 };

	ck_assert_msg(config_parse_args(&cfg, 2, argv, &err) == 0, "%s %s: %s",
		      opt, s, err.msg);
}

/* The CLI refuses the option; the message holds want. */
static void add_bad(const char *opt, const char *s, const char *want)
{
	char *argv[] = { (char *)opt, (char *)s };
	struct av_err err = { 0 };

	ck_assert_int_lt(config_parse_args(&cfg, 2, argv, &err), 0);
	ck_assert_msg(strstr(err.msg, want), "'%s' lacks '%s'", err.msg, want);
}

static void make_file(const char *p, size_t size)
{
	int fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0600);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)size), 0);
	close(fd);
}

static void setup(void)
{
	struct av_err err = { 0 };

	memset(&vm, 0, sizeof(vm));
	memset(raised, 0, sizeof(raised));
	config_init(&cfg);
	accel = (struct accel_ops){ .irq_line = fake_irq_line };
	vm.cfg = &cfg;
	vm.accel = &accel;
	ck_assert_int_eq(guest_ram_alloc(&vm.ram, 0x40000000, 1 << 20, &err), 0);
	mmio_bus_init(&vm.bus);
	snprintf(img, sizeof(img), "test-vm-virtio-%d-a.img", (int)getpid());
	snprintf(img2, sizeof(img2), "test-vm-virtio-%d-b.img", (int)getpid());
	make_file(img, 1 << 20);
	make_file(img2, 2 << 20);
}

static void teardown(void)
{
	vm_destroy_virtio(&vm);
	guest_ram_free(&vm.ram);
	config_free(&cfg);
	unlink(img);
	unlink(img2);
}

static uint32_t slot_read(unsigned int n, uint64_t off)
{
	uint64_t v = 0xdead;

	ck_assert_int_eq(mmio_bus_read(&vm.bus, virt_mmio_slot_base(n) + off, 4, &v), 0);
	return (uint32_t)v;
}

static int create(struct av_err *err)
{
	return vm_create_virtio(&vm, err);
}

static void create_ok(void)
{
	struct av_err err = { 0 };

	ck_assert_msg(create(&err) == 0, "vm_create_virtio: %s", err.msg);
}

START_TEST(no_devices_all_slots_empty)
{
	create_ok();
	for (unsigned int n = 0; n < VIRT_MMIO_SLOTS; n++) {
		ck_assert_uint_eq(slot_read(n, VIRTIO_MMIO_MAGIC_VALUE), 0x74726976);
		ck_assert_uint_eq(slot_read(n, VIRTIO_MMIO_VERSION), 2);
		ck_assert_uint_eq(slot_read(n, VIRTIO_MMIO_DEVICE_ID), 0);
		ck_assert_uint_eq(slot_read(n, VIRTIO_MMIO_VENDOR_ID), 0x554d4551);
	}
}
END_TEST

START_TEST(first_device_in_the_top_slot)
{
	char drive[128], drive2[128];

	snprintf(drive, sizeof(drive), "file=%s,format=raw", img);
	snprintf(drive2, sizeof(drive2), "file=%s,if=none,id=d2", img2);
	add("-drive", drive);
	add("-drive", drive2);
	add("-device", "virtio-rng-device");
	add("-device", "driver=virtio-blk-device,drive=d2");
	create_ok();
	/* -device options in order, then the if=virtio drive. */
	ck_assert_uint_eq(slot_read(31, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_RNG);
	ck_assert_uint_eq(slot_read(30, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_BLOCK);
	ck_assert_uint_eq(slot_read(30, VIRTIO_MMIO_CONFIG), 4096);	/* 2 MiB: d2 */
	ck_assert_uint_eq(slot_read(29, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_BLOCK);
	ck_assert_uint_eq(slot_read(29, VIRTIO_MMIO_CONFIG), 2048);	/* 1 MiB */
	ck_assert_uint_eq(slot_read(28, VIRTIO_MMIO_DEVICE_ID), 0);
	ck_assert_uint_eq(virt_mmio_slot_base(31), 0x0a003e00);
}
END_TEST

START_TEST(slot_interrupt_is_its_spi)
{
	/* A config change with DRIVER_OK raises slot 31's line: SPI 16 + 31. */
	add("-device", "virtio-rng-device");
	create_ok();
	ck_assert_int_eq(mmio_bus_write(&vm.bus, virt_mmio_slot_base(31) +
					VIRTIO_MMIO_STATUS, 4, 0x0f), 0);
	ck_assert_int_eq(mmio_bus_write(&vm.bus, virt_mmio_slot_base(31) +
					VIRTIO_MMIO_QUEUE_NOTIFY, 4, 7), 0);
	ck_assert_uint_eq(raised[GIC_SPI_BASE + 47], 0);
	ck_assert_int_eq(mmio_bus_write(&vm.bus, virt_mmio_slot_base(31) +
					VIRTIO_MMIO_QUEUE_READY, 4, 1), 0);
	/* The rings at address 0 are outside RAM: NEEDS_RESET + config interrupt. */
	ck_assert_uint_eq(raised[GIC_SPI_BASE + 47], 1);
	ck_assert_uint_eq(raised[GIC_SPI_BASE + 46], 0);
}
END_TEST

/* vm_create_virtio fails; the message holds every string in want. */
static void expect_error(const char *want1, const char *want2)
{
	struct av_err err = { 0 };

	ck_assert_int_lt(create(&err), 0);
	ck_assert_msg(strstr(err.msg, want1), "'%s' lacks '%s'", err.msg, want1);
	if (want2)
		ck_assert_msg(strstr(err.msg, want2), "'%s' lacks '%s'", err.msg, want2);
}

/* What the CLI refuses never reaches the machine. */
START_TEST(unknown_device)
{
	add_bad("-device", "virtio-gpu-device", "-device virtio-gpu-device: "
		"'virtio-gpu-device' is not a valid device model name");
}
END_TEST

START_TEST(unknown_device_property)
{
	add_bad("-device", "virtio-rng-device,max-bytes=1",
		"-device virtio-rng-device,max-bytes=1: unknown property 'max-bytes'");
}
END_TEST

START_TEST(unknown_drive_property)
{
	char drive[128];

	snprintf(drive, sizeof(drive), "file=%s,discard=unmap", img);
	add_bad("-drive", drive, "unknown property 'discard'");
}
END_TEST

START_TEST(missing_image)
{
	add("-drive", "file=/nonexistent/x.img,format=raw");
	expect_error("-drive file=/nonexistent/x.img", "/nonexistent/x.img");
}
END_TEST

START_TEST(other_format)
{
	char drive[128];

	snprintf(drive, sizeof(drive), "file=%s,format=vmdk", img);
	add_bad("-drive", drive, "format 'vmdk' is not supported");
}
END_TEST

START_TEST(device_needs_its_drive)
{
	add_bad("-device", "virtio-blk-device",
		"-device virtio-blk-device: drive property not set");
}
END_TEST

START_TEST(device_drive_not_found)
{
	add("-device", "virtio-blk-device,drive=nope");
	expect_error("drive=nope", "'nope'");
}
END_TEST

START_TEST(drive_used_twice)
{
	char drive[128];

	snprintf(drive, sizeof(drive), "file=%s,if=none,id=d", img);
	add("-drive", drive);
	add("-device", "virtio-blk-device,drive=d");
	add("-device", "virtio-blk-device,drive=d");
	expect_error("'d'", "in use");
}
END_TEST

START_TEST(duplicate_drive_id)
{
	char drive[128];

	snprintf(drive, sizeof(drive), "file=%s,if=none,id=d", img);
	add("-drive", drive);
	add_bad("-drive", drive, "duplicate drive id 'd'");
}
END_TEST

START_TEST(bad_cache_mode)
{
	char drive[128];

	snprintf(drive, sizeof(drive), "file=%s,cache=fastest", img);
	add_bad("-drive", drive, "cache=fastest is not supported (writeback, none, writethrough, directsync, unsafe)");
}
END_TEST

START_TEST(more_devices_than_slots)
{
	for (int i = 0; i < VIRT_MMIO_SLOTS + 1; i++)
		add("-device", "virtio-rng-device");
	expect_error("virtio-rng-device", "no free virtio-mmio slot");
}
END_TEST

START_TEST(all_slots_used)
{
	for (int i = 0; i < VIRT_MMIO_SLOTS; i++)
		add("-device", "virtio-rng-device");
	create_ok();
	ck_assert_uint_eq(slot_read(0, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_RNG);
}
END_TEST

static Suite *vm_virtio_suite(void)
{
	Suite *s = suite_create("vm_virtio");
	TCase *ok = tcase_create("slots");
	TCase *bad = tcase_create("errors");

	tcase_add_checked_fixture(ok, setup, teardown);
	tcase_add_test(ok, no_devices_all_slots_empty);
	tcase_add_test(ok, first_device_in_the_top_slot);
	tcase_add_test(ok, slot_interrupt_is_its_spi);
	tcase_add_test(ok, all_slots_used);
	suite_add_tcase(s, ok);

	tcase_add_checked_fixture(bad, setup, teardown);
	tcase_add_test(bad, unknown_device);
	tcase_add_test(bad, unknown_device_property);
	tcase_add_test(bad, unknown_drive_property);
	tcase_add_test(bad, missing_image);
	tcase_add_test(bad, other_format);
	tcase_add_test(bad, device_needs_its_drive);
	tcase_add_test(bad, device_drive_not_found);
	tcase_add_test(bad, drive_used_twice);
	tcase_add_test(bad, duplicate_drive_id);
	tcase_add_test(bad, bad_cache_mode);
	tcase_add_test(bad, more_devices_than_slots);
	suite_add_tcase(s, bad);
	return s;
}

int main(void)
{
	return check_run(vm_virtio_suite());
}
