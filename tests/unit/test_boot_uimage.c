// SPDX-License-Identifier: GPL-2.0
/*
 * boot/: U-Boot legacy uImages as kernel and as initrd: the good ones
 * (none and gzip payloads, kernel and kernel_noload, Linux and not),
 * every rejected header, and a cross-check against mkimage(1) from
 * u-boot-tools: our generator writes the same bytes, our loader reads
 * what mkimage writes.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot.h"
#include "bootgen.h"
#include "check_run.h"

#define LOAD 0x40080000u

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

static const struct bootgen_uimage linux_kernel = {
	.os = BOOT_UIMAGE_OS_LINUX, .arch = BOOT_UIMAGE_ARCH_ARM64,
	.type = BOOT_UIMAGE_TYPE_KERNEL, .comp = BOOT_UIMAGE_COMP_NONE,
	.load = LOAD, .ep = LOAD, .time = 1, .name = "test",
};

/* Write a uImage of payload to a file and load it as the kernel. */
static int load_uimage(const struct bootgen_uimage *h, const uint8_t *payload,
		       size_t size, struct kernel_image *k, struct av_err *err)
{
	struct bootgen_buf u;
	char *path;

	bootgen_uimage(&u, h, payload, size);
	path = bootgen_write("uImage", u.data, u.size);
	bootgen_free(&u);
	return boot_load_kernel_file(path, k, err);
}

START_TEST(kernel_uncompressed)
{
	struct bootgen_buf img;
	struct kernel_image k;
	struct av_err err = { 0 };

	bootgen_image(&img, 0, 0x300000, 0, 0x10000);
	ck_assert_int_eq(load_uimage(&linux_kernel, img.data, img.size, &k, &err), 0);
	ck_assert_int_eq(k.format, KERNEL_FORMAT_UIMAGE);
	ck_assert_int_eq(k.is_linux, 1);
	ck_assert_int_eq(k.load_relative, 0);
	ck_assert_uint_eq(k.load_addr, LOAD);
	ck_assert_uint_eq(k.entry, LOAD);
	/* The Image header inside says how much BSS follows. */
	ck_assert_uint_eq(k.image_size, 0x300000);
	ck_assert_uint_eq(k.blob.size, img.size);
	ck_assert_int_eq(memcmp(k.blob.data, img.data, img.size), 0);
	boot_kernel_free(&k);
	bootgen_free(&img);
}
END_TEST

START_TEST(kernel_gzip)
{
	struct bootgen_uimage h = linux_kernel;
	struct bootgen_buf img, gz;
	struct kernel_image k;
	struct av_err err = { 0 };

	bootgen_image(&img, 0, 0x80000, 0, 0x40000);
	ck_assert_int_eq(bootgen_gzip(&gz, img.data, img.size), 0);
	h.comp = BOOT_UIMAGE_COMP_GZIP;
	ck_assert_int_eq(load_uimage(&h, gz.data, gz.size, &k, &err), 0);
	ck_assert_uint_eq(k.blob.size, img.size);
	ck_assert_int_eq(memcmp(k.blob.data, img.data, img.size), 0);
	boot_kernel_free(&k);
	bootgen_free(&gz);
	bootgen_free(&img);
}
END_TEST

START_TEST(kernel_not_linux)
{
	struct bootgen_uimage h = linux_kernel;
	uint8_t payload[256];
	struct kernel_image k;
	struct av_err err = { 0 };

	bootgen_pattern(payload, sizeof(payload), 3);
	h.os = 17;		/* U-Boot's IH_OS_U_BOOT: bare metal to us */
	h.ep = LOAD + 0x40;
	ck_assert_int_eq(load_uimage(&h, payload, sizeof(payload), &k, &err), 0);
	ck_assert_int_eq(k.is_linux, 0);
	ck_assert_uint_eq(k.entry, LOAD + 0x40);
	ck_assert_uint_eq(k.image_size, sizeof(payload));
	boot_kernel_free(&k);
}
END_TEST

/* QEMU: kernel_noload goes to RAM base + 32 MiB + 64, entry relative. */
START_TEST(kernel_noload)
{
	struct bootgen_uimage h = linux_kernel;
	uint8_t payload[512];
	struct kernel_image k;
	struct av_err err = { 0 };

	bootgen_pattern(payload, sizeof(payload), 4);
	h.type = BOOT_UIMAGE_TYPE_KERNEL_NOLOAD;
	h.load = 0;
	h.ep = 0x100;
	ck_assert_int_eq(load_uimage(&h, payload, sizeof(payload), &k, &err), 0);
	ck_assert_int_eq(k.load_relative, 1);
	ck_assert_uint_eq(k.load_addr, 0x02000040);
	ck_assert_uint_eq(k.entry, 0x02000140);
	boot_kernel_free(&k);
}
END_TEST

