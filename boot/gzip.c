// SPDX-License-Identifier: GPL-2.0
/*
 * gzip (RFC 1952) decompression with zlib, for Image.gz and gzip uImage
 * payloads. The output is bounded: a "gzip bomb" or a corrupt stream is
 * an error, never a crash or an unbounded allocation. Concatenated
 * members are decompressed in turn (RFC 1952 section 2.2); bytes after
 * the last member that are not another member are ignored, as gzip(1)
 * does with trailing zeros.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "boot.h"

#define GZ_MIN_CHUNK	(64 * 1024)

int boot_is_gzip(const uint8_t *data, size_t size)
{
	/* ID1 ID2 and CM = 8 (deflate), RFC 1952 section 2.3.1. */
	return size >= 10 && data[0] == 0x1f && data[1] == 0x8b && data[2] == 8;
}

struct gz_state {
	z_stream zs;
	const uint8_t *in;
	size_t in_left;
	uint8_t *out;
	size_t out_len, out_cap, limit;
};

/* Grow the output buffer geometrically, never past limit + 1 bytes. */
static int gz_grow(struct gz_state *g, struct av_err *err)
{
	size_t cap = g->out_cap ? g->out_cap * 2 : GZ_MIN_CHUNK;
	uint8_t *p;

	if (cap < g->out_cap || cap > g->limit + 1)
		cap = g->limit + 1;
	if (cap <= g->out_len)
		return av_errf(err, EFBIG,
			       "gzip data decompresses to more than %zu bytes",
			       g->limit);
	p = realloc(g->out, cap);
	if (!p)
		return av_errf(err, ENOMEM, "out of memory decompressing gzip data");
	g->out = p;
	g->out_cap = cap;
	return 0;
}

/* zlib counts in uInt: feed at most UINT_MAX bytes a call each way. */
static void gz_feed(struct gz_state *g)
{
	size_t in = g->in_left > UINT_MAX ? UINT_MAX : g->in_left;
	size_t room = g->out_cap - g->out_len;

	g->zs.next_in = (Bytef *)g->in;
	g->zs.avail_in = (uInt)in;
	g->zs.next_out = g->out + g->out_len;
	g->zs.avail_out = (uInt)(room > UINT_MAX ? UINT_MAX : room);
}

static void gz_account(struct gz_state *g)
{
	size_t used_in = (size_t)((const uint8_t *)g->zs.next_in - g->in);

	g->in += used_in;
	g->in_left -= used_in;
	g->out_len = (size_t)(g->zs.next_out - g->out);
}

static int gz_error(struct gz_state *g, int zret, struct av_err *err)
{
	if (zret == Z_MEM_ERROR)
		return av_errf(err, ENOMEM, "out of memory decompressing gzip data");
	if (zret == Z_BUF_ERROR || (zret == Z_OK && g->in_left == 0))
		return av_errf(err, EINVAL, "gzip data is truncated");
	return av_errf(err, EINVAL, "corrupt gzip data: %s",
		       g->zs.msg ? g->zs.msg : "bad deflate stream");
}

/* Inflate one gzip member; on success g->in points past it. */
static int gz_member(struct gz_state *g, struct av_err *err)
{
	int zret, ret;

	for (;;) {
		if (g->out_len == g->out_cap) {
			ret = gz_grow(g, err);
			if (ret)
				return ret;
		}
		gz_feed(g);
		zret = inflate(&g->zs, Z_NO_FLUSH);
		gz_account(g);
		if (g->out_len > g->limit)
			return av_errf(err, EFBIG,
				       "gzip data decompresses to more than %zu bytes",
				       g->limit);
		if (zret == Z_STREAM_END)
			return 0;
		if (zret != Z_OK || (g->in_left == 0 && g->zs.avail_out > 0))
			return gz_error(g, zret, err);
	}
}

static int gz_run(struct gz_state *g, struct av_err *err)
{
	int ret;

	if (inflateInit2(&g->zs, 16 + MAX_WBITS) != Z_OK)
		return av_errf(err, ENOMEM, "cannot start zlib");
	for (;;) {
		ret = gz_member(g, err);
		if (ret || !boot_is_gzip(g->in, g->in_left))
			break;
		inflateReset(&g->zs);
	}
	inflateEnd(&g->zs);
	return ret;
}

int boot_gunzip(const uint8_t *in, size_t in_size, size_t limit,
		struct boot_blob *out, struct av_err *err)
{
	struct gz_state g;
	int ret;

	memset(out, 0, sizeof(*out));
	if (!boot_is_gzip(in, in_size))
		return av_errf(err, EINVAL, "not gzip data (bad magic)");
	if (limit >= SIZE_MAX)
		limit = SIZE_MAX - 1;
	memset(&g, 0, sizeof(g));
	g.in = in;
	g.in_left = in_size;
	g.limit = limit;
	ret = gz_run(&g, err);
	if (ret) {
		free(g.out);
		return ret;
	}
	out->data = g.out;
	out->size = g.out_len;
	return 0;
}
