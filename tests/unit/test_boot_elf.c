// SPDX-License-Identifier: GPL-2.0
/*
 * boot/: ELF64 AArch64 kernels (bare-metal programs). Hand-made files
 * from bootgen for the good case and every rejected header, and one
 * real program built with aarch64-linux-gnu-gcc when it is installed:
 * loaded into RAM, its first instructions must sit at its entry point.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot.h"
#include "bootgen.h"
#include "check_run.h"

#define RAM_BASE 0x40000000ULL
#define RAM_SIZE (16ULL << 20)

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

static int parse_bytes(const uint8_t *data, size_t size, struct kernel_image *k,
		       struct av_err *err)
{
	struct boot_blob b = { malloc(size), size };

	ck_assert_ptr_nonnull(b.data);
	memcpy(b.data, data, size);
	return boot_parse_kernel(&b, k, err);
}

/* Guest RAM over a heap buffer, filled with junk the loader must cover. */
static void ram_init(struct guest_ram *ram)
{
	ram->base = RAM_BASE;
	ram->size = RAM_SIZE;
	ram->host = malloc(RAM_SIZE);
	ck_assert_ptr_nonnull(ram->host);
	memset(ram->host, 0xaa, RAM_SIZE);
}

static const struct bootgen_seg two_segs[] = {
	{ 1, RAM_BASE + 0x10000, 0x1000, 0x1000 },	/* text */
	{ 6, 0, 0, 0 },					/* PT_PHDR: ignored */
	{ 1, RAM_BASE + 0x20000, 0x800, 0x3000 },	/* data + BSS */
};

