// SPDX-License-Identifier: GPL-2.0
/*
 * The 9p server's file operations on a temporary directory, with what a
 * hostile guest sends: "..", '/', names with '/', a symlink the host made
 * pointing outside the share, huge counts, unknown fids, fid reuse; and
 * readonly=on, readdir in small pieces, xattrs, the mapped-xattr model.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "check_run.h"
#include "p9_client.h"

static struct p9_client *cl;
static char top[64], share[96], outside[96];

static void put_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static void start(enum p9_model model, bool readonly)
{
	struct p9_export conf = { .id = "t", .model = model, .readonly = readonly,
				  .fmode = 0600, .dmode = 0700 };
	struct av_err err = { 0 };
	char path[160];

	strcpy(top, "/tmp/test_9p_fs.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(top));
	snprintf(share, sizeof(share), "%s/share", top);
	snprintf(outside, sizeof(outside), "%s/outside", top);
	ck_assert_int_eq(mkdir(share, 0755), 0);
	ck_assert_int_eq(mkdir(outside, 0755), 0);
	snprintf(path, sizeof(path), "%s/secret", outside);
	put_file(path, "SECRET");
	snprintf(path, sizeof(path), "%s/hello", share);
	put_file(path, "hello world");
	snprintf(path, sizeof(path), "%s/out", share);
	ck_assert_int_eq(symlink(outside, path), 0);
	snprintf(path, sizeof(path), "%s/outrel", share);
	ck_assert_int_eq(symlink("../outside/secret", path), 0);
	conf.path = share;
	cl = calloc(1, sizeof(*cl));
	ck_assert_ptr_nonnull(cl);
	cl->s = p9_server_create(&conf, &err);
	ck_assert_msg(cl->s, "%s", err.msg);
	ck_assert_int_eq(p9c_call(cl, P9_TVERSION, "ds", 65536, "9P2000.L"), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TATTACH, "ddssd", 0, P9_NOFID, "root", "", 0), 0);
}

static void setup(void)
{
	start(P9_MODEL_PASSTHROUGH, false);
}

static void teardown(void)
{
	char cmd[128];

	p9_server_destroy(cl->s);
	free(cl);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	ck_assert_int_eq(system(cmd), 0);
}

static int walk1(uint32_t fid, uint32_t newfid, const char *name)
{
	return p9c_walk(cl, fid, newfid, 1, &name);
}

static uint64_t qid_path_of(uint32_t fid)
{
	ck_assert_int_eq(p9c_call(cl, P9_TGETATTR, "dq", fid, P9_STATS_BASIC), 0);
	p9_get64(&cl->r);
	p9_get8(&cl->r);
	p9_get32(&cl->r);
	return p9_get64(&cl->r);
}

/* Read up to len bytes of an open fid into out; the count. */
static uint32_t read_fid(uint32_t fid, uint64_t off, uint32_t count, char *out, size_t len)
{
	uint32_t n;

	ck_assert_int_eq(p9c_call(cl, P9_TREAD, "dqd", fid, off, count), 0);
	n = p9_get32(&cl->r);
	ck_assert_uint_le(n, len);
	memcpy(out, p9_getbytes(&cl->r, n), n);
	return n;
}

START_TEST(dotdot_stays_inside)
{
	const char *up[] = { "..", "..", ".." };
	const char *down_up[] = { "out", ".." };
	uint64_t root = qid_path_of(0);

	ck_assert_int_eq(p9c_walk(cl, 0, 1, 3, up), 0);
	ck_assert_uint_eq(qid_path_of(1), root);
	/* ".." after a name re-walks the fid's path from the root. */
	ck_assert_int_eq(p9c_walk(cl, 0, 2, 2, down_up), 0);
	ck_assert_uint_eq(qid_path_of(2), root);
}
END_TEST

