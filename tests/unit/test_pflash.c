// SPDX-License-Identifier: GPL-2.0
/*
 * The CFI01 flash bank's command state machine as edk2's
 * NorFlashDxe/VirtNorFlashDxe and u-boot's cfi_flash drive it: the CFI
 * query, device IDs, status, word and buffered program, block erase,
 * write-back to the file, read-only banks, and hostile sequences.
 */
#include <check.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_run.h"
#include "pflash.h"

static struct pflash *fl;
static int fd = -1;
static char path[] = "/tmp/test_pflash.XXXXXX";
static uint64_t changed_off, changed_len;
static unsigned int changed_calls;

static void on_changed(void *opaque, uint64_t off, uint64_t len)
{
	(void)opaque;
	changed_off = off;
	changed_len = len;
	changed_calls++;
}

/* The mode changes the bank reported, in order: 'a' array, 'c' command. */
static char modes[32];
static unsigned int nmodes;

static void on_mode(void *opaque, bool array)
{
	(void)opaque;
	/* The flag says the new mode by the time the owner hears of it. */
	ck_assert(atomic_load(pflash_array_flag(fl)) == array);
	if (nmodes < sizeof(modes) - 1)
		modes[nmodes++] = array ? 'a' : 'c';
}

static uint64_t rd(uint64_t off, unsigned int size)
{
	uint64_t v = 0;

	ck_assert_int_eq(pflash_mmio_ops.read(fl, off, size, &v), 0);
	return v;
}

static void wr(uint64_t off, unsigned int size, uint64_t v)
{
	ck_assert_int_eq(pflash_mmio_ops.write(fl, off, size, v), 0);
}

static struct pflash *make_bank(bool readonly, uint64_t file_size)
{
	struct pflash_opts o = {
		.fd = fd, .file_size = file_size, .readonly = readonly,
		.changed = on_changed,
		.mode = on_mode,
	};
	struct av_err err = { 0 };
	struct pflash *f = pflash_create(&o, &err);

	ck_assert_msg(f != NULL, "%s", err.msg);
	if (readonly)
		fd = -1;	/* the bank closed it */
	return f;
}

static void setup(void)
{
	uint8_t head[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, head, sizeof(head)), (int)sizeof(head));
	changed_calls = 0;
	memset(modes, 0, sizeof(modes));
	nmodes = 0;
	fl = make_bank(false, sizeof(head));
	fd = -1;	/* owned by the bank now */
}

static void teardown(void)
{
	pflash_destroy(fl);
	fl = NULL;
	unlink(path);
	strcpy(path, "/tmp/test_pflash.XXXXXX");
}

static uint8_t file_byte(uint64_t off)
{
	uint8_t b = 0;
	int f = open(path, O_RDONLY);

	ck_assert_int_ge(f, 0);
	ck_assert_int_eq(pread(f, &b, 1, (off_t)off), 1);
	close(f);
	return b;
}

START_TEST(array_reads_file_then_erased_bytes)
{
	ck_assert_uint_eq(rd(0, 4), 0x04030201);
	ck_assert_uint_eq(rd(4, 4), 0x08070605);
	ck_assert_uint_eq(rd(8, 8), ~0ULL);
	ck_assert_uint_eq(rd(PFLASH_BANK_SIZE - 1, 1), 0xff);
	ck_assert(atomic_load(pflash_array_flag(fl)));
}
END_TEST

START_TEST(cfi_query_replicated_per_device)
{
	wr(0x55 * 4, 4, 0x98);
	ck_assert(!atomic_load(pflash_array_flag(fl)));
	ck_assert_uint_eq(rd(0x10 * 4, 4), 0x00510051);	/* 'Q' */
	ck_assert_uint_eq(rd(0x11 * 4, 4), 0x00520052);	/* 'R' */
	ck_assert_uint_eq(rd(0x12 * 4, 4), 0x00590059);	/* 'Y' */
	ck_assert_uint_eq(rd(0x13 * 4, 4), 0x00010001);	/* Intel command set */
	ck_assert_uint_eq(rd(0x27 * 4, 4), 0x00190019);	/* 32 MiB per device */
	ck_assert_uint_eq(rd(0x2a * 4, 4), 0x000b000b);	/* 2 KiB buffer */
	ck_assert_uint_eq(rd(0x2d * 4, 4), 0x00ff00ff);	/* 256 blocks - 1 */
	ck_assert_uint_eq(rd(0x30 * 4, 4), 0x00020002);	/* 128 KiB/device */
	ck_assert_uint_eq(rd(0x10 * 4, 1), 0x51);
	ck_assert_uint_eq(rd(0x1000 * 4, 4), 0);	/* past the table */
	wr(0, 4, 0xff);
	ck_assert_uint_eq(rd(0, 4), 0x04030201);
	ck_assert(atomic_load(pflash_array_flag(fl)));
}
END_TEST

