// SPDX-License-Identifier: GPL-2.0
/*
 * Reads, writes and discards of virtual-disk byte ranges, one cluster at
 * a time (qcow2.h). A read takes each cluster from its data cluster, its
 * compressed data, zeros (the zero flag), or the backing file. A write
 * goes in place to a data cluster that is ours alone (QCOW_OFLAG_COPIED);
 * anything else (unallocated, zero, compressed, shared) gets a new
 * cluster filled with the old contents plus the new bytes, in the order
 * qcow2.h describes, and the old cluster is released last.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "qcow2.h"

static bool io_range_ok(const struct qcow2 *q, uint64_t off, uint64_t len)
{
	return off <= q->size && len <= q->size - off;
}

/* Bytes [in, in+n) of the cluster that entry maps, at virtual offset off. */
static int io_read_cluster(struct qcow2 *q, uint64_t off, uint64_t entry,
			   uint64_t in, uint8_t *buf, size_t n)
{
	uint8_t *zc;
	int ret;

	if (entry & QCOW2_OFLAG_COMPRESSED) {
		ret = qcow2_compressed_read(q, entry, &zc);
		if (!ret)
			memcpy(buf, zc + in, n);
		return ret;
	}
	if (entry & QCOW2_OFLAG_ZERO) {
		memset(buf, 0, n);
		return 0;
	}
	if (entry & QCOW2_OFFSET_MASK)
		return qcow2_pread(q, (entry & QCOW2_OFFSET_MASK) + in, buf, n);
	return qcow2_backing_read(q, off, buf, n);
}