START_TEST(elf_parse_segments)
{
	struct bootgen_buf e;
	struct kernel_image k;
	struct av_err err = { 0 };
	char *path;

	bootgen_elf(&e, 183, RAM_BASE + 0x10040, two_segs, 3);
	path = bootgen_write("prog.elf", e.data, e.size);
	ck_assert_msg(boot_load_kernel_file(path, &k, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(k.format, KERNEL_FORMAT_ELF);
	ck_assert_int_eq(k.is_linux, 0);
	ck_assert_uint_eq(k.entry, RAM_BASE + 0x10040);
	ck_assert_uint_eq(k.load_addr, RAM_BASE + 0x10000);
	ck_assert_uint_eq(k.image_size, 0x13000);
	ck_assert_uint_eq(k.blob.size, e.size);
	boot_kernel_free(&k);
	bootgen_free(&e);
}
END_TEST

START_TEST(elf_copy_segments_and_bss)
{
	struct bootgen_buf e;
	struct kernel_image k;
	struct boot_layout l;
	struct guest_ram ram;
	struct av_err err = { 0 };
	const uint8_t *file;
	uint8_t *mem;
	size_t i;

	bootgen_elf(&e, 183, RAM_BASE + 0x10000, two_segs, 3);
	ck_assert_int_eq(parse_bytes(e.data, e.size, &k, &err), 0);
	ck_assert_int_eq(boot_place(&k, 0, 0, RAM_BASE, RAM_SIZE, &l, &err), 0);
	ram_init(&ram);
	ck_assert_msg(boot_copy_to_ram(&k, NULL, &l, &ram, &err) == 0, "%s", err.msg);
	file = e.data + bootgen_elf_seg_offset(two_segs, 0, 3);
	ck_assert_int_eq(memcmp(ram.host + 0x10000, file, 0x1000), 0);
	file = e.data + bootgen_elf_seg_offset(two_segs, 2, 3);
	mem = ram.host + 0x20000;
	ck_assert_int_eq(memcmp(mem, file, 0x800), 0);
	for (i = 0x800; i < 0x3000; i++)
		ck_assert_uint_eq(mem[i], 0);
	/* Bytes outside the segments are left alone. */
	ck_assert_uint_eq(ram.host[0x11000], 0xaa);
	ck_assert_uint_eq(ram.host[0x23000], 0xaa);
	free(ram.host);
	boot_kernel_free(&k);
	bootgen_free(&e);
}
END_TEST

START_TEST(elf_other_machine)
{
	struct bootgen_buf e;
	struct kernel_image k;
	struct av_err err = { 0 };
	char *path;

	bootgen_elf(&e, 62, RAM_BASE, two_segs, 1);
	path = bootgen_write("x86.elf", e.data, e.size);
	ck_assert_err(boot_load_kernel_file(path, &k, &err), err, EINVAL,
		      "machine 62 (x86-64), not AArch64");
	ck_assert_msg(strstr(err.msg, "x86.elf") != NULL, "%s", err.msg);
	bootgen_free(&e);
}
END_TEST

START_TEST(elf_class_and_endian)
{
	struct bootgen_buf e;
	struct kernel_image k;
	struct av_err err = { 0 };

	bootgen_elf(&e, 183, RAM_BASE, two_segs, 1);
	e.data[4] = 1;			/* ELFCLASS32 */
	ck_assert_err(parse_bytes(e.data, e.size, &k, &err), err, EINVAL,
		      "ELF class 1");
	e.data[4] = 2;
	e.data[5] = 2;			/* ELFDATA2MSB */
	ck_assert_err(parse_bytes(e.data, e.size, &k, &err), err, EINVAL,
		      "big-endian");
	bootgen_free(&e);
}
END_TEST

START_TEST(elf_truncated_header)
{
	struct bootgen_buf e;
	struct kernel_image k;
	struct av_err err = { 0 };

	bootgen_elf(&e, 183, RAM_BASE, two_segs, 1);
	ck_assert_err(parse_bytes(e.data, 40, &k, &err), err, EINVAL,
		      "truncated ELF header");
	ck_assert_err(parse_bytes(e.data, 4, &k, &err), err, EINVAL,
		      "truncated ELF header");
	bootgen_free(&e);
}
END_TEST

START_TEST(elf_phdrs_past_end)
{
	struct bootgen_buf e;
	struct kernel_image k;
	struct av_err err = { 0 };

	bootgen_elf(&e, 183, RAM_BASE, two_segs, 3);
	ck_assert_err(parse_bytes(e.data, 64 + 56 * 2, &k, &err), err, EINVAL,
		      "program headers");
	e.data[32] = 0xf0;		/* e_phoff far away */
	e.data[39] = 0x7f;
	ck_assert_err(parse_bytes(e.data, e.size, &k, &err), err, EINVAL,
		      "program headers");
	bootgen_free(&e);
}
END_TEST

START_TEST(elf_segment_past_end)
{
	struct bootgen_buf e;
	struct kernel_image k;
	struct av_err err = { 0 };

	bootgen_elf(&e, 183, RAM_BASE, two_segs, 3);
	/* The last segment's file bytes are cut off. */
	ck_assert_err(parse_bytes(e.data, e.size - 1, &k, &err), err, EINVAL,
		      "runs past the end of the file");
	bootgen_free(&e);
}
END_TEST

START_TEST(elf_bad_sizes)
{
	struct bootgen_seg bad_mem[] = { { 1, RAM_BASE, 0x100, 0x80 } };
	struct bootgen_seg wrap[] = { { 1, UINT64_MAX - 0x10, 0x20, 0x20 } };
	struct bootgen_seg none[] = { { 4, RAM_BASE, 0x20, 0x20 } };
	struct bootgen_buf e;
	struct kernel_image k;
	struct av_err err = { 0 };

	bootgen_elf(&e, 183, RAM_BASE, bad_mem, 1);
	ck_assert_err(parse_bytes(e.data, e.size, &k, &err), err, EINVAL,
		      "more file bytes than memory bytes");
	bootgen_free(&e);
	bootgen_elf(&e, 183, RAM_BASE, wrap, 1);
	ck_assert_err(parse_bytes(e.data, e.size, &k, &err), err, EOVERFLOW,
		      "overflows");
	bootgen_free(&e);
	bootgen_elf(&e, 183, RAM_BASE, none, 1);
	ck_assert_err(parse_bytes(e.data, e.size, &k, &err), err, EINVAL,
		      "no loadable");
	bootgen_free(&e);
	bootgen_elf(&e, 183, RAM_BASE, none, 0);
	ck_assert_err(parse_bytes(e.data, e.size, &k, &err), err, EINVAL,
		      "no program headers");
	bootgen_free(&e);
}
END_TEST

START_TEST(elf_outside_ram)
{
	struct bootgen_seg low[] = { { 1, 0x1000, 0x100, 0x100 } };
	struct bootgen_buf e;
	struct kernel_image k;
	struct boot_layout l;
	struct av_err err = { 0 };

	bootgen_elf(&e, 183, 0x1000, low, 1);
	ck_assert_int_eq(parse_bytes(e.data, e.size, &k, &err), 0);
	ck_assert_err(boot_place(&k, 0, 0x1000, RAM_BASE, RAM_SIZE, &l, &err),
		      err, ENOSPC, "does not fit in RAM");
	boot_kernel_free(&k);
	bootgen_free(&e);
	/* In RAM but entered outside it. */
	bootgen_elf(&e, 183, 0x1000, two_segs, 1);
	ck_assert_int_eq(parse_bytes(e.data, e.size, &k, &err), 0);
	ck_assert_err(boot_place(&k, 0, 0x1000, RAM_BASE, RAM_SIZE, &l, &err),
		      err, ERANGE, "entry point");
	boot_kernel_free(&k);
	bootgen_free(&e);
}
END_TEST

static uint32_t ram_word(const struct guest_ram *ram, uint64_t gpa)
{
	const uint8_t *p = guest_ram_ptr(ram, gpa, 4);

	ck_assert_ptr_nonnull(p);
	return boot_le32(p);
}

/* A real toolchain's output: the program's first instructions at its entry. */
START_TEST(elf_cross_compiled)
{
	static const char src[] =
		"\t.global _start\n\t.text\n_start:\n\tmov x0, #42\n\tb .\n"
		"\t.data\nval:\t.quad 0x1122334455667788\n"
		"\t.bss\nbuf:\t.space 8192\n";
	char *s = bootgen_write("prog.S", src, sizeof(src) - 1), out[600];
	char *argv[] = { "aarch64-linux-gnu-gcc", "-nostdlib", "-static",
			 "-Wl,-Ttext-segment=0x40100000", "-Wl,--build-id=none",
			 "-o", out, s, NULL };
	struct kernel_image k;
	struct boot_layout l;
	struct guest_ram ram;
	struct av_err err = { 0 };

	snprintf(out, sizeof(out), "%s/prog-gcc.elf", bootgen_tmpdir());
	if (bootgen_run(argv) != 0) {
		fprintf(stderr, "test_boot_elf: aarch64-linux-gnu-gcc unavailable, skipped\n");
		return;
	}
	ck_assert_msg(boot_load_kernel_file(out, &k, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(k.format, KERNEL_FORMAT_ELF);
	ck_assert_uint_eq(k.load_addr, 0x40100000);
	ck_assert_msg(boot_place(&k, 0, 0x1000, RAM_BASE, RAM_SIZE, &l, &err) == 0,
		      "%s", err.msg);
	ram_init(&ram);
	ck_assert_int_eq(boot_copy_to_ram(&k, NULL, &l, &ram, &err), 0);
	ck_assert_uint_eq(ram_word(&ram, l.entry), 0xd2800540);	/* mov x0, #42 */
	ck_assert_uint_eq(ram_word(&ram, l.entry + 4), 0x14000000);	/* b . */
	ck_assert_uint_eq(ram_word(&ram, l.kernel_end - 4), 0);	/* BSS */
	free(ram.host);
	boot_kernel_free(&k);
}
END_TEST

static Suite *elf_suite(void)
{
	Suite *s = suite_create("boot_elf");
	TCase *tc = tcase_create("elf");

	tcase_add_unchecked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_add_test(tc, elf_parse_segments);
	tcase_add_test(tc, elf_copy_segments_and_bss);
	tcase_add_test(tc, elf_other_machine);
	tcase_add_test(tc, elf_class_and_endian);
	tcase_add_test(tc, elf_truncated_header);
	tcase_add_test(tc, elf_phdrs_past_end);
	tcase_add_test(tc, elf_segment_past_end);
	tcase_add_test(tc, elf_bad_sizes);
	tcase_add_test(tc, elf_outside_ram);
	tcase_add_test(tc, elf_cross_compiled);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(elf_suite());
}
