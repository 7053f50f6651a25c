/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Little-endian field streams for snapshot sections (docs/snapshot.md):
 * a growable writer and a bounded reader. Devices and accelerators
 * encode their state through these, never by copying a struct, so the
 * bytes are the documented format on every host. A reader past its end
 * sets bad and returns zeros: a decoder checks snap_rbuf_ok() once at
 * the end instead of after every field.
 */
#ifndef ARMVISOR_SNAP_STREAM_H
#define ARMVISOR_SNAP_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct snap_wbuf {
	uint8_t *buf;
	size_t len, cap;
	bool nomem;			/* an allocation failed: the bytes are lost */
};

void snap_put_bytes(struct snap_wbuf *w, const void *p, size_t n);
void snap_put_u8(struct snap_wbuf *w, uint8_t v);
void snap_put_u16(struct snap_wbuf *w, uint16_t v);
void snap_put_u32(struct snap_wbuf *w, uint32_t v);
void snap_put_u64(struct snap_wbuf *w, uint64_t v);
void snap_wbuf_free(struct snap_wbuf *w);

struct snap_rbuf {
	const uint8_t *p;
	size_t len, pos;
	bool bad;			/* read past the end, or a value out of range */
};

static inline void snap_rbuf_init(struct snap_rbuf *r, const void *p, size_t len)
{
	r->p = p;
	r->len = len;
	r->pos = 0;
	r->bad = false;
}

/* Everything read was there, and nothing is left over. */
static inline bool snap_rbuf_done(const struct snap_rbuf *r)
{
	return !r->bad && r->pos == r->len;
}

void snap_get_bytes(struct snap_rbuf *r, void *p, size_t n);
uint8_t snap_get_u8(struct snap_rbuf *r);
uint16_t snap_get_u16(struct snap_rbuf *r);
uint32_t snap_get_u32(struct snap_rbuf *r);
uint64_t snap_get_u64(struct snap_rbuf *r);
/* A u32 that must be at most max (a count, an index): else bad and 0. */
uint32_t snap_get_count(struct snap_rbuf *r, uint32_t max);

#endif
