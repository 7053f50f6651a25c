// SPDX-License-Identifier: GPL-2.0
/*
 * 9P message fields: little-endian integers, strings as len[2] + bytes
 * (no NUL), qids as type[1] version[4] path[8] (9P2000 intro(5), and
 * net/9p/protocol.c for the L extension's use of them). Every count and
 * length in a request comes from the guest: a field that would run past
 * the message marks the buffer bad and reads as zero, so a handler checks
 * once (p9_parsed) before acting on anything.
 */
#include <string.h>

#include "p9.h"

/* The next len bytes, or NULL (and bad) when fewer remain. */
static uint8_t *p9_take(struct p9_buf *b, size_t len)
{
	uint8_t *p;

	if (b->bad || len > b->size - b->pos) {
		b->bad = true;
		return NULL;
	}
	p = b->data + b->pos;
	b->pos += len;
	return p;
}

static uint64_t p9_get_le(struct p9_buf *b, unsigned int n)
{
	const uint8_t *p = p9_take(b, n);
	uint64_t v = 0;

	for (unsigned int i = 0; p && i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

uint8_t p9_get8(struct p9_buf *b)
{
	return (uint8_t)p9_get_le(b, 1);
}

uint16_t p9_get16(struct p9_buf *b)
{
	return (uint16_t)p9_get_le(b, 2);
}

uint32_t p9_get32(struct p9_buf *b)
{
	return (uint32_t)p9_get_le(b, 4);
}

uint64_t p9_get64(struct p9_buf *b)
{
	return p9_get_le(b, 8);
}

struct p9_str p9_getstr(struct p9_buf *b)
{
	struct p9_str s = { "", 0 };
	uint16_t len = p9_get16(b);
	const uint8_t *p = p9_take(b, len);

	if (p) {
		s.s = (const char *)p;
		s.len = len;
	}
	return s;
}

const uint8_t *p9_getbytes(struct p9_buf *b, size_t len)
{
	return p9_take(b, len);
}

static void p9_put_le(struct p9_buf *b, uint64_t v, unsigned int n)
{
	uint8_t *p = p9_take(b, n);

	for (unsigned int i = 0; p && i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

void p9_put8(struct p9_buf *b, uint8_t v)
{
	p9_put_le(b, v, 1);
}

void p9_put16(struct p9_buf *b, uint16_t v)
{
	p9_put_le(b, v, 2);
}

void p9_put32(struct p9_buf *b, uint32_t v)
{
	p9_put_le(b, v, 4);
}

void p9_put64(struct p9_buf *b, uint64_t v)
{
	p9_put_le(b, v, 8);
}

void p9_putstr(struct p9_buf *b, const char *s, size_t len)
{
	uint8_t *p;

	if (len > UINT16_MAX) {
		b->bad = true;
		return;
	}
	p9_put16(b, (uint16_t)len);
	p = p9_take(b, len);
	if (p && len)
		memcpy(p, s, len);
}

void p9_putqid(struct p9_buf *b, const struct p9_qid *q)
{
	p9_put8(b, q->type);
	p9_put32(b, q->version);
	p9_put64(b, q->path);
}

uint8_t *p9_reserve(struct p9_buf *b, size_t len)
{
	return p9_take(b, len);
}

void p9_finish(struct p9_buf *b, uint8_t type, uint16_t tag)
{
	struct p9_buf hdr = { .data = b->data, .size = P9_HDR_SIZE };

	p9_put32(&hdr, (uint32_t)b->pos);
	p9_put8(&hdr, type);
	p9_put16(&hdr, tag);
}

int p9_name(const struct p9_str *s, char out[P9_NAME_MAX + 1])
{
	if (s->len == 0)
		return -ENOENT;
	if (s->len > P9_NAME_MAX)
		return -ENAMETOOLONG;
	if (memchr(s->s, '\0', s->len) || memchr(s->s, '/', s->len))
		return -ENOENT;		/* QEMU's name_is_illegal() answer */
	memcpy(out, s->s, s->len);
	out[s->len] = '\0';
	return 0;
}
