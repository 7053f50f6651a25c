// SPDX-License-Identifier: GPL-2.0
/*
 * qcow2 images (devices/block/qcow2*.c) against QEMU's own tools: we read
 * back what qemu-io wrote (plain, compressed by qemu-img convert -c,
 * through a backing chain); what we write passes `qemu-img check` with no
 * errors and no leaks and equals, by `qemu-img compare`, a raw image
 * given the same writes; bad headers fail with a message that names the
 * problem. Needs qemu-img and qemu-io (Debian's qemu-utils).
 */
#include <check.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../devices/block/qcow2.h"
#include "check_run.h"

#define MIB (1ULL << 20)
#define KIB 1024ULL

static char dir[] = "/tmp/armvisor-qcow2-XXXXXX";

/* Run a shell command in dir; its exit status. */
static int sh(const char *fmt, ...)
{
	char cmd[4096], full[4200];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	snprintf(full, sizeof(full), "cd %s && { %s; } >/dev/null 2>&1", dir, cmd);
	st = system(full);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	sh("rm -f *");
	rmdir(dir);
	strcpy(dir, "/tmp/armvisor-qcow2-XXXXXX");
}

static char *file(const char *name)
{
	static char p[2][512];
	static int i;

	i ^= 1;
	snprintf(p[i], sizeof(p[i]), "%s/%s", dir, name);
	return p[i];
}

static int open_q(struct qcow2 **q, const char *name, bool ro, struct av_err *err)
{
	struct qcow2_opts o = { .readonly = ro };
	int fd = open(file(name), (ro ? O_RDONLY : O_RDWR) | O_CLOEXEC);

	ck_assert_int_ge(fd, 0);
	return qcow2_open(q, fd, file(name), &o, err);
}

static struct qcow2 *must_open(const char *name, bool ro)
{
	struct av_err err = { 0 };
	struct qcow2 *q;
	int ret = open_q(&q, name, ro, &err);

	ck_assert_msg(ret == 0, "open %s: %s", name, err.msg);
	return q;
}

static void expect_bytes(struct qcow2 *q, uint64_t off, size_t len, int val)
{
	uint8_t *b = malloc(len);

	ck_assert_int_eq(qcow2_read(q, off, b, len), 0);
	for (size_t i = 0; i < len; i++)
		ck_assert_msg(b[i] == val, "byte %llu is %#x, want %#x",
			      (unsigned long long)(off + i), b[i], val);
	free(b);
}

/* Write pattern val at off through q and into the raw twin. */
static void both_write(struct qcow2 *q, int raw, uint64_t off, size_t len, int val)
{
	uint8_t *b = malloc(len);

	memset(b, val, len);
	ck_assert_int_eq(qcow2_write(q, off, b, len), 0);
	ck_assert_int_eq(pwrite(raw, b, len, (off_t)off), (ssize_t)len);
	free(b);
}

static void assert_clean(const char *img, const char *raw)
{
	ck_assert_msg(sh("qemu-img check %s", img) == 0, "qemu-img check %s not clean", img);
	if (raw)
		ck_assert_msg(sh("qemu-img compare -f qcow2 -F raw %s %s", img, raw) == 0,
			      "%s differs from %s", img, raw);
}

START_TEST(reads_what_qemu_io_wrote)
{
	struct qcow2 *q;

	ck_assert_int_eq(sh("qemu-img create -f qcow2 a.qcow2 64M"), 0);
	ck_assert_int_eq(sh("qemu-io -f qcow2 -c 'write -P 0xab 0 64k' -c 'write -P 0xcd 1M 4k' "
			    "-c 'write -z 2M 64k' a.qcow2"), 0);
	q = must_open("a.qcow2", true);
	ck_assert_uint_eq(q->size, 64 * MIB);
	expect_bytes(q, 0, 64 * KIB, 0xab);
	expect_bytes(q, MIB, 4 * KIB, 0xcd);
	expect_bytes(q, MIB + 4 * KIB, 60 * KIB, 0);
	expect_bytes(q, 2 * MIB, 64 * KIB, 0);
	expect_bytes(q, 63 * MIB, MIB, 0);
	qcow2_close(q);
}
END_TEST

