// SPDX-License-Identifier: GPL-2.0
/*
 * The 9p message codec and dispatcher against hostile bytes: fields past
 * the end, strings longer than the message, size fields that lie, names
 * with '/' or NUL, unknown and reply types, walks of too many names, every
 * request type cut short at every length, replies that do not fit.
 */
#include <check.h>
#include <stdlib.h>
#include <unistd.h>

#include "check_run.h"
#include "p9_client.h"

START_TEST(fields_round_trip)
{
	uint8_t buf[64];
	struct p9_buf w = { .data = buf, .size = sizeof(buf) };
	struct p9_buf r = { .data = buf, .size = sizeof(buf) };
	struct p9_qid q = { P9_QTDIR, 7, 0x1122334455667788ULL };
	struct p9_str s;

	p9_put8(&w, 0xab);
	p9_put16(&w, 0x1234);
	p9_put32(&w, 0xdeadbeef);
	p9_put64(&w, 0x0102030405060708ULL);
	p9_putstr(&w, "name", 4);
	p9_putqid(&w, &q);
	ck_assert(!w.bad);
	ck_assert_uint_eq(buf[1], 0x34);	/* little-endian */
	ck_assert_uint_eq(p9_get8(&r), 0xab);
	ck_assert_uint_eq(p9_get16(&r), 0x1234);
	ck_assert_uint_eq(p9_get32(&r), 0xdeadbeef);
	ck_assert_uint_eq(p9_get64(&r), 0x0102030405060708ULL);
	s = p9_getstr(&r);
	ck_assert_uint_eq(s.len, 4);
	ck_assert(!memcmp(s.s, "name", 4));
	ck_assert_uint_eq(p9_get8(&r), P9_QTDIR);
	ck_assert_uint_eq(p9_get32(&r), 7);
	ck_assert_uint_eq(p9_get64(&r), 0x1122334455667788ULL);
	ck_assert(!r.bad);
}
END_TEST

START_TEST(reads_past_the_end_are_bad)
{
	uint8_t buf[5] = { 0xff, 0xff, 0xff, 0xff, 0xff };
	struct p9_buf r = { .data = buf, .size = 3 };
	struct p9_str s;

	ck_assert_uint_eq(p9_get32(&r), 0);
	ck_assert(r.bad);
	ck_assert_uint_eq(p9_get8(&r), 0);	/* stays bad */
	/* A string whose length runs past the message. */
	r = (struct p9_buf){ .data = buf, .size = 5 };
	s = p9_getstr(&r);
	ck_assert(r.bad);
	ck_assert_uint_eq(s.len, 0);
	r = (struct p9_buf){ .data = buf, .size = 5 };
	ck_assert_ptr_null(p9_getbytes(&r, 6));
	ck_assert(r.bad);
}
END_TEST

START_TEST(writes_past_the_end_are_bad)
{
	uint8_t buf[8] = { 0 };
	struct p9_buf w = { .data = buf, .size = 6 };

	p9_put32(&w, 1);
	p9_put32(&w, 0xffffffff);
	ck_assert(w.bad);
	ck_assert_uint_eq(buf[6], 0);
	ck_assert_ptr_null(p9_reserve(&w, 1));
	w = (struct p9_buf){ .data = buf, .size = 8 };
	p9_putstr(&w, "toolong", 7);
	ck_assert(w.bad);
}
END_TEST

static int name_of(const char *s, int len)
{
	char out[P9_NAME_MAX + 1];
	struct p9_str ps = { s, (uint16_t)len };

	return p9_name(&ps, out);
}

START_TEST(names_are_one_element)
{
	char longname[300];

	memset(longname, 'a', sizeof(longname));
	ck_assert_int_eq(name_of("file", 4), 0);
	ck_assert_int_eq(name_of(".", 1), 0);	/* the callers decide */
	ck_assert_int_eq(name_of("..", 2), 0);
	ck_assert_int_eq(name_of("", 0), -ENOENT);
	ck_assert_int_eq(name_of("a/b", 3), -ENOENT);
	ck_assert_int_eq(name_of("/", 1), -ENOENT);
	ck_assert_int_eq(name_of("../etc", 6), -ENOENT);
	ck_assert_int_eq(name_of("a\0b", 3), -ENOENT);
	ck_assert_int_eq(name_of(longname, 255), 0);
	ck_assert_int_eq(name_of(longname, 256), -ENAMETOOLONG);
}
END_TEST