START_TEST(device_ids)
{
	wr(0, 4, 0x90);
	ck_assert_uint_eq(rd(0, 4), 0x00890089);
	ck_assert_uint_eq(rd(4, 4), 0x00180018);
	ck_assert_uint_eq(rd(8, 4), 0);
	ck_assert_uint_eq(rd(0, 8), 0x0018001800890089ULL);
}
END_TEST

START_TEST(word_program_persists)
{
	wr(0x1000, 4, 0x40);
	wr(0x1000, 4, 0xcafef00d);
	ck_assert_uint_eq(rd(0x1000, 4) & 0x80, 0x80);	/* status: ready */
	ck_assert_uint_eq(changed_calls, 1);
	ck_assert_uint_eq(changed_off, 0x1000);
	ck_assert_uint_eq(changed_len, 4);
	wr(0, 4, 0xff);
	ck_assert_uint_eq(rd(0x1000, 4), 0xcafef00d);
	ck_assert_uint_eq(file_byte(0x1000), 0x0d);
	ck_assert_uint_eq(file_byte(0x1003), 0xca);
}
END_TEST

START_TEST(block_erase_on_confirm)
{
	wr(0x40000, 4, 0x10);
	wr(0x40004, 4, 0x12345678);
	wr(0x40000, 4, 0x20);
	ck_assert_uint_eq(rd(0x40004, 4), 0x00800080);	/* status mode */
	wr(0, 4, 0xff);
	ck_assert_uint_eq(rd(0x40004, 4), 0x12345678);	/* not yet erased */
	wr(0x40010, 4, 0x20);
	wr(0x40010, 4, 0xd0);
	ck_assert_uint_eq(rd(0, 4) & 0x80, 0x80);
	ck_assert_uint_eq(changed_off, 0x40000);
	ck_assert_uint_eq(changed_len, PFLASH_SECTOR_SIZE);
	wr(0, 4, 0xff);
	ck_assert_uint_eq(rd(0x40004, 4), 0xffffffff);
	ck_assert_uint_eq(rd(0, 4), 0x04030201);	/* other block kept */
	ck_assert_uint_eq(file_byte(0x40004), 0xff);
}
END_TEST

START_TEST(buffered_program)
{
	wr(0x800, 4, 0xe8);
	ck_assert_uint_eq(rd(0x800, 4) & 0x80, 0x80);	/* buffer available */
	wr(0x800, 4, 0x00010001);			/* 2 words (N - 1) */
	wr(0x800, 4, 0x11111111);
	wr(0x804, 4, 0x22222222);
	wr(0x800, 4, 0xd0);
	ck_assert_uint_eq(rd(0x800, 4) & 0x80, 0x80);
	wr(0, 4, 0x50);					/* clear status: array */
	ck_assert_uint_eq(rd(0x800, 8), 0x2222222211111111ULL);
	ck_assert_uint_eq(file_byte(0x804), 0x22);
}
END_TEST

/*
 * u-boot's cfi_flash: 0xe8 and the count at the block's start, x16 data
 * words at the destination further in; the first data write places the
 * buffer.
 */
START_TEST(buffered_program_buffer_placed_by_first_data)
{
	wr(0x40000, 2, 0xe8);
	wr(0x40000, 2, 1);				/* 2 x16 words */
	wr(0x42800, 2, 0x1111);
	wr(0x42802, 2, 0x2222);
	wr(0x40000, 2, 0xd0);
	ck_assert_uint_eq(rd(0x40000, 2), 0x0080);	/* status, ready */
	wr(0x40000, 2, 0xff);
	ck_assert_uint_eq(rd(0x42800, 4), 0x22221111);
	ck_assert_uint_eq(file_byte(0x42803), 0x22);
}
END_TEST

START_TEST(buffered_program_outside_its_buffer_refused)
{
	wr(0x800, 4, 0xe8);
	wr(0x800, 4, 1);				/* 2 words */
	wr(0x800, 4, 0x11111111);			/* places the buffer */
	wr(0x800 + 0x2000, 4, 0x33333333);		/* another buffer */
	ck_assert_uint_eq(changed_calls, 1);		/* the first word only */
	ck_assert(atomic_load(pflash_array_flag(fl)));
	ck_assert_uint_eq(rd(0x2800, 4), 0xffffffff);
	wr(0, 4, 0x70);
	ck_assert_uint_eq(rd(0, 4) & 0x10, 0x10);	/* program error */
	wr(0, 4, 0x50);
	wr(0, 4, 0x70);
	ck_assert_uint_eq(rd(0, 4), 0x00800080);
}
END_TEST

