// SPDX-License-Identifier: GPL-2.0
/*
 * boot/: placement of kernel, initrd and DTB at RAM sizes from 16 MiB to
 * 255 GiB (inside RAM, no overlap, the alignments of booting.rst, QEMU's
 * addresses), the errors when something does not fit, copying into RAM
 * (bytes in place, BSS zeroed) and the boot registers.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot.h"
#include "bootgen.h"
#include "check_run.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)
#define RAM_BASE 0x40000000ULL

#define ck_assert_err(ret, err, code, text) do {			\
	ck_assert_int_eq((ret), -(code));				\
	ck_assert_msg(strstr((err).msg, (text)) != NULL,		\
		      "message '%s' lacks '%s'", (err).msg, (text));	\
} while (0)

static const uint64_t ram_sizes[] = {
	16 * MiB, 128 * MiB, 1 * GiB, 4 * GiB, 255 * GiB,
};

/* An Image kernel as the parser would leave it, without file bytes. */
static void fake_image(struct kernel_image *k, uint64_t text_offset,
		       uint64_t image_size)
{
	struct bootgen_buf img;
	struct av_err err = { 0 };
	struct boot_blob b;

	bootgen_image(&img, text_offset, image_size, 0, 0x1000);
	b.data = img.data;
	b.size = img.size;
	ck_assert_int_eq(boot_parse_kernel(&b, k, &err), 0);
}

static int overlaps(uint64_t a, uint64_t a_end, uint64_t b, uint64_t b_end)
{
	return a < b_end && b < a_end;
}

/* Everything a placement must satisfy, whatever the sizes. */
static void check_layout(const struct boot_layout *l, uint64_t ram_size,
			 uint64_t initrd_size, uint64_t dtb_size)
{
	uint64_t ram_end = RAM_BASE + ram_size;
	uint64_t dtb_end = l->dtb_addr + l->dtb_max;

	ck_assert_uint_ge(l->kernel_base, RAM_BASE);
	ck_assert_uint_le(l->kernel_end, ram_end);
	ck_assert_uint_lt(l->kernel_base, l->kernel_end);
	ck_assert_uint_eq(l->initrd_end - l->initrd_start, initrd_size);
	if (initrd_size) {
		ck_assert_uint_ge(l->initrd_start, RAM_BASE);
		ck_assert_uint_le(l->initrd_end, ram_end);
		ck_assert_uint_eq(l->initrd_start % 4096, 0);
		ck_assert(!overlaps(l->kernel_base, l->kernel_end,
				    l->initrd_start, l->initrd_end));
	}
	if (!dtb_size) {
		ck_assert_uint_eq(l->dtb_addr, 0);
		return;
	}
	ck_assert_uint_eq(l->dtb_addr % 8, 0);
	ck_assert_uint_ge(l->dtb_max, dtb_size);
	ck_assert_uint_le(l->dtb_max, 2 * MiB);
	ck_assert_uint_ge(l->dtb_addr, RAM_BASE);
	ck_assert_uint_le(dtb_end, ram_end);
	/* Never across a 2 MiB boundary (booting.txt before v4.2). */
	ck_assert_uint_eq(l->dtb_addr / (2 * MiB), (dtb_end - 1) / (2 * MiB));
	ck_assert(!overlaps(l->dtb_addr, dtb_end, l->kernel_base, l->kernel_end));
	ck_assert(!overlaps(l->dtb_addr, dtb_end, l->initrd_start, l->initrd_end));
}

START_TEST(place_all_ram_sizes)
{
	uint64_t ram = ram_sizes[_i], initrd, dtb;
	uint64_t initrds[] = { 0, 4096, 3 * MiB + 5 };
	uint64_t dtbs[] = { 0, 0x10000, 2 * MiB };
	struct kernel_image k;
	struct boot_layout l;
	struct av_err err = { 0 };
	unsigned int i, j;

	fake_image(&k, 0, 6 * MiB);
	for (i = 0; i < 3; i++) {
		for (j = 0; j < 3; j++) {
			initrd = initrds[i];
			dtb = dtbs[j];
			ck_assert_msg(boot_place(&k, initrd, dtb, RAM_BASE, ram,
						 &l, &err) == 0, "%s", err.msg);
			check_layout(&l, ram, initrd, dtb);
			ck_assert_uint_eq(l.kernel_base, RAM_BASE + 2 * MiB);
			ck_assert_uint_eq(l.entry, l.kernel_base);
		}
	}
	boot_kernel_free(&k);
}
END_TEST