START_TEST(names_with_slashes_refused)
{
	ck_assert_int_eq(walk1(0, 1, "out/secret"), -ENOENT);
	ck_assert_int_eq(walk1(0, 1, "/etc"), -ENOENT);
	ck_assert_int_eq(walk1(0, 1, "../outside"), -ENOENT);
	ck_assert_int_eq(p9c_call(cl, P9_TSTATFS, "d", 1), -EBADF);
	ck_assert_int_eq(p9c_call(cl, P9_TMKDIR, "dsdd", 0, "../escaped", 0755, 0), -ENOENT);
	ck_assert_int_eq(p9c_call(cl, P9_TMKDIR, "dsdd", 0, "..", 0755, 0), -EEXIST);
	ck_assert_int_eq(p9c_call(cl, P9_TMKDIR, "dSdd", 0, "a\0/", 3, 0755, 0), -ENOENT);
	ck_assert_int_eq(p9c_call(cl, P9_TUNLINKAT, "dsd", 0, "../outside/secret", 0), -ENOENT);
	ck_assert_int_eq(p9c_call(cl, P9_TUNLINKAT, "dsd", 0, "..", 0), -EINVAL);
	ck_assert_int_eq(p9c_call(cl, P9_TRENAMEAT, "dsds", 0, "hello", 0, "../moved"), -ENOENT);
	ck_assert_int_eq(p9c_call(cl, P9_TSYMLINK, "dssd", 0, "a/b", "x", 0), -ENOENT);
	ck_assert_int_eq(access("../escaped", F_OK), -1);
}
END_TEST

START_TEST(symlink_out_is_not_followed)
{
	const char *through[] = { "out", "secret" };
	char buf[160];

	/* The link itself is a name in the share; nothing beyond it is. */
	ck_assert_int_eq(p9c_walk(cl, 0, 1, 2, through), 0);
	ck_assert_uint_eq(p9_get16(&cl->r), 1);	/* a partial walk: one qid */
	ck_assert_uint_eq(p9_get8(&cl->r), P9_QTSYMLINK);
	ck_assert_ptr_null(p9_fid_get(cl->s, 1));	/* and no newfid */
	ck_assert_int_eq(p9c_walk(cl, 0, 1, 1, through + 1), -ENOENT);
	ck_assert_int_eq(walk1(0, 1, "outrel"), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TLOPEN, "dd", 1, 0), -ELOOP);
	ck_assert_int_eq(p9c_call(cl, P9_TREADLINK, "d", 1), 0);
	{
		struct p9_str t = p9_getstr(&cl->r);

		ck_assert_uint_eq(t.len, strlen("../outside/secret"));
		ck_assert(!memcmp(t.s, "../outside/secret", t.len));
	}
	/* Creating through the link creates nothing outside. */
	ck_assert_int_eq(walk1(0, 2, "out"), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TLCREATE, "dsddd", 2, "pwned", 1, 0644, 0), -ENOTDIR);
	ck_assert_int_eq(p9c_call(cl, P9_TMKDIR, "dsdd", 2, "pwned", 0755, 0), -ENOTDIR);
	snprintf(buf, sizeof(buf), "%s/pwned", outside);
	ck_assert_int_eq(access(buf, F_OK), -1);
	/* Hard-linking the link links the link, not its target. */
	ck_assert_int_eq(p9c_call(cl, P9_TLINK, "dds", 0, 1, "hard"), 0);
	snprintf(buf, sizeof(buf), "%s/hard", share);
	{
		struct stat st;

		ck_assert_int_eq(lstat(buf, &st), 0);
		ck_assert(S_ISLNK(st.st_mode));
	}
}
END_TEST

START_TEST(unknown_fids_and_reuse)
{
	ck_assert_int_eq(p9c_call(cl, P9_TGETATTR, "dq", 99, P9_STATS_BASIC), -EBADF);
	ck_assert_int_eq(p9c_call(cl, P9_TCLUNK, "d", 99), -EBADF);
	ck_assert_int_eq(p9c_call(cl, P9_TREAD, "dqd", 99, 0, 10), -EBADF);
	ck_assert_int_eq(walk1(99, 1, "hello"), -EBADF);
	/* Attach or walk to a fid in use: refused, the old fid intact. */
	ck_assert_int_eq(p9c_call(cl, P9_TATTACH, "ddssd", 0, P9_NOFID, "u", "", 0), -EINVAL);
	ck_assert_int_eq(walk1(0, 1, "hello"), 0);
	ck_assert_int_eq(walk1(0, 1, "hello"), -EINVAL);
	ck_assert_int_eq(p9c_call(cl, P9_TATTACH, "ddssd", P9_NOFID, P9_NOFID, "u", "", 0),
			 -EINVAL);
	/* Clunked, the number is free again; the fid itself is gone. */
	ck_assert_int_eq(p9c_call(cl, P9_TCLUNK, "d", 1), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TCLUNK, "d", 1), -EBADF);
	ck_assert_int_eq(walk1(0, 1, "hello"), 0);
	/* Walking a fid onto itself replaces it. */
	ck_assert_int_eq(walk1(0, 0, "hello"), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TLOPEN, "dd", 0, 0), 0);
	/* An open fid cannot walk; a Tversion forgets every fid. */
	ck_assert_int_eq(walk1(0, 5, "x"), -EBADF);
	ck_assert_int_eq(p9c_call(cl, P9_TVERSION, "ds", 65536, "9P2000.L"), 0);
	ck_assert_uint_eq(cl->s->nfids, 0);
}
END_TEST

