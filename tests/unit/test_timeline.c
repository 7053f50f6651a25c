// SPDX-License-Identifier: GPL-2.0
/*
 * The boot timeline (util/timeline.c): marks, the console watcher, the
 * guest's marker word; --matrix's normalisation and report
 * (cli/matrix_compare.c), read as the user reads them.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "../../cli/matrix.h"
#include "check_run.h"
#include "devices.h"
#include "mmio.h"
#include "timeline.h"

static void feed(struct timeline *tl, const char *text)
{
	timeline_console(tl, (const uint8_t *)text, strlen(text));
}

static bool has_event(const struct timeline *tl, const char *what)
{
	for (unsigned int i = 0; i < tl->count; i++)
		if (!strcmp(tl->ev[i].what, what))
			return true;
	return false;
}

START_TEST(off_records_nothing)
{
	struct timeline tl;

	timeline_init(&tl, false);
	timeline_mark(&tl, "x");
	feed(&tl, "[    1.0] Run /init as init process\n");
	timeline_mark(NULL, "y");
	ck_assert_uint_eq(tl.count, 0);
	timeline_free(&tl);
}
END_TEST

START_TEST(marks_in_order)
{
	struct timeline tl;

	timeline_init(&tl, true);
	timeline_mark(&tl, "stage %d", 1);
	timeline_mark(&tl, "stage %d", 2);
	ck_assert_uint_eq(tl.count, 2);
	ck_assert_str_eq(tl.ev[0].what, "stage 1");
	ck_assert_str_eq(tl.ev[1].what, "stage 2");
	ck_assert_uint_le(tl.ev[0].ns, tl.ev[1].ns);
	timeline_free(&tl);
}
END_TEST

/* The kernel's line can arrive a byte at a time, with printk's prefix. */
START_TEST(console_run_init_split)
{
	const char *text = "Booting Linux\r\n[    2.5] Run /init as init process\r\nafter\n";
	struct timeline tl;

	timeline_init(&tl, true);
	for (const char *p = text; *p; p++)
		timeline_console(&tl, (const uint8_t *)p, 1);
	ck_assert_uint_eq(tl.count, 2);
	ck_assert_str_eq(tl.ev[0].what, "first console output");
	ck_assert_str_eq(tl.ev[1].what, "Run /init");
	feed(&tl, "[    3.0] Run /sbin/init as init process\n");
	ck_assert_uint_eq(tl.count, 2);		/* only the first one */
	timeline_free(&tl);
}
END_TEST

START_TEST(console_other_init_and_long_lines)
{
	char longline[600];
	struct timeline tl;

	memset(longline, 'a', sizeof(longline) - 2);
	longline[sizeof(longline) - 2] = '\n';
	longline[sizeof(longline) - 1] = '\0';
	timeline_init(&tl, true);
	feed(&tl, longline);
	feed(&tl, "Run /sbin/init as init process\n");
	ck_assert(has_event(&tl, "Run /sbin/init"));
	timeline_free(&tl);
}
END_TEST

