// SPDX-License-Identifier: GPL-2.0
/*
 * boot/: the kernel and initrd bytes are dropped once in guest RAM and read
 * again from the still-open files on a reset (boot/kernel_reload.c,
 * boot/initrd.c). The reload gives the same bytes and layout; a file that
 * was modified (new bytes and mtime), truncated or parses to another
 * layout makes the reload fail with an error naming the file.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boot.h"
#include "bootgen.h"
#include "check_run.h"

#define MiB (1ULL << 20)
#define CHANGED "changed since armvisor started; restart armvisor to boot it"

static void tmp_setup(void)
{
	bootgen_tmpdir();
}

static void tmp_teardown(void)
{
	bootgen_tmpdir_remove();
}

#define ck_assert_err(ret, err, code, text) do {			\
	ck_assert_int_eq((ret), -(code));				\
	ck_assert_msg(strstr((err).msg, (text)) != NULL,		\
		      "message '%s' lacks '%s'", (err).msg, (text));	\
} while (0)

/* Every fact boot_place, boot_copy_to_ram and boot_regs_compute read. */
static void ck_same_facts(const struct kernel_image *a,
			  const struct kernel_image *b)
{
	ck_assert_int_eq(a->format, b->format);
	ck_assert_uint_eq(a->data_size, b->data_size);
	ck_assert_uint_eq(a->text_offset, b->text_offset);
	ck_assert_uint_eq(a->image_size, b->image_size);
	ck_assert_uint_eq(a->flags, b->flags);
	ck_assert_uint_eq(a->load_addr, b->load_addr);
	ck_assert_uint_eq(a->entry, b->entry);
	ck_assert_int_eq(a->is_linux, b->is_linux);
	ck_assert_uint_eq(a->load_offset, b->load_offset);
	ck_assert_int_eq(a->load_relative, b->load_relative);
}

/* Overwrite one byte in place and move the mtime an hour back. */
static void modify_file(const char *path, off_t at)
{
	struct timespec times[2] = {
		{ .tv_nsec = UTIME_OMIT },
		{ .tv_sec = 0, .tv_nsec = 0 },
	};
	struct stat st;
	int fd = open(path, O_WRONLY);
	uint8_t byte = 0x5a;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fstat(fd, &st), 0);
	ck_assert_int_eq(pwrite(fd, &byte, 1, at), 1);
	times[1].tv_sec = st.st_mtim.tv_sec - 3600;
	ck_assert_int_eq(futimens(fd, times), 0);
	close(fd);
}

static void truncate_file(const char *path, off_t size)
{
	ck_assert_int_eq(truncate(path, size), 0);
}

static int fd_is_open(int fd)
{
	return fcntl(fd, F_GETFD) != -1;
}

/* An Image with BSS beyond the file, written to name and loaded. */
static char *load_image(const char *name, struct bootgen_buf *img,
			struct kernel_image *k)
{
	struct av_err err = { 0 };
	char *path;

	bootgen_image(img, 0, 4 * MiB, 0xa, 3 * MiB + 4096 + 5);
	path = strdup(bootgen_write(name, img->data, img->size));
	ck_assert_int_eq(boot_load_kernel_file(path, k, &err), 0);
	return path;
}

START_TEST(kernel_reload_same_bytes)
{
	struct bootgen_buf img;
	struct kernel_image k, start;
	struct av_err err = { 0 };
	char *path = load_image("Image", &img, &k);

	start = k;
	ck_assert_uint_eq(k.data_size, img.size);
	ck_assert(fd_is_open(k.file.fd));
	boot_kernel_drop_bytes(&k);
	ck_assert_ptr_null(k.blob.data);
	ck_assert_uint_eq(k.blob.size, 0);
	ck_same_facts(&k, &start);
	ck_assert_int_eq(boot_kernel_reload(&k, &err), 0);
	ck_same_facts(&k, &start);
	/* A streamed Image keeps no bytes: the copy reads the file. */
	ck_assert(k.streamed);
	ck_assert_ptr_null(k.blob.data);
	/* And a second time, as after a second reboot. */
	boot_kernel_drop_bytes(&k);
	ck_assert_int_eq(boot_kernel_reload(&k, &err), 0);
	ck_same_facts(&k, &start);
	boot_kernel_free(&k);
	ck_assert(!fd_is_open(start.file.fd));
	bootgen_free(&img);
	free(path);
}
END_TEST

