// SPDX-License-Identifier: GPL-2.0
/*
 * qcow2 refcounts and cluster allocation (qcow2.txt "Host cluster
 * management"): the refcount table (in memory) points at refcount
 * blocks of refcount_bits-wide entries, one per host cluster. Entries of
 * 8 bits and more are big-endian; narrower ones are packed from the low
 * bit of each byte up (as QEMU's qcow2-refcount.c reads refcount_order
 * 0..2). One block is cached, written through entry by entry.
 *
 * A new cluster's refcount is written and flushed before the caller
 * points anything at it; a new refcount block is written (covering
 * itself when it can) and flushed before the table entry that makes it
 * live. A crash then leaves clusters counted but unreferenced (leaks),
 * never referenced but free.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "qcow2.h"

/* Nested refcount-block allocations (a block for the block's own cluster). */
#define RC_MAX_NEST	4

static unsigned int rc_block_shift(const struct qcow2 *q)
{
	return q->cluster_bits + 3 - q->refcount_order;
}

static uint64_t rc_entry_get(const struct qcow2 *q, const uint8_t *rb, uint64_t j)
{
	unsigned int bits = 1u << q->refcount_order;
	const uint8_t *p;
	uint64_t v = 0;

	if (bits < 8)
		return (rb[j * bits / 8] >> (j * bits % 8)) & ((1u << bits) - 1);
	p = rb + j * (bits / 8);
	for (unsigned int i = 0; i < bits / 8; i++)
		v = v << 8 | p[i];
	return v;
}

/* Set entry j in block rb; at and n: the bytes that changed. */
static void rc_entry_set(const struct qcow2 *q, uint8_t *rb, uint64_t j, uint64_t v,
			 uint64_t *at, size_t *n)
{
	unsigned int bits = 1u << q->refcount_order;
	uint8_t *p;

	if (bits < 8) {
		unsigned int sh = j * bits % 8;
		uint8_t mask = (uint8_t)(((1u << bits) - 1) << sh);

		p = rb + j * bits / 8;
		*p = (uint8_t)((*p & ~mask) | ((v << sh) & mask));
		*at = j * bits / 8;
		*n = 1;
		return;
	}
	p = rb + j * (bits / 8);
	for (unsigned int i = bits / 8; i-- > 0; v >>= 8)
		p[i] = (uint8_t)v;
	*at = j * (bits / 8);
	*n = bits / 8;
}

/* The refcount block of table slot idx into the cache; 0 offset: none. */
static int rc_block_load(struct qcow2 *q, uint64_t idx, uint64_t *off)
{
	uint64_t e = idx < q->rt_entries ? q->rt[idx] : 0;
	int ret;

	*off = e & ~QCOW2_RT_RESERVED;
	if (!*off)
		return 0;
	if (e & QCOW2_RT_RESERVED || *off & (q->cluster_size - 1) ||
	    !qcow2_in_file(q, *off, q->cluster_size))
		return -EIO;		/* corrupt refcount table entry */
	if (q->rb_offset == *off)
		return 0;
	q->rb_offset = 0;
	ret = qcow2_pread(q, *off, q->rb, q->cluster_size);
	if (!ret)
		q->rb_offset = *off;
	return ret;
}

int qcow2_refcount_get(struct qcow2 *q, uint64_t cluster, uint64_t *val)
{
	uint64_t off;
	int ret = rc_block_load(q, cluster >> rc_block_shift(q), &off);

	*val = 0;
	if (ret || !off)
		return ret;
	*val = rc_entry_get(q, q->rb, cluster & ((1ULL << rc_block_shift(q)) - 1));
	return 0;
}

static int rc_table_set(struct qcow2 *q, uint64_t idx, uint64_t off)
{
	uint64_t be = htobe64(off);
	int ret = qcow2_pwrite(q, q->rt_offset + idx * 8, &be, 8);

	if (!ret)
		ret = qcow2_sync(q);
	if (!ret)
		q->rt[idx] = off;
	return ret;
}

static int rc_add(struct qcow2 *q, uint64_t cluster, int delta, int nest);
static int rc_table_grow(struct qcow2 *q, uint64_t need);

/*
 * A new refcount block for table slot idx at the end of the file. It
 * counts its own cluster when it covers it; otherwise that count goes in
 * the block that does (allocated first, at most RC_MAX_NEST deep).
 */