/* What a guest does with the word: 32-bit writes mark, others refused. */
START_TEST(marker_word)
{
	struct timeline tl;
	uint64_t v = 1;

	timeline_init(&tl, true);
	ck_assert_int_eq(boot_marker_mmio_ops.write(&tl, 0, 4, 7), 0);
	ck_assert_int_eq(boot_marker_mmio_ops.write(&tl, 0, 4, 0xffffffffu), 0);
	ck_assert_int_lt(boot_marker_mmio_ops.write(&tl, 4, 4, 1), 0);
	ck_assert_int_lt(boot_marker_mmio_ops.write(&tl, 0, 8, 1), 0);
	ck_assert_int_eq(boot_marker_mmio_ops.read(&tl, 0, 4, &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_uint_eq(tl.count, 2);
	ck_assert_str_eq(tl.ev[0].what, "guest marker 7");
	ck_assert_str_eq(tl.ev[1].what, "guest marker 4294967295");
	/* No timeline (no -boot-timeline): accepted, nothing happens. */
	ck_assert_int_eq(boot_marker_mmio_ops.write(NULL, 0, 4, 3), 0);
	timeline_free(&tl);
}
END_TEST

START_TEST(full_timeline_counts_drops)
{
	struct timeline tl;

	timeline_init(&tl, true);
	for (int i = 0; i < TIMELINE_MAX_EVENTS + 5; i++)
		timeline_mark(&tl, "m%d", i);
	ck_assert_uint_eq(tl.count, TIMELINE_MAX_EVENTS);
	ck_assert_uint_eq(tl.dropped, 5);
	timeline_free(&tl);
}
END_TEST

static void check_norm(const char *in, const char *want)
{
	char *got = matrix_normalize(in, strlen(in));

	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(normalize_timestamps_and_addresses)
{
	check_norm("[    0.000000] Booting Linux\r\n[   12.5] x\n",
		   "Booting Linux\nx\n");
	check_norm("mapped at 0xffff800008000000 and ffff800008000000.\n",
		   "mapped at <addr> and <addr>.\n");
	/* What differs between accelerators stays. */
	check_norm("CPU implementer\t: 0x41\n", "CPU implementer\t: 0x41\n");
	check_norm("id 0x1234567 word deadbeefdeadbee\n",
		   "id 0x1234567 word deadbeefdeadbee\n");
	/* A bracket that is no timestamp, and one mid-line, are kept. */
	check_norm("[ ok ] a [    1.0] b\n", "[ ok ] a [    1.0] b\n");
}
END_TEST

static void fake_run(struct matrix_run *r, const char *accel, int code,
		     const char *console)
{
	memset(r, 0, sizeof(*r));
	r->accel = accel;
	r->status = code << 8;		/* as waitpid reports exit(code) */
	r->end_ns = 1500000000ull;
	r->console.fd = r->messages.fd = -1;
	ck_assert_int_eq(matrix_buf_append(&r->console, console, strlen(console)), 0);
	ck_assert_int_eq(matrix_buf_append(&r->messages, "boot timeline\n", 14), 0);
}

static int report(struct matrix_run *runs, unsigned int n, char *text, size_t size)
{
	FILE *f = fmemopen(text, size, "w");
	int ret;

	ck_assert_ptr_nonnull(f);
	ret = matrix_report(runs, n, "kvm: no /dev/kvm", f);
	fclose(f);
	for (unsigned int i = 0; i < n; i++)
		matrix_run_free(&runs[i]);
	return ret;
}

START_TEST(report_agree_and_differ)
{
	struct matrix_run runs[2];
	char text[4096];

	fake_run(&runs[0], "tcg,jit=on", 0, "[ 1.0] hi\nCPU implementer\t: 0x41\n");
	fake_run(&runs[1], "tcg,jit=off", 0, "[ 2.5] hi\r\nCPU implementer\t: 0x41\n");
	ck_assert_int_eq(report(runs, 2, text, sizeof(text)), 0);
	ck_assert_ptr_nonnull(strstr(text, "not run: kvm: no /dev/kvm"));
	ck_assert_ptr_nonnull(strstr(text, "== tcg,jit=on: exit status 0, 1.500 s"));
	ck_assert_ptr_nonnull(strstr(text, "consoles: the same"));
	ck_assert_ptr_nonnull(strstr(text, "matrix: ok"));

	fake_run(&runs[0], "tcg", 0, "hi\nCPU implementer\t: 0x41\n");
	fake_run(&runs[1], "kvm", 0, "hi\nCPU implementer\t: 0x00\n");
	ck_assert_int_eq(report(runs, 2, text, sizeof(text)), 1);
	ck_assert_ptr_nonnull(strstr(text, "consoles differ: tcg and kvm, line 2"));
	ck_assert_ptr_nonnull(strstr(text, ": 0x00"));
	ck_assert_ptr_nonnull(strstr(text, "matrix: FAILED"));

	/* A run that failed fails the matrix even when consoles agree. */
	fake_run(&runs[0], "tcg", 0, "same\n");
	fake_run(&runs[1], "kvm", 3, "same\n");
	ck_assert_int_eq(report(runs, 2, text, sizeof(text)), 1);
	ck_assert_ptr_nonnull(strstr(text, "== kvm: exit status 3"));
	ck_assert_ptr_nonnull(strstr(text, "  | same"));

	/* One console shorter than the other. */
	fake_run(&runs[0], "a", 0, "x\ny\n");
	fake_run(&runs[1], "b", 0, "x\n");
	ck_assert_int_eq(report(runs, 2, text, sizeof(text)), 1);
	ck_assert_ptr_nonnull(strstr(text, "(end of output)"));
}
END_TEST

START_TEST(matrix_option_words)
{
	ck_assert(matrix_is_option("--matrix"));
	ck_assert(matrix_is_option("-matrix=parallel"));
	ck_assert(!matrix_is_option("--matrixx"));
	ck_assert(!matrix_is_option("matrix"));
	ck_assert(!matrix_is_option("-m"));
}
END_TEST

static Suite *timeline_suite(void)
{
	Suite *s = suite_create("timeline");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, off_records_nothing);
	tcase_add_test(tc, marks_in_order);
	tcase_add_test(tc, console_run_init_split);
	tcase_add_test(tc, console_other_init_and_long_lines);
	tcase_add_test(tc, marker_word);
	tcase_add_test(tc, full_timeline_counts_drops);
	tcase_add_test(tc, normalize_timestamps_and_addresses);
	tcase_add_test(tc, report_agree_and_differ);
	tcase_add_test(tc, matrix_option_words);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(timeline_suite());
}