START_TEST(bad_header_crc)
{
	struct bootgen_buf u;
	struct kernel_image k;
	struct av_err err = { 0 };
	uint8_t payload[100] = { 1 };
	char *path;

	bootgen_uimage(&u, &linux_kernel, payload, sizeof(payload));
	u.data[35] ^= 0x20;		/* a byte of the name */
	path = bootgen_write("hcrc.uimg", u.data, u.size);
	ck_assert_err(boot_load_kernel_file(path, &k, &err), err, EINVAL,
		      "bad uImage header CRC");
	ck_assert_msg(strstr(err.msg, "hcrc.uimg") != NULL, "%s", err.msg);
	bootgen_free(&u);
}
END_TEST

START_TEST(bad_data_crc)
{
	struct bootgen_buf u;
	struct kernel_image k;
	struct av_err err = { 0 };
	uint8_t payload[100] = { 1 };
	char *path;

	bootgen_uimage(&u, &linux_kernel, payload, sizeof(payload));
	u.data[64 + 50] ^= 1;
	path = bootgen_write("dcrc.uimg", u.data, u.size);
	ck_assert_err(boot_load_kernel_file(path, &k, &err), err, EINVAL,
		      "bad uImage data CRC");
	bootgen_free(&u);
}
END_TEST

START_TEST(wrong_arch)
{
	struct bootgen_uimage h = linux_kernel;
	uint8_t payload[64] = { 0 };
	struct kernel_image k;
	struct av_err err = { 0 };

	h.arch = 3;		/* IH_ARCH_I386 */
	ck_assert_err(load_uimage(&h, payload, sizeof(payload), &k, &err), err,
		      EINVAL, "architecture 3");
}
END_TEST

START_TEST(arm_arch_accepted)
{
	struct bootgen_uimage h = linux_kernel;
	uint8_t payload[64] = { 0 };
	struct kernel_image k;
	struct av_err err = { 0 };

	h.arch = BOOT_UIMAGE_ARCH_ARM;
	ck_assert_int_eq(load_uimage(&h, payload, sizeof(payload), &k, &err), 0);
	boot_kernel_free(&k);
}
END_TEST

START_TEST(wrong_type)
{
	struct bootgen_uimage h = linux_kernel;
	uint8_t payload[64] = { 0 };
	struct kernel_image k;
	struct av_err err = { 0 };

	h.type = BOOT_UIMAGE_TYPE_RAMDISK;
	ck_assert_err(load_uimage(&h, payload, sizeof(payload), &k, &err), err,
		      EINVAL, "is not a kernel");
	h.type = 4;		/* multi-file */
	ck_assert_err(load_uimage(&h, payload, sizeof(payload), &k, &err), err,
		      EINVAL, "type 4");
}
END_TEST

START_TEST(unsupported_compression)
{
	struct bootgen_uimage h = linux_kernel;
	uint8_t payload[64] = { 0 };
	struct kernel_image k;
	struct av_err err = { 0 };

	h.comp = 2;		/* bzip2 */
	ck_assert_err(load_uimage(&h, payload, sizeof(payload), &k, &err), err,
		      EINVAL, "compression 2 is not supported");
}
END_TEST

START_TEST(corrupt_gzip_payload)
{
	struct bootgen_uimage h = linux_kernel;
	uint8_t payload[64];
	struct kernel_image k;
	struct av_err err = { 0 };

	memset(payload, 0xff, sizeof(payload));
	payload[0] = 0x1f;
	payload[1] = 0x8b;
	payload[2] = 8;
	payload[3] = 0;
	h.comp = BOOT_UIMAGE_COMP_GZIP;
	ck_assert_err(load_uimage(&h, payload, sizeof(payload), &k, &err), err,
		      EINVAL, "uImage payload");
}
END_TEST

START_TEST(truncated_header)
{
	struct bootgen_buf u;
	struct kernel_image k;
	struct av_err err = { 0 };
	uint8_t payload[16] = { 0 };
	char *path;

	bootgen_uimage(&u, &linux_kernel, payload, sizeof(payload));
	path = bootgen_write("short.uimg", u.data, 40);
	ck_assert_err(boot_load_kernel_file(path, &k, &err), err, EINVAL,
		      "truncated uImage header");
	bootgen_free(&u);
}
END_TEST