START_TEST(fid_budget)
{
	ck_assert_uint_ge(cl->s->max_fids, P9_MIN_FIDS);
	cl->s->max_fids = 4;
	for (uint32_t i = 1; i < 4; i++)
		ck_assert_int_eq(p9c_walk(cl, 0, i, 0, NULL), 0);
	ck_assert_int_eq(p9c_walk(cl, 0, 4, 0, NULL), -EMFILE);
	ck_assert_int_eq(p9c_call(cl, P9_TXATTRWALK, "dds", 0, 4, ""), -EMFILE);
	ck_assert_int_eq(p9c_call(cl, P9_TCLUNK, "d", 3), 0);
	ck_assert_int_eq(p9c_walk(cl, 0, 4, 0, NULL), 0);
}
END_TEST

START_TEST(huge_counts)
{
	char buf[64];
	struct p9_buf b = { .data = cl->req, .size = sizeof(cl->req), .pos = P9_HDR_SIZE };

	ck_assert_int_eq(walk1(0, 1, "hello"), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TLOPEN, "dd", 1, P9_DOTL_RDWR), 0);
	/* A read of 4 GiB gets the file, within the reply. */
	ck_assert_uint_eq(read_fid(1, 0, 0xffffffffu, buf, sizeof(buf)), 11);
	ck_assert(!memcmp(buf, "hello world", 11));
	ck_assert_uint_eq(read_fid(1, 1ULL << 62, 10, buf, sizeof(buf)), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TREAD, "dqd", 1, ~0ULL, 10), -EINVAL);
	/* A write whose count runs past the message. */
	p9_put32(&b, 1);
	p9_put64(&b, 0);
	p9_put32(&b, 0x7fffffff);
	p9_putstr(&b, "xy", 2);
	p9_finish(&b, P9_TWRITE, 1);
	ck_assert_uint_eq(p9c_raw(cl, b.pos), P9_RLERROR);
	ck_assert_uint_eq(p9_get32(&cl->r), EINVAL);
	ck_assert_uint_eq(read_fid(1, 0, 64, buf, sizeof(buf)), 11);
	ck_assert(!memcmp(buf, "hello world", 11));
	/* Xattr sizes beyond XATTR_SIZE_MAX. */
	ck_assert_int_eq(p9c_call(cl, P9_TXATTRCREATE, "dsqd", 0, "user.x", 1ULL << 40, 0), -E2BIG);
	/* Readdir of 4 GiB is bounded by the reply. */
	ck_assert_int_eq(walk1(0, 2, "."), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TLOPEN, "dd", 2, 0), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TREADDIR, "dqd", 2, 0, 0xffffffffu), 0);
	ck_assert_uint_le(p9_get32(&cl->r), 65536);
}
END_TEST