/* QEMU's rule: initrd at RAM base + min(RAM/2, 128 MiB), DTB 2 MiB after. */
START_TEST(place_matches_qemu)
{
	uint64_t ram = ram_sizes[_i];
	uint64_t off = ram / 2 < 128 * MiB ? ram / 2 : 128 * MiB;
	uint64_t initrd = 1 * MiB + 100;
	struct kernel_image k;
	struct boot_layout l;
	struct av_err err = { 0 };

	fake_image(&k, 0x80000, 4 * MiB);
	ck_assert_int_eq(boot_place(&k, initrd, 0x2000, RAM_BASE, ram, &l, &err), 0);
	ck_assert_uint_eq(l.kernel_base, RAM_BASE + 0x80000);
	ck_assert_uint_eq(l.kernel_end, RAM_BASE + 0x80000 + 4 * MiB);
	ck_assert_uint_eq(l.initrd_start, RAM_BASE + off);
	ck_assert_uint_eq(l.dtb_addr, RAM_BASE + off + 2 * MiB);
	boot_kernel_free(&k);
}
END_TEST

/*
 * The seed's qemu-system-aarch64 run (4G RAM, Linux 6.0 Image) loaded
 * the initrd at 1207959552 and the DTB at 1241513984: a ~31 MiB initrd.
 */
START_TEST(place_seed_run)
{
	struct kernel_image k;
	struct boot_layout l;
	struct av_err err = { 0 };

	fake_image(&k, 0, 40 * MiB);
	ck_assert_int_eq(boot_place(&k, 31 * MiB, 0x100000, RAM_BASE, 4 * GiB,
				    &l, &err), 0);
	ck_assert_uint_eq(l.initrd_start, 1207959552ULL);
	ck_assert_uint_eq(l.dtb_addr, 1241513984ULL);
	boot_kernel_free(&k);
}
END_TEST

START_TEST(place_initrd_after_big_kernel)
{
	struct kernel_image k;
	struct boot_layout l;
	struct av_err err = { 0 };

	/* A kernel reaching past base + 128 MiB pushes the initrd after it. */
	fake_image(&k, 0, 200 * MiB + 123);
	ck_assert_int_eq(boot_place(&k, 5 * MiB, 0x10000, RAM_BASE, 1 * GiB,
				    &l, &err), 0);
	check_layout(&l, 1 * GiB, 5 * MiB, 0x10000);
	ck_assert_uint_ge(l.initrd_start, l.kernel_end);
	ck_assert_uint_lt(l.initrd_start, l.kernel_end + 4096);
	boot_kernel_free(&k);
}
END_TEST

START_TEST(place_old_kernel_and_raw)
{
	uint8_t raw[100] = { 0 };
	struct boot_blob b = { malloc(sizeof(raw)), sizeof(raw) };
	struct kernel_image k;
	struct boot_layout l;
	struct av_err err = { 0 };

	fake_image(&k, 0x1000, 0);		/* image_size 0: pre-3.17 */
	ck_assert_int_eq(boot_place(&k, 0, 0x1000, RAM_BASE, 128 * MiB, &l, &err), 0);
	ck_assert_uint_eq(l.kernel_base, RAM_BASE + 0x80000);
	boot_kernel_free(&k);
	memcpy(b.data, raw, sizeof(raw));
	ck_assert_int_eq(boot_parse_kernel(&b, &k, &err), 0);
	ck_assert_int_eq(boot_place(&k, 0, 0x1000, RAM_BASE, 128 * MiB, &l, &err), 0);
	ck_assert_uint_eq(l.kernel_base, RAM_BASE + 0x80000);
	ck_assert_uint_eq(l.kernel_end, RAM_BASE + 0x80000 + sizeof(raw));
	boot_kernel_free(&k);
}
END_TEST