START_TEST(truncated_payload)
{
	struct bootgen_buf u;
	struct kernel_image k;
	struct av_err err = { 0 };
	uint8_t payload[4096] = { 0 };
	char *path;

	bootgen_uimage(&u, &linux_kernel, payload, sizeof(payload));
	path = bootgen_write("cut.uimg", u.data, u.size - 1000);
	ck_assert_err(boot_load_kernel_file(path, &k, &err), err, EINVAL,
		      "header says 4096 data bytes");
	bootgen_free(&u);
}
END_TEST

START_TEST(initrd_raw)
{
	uint8_t data[10000];
	struct boot_blob b;
	struct av_err err = { 0 };
	char *path;

	bootgen_pattern(data, sizeof(data), 5);
	path = bootgen_write("initrd.cpio", data, sizeof(data));
	ck_assert_int_eq(boot_load_initrd_file(path, &b, &err), 0);
	ck_assert_uint_eq(b.size, sizeof(data));
	ck_assert_int_eq(memcmp(b.data, data, sizeof(data)), 0);
	boot_blob_free(&b);
}
END_TEST

/* A gzip ramdisk stays compressed: the kernel unpacks initramfs itself. */
START_TEST(initrd_uimage_gzip_kept)
{
	struct bootgen_uimage h = linux_kernel;
	struct bootgen_buf gz, u;
	uint8_t data[5000];
	struct boot_blob b;
	struct av_err err = { 0 };
	char *path;

	bootgen_pattern(data, sizeof(data), 6);
	ck_assert_int_eq(bootgen_gzip(&gz, data, sizeof(data)), 0);
	h.type = BOOT_UIMAGE_TYPE_RAMDISK;
	h.comp = BOOT_UIMAGE_COMP_GZIP;
	bootgen_uimage(&u, &h, gz.data, gz.size);
	path = bootgen_write("initrd.uimg", u.data, u.size);
	ck_assert_int_eq(boot_load_initrd_file(path, &b, &err), 0);
	ck_assert_uint_eq(b.size, gz.size);
	ck_assert_int_eq(memcmp(b.data, gz.data, gz.size), 0);
	boot_blob_free(&b);
	bootgen_free(&u);
	bootgen_free(&gz);
}
END_TEST

START_TEST(initrd_uimage_errors)
{
	struct bootgen_uimage h = linux_kernel;
	struct bootgen_buf u;
	uint8_t data[300] = { 9 };
	struct boot_blob b;
	struct av_err err = { 0 };
	char *path;

	bootgen_uimage(&u, &h, data, sizeof(data));
	path = bootgen_write("kernel-as-initrd", u.data, u.size);
	ck_assert_err(boot_load_initrd_file(path, &b, &err), err, EINVAL,
		      "is not a ramdisk");
	ck_assert_msg(strstr(err.msg, "initrd '") != NULL, "%s", err.msg);
	ck_assert_ptr_null(b.data);
	u.data[64] ^= 1;
	path = bootgen_write("bad-initrd", u.data, u.size);
	ck_assert_err(boot_load_initrd_file(path, &b, &err), err, EINVAL,
		      "data CRC");
	bootgen_free(&u);
}
END_TEST

START_TEST(initrd_missing)
{
	struct boot_blob b;
	struct av_err err = { 0 };

	ck_assert_err(boot_load_initrd_file("/nonexistent/initrd.img", &b, &err),
		      err, ENOENT, "/nonexistent/initrd.img");
	ck_assert_msg(strstr(err.msg, "initrd") != NULL, "%s", err.msg);
}
END_TEST

/* Run mkimage with a fixed timestamp; 0 when it ran and succeeded. */
static int run_mkimage(const char *type, const char *comp, const char *in,
		       const char *out)
{
	char *argv[] = { "mkimage", "-A", "arm64", "-O", "linux", "-T",
			 (char *)type, "-C", (char *)comp, "-a", "0x40080000",
			 "-e", "0x40080000", "-n", "test", "-d", (char *)in,
			 (char *)out, NULL };

	setenv("SOURCE_DATE_EPOCH", "1", 1);
	return bootgen_run(argv);
}

static void read_whole(const char *path, struct boot_blob *b)
{
	struct av_err err = { 0 };

	ck_assert_msg(boot_read_file(path, b, &err) == 0, "%s", err.msg);
}

