// SPDX-License-Identifier: GPL-2.0
/*
 * boot/: reading files and recognising arm64 Image, Image.gz and raw
 * kernels, with every error a user can meet (missing, directory, empty,
 * truncated header, corrupt or oversized gzip). uImage, ELF and the
 * placement have their own programs (test_boot_uimage, _elf, _place).
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boot.h"
#include "bootgen.h"
#include "check_run.h"

#define MiB (1ULL << 20)

static void tmp_setup(void)
{
	bootgen_tmpdir();
}

static void tmp_teardown(void)
{
	bootgen_tmpdir_remove();
}

/* Parse bytes as a kernel; boot_parse_kernel takes its own copy. */
static int parse_bytes(const uint8_t *data, size_t size, struct kernel_image *k,
		       struct av_err *err)
{
	struct boot_blob b = { malloc(size ? size : 1), size };

	ck_assert_ptr_nonnull(b.data);
	memcpy(b.data, data, size);
	return boot_parse_kernel(&b, k, err);
}

#define ck_assert_err(ret, err, code, text) do {			\
	ck_assert_int_eq((ret), -(code));				\
	ck_assert_msg(strstr((err).msg, (text)) != NULL,		\
		      "message '%s' lacks '%s'", (err).msg, (text));	\
} while (0)

START_TEST(file_missing)
{
	struct boot_blob b;
	struct av_err err = { 0 };
	char path[600];
	int ret;

	snprintf(path, sizeof(path), "%s/no-such-kernel", bootgen_tmpdir());
	ret = boot_read_file(path, &b, &err);
	ck_assert_err(ret, err, ENOENT, "no-such-kernel");
	ck_assert_ptr_null(b.data);
}
END_TEST

START_TEST(file_directory)
{
	struct kernel_image k;
	struct av_err err = { 0 };
	int ret = boot_load_kernel_file(bootgen_tmpdir(), &k, &err);

	ck_assert_err(ret, err, EISDIR, "is a directory");
	ck_assert_msg(strstr(err.msg, "kernel") != NULL, "%s", err.msg);
	ck_assert_msg(strstr(err.msg, bootgen_tmpdir()) != NULL, "%s", err.msg);
}
END_TEST

START_TEST(file_empty)
{
	char *path = bootgen_write("empty", "", 0);
	struct kernel_image k;
	struct boot_blob initrd;
	struct av_err err = { 0 };

	ck_assert_err(boot_load_kernel_file(path, &k, &err), err, EINVAL, "is empty");
	ck_assert_msg(strstr(err.msg, path) != NULL, "%s", err.msg);
	ck_assert_err(boot_load_initrd_file(path, &initrd, &err), err, EINVAL,
		      "is empty");
	ck_assert_msg(strstr(err.msg, "initrd") != NULL, "%s", err.msg);
}
END_TEST

START_TEST(file_not_regular)
{
	struct boot_blob b;
	struct av_err err = { 0 };
	char fifo[600];

	/* /dev/zero would never end; a FIFO would block without a writer. */
	ck_assert_err(boot_read_file("/dev/zero", &b, &err), err, EINVAL,
		      "not a regular file");
	snprintf(fifo, sizeof(fifo), "%s/fifo", bootgen_tmpdir());
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_assert_err(boot_read_file(fifo, &b, &err), err, EINVAL,
		      "not a regular file");
}
END_TEST

START_TEST(file_unreadable)
{
	char *path = bootgen_write("secret", "abc", 3);
	struct boot_blob b;
	struct av_err err = { 0 };

	chmod(path, 0);
	if (geteuid() == 0) {
		/* root reads anything: the file must then load whole. */
		ck_assert_int_eq(boot_read_file(path, &b, &err), 0);
		ck_assert_uint_eq(b.size, 3);
		boot_blob_free(&b);
		return;
	}
	ck_assert_err(boot_read_file(path, &b, &err), err, EACCES, "secret");
}
END_TEST