START_TEST(place_unaligned_ram_base)
{
	struct kernel_image k;
	struct boot_layout l;
	struct av_err err = { 0 };
	uint64_t base = RAM_BASE + 0x100000;

	fake_image(&k, 0x80000, 1 * MiB);
	ck_assert_int_eq(boot_place(&k, 0, 0x1000, base, 64 * MiB, &l, &err), 0);
	ck_assert_uint_eq(l.kernel_base, RAM_BASE + 2 * MiB + 0x80000);
	boot_kernel_free(&k);
}
END_TEST

START_TEST(place_kernel_too_big)
{
	struct kernel_image k;
	struct boot_layout l;
	struct av_err err = { 0 };

	fake_image(&k, 0, 15 * MiB);
	ck_assert_err(boot_place(&k, 0, 0x1000, RAM_BASE, 16 * MiB, &l, &err),
		      err, ENOSPC, "kernel");
	ck_assert_msg(strstr(err.msg, "does not fit in RAM") != NULL, "%s", err.msg);
	ck_assert_uint_eq(l.kernel_base, 0);
	boot_kernel_free(&k);
	fake_image(&k, 0x7ffffffffff00000ULL, 0x1000);
	ck_assert_err(boot_place(&k, 0, 0x1000, RAM_BASE, 255 * GiB, &l, &err),
		      err, ENOSPC, "does not fit in RAM");
	boot_kernel_free(&k);
}
END_TEST

START_TEST(place_initrd_too_big)
{
	struct kernel_image k;
	struct boot_layout l;
	struct av_err err = { 0 };

	fake_image(&k, 0, 2 * MiB);
	/* 16 MiB: the initrd starts at 8 MiB, so 9 MiB cannot fit. */
	ck_assert_err(boot_place(&k, 9 * MiB, 0x1000, RAM_BASE, 16 * MiB, &l, &err),
		      err, ENOSPC, "initrd (9437184 bytes) does not fit");
	ck_assert_err(boot_place(&k, UINT64_MAX - 5, 0x1000, RAM_BASE, 255 * GiB,
				 &l, &err), err, ENOSPC, "initrd");
	/* Exactly filling the rest of RAM is fine: the DTB goes below the kernel. */
	ck_assert_int_eq(boot_place(&k, 8 * MiB, 0x10000, RAM_BASE, 16 * MiB,
				    &l, &err), 0);
	check_layout(&l, 16 * MiB, 8 * MiB, 0x10000);
	ck_assert_uint_eq(l.dtb_addr, RAM_BASE);
	boot_kernel_free(&k);
}
END_TEST

START_TEST(place_dtb_errors)
{
	struct kernel_image k;
	struct boot_layout l;
	struct av_err err = { 0 };

	fake_image(&k, 0, 2 * MiB);
	ck_assert_err(boot_place(&k, 0, 2 * MiB + 1, RAM_BASE, 1 * GiB, &l, &err),
		      err, EFBIG, "at most 2 MiB");
	boot_kernel_free(&k);
	/* Kernel from base + 4 KiB to 8 MiB, initrd 8..16 MiB: no room left. */
	fake_image(&k, 0x1000, 8 * MiB - 0x1000);
	ck_assert_err(boot_place(&k, 8 * MiB, 0x10000, RAM_BASE, 16 * MiB, &l, &err),
		      err, ENOSPC, "no room for the DTB");
	boot_kernel_free(&k);
}
END_TEST

/* Last resort: the gap after the kernel, up to the next 2 MiB boundary. */
START_TEST(place_dtb_in_gap)
{
	struct kernel_image k;
	struct boot_layout l;
	struct av_err err = { 0 };

	fake_image(&k, 0x1000, 5 * MiB);
	ck_assert_int_eq(boot_place(&k, 8 * MiB - 0x10, 0x10000, RAM_BASE,
				    16 * MiB, &l, &err), 0);
	check_layout(&l, 16 * MiB, 8 * MiB - 0x10, 0x10000);
	ck_assert_uint_eq(l.dtb_addr, l.kernel_end);
	ck_assert_uint_eq(l.dtb_max, RAM_BASE + 6 * MiB - l.kernel_end);
	boot_kernel_free(&k);
}
END_TEST