START_TEST(mkimage_same_bytes)
{
	struct bootgen_buf img, mine;
	struct boot_blob theirs;
	struct kernel_image k;
	struct av_err err = { 0 };
	char *in, out[600];

	bootgen_image(&img, 0, 0x200000, 0, 0x9000);
	in = bootgen_write("mk-Image", img.data, img.size);
	snprintf(out, sizeof(out), "%s/mk.uimg", bootgen_tmpdir());
	if (run_mkimage("kernel", "none", in, out) != 0) {
		fprintf(stderr, "test_boot_uimage: mkimage unavailable, cross-check skipped\n");
		bootgen_free(&img);
		return;
	}
	read_whole(out, &theirs);
	bootgen_uimage(&mine, &linux_kernel, img.data, img.size);
	ck_assert_uint_eq(theirs.size, mine.size);
	ck_assert_int_eq(memcmp(theirs.data, mine.data, mine.size), 0);
	ck_assert_int_eq(boot_load_kernel_file(out, &k, &err), 0);
	ck_assert_int_eq(k.format, KERNEL_FORMAT_UIMAGE);
	ck_assert_uint_eq(k.entry, LOAD);
	boot_kernel_free(&k);
	boot_blob_free(&theirs);
	bootgen_free(&mine);
	bootgen_free(&img);
}
END_TEST

START_TEST(mkimage_gzip_kernel_and_ramdisk)
{
	struct bootgen_buf img, gz;
	struct kernel_image k;
	struct boot_blob rd;
	struct av_err err = { 0 };
	char *in, out[600];

	bootgen_image(&img, 0, 0x200000, 0, 0x9000);
	ck_assert_int_eq(bootgen_gzip(&gz, img.data, img.size), 0);
	in = bootgen_write("mk-Image.gz", gz.data, gz.size);
	snprintf(out, sizeof(out), "%s/mkgz.uimg", bootgen_tmpdir());
	if (run_mkimage("kernel", "gzip", in, out) != 0) {
		fprintf(stderr, "test_boot_uimage: mkimage unavailable, cross-check skipped\n");
		goto out;
	}
	ck_assert_msg(boot_load_kernel_file(out, &k, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(k.blob.size, img.size);
	ck_assert_int_eq(memcmp(k.blob.data, img.data, img.size), 0);
	boot_kernel_free(&k);
	snprintf(out, sizeof(out), "%s/mkrd.uimg", bootgen_tmpdir());
	ck_assert_int_eq(run_mkimage("ramdisk", "gzip", in, out), 0);
	ck_assert_msg(boot_load_initrd_file(out, &rd, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(rd.size, gz.size);
	ck_assert_int_eq(memcmp(rd.data, gz.data, gz.size), 0);
	boot_blob_free(&rd);
out:
	bootgen_free(&gz);
	bootgen_free(&img);
}
END_TEST

static Suite *uimage_suite(void)
{
	Suite *s = suite_create("boot_uimage");
	TCase *kern = tcase_create("kernel");
	TCase *bad = tcase_create("rejected");
	TCase *initrd = tcase_create("initrd");
	TCase *mk = tcase_create("mkimage");

	tcase_add_unchecked_fixture(kern, tmp_setup, tmp_teardown);
	tcase_add_test(kern, kernel_uncompressed);
	tcase_add_test(kern, kernel_gzip);
	tcase_add_test(kern, kernel_not_linux);
	tcase_add_test(kern, kernel_noload);
	tcase_add_test(kern, arm_arch_accepted);
	suite_add_tcase(s, kern);

	tcase_add_unchecked_fixture(bad, tmp_setup, tmp_teardown);
	tcase_add_test(bad, bad_header_crc);
	tcase_add_test(bad, bad_data_crc);
	tcase_add_test(bad, wrong_arch);
	tcase_add_test(bad, wrong_type);
	tcase_add_test(bad, unsupported_compression);
	tcase_add_test(bad, corrupt_gzip_payload);
	tcase_add_test(bad, truncated_header);
	tcase_add_test(bad, truncated_payload);
	suite_add_tcase(s, bad);

	tcase_add_unchecked_fixture(initrd, tmp_setup, tmp_teardown);
	tcase_add_test(initrd, initrd_raw);
	tcase_add_test(initrd, initrd_uimage_gzip_kept);
	tcase_add_test(initrd, initrd_uimage_errors);
	tcase_add_test(initrd, initrd_missing);
	suite_add_tcase(s, initrd);

	tcase_add_unchecked_fixture(mk, tmp_setup, tmp_teardown);
	tcase_add_test(mk, mkimage_same_bytes);
	tcase_add_test(mk, mkimage_gzip_kernel_and_ramdisk);
	suite_add_tcase(s, mk);
	return s;
}

int main(void)
{
	return check_run(uimage_suite());
}