START_TEST(file_reads_all_bytes)
{
	size_t size = 3 * MiB + 17;
	uint8_t *data = malloc(size);
	struct boot_blob b;
	struct av_err err = { 0 };
	char *path;

	bootgen_pattern(data, size, 7);
	path = bootgen_write("big", data, size);
	ck_assert_int_eq(boot_read_file(path, &b, &err), 0);
	ck_assert_uint_eq(b.size, size);
	ck_assert_int_eq(memcmp(b.data, data, size), 0);
	boot_blob_free(&b);
	ck_assert_ptr_null(b.data);
	free(data);
}
END_TEST

START_TEST(image_text_offset_zero)
{
	struct bootgen_buf img;
	struct kernel_image k;
	struct av_err err = { 0 };
	char *path;

	bootgen_image(&img, 0, 0x200000, 0xa, 0x1000);
	path = bootgen_write("Image", img.data, img.size);
	ck_assert_int_eq(boot_load_kernel_file(path, &k, &err), 0);
	ck_assert_int_eq(k.format, KERNEL_FORMAT_IMAGE);
	ck_assert_int_eq(k.is_linux, 1);
	ck_assert_uint_eq(k.text_offset, 0);
	/* QEMU moves offsets below its 4 KiB stub to the next 2 MiB base. */
	ck_assert_uint_eq(k.load_offset, 2 * MiB);
	ck_assert_uint_eq(k.image_size, 0x200000);
	ck_assert_uint_eq(k.flags, 0xa);
	/* Streamed: only the header was read (boot/stream.c). */
	ck_assert(k.streamed);
	ck_assert_ptr_null(k.blob.data);
	ck_assert_uint_eq(k.data_size, img.size);
	boot_kernel_free(&k);
	bootgen_free(&img);
}
END_TEST

START_TEST(image_text_offset_80000)
{
	struct bootgen_buf img;
	struct kernel_image k;
	struct av_err err = { 0 };

	bootgen_image(&img, 0x80000, 0x1400000, 0, 0x2000);
	ck_assert_int_eq(parse_bytes(img.data, img.size, &k, &err), 0);
	ck_assert_int_eq(k.format, KERNEL_FORMAT_IMAGE);
	ck_assert_uint_eq(k.text_offset, 0x80000);
	ck_assert_uint_eq(k.load_offset, 0x80000);
	ck_assert_uint_eq(k.image_size, 0x1400000);
	boot_kernel_free(&k);
	bootgen_free(&img);
}
END_TEST

/* booting.rst: image_size 0 means a pre-3.17 kernel at text_offset 0x80000. */
START_TEST(image_old_kernel_size_zero)
{
	struct bootgen_buf img;
	struct kernel_image k;
	struct av_err err = { 0 };

	bootgen_image(&img, 0x1234, 0, 0, 0x3000);
	ck_assert_int_eq(parse_bytes(img.data, img.size, &k, &err), 0);
	ck_assert_int_eq(k.format, KERNEL_FORMAT_IMAGE);
	ck_assert_uint_eq(k.load_offset, 0x80000);
	ck_assert_uint_eq(k.image_size, 0x3000);
	boot_kernel_free(&k);
	bootgen_free(&img);
}
END_TEST

START_TEST(image_size_below_file_size)
{
	struct bootgen_buf img;
	struct kernel_image k;
	struct av_err err = { 0 };

	bootgen_image(&img, 0x80000, 0x100, 0, 0x5000);
	ck_assert_int_eq(parse_bytes(img.data, img.size, &k, &err), 0);
	ck_assert_uint_eq(k.image_size, 0x5000);
	boot_kernel_free(&k);
	bootgen_free(&img);
}
END_TEST

START_TEST(image_truncated_header)
{
	struct bootgen_buf img;
	struct kernel_image k;
	struct av_err err = { 0 };
	char *path;

	bootgen_image(&img, 0, 0x1000, 0, 64);
	path = bootgen_write("short-Image", img.data, 0x3c);
	ck_assert_err(boot_load_kernel_file(path, &k, &err), err, EINVAL,
		      "truncated arm64 Image header");
	ck_assert_msg(strstr(err.msg, "short-Image") != NULL, "%s", err.msg);
	bootgen_free(&img);
}
END_TEST