static int rc_block_new(struct qcow2 *q, uint64_t idx, int nest)
{
	unsigned int shift = rc_block_shift(q);
	uint64_t off = q->file_end, self = off >> q->cluster_bits, j, at;
	size_t n;
	int ret;

	if (idx >= q->rt_entries)
		return -ENOSPC;
	if (nest >= RC_MAX_NEST)
		return -EIO;
	q->file_end += q->cluster_size;
	if (self >> shift != idx) {
		ret = rc_add(q, self, 1, nest + 1);
		if (ret)
			return ret;
	}
	memset(q->rb, 0, q->cluster_size);
	q->rb_offset = 0;
	if (self >> shift == idx) {
		j = self & ((1ULL << shift) - 1);
		rc_entry_set(q, q->rb, j, 1, &at, &n);
	}
	ret = qcow2_pwrite(q, off, q->rb, q->cluster_size);
	if (!ret)
		ret = qcow2_sync(q);
	if (!ret)
		ret = rc_table_set(q, idx, off);
	if (!ret)
		q->rb_offset = off;
	return ret;
}

static int rc_add(struct qcow2 *q, uint64_t cluster, int delta, int nest)
{
	unsigned int shift = rc_block_shift(q);
	uint64_t idx = cluster >> shift, j = cluster & ((1ULL << shift) - 1);
	uint64_t off, v, max = q->refcount_order == 6 ? UINT64_MAX :
			      (1ULL << (1u << q->refcount_order)) - 1;
	uint64_t at;
	size_t n;
	int ret = rc_block_load(q, idx, &off);

	if (!ret && !off) {
		if (delta < 0)
			return -EIO;	/* freeing a cluster nobody counted */
		if (idx >= q->rt_entries)
			ret = rc_table_grow(q, idx);
		/* Growing may have made the block (for the new table's clusters). */
		if (!ret)
			ret = rc_block_load(q, idx, &off);
		if (!ret && !off)
			ret = rc_block_new(q, idx, nest);
		if (!ret)
			ret = rc_block_load(q, idx, &off);
	}
	if (ret)
		return ret;
	v = rc_entry_get(q, q->rb, j);
	if ((delta < 0 && v == 0) || (delta > 0 && v == max))
		return -ERANGE;
	rc_entry_set(q, q->rb, j, delta > 0 ? v + 1 : v - 1, &at, &n);
	return qcow2_pwrite(q, off + at, q->rb + at, n);
}

/*
 * Growing the refcount table (when a cluster past what it covers needs a
 * count): a larger table at the end of the file, with new refcount blocks
 * after it for the table's clusters (and their own) where none exist.
 * Order: counts in existing blocks raised, new blocks written, the new
 * table written, flushed; then the header's refcount_table_offset and
 * _clusters (bytes 48..59, one write) flushed; then the old table's
 * clusters released. A crash before the header write leaves the new
 * clusters unreferenced and the old table in force.
 */
#define RG_MAX_BLOCKS	8

struct rc_grow {
	uint64_t *nt;			/* the new table, host-endian */
	uint64_t entries;
	uint64_t idx[RG_MAX_BLOCKS];	/* new blocks: slot, offset, contents */
	uint64_t off[RG_MAX_BLOCKS];
	uint8_t *buf[RG_MAX_BLOCKS];
	unsigned int n;
};

static int rg_count(struct qcow2 *q, struct rc_grow *g, uint64_t c, int depth)
{
	unsigned int shift = rc_block_shift(q);
	uint64_t idx = c >> shift, j = c & ((1ULL << shift) - 1), at;
	size_t n;
	unsigned int i;

	if (idx >= g->entries || depth > RG_MAX_BLOCKS)
		return -ENOSPC;
	for (i = 0; i < g->n && g->idx[i] != idx; i++)
		;
	if (i < g->n) {
		rc_entry_set(q, g->buf[i], j, 1, &at, &n);
		return 0;
	}
	if (g->nt[idx])
		return rc_add(q, c, 1, RC_MAX_NEST - 1);	/* an existing block */
	if (g->n == RG_MAX_BLOCKS)
		return -ENOSPC;
	g->buf[g->n] = calloc(1, q->cluster_size);
	if (!g->buf[g->n])
		return -ENOMEM;
	g->idx[g->n] = idx;
	g->off[g->n] = q->file_end;
	g->nt[idx] = q->file_end;
	rc_entry_set(q, g->buf[g->n], j, 1, &at, &n);
	g->n++;
	q->file_end += q->cluster_size;
	return rg_count(q, g, g->off[g->n - 1] >> q->cluster_bits, depth + 1);
}

