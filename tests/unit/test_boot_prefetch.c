// SPDX-License-Identifier: GPL-2.0
/*
 * boot/prefetch.c: the streamed kernel and initrd read into guest RAM on a
 * worker thread before the layout is final. What it read counts only at
 * the address the final layout gives (boot_copy_to_ram then reads nothing
 * and zeroes the BSS as before); a file changed before the worker read it,
 * or a layout that moved, leaves the copy to read it, or to refuse it.
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
#define RAM_BASE 0x40000000ULL
#define IMAGE_SPAN 0x300000

struct rig {
	struct bootgen_buf img;
	uint8_t pattern[5000];
	char *kpath, *rpath;
	struct kernel_image k;
	struct initrd_image rd;
	struct guest_ram ram;
	struct boot_layout l;
	struct av_err err;
};

static void rig_init_sized(struct rig *r, size_t image_bytes)
{
	memset(r, 0, sizeof(*r));
	bootgen_image(&r->img, 0, IMAGE_SPAN > image_bytes ? IMAGE_SPAN : 0x600000, 0,
		      image_bytes);
	bootgen_pattern(r->pattern, sizeof(r->pattern), 9);
	r->kpath = bootgen_write("Image-prefetch", r->img.data, r->img.size);
	r->rpath = bootgen_write("initrd-prefetch", r->pattern, sizeof(r->pattern));
	ck_assert_msg(boot_load_kernel_file(r->kpath, &r->k, &r->err) == 0, "%s", r->err.msg);
	ck_assert_msg(boot_initrd_load(r->rpath, &r->rd, &r->err) == 0, "%s", r->err.msg);
	ck_assert(r->k.streamed && r->rd.streamed);
	r->ram.base = RAM_BASE;
	r->ram.size = 16 * MiB;
	r->ram.host = malloc(r->ram.size);
	ck_assert_ptr_nonnull(r->ram.host);
	memset(r->ram.host, 0xaa, r->ram.size);
	ck_assert_int_eq(boot_place(&r->k, r->rd.size, 0x1000, RAM_BASE, r->ram.size,
				    &r->l, &r->err), 0);
}

static void rig_init(struct rig *r)
{
	rig_init_sized(r, 0x12345);
}

static void rig_free(struct rig *r)
{
	free(r->ram.host);
	boot_initrd_free(&r->rd);
	boot_kernel_free(&r->k);
	bootgen_free(&r->img);
}

static void assert_in_ram(const struct rig *r)
{
	uint64_t off = r->l.kernel_base - RAM_BASE;

	ck_assert_int_eq(memcmp(r->ram.host + off, r->img.data, r->img.size), 0);
	ck_assert_uint_eq(r->ram.host[off + r->k.image_size - 1], 0);	/* BSS */
	off = r->l.initrd_start - RAM_BASE;
	ck_assert_int_eq(memcmp(r->ram.host + off, r->pattern, sizeof(r->pattern)), 0);
}

/* Finish the prefetch; then the copy must leave both files in place. */
static void finish_and_copy(struct boot_prefetch *p, struct rig *r, bool prefetched)
{
	boot_prefetch_finish(p, &r->k, &r->rd, &r->l);
	ck_assert(r->k.prefetched == prefetched && r->rd.prefetched == prefetched);
	ck_assert_msg(boot_copy_to_ram(&r->k, &r->rd, &r->l, &r->ram, &r->err) == 0, "%s",
		      r->err.msg);
	assert_in_ram(r);
}

/* Read by the worker; the copy then only zeroes the BSS. */
START_TEST(worker_reads_both)
{
	struct boot_prefetch p;
	struct rig r;
	uint64_t off;

	rig_init(&r);
	ck_assert(boot_prefetch_start(&p, &r.k, &r.rd, &r.ram, false, NULL));
	boot_prefetch_finish(&p, &r.k, &r.rd, &r.l);
	ck_assert(r.k.prefetched && r.rd.prefetched);
	/* In place before the copy: the worker put it there. */
	off = r.l.kernel_base - RAM_BASE;
	ck_assert_int_eq(memcmp(r.ram.host + off, r.img.data, r.img.size), 0);
	ck_assert_uint_eq(r.ram.host[off + IMAGE_SPAN - 1], 0xaa);
	/* The copy trusts it: scribbled over, it stays scribbled. */
	r.ram.host[off + 100] ^= 0xff;
	ck_assert_msg(boot_copy_to_ram(&r.k, &r.rd, &r.l, &r.ram, &r.err) == 0, "%s",
		      r.err.msg);
	ck_assert_uint_eq(r.ram.host[off + 100], r.img.data[100] ^ 0xff);
	ck_assert_uint_eq(r.ram.host[off + IMAGE_SPAN - 1], 0);
	/* Not prefetched: the copy reads the file (a reset). */
	r.k.prefetched = r.rd.prefetched = false;
	ck_assert_int_eq(boot_copy_to_ram(&r.k, &r.rd, &r.l, &r.ram, &r.err), 0);
	assert_in_ram(&r);
	rig_free(&r);
}
END_TEST

/*
 * A kernel of several 2 MiB pieces and a ragged end, finished at once:
 * the caller takes pieces too, and together they read every byte.
 */
START_TEST(pieces_shared_with_the_caller)
{
	struct boot_prefetch p;
	struct rig r;

	rig_init_sized(&r, 0x500123);
	ck_assert(boot_prefetch_start(&p, &r.k, &r.rd, &r.ram, false, NULL));
	finish_and_copy(&p, &r, true);
	rig_free(&r);
}
END_TEST