/* Writes: fresh clusters, in place, partial clusters, across tables. */
static void write_pattern(const char *opts, unsigned int version)
{
	struct qcow2 *q;
	int raw;

	ck_assert_int_eq(sh("qemu-img create -f qcow2 %s a.qcow2 600M", opts), 0);
	ck_assert_int_eq(sh("qemu-img create -f raw r.raw 600M"), 0);
	raw = open(file("r.raw"), O_RDWR);
	q = must_open("a.qcow2", false);
	ck_assert_uint_eq(q->version, version);
	both_write(q, raw, 0, 4096, 0x11);
	both_write(q, raw, 512, 512, 0x22);		/* in place */
	both_write(q, raw, 100 * KIB + 7, 300 * KIB, 0x33);	/* across clusters */
	both_write(q, raw, 520 * MIB, 3 * KIB, 0x44);	/* another L2 table */
	both_write(q, raw, 600 * MIB - 512, 512, 0x55);	/* the last sector */
	ck_assert_int_eq(qcow2_flush(q), 0);
	expect_bytes(q, 512, 512, 0x22);
	expect_bytes(q, 600 * MIB - 512, 512, 0x55);
	ck_assert_int_eq(qcow2_write(q, 600 * MIB - 511, "x", 1) == 0 ? 0 : 1, 0);
	ck_assert_int_eq(pwrite(raw, "x", 1, 600 * MIB - 511), 1);
	ck_assert_int_eq(qcow2_write(q, 600 * MIB, "x", 1), -EINVAL);
	qcow2_close(q);
	close(raw);
	assert_clean("a.qcow2", "r.raw");
}

START_TEST(writes_pass_qemu_img_check_v3)
{
	write_pattern("", 3);
}
END_TEST

START_TEST(writes_pass_qemu_img_check_v2)
{
	write_pattern("-o compat=0.10", 2);
}
END_TEST

START_TEST(writes_small_clusters_and_refcount_widths)
{
	static const char *const opts[] = {
		"-o cluster_size=4096,refcount_bits=1",
		"-o cluster_size=512,refcount_bits=8",
		"-o cluster_size=2M,refcount_bits=64",
		"-o refcount_bits=32",
	};

	for (unsigned int i = 0; i < 4; i++) {
		struct qcow2 *q;
		int raw;

		sh("rm -f a.qcow2 r.raw");
		ck_assert_int_eq(sh("qemu-img create -f qcow2 %s a.qcow2 8M", opts[i]), 0);
		ck_assert_int_eq(sh("qemu-img create -f raw r.raw 8M"), 0);
		raw = open(file("r.raw"), O_RDWR);
		q = must_open("a.qcow2", false);
		for (unsigned int k = 0; k < 40; k++)
			both_write(q, raw, (k * 197 * KIB) % (8 * MIB - 8 * KIB), 5 * KIB, 0x60 + k);
		qcow2_close(q);
		close(raw);
		assert_clean("a.qcow2", "r.raw");
	}
}
END_TEST

START_TEST(compressed_read_and_overwrite)
{
	struct qcow2 *q;
	int raw;

	ck_assert_int_eq(sh("qemu-img create -f raw r.raw 4M && "
			    "qemu-io -f raw -c 'write -P 0x5a 0 1M' -c 'write -P 0xa5 2M 100k' r.raw && "
			    "qemu-img convert -c -f raw -O qcow2 r.raw c.qcow2"), 0);
	q = must_open("c.qcow2", true);
	expect_bytes(q, 0, MIB, 0x5a);
	expect_bytes(q, MIB, MIB, 0);
	expect_bytes(q, 2 * MIB, 100 * KIB, 0xa5);
	qcow2_close(q);
	/* A write into a compressed cluster moves it to a normal one. */
	raw = open(file("r.raw"), O_RDWR);
	q = must_open("c.qcow2", false);
	both_write(q, raw, 4096, 4096, 0x77);
	both_write(q, raw, 2 * MIB + 60 * KIB, 8 * KIB, 0x78);
	expect_bytes(q, 0, 4096, 0x5a);
	expect_bytes(q, 4096, 4096, 0x77);
	qcow2_close(q);
	close(raw);
	assert_clean("c.qcow2", "r.raw");
}
END_TEST