static int rg_write(struct qcow2 *q, struct rc_grow *g, uint64_t table,
		    uint32_t clusters)
{
	uint64_t *out = malloc(g->entries * 8), be;
	uint8_t hdr[12];
	uint32_t be32;
	int ret = out ? 0 : -ENOMEM;

	for (unsigned int i = 0; i < g->n && !ret; i++)
		ret = qcow2_pwrite(q, g->off[i], g->buf[i], q->cluster_size);
	for (uint64_t i = 0; i < g->entries && !ret; i++)
		out[i] = htobe64(g->nt[i]);
	if (!ret)
		ret = qcow2_pwrite(q, table, out, g->entries * 8);
	free(out);
	if (!ret)
		ret = qcow2_sync(q);
	be = htobe64(table);
	be32 = htobe32(clusters);
	memcpy(hdr, &be, 8);
	memcpy(hdr + 8, &be32, 4);
	if (!ret)
		ret = qcow2_pwrite(q, 48, hdr, sizeof(hdr));
	return ret ? ret : qcow2_sync(q);
}

static int rc_table_grow(struct qcow2 *q, uint64_t need)
{
	uint64_t cs = q->cluster_size, want = (need + 1) * 8;
	uint64_t clusters = (want + cs - 1) / cs, old = q->rt_offset;
	uint32_t old_clusters = q->rt_clusters;
	struct rc_grow g = { 0 };
	uint64_t table;
	int ret = 0;

	/* Room to spare, so the next growth is far off. */
	if (clusters < 2ULL * q->rt_clusters)
		clusters = 2ULL * q->rt_clusters;
	if (clusters * cs > QCOW2_MAX_RT_BYTES)
		return -ENOSPC;
	g.entries = clusters * cs / 8;
	g.nt = calloc(g.entries, 8);
	if (!g.nt)
		return -ENOMEM;
	memcpy(g.nt, q->rt, q->rt_entries * 8);
	table = q->file_end;
	q->file_end += clusters * cs;
	for (uint64_t c = 0; c < clusters && !ret; c++)
		ret = rg_count(q, &g, (table >> q->cluster_bits) + c, 0);
	if (!ret)
		ret = rg_write(q, &g, table, (uint32_t)clusters);
	for (unsigned int i = 0; i < g.n; i++)
		free(g.buf[i]);
	if (ret) {
		free(g.nt);
		return ret;
	}
	free(q->rt);
	q->rt = g.nt;
	q->rt_entries = g.entries;
	q->rt_offset = table;
	q->rt_clusters = (uint32_t)clusters;
	for (uint32_t c = 0; c < old_clusters; c++)
		qcow2_cluster_free(q, old + (uint64_t)c * cs);
	return 0;
}

int qcow2_refcount_add(struct qcow2 *q, uint64_t cluster, int delta)
{
	return rc_add(q, cluster, delta, 0);
}

/* The lowest free cluster from the hint on, else a new one at the end. */
static int rc_find_free(struct qcow2 *q, uint64_t *cluster)
{
	uint64_t end = q->file_end >> q->cluster_bits, v;

	for (uint64_t i = q->free_hint ? q->free_hint : 1; i < end; i++) {
		int ret = qcow2_refcount_get(q, i, &v);

		if (ret)
			return ret;
		if (!v) {
			*cluster = i;
			return 0;
		}
	}
	*cluster = end;
	q->file_end += q->cluster_size;
	return 0;
}

int64_t qcow2_cluster_alloc(struct qcow2 *q, bool sync)
{
	uint64_t c;
	int ret;

	if (q->readonly)
		return -EROFS;
	ret = rc_find_free(q, &c);
	if (!ret)
		ret = qcow2_refcount_add(q, c, 1);
	if (!ret && sync)
		ret = qcow2_sync(q);
	if (ret)
		return ret;
	q->free_hint = c + 1;
	return (int64_t)(c << q->cluster_bits);
}

/* Lower the count; a failure only leaks the cluster. */
void qcow2_cluster_free(struct qcow2 *q, uint64_t offset)
{
	uint64_t c = offset >> q->cluster_bits, v;

	if (qcow2_refcount_add(q, c, -1) || qcow2_refcount_get(q, c, &v))
		return;
	if (!v && c < q->free_hint)
		q->free_hint = c;
}
