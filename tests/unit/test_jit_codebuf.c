// SPDX-License-Identifier: GPL-2.0
/*
 * accel-tcg/jit-x86_64's code buffer: what the writable view holds runs
 * from the executable view, no mapping of it is writable and executable,
 * the bump allocator aligns and stops at the end, a reset starts again,
 * and absurd sizes are refused with a sentence.
 */
#include <check.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "check_run.h"
#include "jit-x86_64/codebuf.h"
#include "jit-x86_64/emit.h"

#define SMALL (64u << 10)

static void open_small(struct codebuf *cb)
{
	struct av_err err = { 0 };

	ck_assert_msg(codebuf_init(cb, SMALL, NULL, &err) == 0, "%s", err.msg);
}

/* Emit `mov eax, value; ret` at the next free byte; its executable address. */
static uintptr_t emit_return(struct codebuf *cb, uint32_t value)
{
	struct x86_emit e;
	size_t room;
	uint8_t *rw = codebuf_reserve(cb, 16, &room);

	ck_assert_ptr_nonnull(rw);
	x86_emit_init(&e, rw, room, codebuf_rx_addr(cb, rw));
	x86_emit_mov_ri(&e, X86_SZ32, X86_RAX, value);
	x86_emit_ret(&e);
	ck_assert(x86_emit_ok(&e));
	codebuf_commit(cb, rw, x86_emit_len(&e));
	return codebuf_rx_addr(cb, rw);
}

START_TEST(rx_view_runs_what_rw_view_wrote)
{
	struct codebuf cb;
	uintptr_t fn;
	uint8_t *imm;

	open_small(&cb);
	fn = emit_return(&cb, 42);
	ck_assert_int_eq(((int (*)(void))fn)(), 42);
	/* A write through the other view is what the next call runs. */
	imm = (uint8_t *)codebuf_rw_ptr(&cb, fn) + 1;
	imm[0] = 43;
	ck_assert_int_eq(((int (*)(void))fn)(), 43);
	codebuf_destroy(&cb);
}
END_TEST

/* The permissions /proc/self/maps lists for the mapping starting at addr. */
static bool mapping_perms(uintptr_t addr, char perms[5])
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	bool found = false;

	ck_assert_ptr_nonnull(f);
	while (!found && fgets(line, sizeof(line), f)) {
		uintptr_t start, end;

		found = sscanf(line, "%" SCNxPTR "-%" SCNxPTR " %4s", &start, &end, perms) == 3 &&
			start == addr;
	}
	fclose(f);
	return found;
}

START_TEST(no_view_is_writable_and_executable)
{
	struct codebuf cb;
	char perms[5];

	open_small(&cb);
	ck_assert(mapping_perms((uintptr_t)cb.rx, perms));
	ck_assert_str_eq(perms, "r-xs");
	ck_assert(mapping_perms((uintptr_t)cb.rw, perms));
	ck_assert_str_eq(perms, "rw-s");
	ck_assert_ptr_ne(cb.rw, cb.rx);
	codebuf_destroy(&cb);
}
END_TEST

START_TEST(views_translate_both_ways)
{
	struct codebuf cb;

	open_small(&cb);
	ck_assert_uint_eq(codebuf_rx_addr(&cb, cb.rw), (uintptr_t)cb.rx);
	ck_assert_uint_eq(codebuf_rx_addr(&cb, cb.rw + 100), (uintptr_t)cb.rx + 100);
	ck_assert_ptr_eq(codebuf_rw_ptr(&cb, (uintptr_t)cb.rx + SMALL), cb.rw + SMALL);
	ck_assert_uint_eq(codebuf_rx_addr(&cb, cb.rw + SMALL + 1), 0);
	ck_assert_uint_eq(codebuf_rx_addr(&cb, cb.rw - 1), 0);
	ck_assert_ptr_null(codebuf_rw_ptr(&cb, (uintptr_t)cb.rx - 1));
	codebuf_destroy(&cb);
}
END_TEST