START_TEST(place_bad_ram)
{
	struct kernel_image k;
	struct boot_layout l;
	struct av_err err = { 0 };

	fake_image(&k, 0, 1 * MiB);
	ck_assert_err(boot_place(&k, 0, 0, RAM_BASE, 0, &l, &err), err, EINVAL,
		      "empty or overflows");
	ck_assert_err(boot_place(&k, 0, 0, UINT64_MAX - MiB, 16 * MiB, &l, &err),
		      err, EINVAL, "empty or overflows");
	boot_kernel_free(&k);
}
END_TEST

/* A uImage: fixed address, checked; kernel_noload at base + 32 MiB + 64. */
START_TEST(place_uimage)
{
	struct kernel_image k;
	struct boot_layout l;
	struct av_err err = { 0 };

	memset(&k, 0, sizeof(k));
	k.format = KERNEL_FORMAT_UIMAGE;
	k.is_linux = 1;
	k.load_addr = RAM_BASE + 0x80000;
	k.entry = RAM_BASE + 0x80000;
	k.image_size = 3 * MiB;
	ck_assert_int_eq(boot_place(&k, MiB, 0x1000, RAM_BASE, 128 * MiB, &l, &err), 0);
	ck_assert_uint_eq(l.kernel_base, RAM_BASE + 0x80000);
	ck_assert_uint_eq(l.entry, RAM_BASE + 0x80000);
	check_layout(&l, 128 * MiB, MiB, 0x1000);
	k.load_addr = 0x80000;			/* below RAM */
	ck_assert_err(boot_place(&k, 0, 0x1000, RAM_BASE, 128 * MiB, &l, &err),
		      err, ENOSPC, "does not fit in RAM");
	k.load_relative = 1;
	k.load_addr = 0x02000040;
	k.entry = 0x02000140;
	ck_assert_int_eq(boot_place(&k, 0, 0x1000, RAM_BASE, 128 * MiB, &l, &err), 0);
	ck_assert_uint_eq(l.kernel_base, RAM_BASE + 0x02000040);
	ck_assert_uint_eq(l.entry, RAM_BASE + 0x02000140);
	ck_assert_err(boot_place(&k, 0, 0x1000, RAM_BASE, 16 * MiB, &l, &err),
		      err, ENOSPC, "does not fit in RAM");
}
END_TEST

/* Bare metal: QEMU puts the DTB at the base of RAM when there is room. */
START_TEST(place_elf_dtb_at_base)
{
	struct kernel_image k;
	struct boot_layout l;
	struct av_err err = { 0 };

	memset(&k, 0, sizeof(k));
	k.format = KERNEL_FORMAT_ELF;
	k.load_addr = RAM_BASE + 0x100000;
	k.entry = RAM_BASE + 0x100000;
	k.image_size = 0x20000;
	ck_assert_int_eq(boot_place(&k, 0, 0x10000, RAM_BASE, 128 * MiB, &l, &err), 0);
	ck_assert_uint_eq(l.dtb_addr, RAM_BASE);
	ck_assert_uint_eq(l.dtb_max, 0x100000);
	check_layout(&l, 128 * MiB, 0, 0x10000);
	/* No room below: then after the kernel, as for Linux. */
	k.load_addr = RAM_BASE;
	k.entry = RAM_BASE;
	ck_assert_int_eq(boot_place(&k, 0, 0x10000, RAM_BASE, 128 * MiB, &l, &err), 0);
	check_layout(&l, 128 * MiB, 0, 0x10000);
	ck_assert_uint_ge(l.dtb_addr, l.kernel_end);
}
END_TEST