START_TEST(backing_chain_reads_and_writes)
{
	struct qcow2 *q;
	int raw;

	ck_assert_int_eq(sh("qemu-img create -f raw base.raw 8M && "
			    "qemu-io -f raw -c 'write -P 0x01 0 1M' base.raw && "
			    "qemu-img create -f qcow2 -b base.raw -F raw mid.qcow2 && "
			    "qemu-io -f qcow2 -c 'write -P 0x02 1M 1M' mid.qcow2 && "
			    "qemu-img create -f qcow2 -b mid.qcow2 -F qcow2 top.qcow2 && "
			    "qemu-io -f qcow2 -c 'write -P 0x03 64k 4k' top.qcow2 && "
			    "cp base.raw r.raw && "
			    "qemu-io -f raw -c 'write -P 0x02 1M 1M' -c 'write -P 0x03 64k 4k' r.raw && "
			    "md5sum base.raw mid.qcow2 > sums"), 0);
	q = must_open("top.qcow2", false);
	ck_assert_ptr_nonnull(q->backing.q);
	expect_bytes(q, 0, 64 * KIB, 0x01);
	expect_bytes(q, 64 * KIB, 4 * KIB, 0x03);
	expect_bytes(q, 68 * KIB, 60 * KIB, 0x01);
	expect_bytes(q, MIB, MIB, 0x02);
	expect_bytes(q, 2 * MIB, MIB, 0);
	raw = open(file("r.raw"), O_RDWR);
	both_write(q, raw, 1000, 10, 0x04);		/* copy up from the raw base */
	both_write(q, raw, MIB + 4096, 10, 0x05);	/* copy up from mid */
	qcow2_close(q);
	close(raw);
	assert_clean("top.qcow2", "r.raw");
	ck_assert_msg(sh("md5sum -c sums") == 0, "a backing file changed");
}
END_TEST

START_TEST(backing_loop_refused)
{
	struct av_err err = { 0 };
	struct qcow2 *q;

	ck_assert_int_eq(sh("qemu-img create -f qcow2 a.qcow2 1M && "
			    "qemu-img create -f qcow2 -b a.qcow2 -F qcow2 b.qcow2 && "
			    "qemu-img rebase -u -f qcow2 -b b.qcow2 -F qcow2 a.qcow2"), 0);
	ck_assert_int_eq(open_q(&q, "b.qcow2", true, &err), -ELOOP);
	ck_assert_msg(strstr(err.msg, "loop"), "%s", err.msg);
}
END_TEST

START_TEST(backing_missing_named)
{
	struct av_err err = { 0 };
	struct qcow2 *q;

	ck_assert_int_eq(sh("qemu-img create -f raw b.raw 1M && "
			    "qemu-img create -f qcow2 -b b.raw -F raw a.qcow2 && rm b.raw"), 0);
	ck_assert_int_eq(open_q(&q, "a.qcow2", true, &err), -ENOENT);
	ck_assert_msg(strstr(err.msg, "b.raw"), "%s", err.msg);
}
END_TEST