START_TEST(create_write_read_back)
{
	char buf[64], path[160];
	struct stat st;

	ck_assert_int_eq(walk1(0, 1, "."), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TLCREATE, "dsddd", 1, "new", P9_DOTL_RDWR, 0640, 0), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TWRITE, "dqdB", 1, 0ULL, 5, "abcde", 5), 0);
	ck_assert_uint_eq(p9_get32(&cl->r), 5);
	ck_assert_uint_eq(read_fid(1, 0, 64, buf, sizeof(buf)), 5);
	ck_assert(!memcmp(buf, "abcde", 5));
	snprintf(path, sizeof(path), "%s/new", share);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0640);
	ck_assert_uint_eq(st.st_size, 5);
	/* Exclusive: an existing name is refused, never chowned. */
	ck_assert_int_eq(walk1(0, 2, "."), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TLCREATE, "dsddd", 2, "hello", 0, 0600, 0), -EEXIST);
	/* setattr: mode and size. */
	ck_assert_int_eq(walk1(0, 3, "new"), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TSETATTR, "dddddqqqqq", 3, P9_ATTR_MODE | P9_ATTR_SIZE,
				  0604, 0, 0, 2ULL, 0ULL, 0ULL, 0ULL, 0ULL), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0604);
	ck_assert_uint_eq(st.st_size, 2);
	/* renameat, then Tremove of the stale fid is refused, of a fresh one works. */
	ck_assert_int_eq(p9c_call(cl, P9_TRENAMEAT, "dsds", 0, "new", 0, "renamed"), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TREMOVE, "d", 3), -ESTALE);
	ck_assert_int_eq(walk1(0, 4, "renamed"), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TREMOVE, "d", 4), 0);
	snprintf(path, sizeof(path), "%s/renamed", share);
	ck_assert_int_eq(access(path, F_OK), -1);
}
END_TEST

START_TEST(device_nodes_not_opened)
{
	ck_assert_int_eq(p9c_call(cl, P9_TMKNOD, "dsdddd", 0, "null", S_IFCHR | 0666, 1, 3, 0), 0);
	ck_assert_int_eq(walk1(0, 1, "null"), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TLOPEN, "dd", 1, P9_DOTL_RDWR), -EPERM);
	ck_assert_int_eq(p9c_call(cl, P9_TMKNOD, "dsdddd", 0, "d", S_IFDIR | 0755, 0, 0, 0), -EINVAL);
}
END_TEST

START_TEST(readdir_in_pieces)
{
	char path[160], seen[60] = { 0 };
	uint64_t off = 0;
	int total = 0, calls = 0;

	snprintf(path, sizeof(path), "%s/many", share);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	for (int i = 0; i < 60; i++) {
		snprintf(path, sizeof(path), "%s/many/entry-%02d", share, i);
		put_file(path, "");
	}
	ck_assert_int_eq(walk1(0, 1, "many"), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TLOPEN, "dd", 1, 0), 0);
	for (;;) {
		uint32_t n;
		size_t end;

		ck_assert_int_eq(p9c_call(cl, P9_TREADDIR, "dqd", 1, off, 200), 0);
		n = p9_get32(&cl->r);
		ck_assert_uint_le(n, 200);
		if (!n)
			break;
		calls++;
		end = cl->r.pos + n;
		while (cl->r.pos < end) {
			struct p9_str name;
			int i;

			p9_getbytes(&cl->r, P9_QID_SIZE);
			off = p9_get64(&cl->r);
			p9_get8(&cl->r);
			name = p9_getstr(&cl->r);
			ck_assert(!cl->r.bad);
			if (name.len == 8 && sscanf(name.s, "entry-%2d", &i) == 1) {
				ck_assert_int_eq(seen[i], 0);
				seen[i] = 1;
				total++;
			}
		}
	}
	ck_assert_int_eq(total, 60);
	ck_assert_int_gt(calls, 5);
}
END_TEST

START_TEST(xattr_round_trip)
{
	char buf[16];

	ck_assert_int_eq(walk1(0, 1, "hello"), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TXATTRCREATE, "dsqd", 1, "user.test", 3ULL, 0), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TWRITE, "dqdB", 1, 1ULL, 3, "xyz", 3), -ENOSPC);
	ck_assert_int_eq(p9c_call(cl, P9_TWRITE, "dqdb", 1, 1ULL, 2, 'x'), -EINVAL);
	ck_assert_int_eq(p9c_call(cl, P9_TWRITE, "dqdB", 1, 0ULL, 3, "abc", 3), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TCLUNK, "d", 1), 0);
	ck_assert_int_eq(walk1(0, 1, "hello"), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TXATTRWALK, "dds", 1, 2, "user.test"), 0);
	ck_assert_uint_eq(p9_get64(&cl->r), 3);
	ck_assert_uint_eq(read_fid(2, 0, 100, buf, sizeof(buf)), 3);
	ck_assert(!memcmp(buf, "abc", 3));
	ck_assert_uint_eq(read_fid(2, 1ULL << 40, 100, buf, sizeof(buf)), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TXATTRWALK, "dds", 1, 3, "user.none"), -ENODATA);
}
END_TEST