START_TEST(regs_linux_and_bare_metal)
{
	struct kernel_image k;
	struct boot_layout l;
	struct boot_regs r;
	struct av_err err = { 0 };

	fake_image(&k, 0, MiB);
	ck_assert_int_eq(boot_place(&k, 0, 0x1000, RAM_BASE, GiB, &l, &err), 0);
	memset(&r, 0x55, sizeof(r));
	boot_regs_compute(&k, &l, &r);
	ck_assert_uint_eq(r.x[0], l.dtb_addr);
	ck_assert_uint_ne(r.x[0], 0);
	ck_assert_uint_eq(r.x[1], 0);
	ck_assert_uint_eq(r.x[2], 0);
	ck_assert_uint_eq(r.x[3], 0);
	ck_assert_uint_eq(r.pc, l.kernel_base);
	k.is_linux = 0;
	boot_regs_compute(&k, &l, &r);
	ck_assert_uint_eq(r.x[0], 0);
	ck_assert_uint_eq(r.pc, l.entry);
	boot_kernel_free(&k);
}
END_TEST

static void ram_init(struct guest_ram *ram, uint64_t size)
{
	ram->base = RAM_BASE;
	ram->size = size;
	ram->host = malloc(size);
	ck_assert_ptr_nonnull(ram->host);
	memset(ram->host, 0xaa, size);
}

START_TEST(copy_image_bss_and_initrd)
{
	struct bootgen_buf img;
	struct boot_blob b, initrd;
	struct kernel_image k;
	struct boot_layout l;
	struct guest_ram ram;
	struct av_err err = { 0 };
	uint64_t i, off;

	bootgen_image(&img, 0, 0x300000, 0, 0x12345);
	b.data = malloc(img.size);
	b.size = img.size;
	memcpy(b.data, img.data, img.size);
	ck_assert_int_eq(boot_parse_kernel(&b, &k, &err), 0);
	initrd.size = 70000;
	initrd.data = malloc(initrd.size);
	bootgen_pattern(initrd.data, initrd.size, 77);
	ram_init(&ram, 16 * MiB);
	ck_assert_int_eq(boot_place(&k, initrd.size, 0x1000, RAM_BASE, ram.size,
				    &l, &err), 0);
	/* Twice: a guest reset copies again over a dirtied RAM. */
	for (i = 0; i < 2; i++) {
		struct initrd_image rd = { .blob = initrd, .size = initrd.size };

		ck_assert_int_eq(boot_copy_to_ram(&k, &rd, &l, &ram, &err), 0);
		off = l.kernel_base - RAM_BASE;
		ck_assert_int_eq(memcmp(ram.host + off, img.data, img.size), 0);
		ck_assert_uint_eq(ram.host[off - 1], 0xaa);
		ck_assert_uint_eq(ram.host[off + img.size], 0);
		ck_assert_uint_eq(ram.host[off + 0x300000 - 1], 0);
		ck_assert_uint_eq(ram.host[off + 0x300000], 0xaa);
		off = l.initrd_start - RAM_BASE;
		ck_assert_int_eq(memcmp(ram.host + off, initrd.data, initrd.size), 0);
		memset(ram.host + (l.kernel_base - RAM_BASE) + img.size, 0x33, 100);
	}
	free(ram.host);
	boot_blob_free(&initrd);
	boot_kernel_free(&k);
	bootgen_free(&img);
}
END_TEST

/*
 * An uncompressed Image and a plain initrd are read from their files
 * straight into guest RAM, again at every reset, and a file that changed
 * since is refused then (boot/stream.c).
 */