START_TEST(image_header_overflow)
{
	struct bootgen_buf img;
	struct kernel_image k;
	struct av_err err = { 0 };

	bootgen_image(&img, UINT64_MAX - 0x1000, 0x10000, 0, 0x100);
	ck_assert_err(parse_bytes(img.data, img.size, &k, &err), err, EOVERFLOW,
		      "overflows");
	bootgen_free(&img);
	bootgen_image(&img, 0, UINT64_MAX, 0, 0x100);
	ck_assert_err(parse_bytes(img.data, img.size, &k, &err), err, EOVERFLOW,
		      "overflows");
	bootgen_free(&img);
}
END_TEST

START_TEST(image_gz)
{
	struct bootgen_buf img, gz;
	struct kernel_image k;
	struct av_err err = { 0 };
	char *path;

	bootgen_image(&img, 0, 0x400000, 0, 0x30000);
	ck_assert_int_eq(bootgen_gzip(&gz, img.data, img.size), 0);
	path = bootgen_write("Image.gz", gz.data, gz.size);
	ck_assert_int_eq(boot_load_kernel_file(path, &k, &err), 0);
	ck_assert_int_eq(k.format, KERNEL_FORMAT_IMAGE_GZ);
	ck_assert_int_eq(k.is_linux, 1);
	ck_assert_uint_eq(k.load_offset, 2 * MiB);
	ck_assert_uint_eq(k.image_size, 0x400000);
	ck_assert_uint_eq(k.blob.size, img.size);
	ck_assert_int_eq(memcmp(k.blob.data, img.data, img.size), 0);
	boot_kernel_free(&k);
	bootgen_free(&gz);
	bootgen_free(&img);
}
END_TEST

/* Cross-check with gzip(1): what users actually hand us. */
START_TEST(image_gz_from_gzip_tool)
{
	struct bootgen_buf img;
	struct kernel_image k;
	struct av_err err = { 0 };
	char *path, gzpath[600];
	char *argv[] = { "gzip", "-9", "-n", "-f", NULL, NULL };

	bootgen_image(&img, 0x80000, 0x100000, 0, 0x20000);
	path = bootgen_write("tool-Image", img.data, img.size);
	argv[4] = path;
	if (bootgen_run(argv) != 0) {
		fprintf(stderr, "test_boot: gzip(1) not runnable, cross-check skipped\n");
		bootgen_free(&img);
		return;
	}
	snprintf(gzpath, sizeof(gzpath), "%s.gz", path);
	ck_assert_int_eq(boot_load_kernel_file(gzpath, &k, &err), 0);
	ck_assert_int_eq(k.format, KERNEL_FORMAT_IMAGE_GZ);
	ck_assert_uint_eq(k.load_offset, 0x80000);
	ck_assert_uint_eq(k.blob.size, img.size);
	ck_assert_int_eq(memcmp(k.blob.data, img.data, img.size), 0);
	boot_kernel_free(&k);
	bootgen_free(&img);
}
END_TEST

START_TEST(gzip_corrupt)
{
	struct bootgen_buf img, gz;
	struct kernel_image k;
	struct av_err err = { 0 };
	size_t i;

	bootgen_image(&img, 0, 0x10000, 0, 0x8000);
	ck_assert_int_eq(bootgen_gzip(&gz, img.data, img.size), 0);
	for (i = 12; i < gz.size - 8; i += 7)
		gz.data[i] ^= 0x5a;
	ck_assert_err(parse_bytes(gz.data, gz.size, &k, &err), err, EINVAL,
		      "corrupt gzip data");
	bootgen_free(&gz);
	bootgen_free(&img);
}
END_TEST

START_TEST(gzip_bad_crc)
{
	struct bootgen_buf img, gz;
	struct kernel_image k;
	struct av_err err = { 0 };

	bootgen_image(&img, 0, 0x10000, 0, 0x8000);
	ck_assert_int_eq(bootgen_gzip(&gz, img.data, img.size), 0);
	gz.data[gz.size - 6] ^= 1;	/* the CRC32 of the trailer */
	ck_assert_err(parse_bytes(gz.data, gz.size, &k, &err), err, EINVAL,
		      "corrupt gzip data");
	bootgen_free(&gz);
	bootgen_free(&img);
}
END_TEST