START_TEST(kernel_reload_with_bytes_is_noop)
{
	struct bootgen_buf img;
	struct kernel_image k;
	struct av_err err = { 0 };
	struct bootgen_buf gz;
	char *path;
	uint8_t *bytes;

	/* Image.gz: its bytes are kept (a streamed Image has none). */
	bootgen_image(&img, 0, 0x300000, 0, 0x3000);
	ck_assert_int_eq(bootgen_gzip(&gz, img.data, img.size), 0);
	path = strdup(bootgen_write("Image.gz", gz.data, gz.size));
	ck_assert_int_eq(boot_load_kernel_file(path, &k, &err), 0);
	bootgen_free(&gz);
	bytes = k.blob.data;
	ck_assert_ptr_nonnull(bytes);

	/* Not dropped: the file is not read again, even when changed. */
	truncate_file(path, 100);
	ck_assert_int_eq(boot_kernel_reload(&k, &err), 0);
	ck_assert_ptr_eq(k.blob.data, bytes);
	boot_kernel_free(&k);
	bootgen_free(&img);
	free(path);
}
END_TEST

START_TEST(kernel_reload_gz)
{
	struct bootgen_buf img, gz;
	struct kernel_image k, start;
	struct av_err err = { 0 };
	char *path;

	bootgen_image(&img, 0x80000, 2 * MiB, 2, 300 * 1024);
	ck_assert_int_eq(bootgen_gzip(&gz, img.data, img.size), 0);
	path = bootgen_write("Image.gz", gz.data, gz.size);
	ck_assert_int_eq(boot_load_kernel_file(path, &k, &err), 0);
	ck_assert_int_eq(k.format, KERNEL_FORMAT_IMAGE_GZ);
	start = k;
	boot_kernel_drop_bytes(&k);
	ck_assert_int_eq(boot_kernel_reload(&k, &err), 0);
	ck_same_facts(&k, &start);
	ck_assert_uint_eq(k.blob.size, img.size);
	ck_assert_int_eq(memcmp(k.blob.data, img.data, img.size), 0);
	boot_kernel_free(&k);
	bootgen_free(&gz);
	bootgen_free(&img);
}
END_TEST

START_TEST(kernel_reload_modified)
{
	struct bootgen_buf img;
	struct kernel_image k, start;
	struct av_err err = { 0 };
	char *path = load_image("Image-mod", &img, &k);

	start = k;
	boot_kernel_drop_bytes(&k);
	modify_file(path, 4096);
	ck_assert_err(boot_kernel_reload(&k, &err), err, ESTALE, CHANGED);
	ck_assert_msg(strstr(err.msg, "kernel file") != NULL, "%s", err.msg);
	ck_assert_msg(strstr(err.msg, path) != NULL, "%s", err.msg);
	/* Unchanged: still no bytes, the same facts, the file still open. */
	ck_assert_ptr_null(k.blob.data);
	ck_same_facts(&k, &start);
	ck_assert(fd_is_open(k.file.fd));
	boot_kernel_free(&k);
	bootgen_free(&img);
	free(path);
}
END_TEST