START_TEST(readonly_refuses_changes)
{
	char buf[32];

	teardown();
	start(P9_MODEL_PASSTHROUGH, true);
	ck_assert_int_eq(walk1(0, 1, "hello"), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TLOPEN, "dd", 1, P9_DOTL_WRONLY), -EROFS);
	ck_assert_int_eq(p9c_call(cl, P9_TLOPEN, "dd", 1, P9_DOTL_TRUNC), -EROFS);
	ck_assert_int_eq(p9c_call(cl, P9_TSETATTR, "dddddqqqqq", 1, P9_ATTR_SIZE, 0, 0, 0,
				  0ULL, 0ULL, 0ULL, 0ULL, 0ULL), -EROFS);
	ck_assert_int_eq(p9c_call(cl, P9_TXATTRCREATE, "dsqd", 1, "user.x", 1ULL, 0), -EROFS);
	ck_assert_int_eq(p9c_call(cl, P9_TMKDIR, "dsdd", 0, "d", 0755, 0), -EROFS);
	ck_assert_int_eq(p9c_call(cl, P9_TSYMLINK, "dssd", 0, "l", "x", 0), -EROFS);
	ck_assert_int_eq(p9c_call(cl, P9_TMKNOD, "dsdddd", 0, "n", S_IFIFO | 0600, 0, 0, 0), -EROFS);
	ck_assert_int_eq(p9c_call(cl, P9_TLINK, "dds", 0, 1, "h"), -EROFS);
	ck_assert_int_eq(p9c_call(cl, P9_TUNLINKAT, "dsd", 0, "hello", 0), -EROFS);
	ck_assert_int_eq(p9c_call(cl, P9_TRENAMEAT, "dsds", 0, "hello", 0, "x"), -EROFS);
	ck_assert_int_eq(walk1(0, 2, "."), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TLCREATE, "dsddd", 2, "f", 0, 0600, 0), -EROFS);
	ck_assert_int_eq(p9c_call(cl, P9_TREMOVE, "d", 1), -EROFS);
	ck_assert_int_eq(walk1(0, 1, "hello"), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TLOPEN, "dd", 1, P9_DOTL_RDONLY), 0);
	ck_assert_uint_eq(read_fid(1, 0, 32, buf, sizeof(buf)), 11);
	ck_assert_int_eq(p9c_call(cl, P9_TWRITE, "dqdb", 1, 0ULL, 1, 'x'), -EROFS);
}
END_TEST

static uint32_t xa32(const char *path, const char *name)
{
	uint8_t v[4];

	ck_assert_int_eq(lgetxattr(path, name, v, 4), 4);
	return (uint32_t)v[0] | v[1] << 8 | v[2] << 16 | (uint32_t)v[3] << 24;
}