START_TEST(gzip_truncated)
{
	struct bootgen_buf img, gz;
	struct kernel_image k;
	struct av_err err = { 0 };

	bootgen_image(&img, 0, 0x10000, 0, 0x8000);
	ck_assert_int_eq(bootgen_gzip(&gz, img.data, img.size), 0);
	ck_assert_err(parse_bytes(gz.data, gz.size / 2, &k, &err), err, EINVAL,
		      "truncated");
	bootgen_free(&gz);
	bootgen_free(&img);
}
END_TEST

START_TEST(gzip_bomb_limit)
{
	size_t size = 4 * MiB;
	uint8_t *zeros = calloc(1, size);
	struct bootgen_buf gz;
	struct boot_blob out;
	struct av_err err = { 0 };

	ck_assert_int_eq(bootgen_gzip(&gz, zeros, size), 0);
	ck_assert_err(boot_gunzip(gz.data, gz.size, size - 1, &out, &err), err,
		      EFBIG, "more than");
	ck_assert_ptr_null(out.data);
	/* Exactly at the limit is fine. */
	ck_assert_int_eq(boot_gunzip(gz.data, gz.size, size, &out, &err), 0);
	ck_assert_uint_eq(out.size, size);
	boot_blob_free(&out);
	bootgen_free(&gz);
	free(zeros);
}
END_TEST

/* A kernel that inflates past QEMU's 256 MiB limit is refused. */
START_TEST(gzip_bomb_kernel)
{
	size_t size = BOOT_GUNZIP_MAX + 4096;
	uint8_t *zeros = calloc(1, size);
	struct bootgen_buf gz;
	struct kernel_image k;
	struct av_err err = { 0 };
	char *path;

	ck_assert_ptr_nonnull(zeros);
	ck_assert_int_eq(bootgen_gzip(&gz, zeros, size), 0);
	free(zeros);
	ck_assert_uint_lt(gz.size, 1 * MiB);
	path = bootgen_write("bomb.gz", gz.data, gz.size);
	ck_assert_err(boot_load_kernel_file(path, &k, &err), err, EFBIG,
		      "more than");
	bootgen_free(&gz);
}
END_TEST

START_TEST(gzip_members_and_trailer)
{
	uint8_t a[1000], b[3000], both[4000], *buf;
	struct bootgen_buf ga, gb;
	struct boot_blob out;
	struct av_err err = { 0 };
	size_t n;

	bootgen_pattern(a, sizeof(a), 1);
	bootgen_pattern(b, sizeof(b), 2);
	memcpy(both, a, sizeof(a));
	memcpy(both + sizeof(a), b, sizeof(b));
	ck_assert_int_eq(bootgen_gzip(&ga, a, sizeof(a)), 0);
	ck_assert_int_eq(bootgen_gzip(&gb, b, sizeof(b)), 0);
	n = ga.size + gb.size + 512;
	buf = calloc(1, n);		/* 512 zero bytes of padding after */
	memcpy(buf, ga.data, ga.size);
	memcpy(buf + ga.size, gb.data, gb.size);
	ck_assert_int_eq(boot_gunzip(buf, n, 1 * MiB, &out, &err), 0);
	ck_assert_uint_eq(out.size, sizeof(both));
	ck_assert_int_eq(memcmp(out.data, both, sizeof(both)), 0);
	boot_blob_free(&out);
	free(buf);
	bootgen_free(&ga);
	bootgen_free(&gb);
}
END_TEST

START_TEST(raw_binary)
{
	uint8_t data[5000];
	struct kernel_image k;
	struct av_err err = { 0 };

	bootgen_pattern(data, sizeof(data), 99);
	data[0] = 0x00;		/* not ELF, uImage or gzip magic */
	ck_assert_int_eq(parse_bytes(data, sizeof(data), &k, &err), 0);
	ck_assert_int_eq(k.format, KERNEL_FORMAT_RAW);
	/* QEMU loads a headerless file as Linux at RAM base + 0x80000. */
	ck_assert_int_eq(k.is_linux, 1);
	ck_assert_uint_eq(k.load_offset, 0x80000);
	ck_assert_uint_eq(k.image_size, sizeof(data));
	ck_assert_int_eq(memcmp(k.blob.data, data, sizeof(data)), 0);
	boot_kernel_free(&k);
}
END_TEST

