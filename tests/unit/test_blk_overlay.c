// SPDX-License-Identifier: GPL-2.0
/*
 * -snapshot's copy-on-write layer (devices/block/blk_overlay.c): the guest
 * reads back what it wrote, sector by sector mixed with the image; the
 * image file is never written; ranges the guest makes up (past the end,
 * overflowing, not whole sectors) are refused without touching anything.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "../../devices/block/blk_aio.h"
#include "check_run.h"
#include "util.h"

#define SECT 512
#define IMG_SECTORS 64

static char path[] = "/tmp/armvisor-ovl-XXXXXX";
static uint8_t image[IMG_SECTORS * SECT];
static int img_fd = -1;
static struct blk_overlay ovl;

static void setup(void)
{
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	for (size_t i = 0; i < sizeof(image); i++)
		image[i] = (uint8_t)(i / SECT + 1);
	ck_assert_int_eq(write(fd, image, sizeof(image)), (ssize_t)sizeof(image));
	close(fd);
	img_fd = open(path, O_RDONLY);
	ck_assert_int_ge(img_fd, 0);
	ck_assert_int_eq(blk_overlay_open(&ovl, sizeof(image), NULL), 0);
}

static void teardown(void)
{
	blk_overlay_close(&ovl);
	close(img_fd);
	unlink(path);
	strcpy(path, "/tmp/armvisor-ovl-XXXXXX");
}

static long rw(bool write, uint64_t off, void *buf, size_t len)
{
	struct iovec iov = { buf, len };

	return blk_overlay_rw(&ovl, img_fd, write, off, &iov, 1, len);
}

static void image_unchanged(void)
{
	uint8_t now[sizeof(image)];

	ck_assert_int_eq(pread(img_fd, now, sizeof(now), 0), (ssize_t)sizeof(now));
	ck_assert(!memcmp(now, image, sizeof(image)));
}

START_TEST(reads_image_until_written)
{
	uint8_t buf[4 * SECT];

	ck_assert_int_eq(rw(false, 2 * SECT, buf, sizeof(buf)), (long)sizeof(buf));
	ck_assert(!memcmp(buf, image + 2 * SECT, sizeof(buf)));
}
END_TEST

/* Written sectors 3 and 5 inside a read of 2..7: runs from both files. */
START_TEST(mixed_runs)
{
	uint8_t w[SECT], buf[6 * SECT], want[6 * SECT];

	memset(w, 0xaa, sizeof(w));
	ck_assert_int_eq(rw(true, 3 * SECT, w, SECT), SECT);
	memset(w, 0xbb, sizeof(w));
	ck_assert_int_eq(rw(true, 5 * SECT, w, SECT), SECT);
	memcpy(want, image + 2 * SECT, sizeof(want));
	memset(want + 1 * SECT, 0xaa, SECT);
	memset(want + 3 * SECT, 0xbb, SECT);
	ck_assert_int_eq(rw(false, 2 * SECT, buf, sizeof(buf)), (long)sizeof(buf));
	ck_assert(!memcmp(buf, want, sizeof(buf)));
	image_unchanged();
}
END_TEST

/* A read split over many small iovecs, crossing run boundaries inside one. */
START_TEST(scattered_iovecs)
{
	uint8_t w[2 * SECT], buf[4 * SECT], want[4 * SECT];
	struct iovec iov[7];
	size_t cuts[] = { 100, 412, 700, 300, 512, 24, 0 }, off = 0;

	cuts[6] = sizeof(buf) - (100 + 412 + 700 + 300 + 512 + 24);
	for (int i = 0; i < 7; i++) {
		iov[i].iov_base = buf + off;
		iov[i].iov_len = cuts[i];
		off += cuts[i];
	}
	memset(w, 0x5c, sizeof(w));
	ck_assert_int_eq(rw(true, 11 * SECT, w, sizeof(w)), (long)sizeof(w));
	memcpy(want, image + 10 * SECT, sizeof(want));
	memset(want + SECT, 0x5c, 2 * SECT);
	ck_assert_int_eq(blk_overlay_rw(&ovl, img_fd, false, 10 * SECT, iov, 7, sizeof(buf)),
			 (long)sizeof(buf));
	ck_assert(!memcmp(buf, want, sizeof(buf)));
}
END_TEST

/* The last sector works; one past it, and anything overflowing, does not. */
static const struct {
	uint64_t off;
	size_t len;
} hostile[] = {
	{ IMG_SECTORS * SECT, SECT },
	{ (IMG_SECTORS - 1) * SECT, 2 * SECT },
	{ UINT64_MAX - SECT + 1, SECT },
	{ UINT64_MAX / SECT * SECT, 2 * SECT },
	{ SECT, SIZE_MAX / SECT * SECT },
	{ 1, SECT },
	{ 0, SECT + 1 },
	{ (uint64_t)1 << 63, SECT },
};

START_TEST(hostile_ranges)
{
	uint8_t buf[2 * SECT];

	struct iovec iov = { buf, sizeof(buf) };

	memset(buf, 0xee, sizeof(buf));
	ck_assert_int_eq(blk_overlay_rw(&ovl, img_fd, false, hostile[_i].off, &iov, 1,
					hostile[_i].len), -EINVAL);
	ck_assert_int_eq(blk_overlay_rw(&ovl, img_fd, true, hostile[_i].off, &iov, 1,
					hostile[_i].len), -EINVAL);
	/* Nothing was marked written: every sector still reads as the image. */
	for (uint64_t s = 0; s < IMG_SECTORS; s++) {
		ck_assert_int_eq(rw(false, s * SECT, buf, SECT), SECT);
		ck_assert(!memcmp(buf, image + s * SECT, SECT));
	}
	image_unchanged();
}
END_TEST

START_TEST(last_sector_and_empty)
{
	uint8_t w[SECT], buf[SECT];

	memset(w, 0x77, sizeof(w));
	ck_assert_int_eq(rw(true, (IMG_SECTORS - 1) * SECT, w, SECT), SECT);
	ck_assert_int_eq(rw(false, (IMG_SECTORS - 1) * SECT, buf, SECT), SECT);
	ck_assert(!memcmp(buf, w, SECT));
	ck_assert_int_eq(rw(false, IMG_SECTORS * SECT, buf, 0), 0);
	image_unchanged();
}
END_TEST

/* iovecs shorter than the length claimed: a short transfer, nothing marked past it. */
START_TEST(short_iovecs)
{
	uint8_t w[SECT], buf[2 * SECT];
	struct iovec iov = { w, SECT };

	memset(w, 0x33, sizeof(w));
	ck_assert_int_eq(blk_overlay_rw(&ovl, img_fd, true, 0, &iov, 1, 2 * SECT), SECT);
	ck_assert_int_eq(rw(false, 0, buf, sizeof(buf)), (long)sizeof(buf));
	ck_assert(!memcmp(buf, w, SECT));
	ck_assert(!memcmp(buf + SECT, image + SECT, SECT));
}
END_TEST

static Suite *overlay_suite(void)
{
	Suite *s = suite_create("blk_overlay");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, reads_image_until_written);
	tcase_add_test(tc, mixed_runs);
	tcase_add_test(tc, scattered_iovecs);
	tcase_add_loop_test(tc, hostile_ranges, 0, ARRAY_SIZE(hostile));
	tcase_add_test(tc, last_sector_and_empty);
	tcase_add_test(tc, short_iovecs);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(overlay_suite());
}