static struct p9_client *cl;
static char dir[64];

static void setup(void)
{
	struct p9_export conf = { .id = "t", .model = P9_MODEL_PASSTHROUGH };
	struct av_err err = { 0 };

	strcpy(dir, "/tmp/test_9p_proto.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	conf.path = dir;
	cl = calloc(1, sizeof(*cl));
	ck_assert_ptr_nonnull(cl);
	cl->s = p9_server_create(&conf, &err);
	ck_assert_msg(cl->s, "%s", err.msg);
}

static void teardown(void)
{
	p9_server_destroy(cl->s);
	free(cl);
	rmdir(dir);
}

START_TEST(short_and_lying_messages)
{
	/* Fewer than 7 bytes: no tag to answer. */
	memcpy(cl->req, "\x07\x00\x00\x00\x64\x01", 6);
	ck_assert_uint_eq(p9c_raw(cl, 6), 0);
	/* A size field larger than the message, or smaller than a header. */
	memcpy(cl->req, "\xff\xff\x00\x00\x64\x01\x00", 7);
	ck_assert_uint_eq(p9c_raw(cl, 7), P9_RLERROR);
	ck_assert_uint_eq(p9_get32(&cl->r), EINVAL);
	memcpy(cl->req, "\x03\x00\x00\x00\x64\x01\x00", 7);
	ck_assert_uint_eq(p9c_raw(cl, 7), P9_RLERROR);
	/* The reply keeps the request's tag. */
	memcpy(cl->req, "\x07\x00\x00\x00\xc8\x34\x12", 7);
	ck_assert_uint_eq(p9c_raw(cl, 7), P9_RLERROR);
	ck_assert_uint_eq(cl->rep[5] | cl->rep[6] << 8, 0x1234);
	ck_assert_uint_eq(p9_get32(&cl->r), EOPNOTSUPP);	/* type 200 */
}
END_TEST

START_TEST(unknown_and_reply_types)
{
	ck_assert_int_eq(p9c_call(cl, 0, ""), -EOPNOTSUPP);
	ck_assert_int_eq(p9c_call(cl, P9_RVERSION, "ds", 8192, "9P2000.L"), -EOPNOTSUPP);
	ck_assert_int_eq(p9c_call(cl, P9_TLERROR, "d", 1), -EOPNOTSUPP);
	ck_assert_int_eq(p9c_call(cl, 255, ""), -EOPNOTSUPP);
	/* 9P2000.u's Topen/Tcreate/Tstat are not 9P2000.L. */
	ck_assert_int_eq(p9c_call(cl, 112, "db", 0, 0), -EOPNOTSUPP);
}
END_TEST

START_TEST(version_bounds_msize)
{
	ck_assert_int_eq(p9c_call(cl, P9_TVERSION, "ds", 1u << 30, "9P2000.L"), 0);
	ck_assert_uint_eq(p9_get32(&cl->r), P9_MAX_MSIZE);
	ck_assert_int_eq(p9c_call(cl, P9_TVERSION, "ds", 100, "9P2000.L"), -EINVAL);
	ck_assert_int_eq(p9c_call(cl, P9_TVERSION, "ds", 8192, "9P2000.u"), 0);
	p9_get32(&cl->r);
	ck_assert_uint_eq(p9_getstr(&cl->r).len, 7);	/* "unknown" */
}
END_TEST

START_TEST(walk_too_many_names)
{
	const char *names[17];

	for (int i = 0; i < 17; i++)
		names[i] = ".";
	ck_assert_int_eq(p9c_call(cl, P9_TATTACH, "ddssd", 0, P9_NOFID, "u", "", 0), 0);
	ck_assert_int_eq(p9c_walk(cl, 0, 1, 17, names), -EINVAL);
	ck_assert_int_eq(p9c_walk(cl, 0, 1, 16, names), 0);
	/* nwname says 3, the message holds 1. */
	ck_assert_int_eq(p9c_call(cl, P9_TWALK, "ddws", 0, 2, 3, "."), -EINVAL);
	ck_assert_ptr_null(p9_fid_get(cl->s, 2));
}
END_TEST

/* A whole, valid-looking request of each type; cut at every length. */
START_TEST(every_type_cut_short)
{
	static const struct { uint8_t type; const char *fmt; } reqs[] = {
		{ P9_TVERSION, "ds" }, { P9_TATTACH, "ddssd" }, { P9_TWALK, "ddws" },
		{ P9_TLOPEN, "dd" }, { P9_TLCREATE, "dsddd" }, { P9_TREAD, "dqd" },
		{ P9_TWRITE, "dqd" }, { P9_TREADDIR, "dqd" }, { P9_TGETATTR, "dq" },
		{ P9_TSETATTR, "dddddqqqqq" }, { P9_TSTATFS, "d" }, { P9_TCLUNK, "d" },
		{ P9_TMKDIR, "dsdd" }, { P9_TSYMLINK, "dssd" }, { P9_TMKNOD, "dsdddd" },
		{ P9_TLINK, "dds" }, { P9_TREADLINK, "d" }, { P9_TRENAME, "dds" },
		{ P9_TRENAMEAT, "dsds" }, { P9_TUNLINKAT, "dsd" }, { P9_TREMOVE, "d" },
		{ P9_TXATTRWALK, "dds" }, { P9_TXATTRCREATE, "dsqd" }, { P9_TFSYNC, "dd" },
		{ P9_TLOCK, "dbdqqds" }, { P9_TGETLOCK, "dbqqds" }, { P9_TFLUSH, "w" },
		{ P9_TAUTH, "dssd" },
	};

	ck_assert_int_eq(p9c_call(cl, P9_TATTACH, "ddssd", 0, P9_NOFID, "u", "", 0), 0);
	for (size_t i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++) {
		struct p9_buf b = { .data = cl->req, .size = sizeof(cl->req), .pos = P9_HDR_SIZE };
		size_t full;

		for (const char *f = reqs[i].fmt; *f; f++) {
			switch (*f) {
			case 'b': p9_put8(&b, 0); break;
			case 'w': p9_put16(&b, 1); break;
			case 'd': p9_put32(&b, 0); break;
			case 'q': p9_put64(&b, 0); break;
			case 's': p9_putstr(&b, "x", 1); break;
			}
		}
		full = b.pos;
		for (size_t cut = P9_HDR_SIZE; cut < full; cut++) {
			struct p9_buf h = { .data = cl->req, .size = 4 };

			p9_put32(&h, (uint32_t)cut);
			cl->req[4] = reqs[i].type;
			ck_assert_uint_eq(p9c_raw(cl, cut), P9_RLERROR);
			ck_assert_msg(p9_get32(&cl->r) == EINVAL || reqs[i].type == P9_TAUTH,
				      "type %u cut at %zu", reqs[i].type, cut);
		}
		/* The attach fid survives whatever the cut requests did. */
		ck_assert_ptr_nonnull(p9_fid_get(cl->s, 0));
	}
}
END_TEST

START_TEST(reply_that_does_not_fit)
{
	ck_assert_int_eq(p9c_call(cl, P9_TATTACH, "ddssd", 0, P9_NOFID, "u", "", 0), 0);
	cl->cap = 20;			/* Rgetattr needs 160 bytes */
	ck_assert_int_eq(p9c_call(cl, P9_TGETATTR, "dq", 0, P9_STATS_BASIC), -ERANGE);
	cl->cap = 10;			/* not even an Rlerror */
	ck_assert_uint_eq(p9c_call(cl, P9_TGETATTR, "dq", 0, P9_STATS_BASIC), -1000);
	ck_assert_uint_eq(cl->r.size, 0);
}
END_TEST

static Suite *p9_proto_suite(void)
{
	Suite *s = suite_create("9p_proto");
	TCase *tc = tcase_create("codec");
	TCase *srv = tcase_create("dispatch");

	tcase_add_test(tc, fields_round_trip);
	tcase_add_test(tc, reads_past_the_end_are_bad);
	tcase_add_test(tc, writes_past_the_end_are_bad);
	tcase_add_test(tc, names_are_one_element);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(srv, setup, teardown);
	tcase_add_test(srv, short_and_lying_messages);
	tcase_add_test(srv, unknown_and_reply_types);
	tcase_add_test(srv, version_bounds_msize);
	tcase_add_test(srv, walk_too_many_names);
	tcase_add_test(srv, every_type_cut_short);
	tcase_add_test(srv, reply_that_does_not_fit);
	suite_add_tcase(s, srv);
	return s;
}

int main(void)
{
	return check_run(p9_proto_suite());
}