START_TEST(raw_tiny)
{
	uint8_t insn[4] = { 0x00, 0x00, 0x00, 0x14 };	/* b . */
	struct kernel_image k;
	struct av_err err = { 0 };

	ck_assert_int_eq(parse_bytes(insn, 4, &k, &err), 0);
	ck_assert_int_eq(k.format, KERNEL_FORMAT_RAW);
	ck_assert_uint_eq(k.blob.size, 4);
	boot_kernel_free(&k);
}
END_TEST

START_TEST(zboot_gzip)
{
	struct bootgen_buf img, gz, zb;
	struct kernel_image k;
	struct av_err err = { 0 };
	char *path;

	bootgen_image(&img, 0, 0x500000, 0, 0x20000);
	ck_assert_int_eq(bootgen_gzip(&gz, img.data, img.size), 0);
	bootgen_zboot(&zb, "gzip", gz.data, gz.size);
	path = bootgen_write("vmlinuz.efi", zb.data, zb.size);
	ck_assert_msg(boot_load_kernel_file(path, &k, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(k.format, KERNEL_FORMAT_IMAGE_GZ);
	ck_assert_uint_eq(k.image_size, 0x500000);
	ck_assert_uint_eq(k.blob.size, img.size);
	ck_assert_int_eq(memcmp(k.blob.data, img.data, img.size), 0);
	boot_kernel_free(&k);
	bootgen_free(&zb);
	bootgen_free(&gz);
	bootgen_free(&img);
}
END_TEST

START_TEST(zboot_errors)
{
	uint8_t junk[100] = { 0 };
	struct bootgen_buf zb;
	struct kernel_image k;
	struct av_err err = { 0 };

	bootgen_zboot(&zb, "zstd", junk, sizeof(junk));
	ck_assert_err(parse_bytes(zb.data, zb.size, &k, &err), err, EINVAL,
		      "'zstd' compression is not supported");
	ck_assert_err(parse_bytes(zb.data, 40, &k, &err), err, EINVAL,
		      "truncated EFI zboot header");
	bootgen_free(&zb);
	bootgen_zboot(&zb, "gzip", junk, sizeof(junk));
	ck_assert_err(parse_bytes(zb.data, zb.size - 1, &k, &err), err, EINVAL,
		      "runs past the end");
	bootgen_free(&zb);
}
END_TEST

static Suite *boot_suite(void)
{
	Suite *s = suite_create("boot");
	TCase *files = tcase_create("files");
	TCase *image = tcase_create("image");
	TCase *gzip = tcase_create("gzip");

	tcase_add_unchecked_fixture(files, tmp_setup, tmp_teardown);
	tcase_add_test(files, file_missing);
	tcase_add_test(files, file_directory);
	tcase_add_test(files, file_empty);
	tcase_add_test(files, file_not_regular);
	tcase_add_test(files, file_unreadable);
	tcase_add_test(files, file_reads_all_bytes);
	suite_add_tcase(s, files);

	tcase_add_unchecked_fixture(image, tmp_setup, tmp_teardown);
	tcase_add_test(image, image_text_offset_zero);
	tcase_add_test(image, image_text_offset_80000);
	tcase_add_test(image, image_old_kernel_size_zero);
	tcase_add_test(image, image_size_below_file_size);
	tcase_add_test(image, image_truncated_header);
	tcase_add_test(image, image_header_overflow);
	tcase_add_test(image, raw_binary);
	tcase_add_test(image, raw_tiny);
	suite_add_tcase(s, image);

	tcase_add_unchecked_fixture(gzip, tmp_setup, tmp_teardown);
	tcase_set_timeout(gzip, 120);
	tcase_add_test(gzip, image_gz);
	tcase_add_test(gzip, image_gz_from_gzip_tool);
	tcase_add_test(gzip, gzip_corrupt);
	tcase_add_test(gzip, gzip_bad_crc);
	tcase_add_test(gzip, gzip_truncated);
	tcase_add_test(gzip, gzip_bomb_limit);
	tcase_add_test(gzip, gzip_bomb_kernel);
	tcase_add_test(gzip, gzip_members_and_trailer);
	tcase_add_test(gzip, zboot_gzip);
	tcase_add_test(gzip, zboot_errors);
	suite_add_tcase(s, gzip);
	return s;
}

int main(void)
{
	return check_run(boot_suite());
}
