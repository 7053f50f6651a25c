/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny 9P2000.L client for the 9p server's unit tests: builds one
 * T-message from a format (net/9p/protocol.c's letters: b u8, w u16,
 * d u32, q u64, s string; S a string with its length, for hostile names;
 * B raw bytes with their length, for Twrite's data)
 * and runs it through p9_server_handle.
 */
#ifndef TESTS_UNIT_P9_CLIENT_H
#define TESTS_UNIT_P9_CLIENT_H

#include <stdarg.h>
#include <string.h>

#include "../../devices/9p/p9.h"

struct p9_client {
	struct p9_server *s;
	uint8_t req[P9_MAX_MSIZE];
	uint8_t rep[P9_MAX_MSIZE];
	size_t cap;		/* reply room (0: all of rep) */
	struct p9_buf r;	/* the last reply, after its header */
	uint8_t rtype;
};

/* Build type's message in c->req; its length. */
static inline size_t p9c_build(struct p9_client *c, uint8_t type,
			       const char *fmt, va_list ap)
{
	struct p9_buf b = { .data = c->req, .size = sizeof(c->req), .pos = P9_HDR_SIZE };

	for (; *fmt; fmt++) {
		const char *str;

		switch (*fmt) {
		case 'b': p9_put8(&b, (uint8_t)va_arg(ap, int)); break;
		case 'w': p9_put16(&b, (uint16_t)va_arg(ap, int)); break;
		case 'd': p9_put32(&b, va_arg(ap, uint32_t)); break;
		case 'q': p9_put64(&b, va_arg(ap, uint64_t)); break;
		case 's': str = va_arg(ap, const char *); p9_putstr(&b, str, strlen(str)); break;
		case 'S': str = va_arg(ap, const char *);
			  p9_putstr(&b, str, (size_t)va_arg(ap, int)); break;
		case 'B': str = va_arg(ap, const char *);
			  {
				  size_t n = (size_t)va_arg(ap, int);
				  uint8_t *p = p9_reserve(&b, n);

				  if (p)
					  memcpy(p, str, n);
			  }
			  break;
		}
	}
	p9_finish(&b, type, 1);
	return b.pos;
}

/* Serve raw bytes; the reply's type, 0 when none came. */
static inline uint8_t p9c_raw(struct p9_client *c, size_t len)
{
	size_t n = p9_server_handle(c->s, c->req, len, c->rep,
				    c->cap ? c->cap : sizeof(c->rep));

	c->r = (struct p9_buf){ .data = c->rep, .size = n, .pos = P9_HDR_SIZE };
	c->rtype = n >= P9_HDR_SIZE ? c->rep[4] : 0;
	return c->rtype;
}

/* 0 for the R-message of type, -ecode for an Rlerror, -1000 for anything else. */
static inline int p9c_call(struct p9_client *c, uint8_t type, const char *fmt, ...)
{
	va_list ap;
	size_t len;

	va_start(ap, fmt);
	len = p9c_build(c, type, fmt, ap);
	va_end(ap);
	p9c_raw(c, len);
	if (c->rtype == P9_RLERROR)
		return -(int)p9_get32(&c->r);
	return c->rtype == type + 1 ? 0 : -1000;
}

/* Twalk fid newfid with n names. */
static inline int p9c_walk(struct p9_client *c, uint32_t fid, uint32_t newfid,
			   int n, const char *const *names)
{
	struct p9_buf b = { .data = c->req, .size = sizeof(c->req), .pos = P9_HDR_SIZE };

	p9_put32(&b, fid);
	p9_put32(&b, newfid);
	p9_put16(&b, (uint16_t)n);
	for (int i = 0; i < n; i++)
		p9_putstr(&b, names[i], strlen(names[i]));
	p9_finish(&b, P9_TWALK, 1);
	p9c_raw(c, b.pos);
	if (c->rtype == P9_RLERROR)
		return -(int)p9_get32(&c->r);
	return c->rtype == P9_RWALK ? 0 : -1000;
}

#endif
