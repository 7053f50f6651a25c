// SPDX-License-Identifier: GPL-2.0
/* Little-endian field streams for snapshot sections (include/snap_stream.h). */
#include <stdlib.h>
#include <string.h>

#include "snap_stream.h"

static bool wbuf_room(struct snap_wbuf *w, size_t n)
{
	size_t cap;
	uint8_t *nb;

	if (w->nomem)
		return false;
	if (n <= w->cap - w->len)
		return true;
	cap = w->cap ? w->cap : 256;
	while (cap - w->len < n) {
		if (cap > SIZE_MAX / 2) {
			w->nomem = true;
			return false;
		}
		cap *= 2;
	}
	nb = realloc(w->buf, cap);
	if (!nb) {
		w->nomem = true;
		return false;
	}
	w->buf = nb;
	w->cap = cap;
	return true;
}

void snap_put_bytes(struct snap_wbuf *w, const void *p, size_t n)
{
	if (!n || !wbuf_room(w, n))
		return;
	memcpy(w->buf + w->len, p, n);
	w->len += n;
}

static void put_le(struct snap_wbuf *w, uint64_t v, unsigned int n)
{
	uint8_t b[8];

	for (unsigned int i = 0; i < n; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	snap_put_bytes(w, b, n);
}

void snap_put_u8(struct snap_wbuf *w, uint8_t v)
{
	put_le(w, v, 1);
}

void snap_put_u16(struct snap_wbuf *w, uint16_t v)
{
	put_le(w, v, 2);
}

void snap_put_u32(struct snap_wbuf *w, uint32_t v)
{
	put_le(w, v, 4);
}

void snap_put_u64(struct snap_wbuf *w, uint64_t v)
{
	put_le(w, v, 8);
}

void snap_wbuf_free(struct snap_wbuf *w)
{
	free(w->buf);
	memset(w, 0, sizeof(*w));
}

void snap_get_bytes(struct snap_rbuf *r, void *p, size_t n)
{
	if (r->bad || n > r->len - r->pos) {
		r->bad = true;
		memset(p, 0, n);
		return;
	}
	memcpy(p, r->p + r->pos, n);
	r->pos += n;
}

static uint64_t get_le(struct snap_rbuf *r, unsigned int n)
{
	uint8_t b[8];
	uint64_t v = 0;

	snap_get_bytes(r, b, n);
	for (unsigned int i = 0; i < n; i++)
		v |= (uint64_t)b[i] << (8 * i);
	return v;
}

uint8_t snap_get_u8(struct snap_rbuf *r)
{
	return (uint8_t)get_le(r, 1);
}

uint16_t snap_get_u16(struct snap_rbuf *r)
{
	return (uint16_t)get_le(r, 2);
}

uint32_t snap_get_u32(struct snap_rbuf *r)
{
	return (uint32_t)get_le(r, 4);
}

uint64_t snap_get_u64(struct snap_rbuf *r)
{
	return get_le(r, 8);
}

uint32_t snap_get_count(struct snap_rbuf *r, uint32_t max)
{
	uint32_t v = snap_get_u32(r);

	if (v > max) {
		r->bad = true;
		return 0;
	}
	return v;
}