START_TEST(discard_frees_clusters)
{
	struct qcow2 *q;
	int raw;

	ck_assert_int_eq(sh("qemu-img create -f qcow2 a.qcow2 4M && qemu-img create -f raw r.raw 4M"), 0);
	raw = open(file("r.raw"), O_RDWR);
	q = must_open("a.qcow2", false);
	both_write(q, raw, 0, 2 * MIB, 0x99);
	ck_assert_int_eq(qcow2_discard(q, 100 * KIB, MIB), 0);
	/* Whole clusters only: 128k..1088k. */
	expect_bytes(q, 100 * KIB, 28 * KIB, 0x99);
	expect_bytes(q, 128 * KIB, 960 * KIB, 0);
	expect_bytes(q, 1088 * KIB, 12 * KIB, 0x99);
	both_write(q, raw, 128 * KIB, 960 * KIB, 0);
	/* Freed clusters are used again. */
	both_write(q, raw, 3 * MIB, 256 * KIB, 0x98);
	qcow2_close(q);
	close(raw);
	assert_clean("a.qcow2", "r.raw");
	ck_assert_int_eq(sh("test $(stat -c %%s a.qcow2) -lt $((3 * 1024 * 1024))"), 0);
}
END_TEST

/* Past what the refcount table covers (512-byte clusters: 8 MiB a table cluster). */
START_TEST(refcount_table_grows)
{
	struct qcow2_opts o = { .no_sync = true };
	struct qcow2 *q;
	int raw, fd;

	ck_assert_int_eq(sh("qemu-img create -f qcow2 -o cluster_size=512 a.qcow2 64M && "
			    "qemu-img create -f raw r.raw 64M"), 0);
	raw = open(file("r.raw"), O_RDWR);
	fd = open(file("a.qcow2"), O_RDWR);
	ck_assert_int_eq(qcow2_open(&q, fd, file("a.qcow2"), &o, NULL), 0);
	ck_assert_uint_eq(q->rt_clusters, 1);
	for (unsigned int i = 0; i < 24; i++)
		both_write(q, raw, (uint64_t)i * 2 * MIB + 512 * (i % 3), MIB, 0x40 + i);
	ck_assert_uint_gt(q->rt_clusters, 1);
	expect_bytes(q, 2 * MIB + 512, MIB, 0x41);
	qcow2_close(q);
	close(raw);
	assert_clean("a.qcow2", "r.raw");
}
END_TEST

/* Write zeroes over a backing file: v3 by the zero flag, v2 by zeros. */
START_TEST(write_zeroes_hides_the_backing_file)
{
	static const char *const compat[] = { "1.1", "0.10" };

	for (unsigned int i = 0; i < 2; i++) {
		struct qcow2 *q;
		int raw;

		sh("rm -f b.raw a.qcow2 r.raw");
		ck_assert_int_eq(sh("qemu-img create -f raw b.raw 2M && "
				    "qemu-io -f raw -c 'write -P 0x31 0 2M' b.raw && cp b.raw r.raw && "
				    "qemu-img create -f qcow2 -o compat=%s -b b.raw -F raw a.qcow2",
				    compat[i]), 0);
		raw = open(file("r.raw"), O_RDWR);
		q = must_open("a.qcow2", false);
		ck_assert_int_eq(qcow2_write_zeroes(q, 1000, 300 * KIB), 0);
		both_write(q, raw, 1000, 300 * KIB, 0);
		expect_bytes(q, 0, 1000, 0x31);
		expect_bytes(q, 1000 + 300 * KIB, 1000, 0x31);
		/* A discard may keep the data (v2) or not: never anything else. */
		ck_assert_int_eq(qcow2_discard(q, MIB, MIB), 0);
		both_write(q, raw, MIB, MIB, 0);
		qcow2_close(q);
		close(raw);
		assert_clean("a.qcow2", "r.raw");
	}
}
END_TEST

/* Patch big-endian bytes of the header. */
static void poke(const char *name, off_t off, uint64_t v, int width)
{
	int fd = open(file(name), O_RDWR);
	uint64_t be64 = htobe64(v);
	uint32_t be32 = htobe32((uint32_t)v);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pwrite(fd, width == 8 ? (void *)&be64 : (void *)&be32, width, off),
			 width);
	close(fd);
}

static void expect_refused(const char *name, bool ro, int code, const char *what)
{
	struct av_err err = { 0 };
	struct qcow2 *q = NULL;

	ck_assert_int_eq(open_q(&q, name, ro, &err), -code);
	ck_assert_ptr_null(q);
	ck_assert_msg(strstr(err.msg, what), "message '%s' lacks '%s'", err.msg, what);
}