START_TEST(buffer_count_too_large_refused)
{
	wr(0, 4, 0xe8);
	wr(0, 4, 0xffff);
	ck_assert(atomic_load(pflash_array_flag(fl)));
	wr(0, 4, 0x55555555);	/* a plain command now, not data */
	ck_assert_uint_eq(rd(0, 4), 0x04030201);
}
END_TEST

START_TEST(readonly_bank_reports_errors)
{
	pflash_destroy(fl);
	fl = make_bank(true, 0);
	wr(0, 4, 0x40);
	wr(0, 4, 0);
	ck_assert_uint_eq(rd(0, 4) & 0x10, 0x10);
	wr(0, 4, 0x50);
	wr(0, 4, 0x20);
	wr(0, 4, 0xd0);
	ck_assert_uint_eq(rd(0, 4) & 0x20, 0x20);
	wr(0, 4, 0xff);
	ck_assert_uint_eq(rd(0, 4), 0);		/* no file: QEMU's empty bank */
	ck_assert_uint_eq(changed_calls, 0);
}
END_TEST

START_TEST(out_of_range_and_reset)
{
	uint64_t v;

	ck_assert_int_eq(pflash_mmio_ops.read(fl, PFLASH_BANK_SIZE, 4, &v), -22);
	ck_assert_int_eq(pflash_mmio_ops.read(fl, PFLASH_BANK_SIZE - 2, 4, &v), -22);
	ck_assert_int_eq(pflash_mmio_ops.write(fl, ~0ULL - 1, 4, 0), -22);
	wr(0, 4, 0x98);
	pflash_reset(fl);
	ck_assert(atomic_load(pflash_array_flag(fl)));
	ck_assert_uint_eq(rd(0, 4), 0x04030201);
}
END_TEST

START_TEST(unknown_commands_return_to_array)
{
	for (unsigned int c = 0; c < 256; c++) {
		/* The program commands would take the 0xff as data. */
		if (c == 0x10 || c == 0x40 || c == 0xe8)
			continue;
		wr(0, 4, c);
		wr(0, 4, 0xff);
		wr(0, 4, 0xff);
		ck_assert_uint_eq(rd(0, 4), 0x04030201);
	}
}
END_TEST

/*
 * Only real changes are reported (KVM adds or deletes a memory slot for
 * each): read-array written in array mode, or a second status command,
 * is none; a program, an erase, a query and a reset from a command mode
 * are one out and one back.
 */
START_TEST(mode_changes_reported_once_each)
{
	wr(0, 4, 0xff);				/* array already: nothing */
	wr(0, 4, 0x70);				/* c */
	wr(0, 4, 0x70);				/* still status: nothing */
	wr(0, 4, 0xff);				/* a */
	wr(0x100, 4, 0x40);			/* c */
	wr(0x100, 4, 0x12345678);		/* status: nothing */
	wr(0, 4, 0x50);				/* a */
	wr(0, 4, 0x98);				/* c */
	pflash_reset(fl);			/* a */
	pflash_reset(fl);			/* array already: nothing */
	ck_assert_str_eq(modes, "cacaca");
	ck_assert_uint_eq(rd(0x100, 4), 0x12345678);
}
END_TEST

START_TEST(too_large_file_refused)
{
	struct pflash_opts o = { .fd = -1, .file_size = PFLASH_BANK_SIZE + 1 };
	struct av_err err = { 0 };

	ck_assert_ptr_null(pflash_create(&o, &err));
	ck_assert_ptr_nonnull(strstr(err.msg, "64 MiB"));
}
END_TEST

static Suite *pflash_suite(void)
{
	Suite *s = suite_create("pflash");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, array_reads_file_then_erased_bytes);
	tcase_add_test(tc, cfi_query_replicated_per_device);
	tcase_add_test(tc, device_ids);
	tcase_add_test(tc, word_program_persists);
	tcase_add_test(tc, block_erase_on_confirm);
	tcase_add_test(tc, buffered_program);
	tcase_add_test(tc, buffered_program_buffer_placed_by_first_data);
	tcase_add_test(tc, buffered_program_outside_its_buffer_refused);
	tcase_add_test(tc, buffer_count_too_large_refused);
	tcase_add_test(tc, readonly_bank_reports_errors);
	tcase_add_test(tc, out_of_range_and_reset);
	tcase_add_test(tc, unknown_commands_return_to_array);
	tcase_add_test(tc, mode_changes_reported_once_each);
	tcase_add_test(tc, too_large_file_refused);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(pflash_suite());
}
