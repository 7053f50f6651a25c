// SPDX-License-Identifier: GPL-2.0
/*
 * Compressed clusters (qcow2.txt "Compressed Clusters Descriptor"): with
 * x = 62 - (cluster_bits - 8), bits 0..x-1 of the L2 entry are the host
 * offset of the data and bits x..61 the number of 512-byte sectors it
 * takes beyond the one holding the offset. The data is a raw deflate
 * stream (compression_type 0, zlib) that inflates to exactly one cluster.
 * Only read: a write to such a cluster allocates a normal one (qcow2_io.c).
 * The last cluster inflated is cached (sequential reads of a compressed
 * image hit one cluster many times).
 */
#include <errno.h>
#include <string.h>
#include <zlib.h>

#include "qcow2.h"

#define SECTOR	512

/* Host byte range of a descriptor: [*start, *start + *len). */
static void cz_range(const struct qcow2 *q, uint64_t entry, uint64_t *off,
		     uint64_t *start, uint64_t *len)
{
	unsigned int x = 62 - (q->cluster_bits - 8);
	uint64_t nb = (entry >> x) & ((1ULL << (q->cluster_bits - 8)) - 1);

	*off = entry & ((1ULL << x) - 1);
	*start = *off & ~(uint64_t)(SECTOR - 1);
	*len = (nb + 1) * SECTOR;
}

static int cz_inflate(struct qcow2 *q, const uint8_t *in, size_t in_len)
{
	z_stream s;
	int ret;

	memset(&s, 0, sizeof(s));
	/* Negative window bits: a raw deflate stream, no zlib header. */
	if (inflateInit2(&s, -15) != Z_OK)
		return -ENOMEM;
	s.next_in = (Bytef *)in;
	s.avail_in = (uInt)in_len;
	s.next_out = q->zc;
	s.avail_out = (uInt)q->cluster_size;
	ret = inflate(&s, Z_FINISH);
	inflateEnd(&s);
	/* Trailing bytes of the last sector may follow the stream's end. */
	if ((ret == Z_STREAM_END || ret == Z_BUF_ERROR) && s.avail_out == 0)
		return 0;
	return -EIO;
}

int qcow2_compressed_read(struct qcow2 *q, uint64_t entry, uint8_t **cluster)
{
	uint64_t off, start, len;
	int ret;

	cz_range(q, entry, &off, &start, &len);
	if (q->zc_offset && q->zc_offset == off) {
		*cluster = q->zc;
		return 0;
	}
	if (!off || off >= q->file_end)
		return -EIO;
	len -= off - start;
	if (len > q->file_end - off)
		len = q->file_end - off;
	if (len > 2 * q->cluster_size)
		len = 2 * q->cluster_size;
	q->zc_offset = 0;
	ret = qcow2_pread(q, off, q->zin, len);
	if (!ret)
		ret = cz_inflate(q, q->zin, len);
	if (ret)
		return ret;
	q->zc_offset = off;
	*cluster = q->zc;
	return 0;
}

/* Lower the count of every host cluster the data touches. */
int qcow2_compressed_free(struct qcow2 *q, uint64_t entry)
{
	uint64_t off, start, len;

	cz_range(q, entry, &off, &start, &len);
	if (!start || start >= q->file_end)
		return -EIO;
	if (len > q->file_end - start)
		len = q->file_end - start;
	if (q->zc_offset == off)
		q->zc_offset = 0;
	for (uint64_t c = start >> q->cluster_bits;
	     c <= (start + len - 1) >> q->cluster_bits; c++)
		qcow2_cluster_free(q, c << q->cluster_bits);
	return 0;
}