START_TEST(alloc_aligns_and_stops_at_the_end)
{
	struct codebuf cb;
	uint8_t *a, *b;
	size_t room;

	open_small(&cb);
	a = codebuf_alloc(&cb, 3, 1);
	b = codebuf_alloc(&cb, 10, 64);
	ck_assert_ptr_eq(a, cb.rw);
	ck_assert_ptr_eq(b, cb.rw + 64);
	ck_assert_ptr_null(codebuf_alloc(&cb, 1, 3));
	ck_assert_ptr_null(codebuf_alloc(&cb, SMALL, 1));
	ck_assert_ptr_nonnull(codebuf_alloc(&cb, SMALL - 74, 1));
	ck_assert_uint_eq(cb.used, SMALL);
	ck_assert_ptr_null(codebuf_alloc(&cb, 1, 1));
	ck_assert_ptr_null(codebuf_reserve(&cb, 16, &room));
	ck_assert_uint_eq(room, 0);
	codebuf_destroy(&cb);
}
END_TEST

/* A commit larger than the room clamps; the pointer never passes the end. */
START_TEST(commit_never_passes_the_end)
{
	struct codebuf cb;
	size_t room;
	uint8_t *p;

	open_small(&cb);
	p = codebuf_reserve(&cb, 16, &room);
	ck_assert_uint_eq(room, SMALL);
	codebuf_commit(&cb, p, room + 4096);
	ck_assert_uint_eq(cb.used, SMALL);
	codebuf_destroy(&cb);
}
END_TEST

/* Full: emit until nothing fits, flush all, and code runs from the start again. */
START_TEST(flush_all_when_full)
{
	struct codebuf cb;
	unsigned int blocks = 0;
	size_t room;

	open_small(&cb);
	while (codebuf_reserve(&cb, 16, &room) && room >= 16) {
		emit_return(&cb, blocks);
		blocks++;
	}
	ck_assert_uint_eq(blocks, SMALL / 16);
	ck_assert_ptr_null(codebuf_alloc(&cb, 16, 16));
	codebuf_reset(&cb);
	ck_assert_uint_eq(cb.flushes, 1);
	ck_assert_uint_eq(cb.used, 0);
	ck_assert_uint_eq(emit_return(&cb, 7), (uintptr_t)cb.rx);
	ck_assert_int_eq(((int (*)(void))(uintptr_t)cb.rx)(), 7);
	codebuf_destroy(&cb);
}
END_TEST

/*
 * Committed code leaves the writable view now and then (RSS); it still
 * runs, and a write through the writable view (a chain link) still
 * reaches it.
 */
START_TEST(released_code_runs_and_takes_patches)
{
	struct av_err err = { 0 };
	struct codebuf cb;
	uintptr_t first;
	uint8_t *rw;

	ck_assert_msg(codebuf_init(&cb, 1u << 20, NULL, &err) == 0, "%s", err.msg);
	first = emit_return(&cb, 11);
	while (cb.used < (600u << 10))
		emit_return(&cb, 0);
	ck_assert_uint_gt(cb.released, 0);
	ck_assert_int_eq(((int (*)(void))first)(), 11);
	/* mov eax, imm32 is B8 id: the imm starts at byte 1. */
	rw = codebuf_rw_ptr(&cb, first);
	ck_assert_uint_eq(rw[0], 0xb8);
	rw[1] = 42;
	ck_assert_int_eq(((int (*)(void))first)(), 42);
	codebuf_reset(&cb);
	ck_assert_uint_eq(cb.released, 0);
	ck_assert_int_eq(((int (*)(void))emit_return(&cb, 5))(), 5);
	codebuf_destroy(&cb);
}
END_TEST