START_TEST(bad_headers_refused)
{
	ck_assert_int_eq(sh("qemu-img create -f qcow2 a.qcow2 1M"), 0);
	sh("cp a.qcow2 b.qcow2");
	poke("b.qcow2", 72, 1ULL << 5, 8);
	expect_refused("b.qcow2", true, ENOTSUP, "incompatible feature bit 5");
	sh("cp a.qcow2 b.qcow2");
	poke("b.qcow2", 72, 1ULL << 2, 8);
	expect_refused("b.qcow2", true, ENOTSUP, "bit 2 (external data file)");
	sh("cp a.qcow2 b.qcow2");
	poke("b.qcow2", 32, 1, 4);
	expect_refused("b.qcow2", true, ENOTSUP, "encrypted");
	sh("cp a.qcow2 b.qcow2");
	poke("b.qcow2", 4, 4, 4);
	expect_refused("b.qcow2", true, ENOTSUP, "version 4");
	sh("cp a.qcow2 b.qcow2");
	poke("b.qcow2", 40, 1ULL << 40, 8);
	expect_refused("b.qcow2", true, EINVAL, "L1 table outside the file");
	sh("cp a.qcow2 b.qcow2");
	poke("b.qcow2", 36, 1u << 30, 4);
	expect_refused("b.qcow2", true, EINVAL, "L1 table too large");
	sh("cp a.qcow2 b.qcow2");
	poke("b.qcow2", 20, 30, 4);
	expect_refused("b.qcow2", true, EINVAL, "cluster_bits");
	sh("cp a.qcow2 b.qcow2");
	poke("b.qcow2", 0, 0, 4);
	expect_refused("b.qcow2", true, EINVAL, "not a qcow2 image");
	sh("cp a.qcow2 b.qcow2");
	poke("b.qcow2", 72, 1, 8);
	expect_refused("b.qcow2", false, EROFS, "dirty");
	must_open("b.qcow2", true);
}
END_TEST

/* Bad table entries fail the request with EIO, nothing else. */
START_TEST(bad_l1_entry_is_eio)
{
	struct qcow2 *q;
	uint8_t b[512];

	ck_assert_int_eq(sh("qemu-img create -f qcow2 a.qcow2 1M && "
			    "qemu-io -f qcow2 -c 'write -P 1 0 4k' a.qcow2"), 0);
	q = must_open("a.qcow2", true);
	q->l1[0] = 1ULL << 50;			/* past the end of the file */
	ck_assert_int_eq(qcow2_read(q, 0, b, sizeof(b)), -EIO);
	q->l1[0] = 0x300;			/* not cluster-aligned */
	ck_assert_int_eq(qcow2_read(q, 0, b, sizeof(b)), -EIO);
	qcow2_close(q);
}
END_TEST

static Suite *qcow2_suite(void)
{
	Suite *s = suite_create("qcow2");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, reads_what_qemu_io_wrote);
	tcase_add_test(tc, writes_pass_qemu_img_check_v3);
	tcase_add_test(tc, writes_pass_qemu_img_check_v2);
	tcase_add_test(tc, writes_small_clusters_and_refcount_widths);
	tcase_add_test(tc, compressed_read_and_overwrite);
	tcase_add_test(tc, backing_chain_reads_and_writes);
	tcase_add_test(tc, backing_loop_refused);
	tcase_add_test(tc, backing_missing_named);
	tcase_add_test(tc, discard_frees_clusters);
	tcase_add_test(tc, write_zeroes_hides_the_backing_file);
	tcase_add_test(tc, refcount_table_grows);
	tcase_add_test(tc, bad_headers_refused);
	tcase_add_test(tc, bad_l1_entry_is_eio);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	if (system("qemu-img --version >/dev/null 2>&1 && qemu-io --version >/dev/null 2>&1"))
		fprintf(stderr, "test_qcow2: qemu-img and qemu-io (qemu-utils) are needed\n");
	return check_run(qcow2_suite());
}
