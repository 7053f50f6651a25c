// SPDX-License-Identifier: GPL-2.0
/*
 * machine/ram_map.c: a file mapped copy-on-write over guest RAM under a
 * read lease. The guest sees the file and keeps its own writes; a writer
 * of the file waits (here: O_NONBLOCK gets EWOULDBLOCK) and the lease
 * signal comes; once made private, truncating the file changes nothing
 * the guest sees (a mapping still tied to the file would lose even the
 * pages it wrote, or SIGBUS past the new end); a drop gives zero pages
 * and the lease back; a file open for writing gets no mapping. With the
 * copier's pages in, the conversion copies only the pages the guest wrote
 * (pagemap), before and after the copier read them.
 */
#include <check.h>
#include <stdatomic.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bootgen.h"
#include "check_run.h"
#include "guestmem.h"

#define MiB (1ULL << 20)
#define RAM_BASE 0x40000000ULL
#define FILE_GPA (RAM_BASE + 2 * MiB)
#define FILE_BYTES (3 * 4096 + 100)	/* not whole pages */

struct rig {
	struct guest_ram ram;
	uint8_t pattern[FILE_BYTES];
	char *path;
	int fd;
	struct av_err err;
};

static void rig_init(struct rig *r)
{
	sigset_t set;

	memset(r, 0, sizeof(*r));
	/* As util/loop.c does: the signal is read, never delivered. */
	sigemptyset(&set);
	sigaddset(&set, GUEST_RAM_LEASE_SIGNAL);
	ck_assert_int_eq(pthread_sigmask(SIG_BLOCK, &set, NULL), 0);
	ck_assert_int_eq(guest_ram_alloc(&r->ram, RAM_BASE, 8 * MiB, &r->err), 0);
	bootgen_pattern(r->pattern, sizeof(r->pattern), 5);
	r->path = bootgen_write("ram-map", r->pattern, sizeof(r->pattern));
	r->fd = open(r->path, O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(r->fd, 0);
}

static void rig_free(struct rig *r)
{
	guest_ram_free(&r->ram);
	close(r->fd);
	unlink(r->path);
}

static uint8_t *at(struct rig *r, uint64_t gpa)
{
	return guest_ram_ptr(&r->ram, gpa, 1);
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* A writer's open, not waiting: fails with EWOULDBLOCK while a lease is held. */
static int try_open_write(const char *path, int extra)
{
	int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC | extra);

	if (fd >= 0)
		close(fd);
	return fd >= 0 ? 0 : -errno;
}

START_TEST(guest_sees_the_file_and_keeps_its_writes)
{
	struct rig r;
	uint8_t back[16];

	rig_init(&r);
	ck_assert_msg(guest_ram_map_file(&r.ram, FILE_GPA, r.fd, FILE_BYTES, &r.err) == 0,
		      "%s", r.err.msg);
	ck_assert(guest_ram_file_mapped(&r.ram));
	ck_assert(!memcmp(at(&r, FILE_GPA), r.pattern, FILE_BYTES));
	/* The rest of the last page reads zero, as RAM there did. */
	ck_assert(all_zero(at(&r, FILE_GPA + FILE_BYTES), 4 * 4096 - FILE_BYTES));
	memset(at(&r, FILE_GPA + 10), 0x5a, 16);
	ck_assert_int_eq(pread(r.fd, back, sizeof(back), 10), (ssize_t)sizeof(back));
	ck_assert(!memcmp(back, r.pattern + 10, sizeof(back)));
	/* RAM around it is untouched. */
	ck_assert(all_zero(at(&r, FILE_GPA - 4096), 4096));
	rig_free(&r);
}
END_TEST

START_TEST(writer_waits_then_truncation_changes_nothing)
{
	struct timespec wait = { .tv_sec = 5 };
	siginfo_t si;
	sigset_t set;
	struct rig r;

	rig_init(&r);
	ck_assert_int_eq(guest_ram_map_file(&r.ram, FILE_GPA, r.fd, FILE_BYTES, &r.err), 0);
	memset(at(&r, FILE_GPA + 4096), 0x77, 100);	/* the guest's own write */
	ck_assert_int_eq(try_open_write(r.path, O_TRUNC), -EWOULDBLOCK);
	sigemptyset(&set);
	sigaddset(&set, GUEST_RAM_LEASE_SIGNAL);
	ck_assert_int_eq(sigtimedwait(&set, &si, &wait), GUEST_RAM_LEASE_SIGNAL);
	ck_assert_int_eq(si.si_fd, r.fd);

	ck_assert_msg(guest_ram_file_private(&r.ram, NULL, &r.err) == 0, "%s", r.err.msg);
	ck_assert(!guest_ram_file_mapped(&r.ram));
	/* The lease is gone: the writer's open now succeeds and truncates. */
	ck_assert_int_eq(try_open_write(r.path, O_TRUNC), 0);
	ck_assert(!memcmp(at(&r, FILE_GPA), r.pattern, 4096));
	for (unsigned int i = 0; i < 100; i++)
		ck_assert_int_eq(at(&r, FILE_GPA + 4096)[i], 0x77);
	ck_assert(!memcmp(at(&r, FILE_GPA + 4096 + 100), r.pattern + 4096 + 100,
			  FILE_BYTES - 4096 - 100));
	rig_free(&r);
}
END_TEST

START_TEST(drop_gives_zero_pages_and_the_lease_back)
{
	struct rig r;

	rig_init(&r);
	ck_assert_int_eq(guest_ram_map_file(&r.ram, FILE_GPA, r.fd, FILE_BYTES, &r.err), 0);
	ck_assert_int_eq(guest_ram_file_drop(&r.ram, &r.err), 0);
	ck_assert(!guest_ram_file_mapped(&r.ram));
	ck_assert(all_zero(at(&r, FILE_GPA), 4 * 4096));
	ck_assert_int_eq(try_open_write(r.path, 0), 0);
	/* Nothing mapped: both are no-ops. */
	ck_assert_int_eq(guest_ram_file_drop(&r.ram, &r.err), 0);
	ck_assert_int_eq(guest_ram_file_private(&r.ram, NULL, &r.err), 0);
	rig_free(&r);
}
END_TEST

START_TEST(no_lease_no_mapping)
{
	struct rig r;
	int wfd;

	rig_init(&r);
	wfd = open(r.path, O_WRONLY | O_CLOEXEC);
	ck_assert_int_ge(wfd, 0);
	ck_assert_int_ne(guest_ram_map_file(&r.ram, FILE_GPA, r.fd, FILE_BYTES, &r.err), 0);
	ck_assert(!guest_ram_file_mapped(&r.ram));
	ck_assert(all_zero(at(&r, FILE_GPA), 4 * 4096));
	close(wfd);
	/* Not page-aligned, or not inside RAM: refused before any lease. */
	ck_assert_int_eq(guest_ram_map_file(&r.ram, FILE_GPA + 8, r.fd, FILE_BYTES, &r.err),
			 -EINVAL);
	ck_assert_int_eq(guest_ram_map_file(&r.ram, RAM_BASE + 8 * MiB - 4096, r.fd,
					    FILE_BYTES, &r.err), -EINVAL);
	ck_assert_int_eq(try_open_write(r.path, 0), 0);
	rig_free(&r);
}
END_TEST

static void note_done(void *opaque)
{
	atomic_store((_Atomic bool *)opaque, true);
}

static int refuse(void *opaque)
{
	(void)opaque;
	return -1;
}

static void wait_done(_Atomic bool *done)
{
	struct timespec ms = { .tv_nsec = 1000000 };

	for (int i = 0; i < 5000 && !atomic_load(done); i++)
		nanosleep(&ms, NULL);
	ck_assert(atomic_load(done));
}

START_TEST(copier_then_only_written_pages_are_copied)
{
	_Atomic bool done = false;
	size_t written = 0;
	struct rig r;

	rig_init(&r);
	ck_assert_int_eq(guest_ram_map_file(&r.ram, FILE_GPA, r.fd, FILE_BYTES, &r.err), 0);
	memset(at(&r, FILE_GPA + 4096), 0x77, 100);		/* before the copier */
	ck_assert_msg(guest_ram_file_copy_start(&r.ram, NULL, note_done, &done, &r.err) == 0,
		      "%s", r.err.msg);
	wait_done(&done);
	ck_assert_int_eq(atomic_load(&r.ram.file.copy_state), GUEST_RAM_COPY_DONE);
	memset(at(&r, FILE_GPA + 2 * 4096 + 8), 0x66, 50);	/* after it */
	ck_assert_uint_eq(*at(&r, FILE_GPA), r.pattern[0]);	/* read only */
	ck_assert_msg(guest_ram_file_private(&r.ram, &written, &r.err) == 0, "%s", r.err.msg);
	ck_assert_uint_eq(written, 2);
	ck_assert_int_eq(try_open_write(r.path, O_TRUNC), 0);
	ck_assert(!memcmp(at(&r, FILE_GPA), r.pattern, 4096));
	for (unsigned int i = 0; i < 100; i++)
		ck_assert_int_eq(at(&r, FILE_GPA + 4096)[i], 0x77);
	ck_assert(!memcmp(at(&r, FILE_GPA + 4096 + 100), r.pattern + 4096 + 100,
			  4096 - 100 + 8));
	for (unsigned int i = 0; i < 50; i++)
		ck_assert_int_eq(at(&r, FILE_GPA + 2 * 4096 + 8)[i], 0x66);
	ck_assert(!memcmp(at(&r, FILE_GPA + 2 * 4096 + 58), r.pattern + 2 * 4096 + 58,
			  FILE_BYTES - 2 * 4096 - 58));
	ck_assert(all_zero(at(&r, FILE_GPA + FILE_BYTES), 4 * 4096 - FILE_BYTES));
	rig_free(&r);
}
END_TEST

/* A copier that cannot start its work (its sandbox): the conversion copies all. */
START_TEST(failed_copier_means_a_whole_copy)
{
	size_t written = 0;
	struct rig r;

	rig_init(&r);
	ck_assert_int_eq(guest_ram_map_file(&r.ram, FILE_GPA, r.fd, FILE_BYTES, &r.err), 0);
	memset(at(&r, FILE_GPA + 4096), 0x77, 100);
	ck_assert_int_eq(guest_ram_file_copy_start(&r.ram, refuse, note_done, NULL, &r.err), 0);
	ck_assert_int_eq(guest_ram_file_private(&r.ram, &written, &r.err), 0);
	ck_assert_uint_eq(written, 4);
	ck_assert_int_eq(try_open_write(r.path, O_TRUNC), 0);
	ck_assert(!memcmp(at(&r, FILE_GPA), r.pattern, 4096));
	ck_assert_int_eq(at(&r, FILE_GPA + 4096)[99], 0x77);
	ck_assert(!memcmp(at(&r, FILE_GPA + 2 * 4096), r.pattern + 2 * 4096,
			  FILE_BYTES - 2 * 4096));
	rig_free(&r);
}
END_TEST

/* A drop (reset) with the copier's pages in: zero pages, lease back. */
START_TEST(drop_after_the_copier)
{
	_Atomic bool done = false;
	struct rig r;

	rig_init(&r);
	ck_assert_int_eq(guest_ram_map_file(&r.ram, FILE_GPA, r.fd, FILE_BYTES, &r.err), 0);
	ck_assert_int_eq(guest_ram_file_copy_start(&r.ram, NULL, note_done, &done, &r.err), 0);
	wait_done(&done);
	ck_assert_int_eq(guest_ram_file_drop(&r.ram, &r.err), 0);
	ck_assert(all_zero(at(&r, FILE_GPA), 4 * 4096));
	ck_assert_int_eq(try_open_write(r.path, 0), 0);
	rig_free(&r);
}
END_TEST

struct private_job {
	struct rig *r;
	_Atomic bool done;
	int ret;
};

static void *run_private(void *opaque)
{
	struct private_job *j = opaque;

	j->ret = guest_ram_file_private(&j->r->ram, NULL, &j->r->err);
	atomic_store(&j->done, true);
	return NULL;
}

/*
 * A writer outside the stopped VM (gdb, accel-tcg/gdb/state.c) holds
 * remap_lock: the conversion waits for it, so its write is not lost.
 */
START_TEST(conversion_waits_for_a_remap_lock_writer)
{
	struct timespec ms50 = { .tv_nsec = 50000000 };
	struct private_job j = { 0 };
	pthread_t t;
	struct rig r;

	rig_init(&r);
	j.r = &r;
	ck_assert_int_eq(guest_ram_map_file(&r.ram, FILE_GPA, r.fd, FILE_BYTES, &r.err), 0);
	pthread_mutex_lock(&r.ram.remap_lock);
	ck_assert_int_eq(pthread_create(&t, NULL, run_private, &j), 0);
	nanosleep(&ms50, NULL);
	ck_assert(!atomic_load(&j.done));
	*at(&r, FILE_GPA + 3 * 4096 + 7) = 0xee;	/* the writer's byte */
	pthread_mutex_unlock(&r.ram.remap_lock);
	pthread_join(t, NULL);
	ck_assert_int_eq(j.ret, 0);
	ck_assert(!guest_ram_file_mapped(&r.ram));
	ck_assert_uint_eq(*at(&r, FILE_GPA + 3 * 4096 + 7), 0xee);
	rig_free(&r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ram_map");
	TCase *tc = tcase_create("ram_map");

	tcase_add_test(tc, guest_sees_the_file_and_keeps_its_writes);
	tcase_add_test(tc, writer_waits_then_truncation_changes_nothing);
	tcase_add_test(tc, drop_gives_zero_pages_and_the_lease_back);
	tcase_add_test(tc, no_lease_no_mapping);
	tcase_add_test(tc, copier_then_only_written_pages_are_copied);
	tcase_add_test(tc, failed_copier_means_a_whole_copy);
	tcase_add_test(tc, drop_after_the_copier);
	tcase_add_test(tc, conversion_waits_for_a_remap_lock_writer);
	suite_add_tcase(s, tc);
	return check_run(s);
}