START_TEST(kernel_reload_truncated)
{
	struct bootgen_buf img;
	struct kernel_image k;
	struct av_err err = { 0 };
	char *path = load_image("Image-trunc", &img, &k);

	boot_kernel_drop_bytes(&k);
	truncate_file(path, (off_t)img.size / 2);
	ck_assert_err(boot_kernel_reload(&k, &err), err, ESTALE, CHANGED);
	ck_assert_msg(strstr(err.msg, path) != NULL, "%s", err.msg);
	ck_assert_ptr_null(k.blob.data);
	boot_kernel_free(&k);
	bootgen_free(&img);
	free(path);
}
END_TEST

/* The same file giving another layout (here: a fact moved by hand). */
START_TEST(kernel_reload_other_layout)
{
	struct bootgen_buf img;
	struct kernel_image k;
	struct av_err err = { 0 };
	char *path = load_image("Image-layout", &img, &k);

	boot_kernel_drop_bytes(&k);
	k.image_size += BOOT_PAGE_SIZE;
	ck_assert_err(boot_kernel_reload(&k, &err), err, ESTALE, CHANGED);
	ck_assert_msg(strstr(err.msg, path) != NULL, "%s", err.msg);
	ck_assert_ptr_null(k.blob.data);
	boot_kernel_free(&k);
	bootgen_free(&img);
	free(path);
}
END_TEST

/* Bytes from memory have no file to come back from: they stay. */
START_TEST(kernel_from_memory_keeps_bytes)
{
	struct bootgen_buf img;
	struct boot_blob b;
	struct kernel_image k;
	struct av_err err = { 0 };

	bootgen_image(&img, 0, 1 * MiB, 2, 8192);
	b.size = img.size;
	b.data = malloc(b.size);
	ck_assert_ptr_nonnull(b.data);
	memcpy(b.data, img.data, img.size);
	ck_assert_int_eq(boot_parse_kernel(&b, &k, &err), 0);
	ck_assert_ptr_null(k.file.path);
	boot_kernel_drop_bytes(&k);
	ck_assert_ptr_nonnull(k.blob.data);
	ck_assert_int_eq(boot_kernel_reload(&k, &err), 0);
	ck_assert_int_eq(memcmp(k.blob.data, img.data, img.size), 0);
	boot_kernel_free(&k);
	bootgen_free(&img);
}
END_TEST

static char *load_initrd(const char *name, const void *data, size_t size,
			 struct initrd_image *rd)
{
	struct av_err err = { 0 };
	char *path = strdup(bootgen_write(name, data, size));

	ck_assert_int_eq(boot_initrd_load(path, rd, &err), 0);
	return path;
}

START_TEST(initrd_reload_same_bytes)
{
	size_t size = 1 * MiB + 3;
	uint8_t *data = malloc(size);
	struct initrd_image rd;
	struct av_err err = { 0 };
	char *path;

	bootgen_pattern(data, size, 11);
	path = load_initrd("initrd", data, size, &rd);
	boot_initrd_drop_bytes(&rd);
	ck_assert_ptr_null(rd.blob.data);
	ck_assert_uint_eq(rd.size, size);
	ck_assert_int_eq(boot_initrd_reload(&rd, &err), 0);
	/* A plain initrd is streamed: no bytes kept, the copy reads the file. */
	ck_assert(rd.streamed);
	ck_assert_ptr_null(rd.blob.data);
	ck_assert_uint_eq(rd.size, size);
	boot_initrd_free(&rd);
	free(data);
	free(path);
}
END_TEST