/* Pages of the executable view that are in memory, of the first n. */
static size_t resident_pages(const struct codebuf *cb, size_t n)
{
	unsigned char vec[256];
	size_t i, count = 0;

	ck_assert_uint_le(n, sizeof(vec));
	ck_assert_int_eq(mincore(cb->rx, n * 4096, vec), 0);
	for (i = 0; i < n; i++)
		count += vec[i] & 1;
	return count;
}

/* A reset gives the code's pages back: they are not in memory until refilled. */
START_TEST(reset_frees_the_pages)
{
	struct av_err err = { 0 };
	struct codebuf cb;

	ck_assert_msg(codebuf_init(&cb, 1u << 20, NULL, &err) == 0, "%s", err.msg);
	while (cb.used < (512u << 10))
		emit_return(&cb, 0);
	ck_assert_uint_eq(resident_pages(&cb, 128), 128);
	codebuf_reset(&cb);
	ck_assert_uint_eq(resident_pages(&cb, 128), 0);
	ck_assert_int_eq(((int (*)(void))emit_return(&cb, 9))(), 9);
	ck_assert_uint_eq(resident_pages(&cb, 128), 1);
	codebuf_destroy(&cb);
}
END_TEST

START_TEST(absurd_sizes_are_refused)
{
	static const size_t sizes[] = { 0, 1, CODEBUF_MIN_SIZE - 1, CODEBUF_MAX_SIZE + 1ul,
					SIZE_MAX };
	struct codebuf cb;
	struct av_err err;

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		ck_assert_int_eq(codebuf_init(&cb, sizes[i], NULL, &err), -EINVAL);
		ck_assert_msg(strstr(err.msg, "the size must be 4 KiB to 1024 MiB"), "%s",
			      err.msg);
		ck_assert_ptr_null(cb.rw);
		codebuf_destroy(&cb);
	}
	/* Not a whole page: rounded up. */
	ck_assert_int_eq(codebuf_init(&cb, CODEBUF_MIN_SIZE + 1, NULL, &err), 0);
	ck_assert_uint_eq(cb.size % 4096, 0);
	ck_assert_uint_gt(cb.size, CODEBUF_MIN_SIZE);
	codebuf_destroy(&cb);
}
END_TEST

/* Placed near the program's text, a block can CALL rel32 into it. */
START_TEST(rx_view_lands_near_the_text)
{
	const void *near = (const void *)(uintptr_t)codebuf_init;
	struct codebuf cb;
	struct av_err err;
	int64_t far;

	ck_assert_int_eq(codebuf_init(&cb, CODEBUF_DEFAULT_SIZE, near, &err), 0);
	far = (int64_t)((uintptr_t)cb.rx + cb.size - (uintptr_t)near);
	if ((uintptr_t)near > cb.size + (512u << 20))
		ck_assert_msg(far > -(INT64_C(1) << 31) && far < (INT64_C(1) << 31),
			      "rx %p is %" PRId64 " bytes from %p", (void *)cb.rx, far, near);
	codebuf_destroy(&cb);
}
END_TEST

static Suite *jit_codebuf_suite(void)
{
	Suite *s = suite_create("jit_codebuf");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, rx_view_runs_what_rw_view_wrote);
	tcase_add_test(tc, no_view_is_writable_and_executable);
	tcase_add_test(tc, views_translate_both_ways);
	tcase_add_test(tc, alloc_aligns_and_stops_at_the_end);
	tcase_add_test(tc, commit_never_passes_the_end);
	tcase_add_test(tc, flush_all_when_full);
	tcase_add_test(tc, released_code_runs_and_takes_patches);
	tcase_add_test(tc, reset_frees_the_pages);
	tcase_add_test(tc, absurd_sizes_are_refused);
	tcase_add_test(tc, rx_view_lands_near_the_text);
	suite_add_tcase(s, tc);
	return s;
}

/* The tests run what they emit, which only an x86-64 host can. */
int main(void)
{
#if defined(__x86_64__)
	return check_run(jit_codebuf_suite());
#else
	return check_skip("not an x86-64 host: the code buffer's x86-64 code cannot run here");
#endif
}