int qcow2_read(struct qcow2 *q, uint64_t off, void *buf, size_t len)
{
	uint8_t *p = buf;

	if (!io_range_ok(q, off, len))
		return -EINVAL;
	while (len) {
		uint64_t in = off & (q->cluster_size - 1), entry;
		size_t n = q->cluster_size - in < len ? (size_t)(q->cluster_size - in) : len;
		int ret = qcow2_l2_get(q, off, &entry);

		if (!ret)
			ret = io_read_cluster(q, off, entry, in, p, n);
		if (ret)
			return ret;
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

/* Release what an L2 entry pointed at, once nothing points there. */
static void io_release(struct qcow2 *q, uint64_t entry)
{
	if (entry & QCOW2_OFLAG_COMPRESSED)
		qcow2_compressed_free(q, entry);
	else if (entry & QCOW2_OFFSET_MASK)
		qcow2_cluster_free(q, entry & QCOW2_OFFSET_MASK);
}

static bool io_in_place(uint64_t entry)
{
	return !(entry & (QCOW2_OFLAG_COMPRESSED | QCOW2_OFLAG_ZERO)) &&
	       (entry & QCOW2_OFLAG_COPIED) && (entry & QCOW2_OFFSET_MASK);
}

/*
 * Copy on write, in batches: the clusters of one request that need new
 * host clusters are filled in memory (old contents, then the new bytes),
 * then committed together with one flush per step instead of per
 * cluster: all refcounts raised, flush; all data written, flush; all L2
 * entries written, flush (a new L2 table is written and flushed before
 * its L1 entry, inside qcow2_l2_set); the old clusters released last.
 */
#define IO_BATCH_BYTES	(4u << 20)

struct io_batch {
	unsigned int max, n;
	uint64_t span;			/* clusters the request touches */
	uint8_t *buf;			/* n clusters of new contents */
	uint64_t *virt;			/* their virtual offsets */
	uint64_t *old;			/* their L2 entries before */
	uint64_t *host;			/* the clusters allocated for them */
};

static int io_batch_init(struct qcow2 *q, struct io_batch *b)
{
	if (b->buf)
		return 0;
	b->max = IO_BATCH_BYTES / q->cluster_size ? IO_BATCH_BYTES / q->cluster_size : 1;
	if (b->span < b->max)
		b->max = (unsigned int)b->span;
	b->buf = malloc(b->max * q->cluster_size);
	b->virt = calloc(b->max, 8);
	b->old = calloc(b->max, 8);
	b->host = calloc(b->max, 8);
	return b->buf && b->virt && b->old && b->host ? 0 : -ENOMEM;
}

static void io_batch_free(struct io_batch *b)
{
	free(b->buf);
	free(b->virt);
	free(b->old);
	free(b->host);
}

static int io_batch_alloc(struct qcow2 *q, struct io_batch *b)
{
	for (unsigned int i = 0; i < b->n; i++) {
		int64_t c = qcow2_cluster_alloc(q, false);

		if (c < 0)
			return (int)c;	/* those allocated stay counted: leaks */
		b->host[i] = (uint64_t)c;
	}
	return qcow2_sync(q);
}

static int io_batch_commit(struct qcow2 *q, struct io_batch *b)
{
	int ret = io_batch_alloc(q, b);

	for (unsigned int i = 0; i < b->n && !ret; i++)
		ret = qcow2_pwrite(q, b->host[i], b->buf + (size_t)i * q->cluster_size,
				   q->cluster_size);
	if (!ret)
		ret = qcow2_sync(q);
	for (unsigned int i = 0; i < b->n && !ret; i++)
		ret = qcow2_l2_set(q, b->virt[i], b->host[i] | QCOW2_OFLAG_COPIED, false);
	if (!ret)
		ret = qcow2_sync(q);
	/* On failure the new clusters stay counted: an entry may be on disk. */
	for (unsigned int i = 0; i < b->n && !ret; i++)
		io_release(q, b->old[i]);
	b->n = 0;
	return ret;
}

/* Queue the cluster at off (entry: its mapping) with the new bytes. */
static int io_batch_add(struct qcow2 *q, struct io_batch *b, uint64_t off,
			uint64_t entry, const uint8_t *buf, size_t n)
{
	uint64_t base = off & ~(q->cluster_size - 1), in = off - base;
	uint64_t have = q->size - base < q->cluster_size ? q->size - base : q->cluster_size;
	uint8_t *cl;
	int ret = io_batch_init(q, b);

	if (ret)
		return ret;
	cl = b->buf + (size_t)b->n * q->cluster_size;
	if (n < q->cluster_size) {
		memset(cl, 0, q->cluster_size);
		ret = qcow2_read(q, base, cl, have);
		if (ret)
			return ret;
	}
	memcpy(cl + in, buf, n);
	b->virt[b->n] = base;
	b->old[b->n] = entry;
	if (++b->n == b->max)
		return io_batch_commit(q, b);
	return 0;
}

static int io_write_cluster(struct qcow2 *q, uint64_t off, const uint8_t *buf,
			    size_t n, struct io_batch *b)
{
	uint64_t entry;
	int ret = qcow2_l2_get(q, off, &entry);

	if (ret)
		return ret;
	if (io_in_place(entry))
		return qcow2_pwrite(q, (entry & QCOW2_OFFSET_MASK) +
				    (off & (q->cluster_size - 1)), buf, n);
	return io_batch_add(q, b, off, entry, buf, n);
}

int qcow2_write(struct qcow2 *q, uint64_t off, const void *buf, size_t len)
{
	struct io_batch b = { 0 };
	const uint8_t *p = buf;
	int ret = 0;

	if (q->readonly)
		return -EROFS;
	if (!io_range_ok(q, off, len))
		return -EINVAL;
	b.span = ((off & (q->cluster_size - 1)) + len + q->cluster_size - 1) >> q->cluster_bits;
	while (len && !ret) {
		uint64_t in = off & (q->cluster_size - 1);
		size_t n = q->cluster_size - in < len ? (size_t)(q->cluster_size - in) : len;

		ret = io_write_cluster(q, off, p, n, &b);
		p += n;
		off += n;
		len -= n;
	}
	if (!ret && b.n)
		ret = io_batch_commit(q, &b);
	io_batch_free(&b);
	return ret;
}

/* Zeros written over [off, off+len), at most two clusters. */
static int io_zero_bytes(struct qcow2 *q, uint64_t off, uint64_t len)
{
	uint8_t *z = calloc(1, len ? len : 1);
	int ret;

	if (!z)
		return -ENOMEM;
	ret = qcow2_write(q, off, z, len);
	free(z);
	return ret;
}

/*
 * A discarded cluster reads as zeros: unallocated when nothing lies
 * below, the zero flag (version 3) over a backing file; version 2 has no
 * way to hide the backing file's data, so there the cluster is kept.
 * must_zero (write zeroes): there, zeros are written instead.
 */
static int io_zero_cluster(struct qcow2 *q, uint64_t off, bool must_zero)
{
	bool backing = q->backing.q || q->backing.fd >= 0;
	uint64_t entry, repl = backing ? QCOW2_OFLAG_ZERO : 0;
	int ret = qcow2_l2_get(q, off, &entry);

	if (ret)
		return ret;
	if (backing && q->version < 3) {
		if (!must_zero)
			return 0;
		return io_zero_bytes(q, off, q->size - off < q->cluster_size ?
					     q->size - off : q->cluster_size);
	}
	if (entry == repl)
		return 0;
	ret = qcow2_l2_set(q, off, repl, true);
	if (!ret)
		io_release(q, entry);
	return ret;
}

/* Whole clusters through io_zero_cluster; with must_zero, the edges too. */
static int io_zero_range(struct qcow2 *q, uint64_t off, uint64_t len,
			 bool must_zero)
{
	uint64_t first, end;
	int ret = 0;

	if (q->readonly)
		return -EROFS;
	if (!io_range_ok(q, off, len))
		return -EINVAL;
	first = (off + q->cluster_size - 1) & ~(q->cluster_size - 1);
	end = (off + len) & ~(q->cluster_size - 1);
	if (off + len == q->size)
		end = off + len;	/* the last, partial cluster is whole too */
	if (first >= end) {
		/* No whole cluster inside: all of it is an edge. */
		return must_zero ? io_zero_bytes(q, off, len) : 0;
	}
	if (must_zero && off < first)
		ret = io_zero_bytes(q, off, first - off);
	for (uint64_t c = first; c < end && !ret; c += q->cluster_size)
		ret = io_zero_cluster(q, c, must_zero);
	if (!ret && must_zero && end < off + len)
		ret = io_zero_bytes(q, end, off + len - end);
	return ret;
}

int qcow2_discard(struct qcow2 *q, uint64_t off, uint64_t len)
{
	return io_zero_range(q, off, len, false);
}

int qcow2_write_zeroes(struct qcow2 *q, uint64_t off, uint64_t len)
{
	return io_zero_range(q, off, len, true);
}