START_TEST(mapped_xattr_model)
{
	char path[160];
	struct stat st;
	uint32_t mode;

	teardown();
	start(P9_MODEL_MAPPED_XATTR, false);
	ck_assert_int_eq(walk1(0, 1, "."), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TLCREATE, "dsddd", 1, "f", P9_DOTL_RDWR, 0751, 77), 0);
	snprintf(path, sizeof(path), "%s/f", share);
	ck_assert_int_eq(lstat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);	/* the server's */
	ck_assert_uint_eq(xa32(path, "user.virtfs.mode"), S_IFREG | 0751);
	ck_assert_uint_eq(xa32(path, "user.virtfs.gid"), 77);
	/* The guest sees its own. */
	ck_assert_int_eq(walk1(0, 2, "f"), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TGETATTR, "dq", 2, P9_STATS_BASIC), 0);
	p9_get64(&cl->r);
	p9_getbytes(&cl->r, P9_QID_SIZE);
	mode = p9_get32(&cl->r);
	ck_assert_uint_eq(mode, S_IFREG | 0751);
	p9_get32(&cl->r);
	ck_assert_uint_eq(p9_get32(&cl->r), 77);
	/* Its xattrs cannot be read, listed or set by the guest. */
	ck_assert_int_eq(p9c_call(cl, P9_TXATTRWALK, "dds", 2, 3, "user.virtfs.mode"), -ENODATA);
	ck_assert_int_eq(p9c_call(cl, P9_TXATTRWALK, "dds", 2, 3, ""), 0);
	ck_assert_uint_eq(p9_get64(&cl->r), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TXATTRCREATE, "dsqd", 2, "user.virtfs.uid", 4ULL, 0),
			 -EACCES);
	/* No host namespace but user.*: an ACL is kept as a user.virtfs.* one. */
	ck_assert_int_eq(p9c_call(cl, P9_TXATTRCREATE, "dsqd", 2, "security.capability", 4ULL, 0),
			 -EOPNOTSUPP);
	ck_assert_int_eq(p9c_call(cl, P9_TXATTRCREATE, "dsqd", 2, "trusted.x", 4ULL, 0),
			 -EOPNOTSUPP);
	ck_assert_int_eq(walk1(0, 5, "f"), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TXATTRCREATE, "dsqd", 5, "system.posix_acl_access",
				  4ULL, 0), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TWRITE, "dqdB", 5, 0ULL, 4, "acl!", 4), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TCLUNK, "d", 5), 0);
	snprintf(path, sizeof(path), "%s/f", share);
	ck_assert_int_eq(lgetxattr(path, "user.virtfs.system.posix_acl_access", NULL, 0), 4);
	ck_assert_int_eq(p9c_call(cl, P9_TXATTRWALK, "dds", 2, 6, ""), 0);
	ck_assert_uint_eq(p9_get64(&cl->r), sizeof("system.posix_acl_access"));
	ck_assert_int_eq(p9c_call(cl, P9_TREAD, "dqd", 6, 0ULL, 100), 0);
	ck_assert_uint_eq(p9_get32(&cl->r), sizeof("system.posix_acl_access"));
	ck_assert_str_eq((const char *)p9_getbytes(&cl->r, 1) , "system.posix_acl_access");
	/* A symlink is a file holding its target. */
	ck_assert_int_eq(p9c_call(cl, P9_TSYMLINK, "dssd", 0, "l", "/etc/passwd", 0), 0);
	snprintf(path, sizeof(path), "%s/l", share);
	ck_assert_int_eq(lstat(path, &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	ck_assert_int_eq(walk1(0, 4, "l"), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TREADLINK, "d", 4), 0);
	ck_assert_uint_eq(p9_getstr(&cl->r).len, 11);
	/* A symlink the host made is one for the guest too, never followed. */
	ck_assert_int_eq(walk1(0, 7, "outrel"), 0);
	ck_assert_int_eq(p9c_call(cl, P9_TREADLINK, "d", 7), 0);
	ck_assert_uint_eq(p9_getstr(&cl->r).len, strlen("../outside/secret"));
	ck_assert_int_eq(p9c_call(cl, P9_TLOPEN, "dd", 7, 0), -ELOOP);
	/* chmod and chown change the xattrs only. */
	ck_assert_int_eq(p9c_call(cl, P9_TSETATTR, "dddddqqqqq", 2, P9_ATTR_MODE | P9_ATTR_UID,
				  0700, 4242, 0, 0ULL, 0ULL, 0ULL, 0ULL, 0ULL), 0);
	snprintf(path, sizeof(path), "%s/f", share);
	ck_assert_uint_eq(xa32(path, "user.virtfs.mode"), S_IFREG | 0700);
	ck_assert_uint_eq(xa32(path, "user.virtfs.uid"), 4242);
	ck_assert_int_eq(lstat(path, &st), 0);
	ck_assert_uint_eq(st.st_uid, geteuid());
}
END_TEST

static Suite *p9_fs_suite(void)
{
	Suite *s = suite_create("9p_fs");
	TCase *tc = tcase_create("ops");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, dotdot_stays_inside);
	tcase_add_test(tc, names_with_slashes_refused);
	tcase_add_test(tc, symlink_out_is_not_followed);
	tcase_add_test(tc, unknown_fids_and_reuse);
	tcase_add_test(tc, fid_budget);
	tcase_add_test(tc, huge_counts);
	tcase_add_test(tc, create_write_read_back);
	tcase_add_test(tc, device_nodes_not_opened);
	tcase_add_test(tc, readdir_in_pieces);
	tcase_add_test(tc, xattr_round_trip);
	tcase_add_test(tc, readonly_refuses_changes);
	tcase_add_test(tc, mapped_xattr_model);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(p9_fs_suite());
}