START_TEST(initrd_reload_uimage)
{
	static const struct bootgen_uimage ramdisk = {
		.os = BOOT_UIMAGE_OS_LINUX, .arch = BOOT_UIMAGE_ARCH_ARM64,
		.type = BOOT_UIMAGE_TYPE_RAMDISK, .comp = BOOT_UIMAGE_COMP_GZIP,
		.time = 1, .name = "rd",
	};
	uint8_t payload[5000];
	struct bootgen_buf u;
	struct initrd_image rd;
	struct av_err err = { 0 };
	char *path;

	bootgen_pattern(payload, sizeof(payload), 5);
	bootgen_uimage(&u, &ramdisk, payload, sizeof(payload));
	path = load_initrd("initrd.uimg", u.data, u.size, &rd);
	ck_assert_uint_eq(rd.size, sizeof(payload));
	boot_initrd_drop_bytes(&rd);
	ck_assert_int_eq(boot_initrd_reload(&rd, &err), 0);
	ck_assert_uint_eq(rd.blob.size, sizeof(payload));
	ck_assert_int_eq(memcmp(rd.blob.data, payload, sizeof(payload)), 0);
	boot_initrd_free(&rd);
	bootgen_free(&u);
	free(path);
}
END_TEST

START_TEST(initrd_reload_modified)
{
	uint8_t data[8192];
	struct initrd_image rd;
	struct av_err err = { 0 };
	char *path;

	bootgen_pattern(data, sizeof(data), 3);
	path = load_initrd("initrd-mod", data, sizeof(data), &rd);
	boot_initrd_drop_bytes(&rd);
	modify_file(path, 10);
	ck_assert_err(boot_initrd_reload(&rd, &err), err, ESTALE, CHANGED);
	ck_assert_msg(strstr(err.msg, "initrd file") != NULL, "%s", err.msg);
	ck_assert_msg(strstr(err.msg, path) != NULL, "%s", err.msg);
	ck_assert_ptr_null(rd.blob.data);
	boot_initrd_free(&rd);
	free(path);
}
END_TEST

START_TEST(initrd_reload_truncated)
{
	uint8_t data[8192];
	struct initrd_image rd;
	struct av_err err = { 0 };
	char *path;

	bootgen_pattern(data, sizeof(data), 4);
	path = load_initrd("initrd-trunc", data, sizeof(data), &rd);
	boot_initrd_drop_bytes(&rd);
	truncate_file(path, 0);
	ck_assert_err(boot_initrd_reload(&rd, &err), err, ESTALE, CHANGED);
	ck_assert_msg(strstr(err.msg, path) != NULL, "%s", err.msg);
	boot_initrd_free(&rd);
	free(path);
}
END_TEST

/* No initrd: nothing to drop or reload. */
START_TEST(initrd_none)
{
	struct initrd_image rd;
	struct av_err err = { 0 };

	memset(&rd, 0, sizeof(rd));
	boot_initrd_drop_bytes(&rd);
	ck_assert_int_eq(boot_initrd_reload(&rd, &err), 0);
	ck_assert_ptr_null(rd.blob.data);
	boot_initrd_free(&rd);
}
END_TEST

static Suite *boot_reload_suite(void)
{
	Suite *s = suite_create("boot_reload");
	TCase *kernel = tcase_create("kernel");
	TCase *initrd = tcase_create("initrd");

	tcase_add_unchecked_fixture(kernel, tmp_setup, tmp_teardown);
	tcase_add_test(kernel, kernel_reload_same_bytes);
	tcase_add_test(kernel, kernel_reload_with_bytes_is_noop);
	tcase_add_test(kernel, kernel_reload_gz);
	tcase_add_test(kernel, kernel_reload_modified);
	tcase_add_test(kernel, kernel_reload_truncated);
	tcase_add_test(kernel, kernel_reload_other_layout);
	tcase_add_test(kernel, kernel_from_memory_keeps_bytes);
	suite_add_tcase(s, kernel);

	tcase_add_unchecked_fixture(initrd, tmp_setup, tmp_teardown);
	tcase_add_test(initrd, initrd_reload_same_bytes);
	tcase_add_test(initrd, initrd_reload_uimage);
	tcase_add_test(initrd, initrd_reload_modified);
	tcase_add_test(initrd, initrd_reload_truncated);
	tcase_add_test(initrd, initrd_none);
	suite_add_tcase(s, initrd);
	return s;
}

int main(void)
{
	return check_run(boot_reload_suite());
}