/* A layout the worker did not read for: the copy reads it there. */
START_TEST(moved_layout_is_read_again)
{
	struct boot_prefetch p;
	struct rig r;

	rig_init(&r);
	ck_assert(boot_prefetch_start(&p, &r.k, &r.rd, &r.ram, false, NULL));
	r.l.kernel_base += 2 * MiB;
	r.l.kernel_end += 2 * MiB;
	r.l.initrd_start += 4 * MiB;
	r.l.initrd_end += 4 * MiB;
	finish_and_copy(&p, &r, false);
	rig_free(&r);
}
END_TEST

/*
 * Only the initrd moved: the worker is stopped, so the kernel may be
 * short of pieces, and neither file counts as read.
 */
START_TEST(moved_initrd_drops_both)
{
	struct boot_prefetch p;
	struct rig r;

	rig_init_sized(&r, 0x500123);
	ck_assert(boot_prefetch_start(&p, &r.k, &r.rd, &r.ram, false, NULL));
	r.l.initrd_start += 2 * MiB;
	r.l.initrd_end += 2 * MiB;
	finish_and_copy(&p, &r, false);
	rig_free(&r);
}
END_TEST

/* The kernel file changed after it was opened: refused, as without the worker. */
START_TEST(changed_file_is_refused)
{
	struct boot_prefetch p;
	struct rig r;
	FILE *f;

	rig_init(&r);
	f = fopen(r.kpath, "a");
	ck_assert_ptr_nonnull(f);
	fputc('x', f);
	fclose(f);
	ck_assert(boot_prefetch_start(&p, &r.k, &r.rd, &r.ram, false, NULL));
	boot_prefetch_finish(&p, &r.k, &r.rd, &r.l);
	ck_assert(!r.k.prefetched);
	ck_assert(r.rd.prefetched);
	ck_assert_int_eq(boot_copy_to_ram(&r.k, &r.rd, &r.l, &r.ram, &r.err), -ESTALE);
	ck_assert_ptr_nonnull(strstr(r.err.msg, "changed since armvisor started"));
	rig_free(&r);
}
END_TEST

/* Not streamed (a blob), or RAM too small for the kernel: no worker. */
START_TEST(nothing_to_prefetch)
{
	struct boot_prefetch p;
	struct rig r;

	rig_init(&r);
	r.ram.size = 1 * MiB;
	ck_assert(!boot_prefetch_start(&p, &r.k, &r.rd, &r.ram, false, NULL));
	boot_prefetch_stop(&p);
	r.ram.size = 16 * MiB;
	ck_assert_int_eq(boot_kernel_unstream(&r.k, &r.err), 0);
	ck_assert(!boot_prefetch_start(&p, &r.k, &r.rd, &r.ram, false, NULL));
	ck_assert(!p.running);
	rig_free(&r);
}
END_TEST

/*
 * Allowed to map (TCG): the kernel is mapped under its lease, the worker
 * reads only the initrd, and the copy zeroes the BSS past the mapping.
 */
START_TEST(mapped_kernel_is_in_place)
{
	struct boot_prefetch p;
	struct rig r;
	uint64_t off;

	rig_init(&r);
	free(r.ram.host);
	ck_assert_int_eq(guest_ram_alloc(&r.ram, RAM_BASE, 16 * MiB, &r.err), 0);
	ck_assert(boot_prefetch_start(&p, &r.k, &r.rd, &r.ram, true, NULL));
	ck_assert(p.kernel_mapped && !p.kernel.dst && p.initrd.dst);
	ck_assert(guest_ram_file_mapped(&r.ram));
	off = r.l.kernel_base - RAM_BASE;
	ck_assert_ptr_eq(r.ram.file.host, r.ram.host + off);
	finish_and_copy(&p, &r, true);
	/* A guest write stays in RAM, not in the file. */
	r.ram.host[off + 64] ^= 0xff;
	ck_assert_int_eq(guest_ram_file_drop(&r.ram, &r.err), 0);
	r.k.prefetched = r.rd.prefetched = false;
	ck_assert_int_eq(boot_copy_to_ram(&r.k, &r.rd, &r.l, &r.ram, &r.err), 0);
	assert_in_ram(&r);
	guest_ram_free(&r.ram);
	r.ram.host = NULL;
	rig_free(&r);
}
END_TEST

START_TEST(stop_joins_the_worker)
{
	struct boot_prefetch p;
	struct rig r;

	rig_init(&r);
	ck_assert(boot_prefetch_start(&p, &r.k, &r.rd, &r.ram, false, NULL));
	boot_prefetch_stop(&p);
	ck_assert(!p.running);
	rig_free(&r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("boot_prefetch");
	TCase *tc = tcase_create("prefetch");

	tcase_add_test(tc, worker_reads_both);
	tcase_add_test(tc, pieces_shared_with_the_caller);
	tcase_add_test(tc, moved_layout_is_read_again);
	tcase_add_test(tc, moved_initrd_drops_both);
	tcase_add_test(tc, changed_file_is_refused);
	tcase_add_test(tc, nothing_to_prefetch);
	tcase_add_test(tc, mapped_kernel_is_in_place);
	tcase_add_test(tc, stop_joins_the_worker);
	suite_add_tcase(s, tc);
	return check_run(s);
}