START_TEST(copy_streamed_from_files)
{
	struct bootgen_buf img;
	struct initrd_image rd;
	struct kernel_image k;
	struct boot_layout l;
	struct guest_ram ram;
	struct av_err err = { 0 };
	uint8_t pattern[5000];
	char *kpath, *rpath;
	uint64_t off;
	FILE *f;

	bootgen_image(&img, 0, 0x300000, 0, 0x12345);
	bootgen_pattern(pattern, sizeof(pattern), 5);
	kpath = bootgen_write("Image-stream", img.data, img.size);
	rpath = bootgen_write("initrd-stream", pattern, sizeof(pattern));
	ck_assert_msg(boot_load_kernel_file(kpath, &k, &err) == 0, "%s", err.msg);
	ck_assert_msg(boot_initrd_load(rpath, &rd, &err) == 0, "%s", err.msg);
	ck_assert(k.streamed && rd.streamed);
	ck_assert_ptr_null(k.blob.data);
	ck_assert_uint_eq(k.data_size, img.size);
	ck_assert_uint_eq(k.image_size, 0x300000);
	ck_assert_uint_eq(rd.size, sizeof(pattern));
	ram_init(&ram, 16 * MiB);
	ck_assert_int_eq(boot_place(&k, rd.size, 0x1000, RAM_BASE, ram.size, &l, &err), 0);
	for (int i = 0; i < 2; i++) {
		ck_assert_msg(boot_copy_to_ram(&k, &rd, &l, &ram, &err) == 0, "%s", err.msg);
		off = l.kernel_base - RAM_BASE;
		ck_assert_int_eq(memcmp(ram.host + off, img.data, img.size), 0);
		ck_assert_uint_eq(ram.host[off + 0x300000 - 1], 0);
		off = l.initrd_start - RAM_BASE;
		ck_assert_int_eq(memcmp(ram.host + off, pattern, sizeof(pattern)), 0);
		memset(ram.host + off, 0x33, 100);
	}
	f = fopen(kpath, "a");
	ck_assert_ptr_nonnull(f);
	fputc('x', f);
	fclose(f);
	ck_assert_err(boot_copy_to_ram(&k, &rd, &l, &ram, &err), err, ESTALE,
		      "changed since armvisor started");
	free(ram.host);
	boot_initrd_free(&rd);
	boot_kernel_free(&k);
	bootgen_free(&img);
}
END_TEST

START_TEST(copy_rejects_bad_layout)
{
	struct initrd_image initrd = { .blob = { (uint8_t *)"abcd", 4 }, .size = 4 };
	struct kernel_image k;
	struct boot_layout l;
	struct guest_ram ram;
	struct av_err err = { 0 };

	fake_image(&k, 0, MiB);
	ram_init(&ram, 16 * MiB);
	ck_assert_int_eq(boot_place(&k, 4, 0x1000, RAM_BASE, ram.size, &l, &err), 0);
	l.initrd_end++;
	ck_assert_err(boot_copy_to_ram(&k, &initrd, &l, &ram, &err), err, EINVAL,
		      "does not match");
	l.initrd_end--;
	l.kernel_base += 32 * MiB;
	l.kernel_end += 32 * MiB;
	ck_assert_err(boot_copy_to_ram(&k, &initrd, &l, &ram, &err), err, ERANGE,
		      "not inside guest RAM");
	l.kernel_end = l.kernel_base + 10;
	ck_assert_err(boot_copy_to_ram(&k, &initrd, &l, &ram, &err), err, EINVAL,
		      "smaller than the kernel");
	free(ram.host);
	boot_kernel_free(&k);
}
END_TEST

static Suite *place_suite(void)
{
	Suite *s = suite_create("boot_place");
	TCase *place = tcase_create("place");
	TCase *copy = tcase_create("copy");

	tcase_add_loop_test(place, place_all_ram_sizes, 0, 5);
	tcase_add_loop_test(place, place_matches_qemu, 0, 5);
	tcase_add_test(place, place_seed_run);
	tcase_add_test(place, place_initrd_after_big_kernel);
	tcase_add_test(place, place_old_kernel_and_raw);
	tcase_add_test(place, place_unaligned_ram_base);
	tcase_add_test(place, place_kernel_too_big);
	tcase_add_test(place, place_initrd_too_big);
	tcase_add_test(place, place_dtb_errors);
	tcase_add_test(place, place_dtb_in_gap);
	tcase_add_test(place, place_bad_ram);
	tcase_add_test(place, place_uimage);
	tcase_add_test(place, place_elf_dtb_at_base);
	tcase_add_test(place, regs_linux_and_bare_metal);
	suite_add_tcase(s, place);

	tcase_add_test(copy, copy_image_bss_and_initrd);
	tcase_add_test(copy, copy_rejects_bad_layout);
	tcase_add_test(copy, copy_streamed_from_files);
	suite_add_tcase(s, copy);
	return s;
}

int main(void)
{
	return check_run(place_suite());
}
