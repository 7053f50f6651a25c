// SPDX-License-Identifier: GPL-2.0
/*
 * qcow2 cluster mapping (qcow2.txt "Cluster mapping"): a virtual offset
 * splits into an L1 index, an L2 index and the offset in the cluster; the
 * L1 entry holds the L2 table's host offset, the L2 entry the data
 * cluster's (or a compressed descriptor, or the zero flag). L2 tables are
 * kept in a small LRU cache, written through entry by entry. Entries are
 * checked (reserved bits, alignment, inside the file) before use: a bad
 * one fails the request with EIO.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "qcow2.h"

static unsigned int l2_bits(const struct qcow2 *q)
{
	return q->cluster_bits - 3;
}

static uint64_t l1_index(const struct qcow2 *q, uint64_t off)
{
	return off >> (q->cluster_bits + l2_bits(q));
}

static uint64_t l2_index(const struct qcow2 *q, uint64_t off)
{
	return (off >> q->cluster_bits) & ((1ULL << l2_bits(q)) - 1);
}

/* The L2 table offset of an L1 entry: 0 none, negative corrupt. */
static int64_t l1_entry_table(const struct qcow2 *q, uint64_t e)
{
	uint64_t off = e & QCOW2_OFFSET_MASK;

	if (e & QCOW2_L1_RESERVED)
		return -EIO;
	if (!off)
		return 0;
	if (off & (q->cluster_size - 1) || !qcow2_in_file(q, off, q->cluster_size))
		return -EIO;
	return (int64_t)off;
}

static struct qcow2_l2_slot *l2_slot_victim(struct qcow2 *q)
{
	struct qcow2_l2_slot *v = &q->l2[0];

	for (unsigned int i = 0; i < QCOW2_L2_CACHE; i++) {
		if (!q->l2[i].table)
			return &q->l2[i];
		if (q->l2[i].used < v->used)
			v = &q->l2[i];
	}
	return v;
}

/* The cached L2 table at off; fresh: zero it instead of reading. */
static int l2_table(struct qcow2 *q, uint64_t off, bool fresh, uint64_t **table)
{
	struct qcow2_l2_slot *s;
	int ret = 0;

	for (unsigned int i = 0; i < QCOW2_L2_CACHE; i++)
		if (q->l2[i].offset == off && q->l2[i].table) {
			q->l2[i].used = ++q->l2_clock;
			*table = q->l2[i].table;
			return 0;
		}
	s = l2_slot_victim(q);
	s->offset = 0;
	if (!s->table)
		s->table = malloc(q->cluster_size);
	if (!s->table)
		return -ENOMEM;
	if (fresh)
		memset(s->table, 0, q->cluster_size);
	else
		ret = qcow2_pread(q, off, s->table, q->cluster_size);
	if (ret)
		return ret;
	s->offset = off;
	s->used = ++q->l2_clock;
	*table = s->table;
	return 0;
}

static int l2_entry_check(const struct qcow2 *q, uint64_t e)
{
	uint64_t off = e & QCOW2_OFFSET_MASK;

	if (e & QCOW2_OFLAG_COMPRESSED)
		return 0;		/* qcow2_compress.c checks its descriptor */
	if (e & QCOW2_L2_RESERVED)
		return -EIO;
	if ((e & QCOW2_OFLAG_ZERO) && q->version < 3)
		return -EIO;		/* no zero clusters in version 2 */
	if (off && (off & (q->cluster_size - 1) ||
		    !qcow2_in_file(q, off, q->cluster_size)))
		return -EIO;
	return 0;
}

int qcow2_l2_get(struct qcow2 *q, uint64_t off, uint64_t *entry)
{
	uint64_t i1 = l1_index(q, off), *t;
	int64_t l2off;
	int ret;

	*entry = 0;
	if (i1 >= q->l1_size)
		return -EIO;
	l2off = l1_entry_table(q, q->l1[i1]);
	if (l2off <= 0)
		return (int)l2off;
	ret = l2_table(q, (uint64_t)l2off, false, &t);
	if (ret)
		return ret;
	*entry = be64toh(t[l2_index(q, off)]);
	ret = l2_entry_check(q, *entry);
	if (ret)
		*entry = 0;
	return ret;
}

/* A new L2 table holding entry, written before the L1 entry names it. */
static int l2_new_table(struct qcow2 *q, uint64_t off, uint64_t entry)
{
	uint64_t i1 = l1_index(q, off), *t, be;
	int64_t c = qcow2_cluster_alloc(q, true);
	int ret;

	if (c < 0)
		return (int)c;
	ret = l2_table(q, (uint64_t)c, true, &t);
	if (ret)
		return ret;
	t[l2_index(q, off)] = htobe64(entry);
	ret = qcow2_pwrite(q, (uint64_t)c, t, q->cluster_size);
	if (!ret)
		ret = qcow2_sync(q);
	if (ret)
		return ret;
	be = htobe64((uint64_t)c | QCOW2_OFLAG_COPIED);
	ret = qcow2_pwrite(q, q->l1_offset + i1 * 8, &be, 8);
	if (!ret)
		ret = qcow2_sync(q);
	if (!ret)
		q->l1[i1] = (uint64_t)c | QCOW2_OFLAG_COPIED;
	return ret;
}

int qcow2_l2_set(struct qcow2 *q, uint64_t off, uint64_t entry, bool sync)
{
	uint64_t i1 = l1_index(q, off), i2 = l2_index(q, off), *t, be;
	int64_t l2off;
	int ret;

	if (i1 >= q->l1_size)
		return -EIO;
	l2off = l1_entry_table(q, q->l1[i1]);
	if (l2off < 0)
		return (int)l2off;
	if (!l2off)
		return l2_new_table(q, off, entry);
	ret = l2_table(q, (uint64_t)l2off, false, &t);
	if (ret)
		return ret;
	be = htobe64(entry);
	ret = qcow2_pwrite(q, (uint64_t)l2off + i2 * 8, &be, 8);
	if (!ret && sync)
		ret = qcow2_sync(q);
	if (!ret)
		t[i2] = be;
	return ret;
}

void qcow2_l2_cache_free(struct qcow2 *q)
{
	for (unsigned int i = 0; i < QCOW2_L2_CACHE; i++) {
		free(q->l2[i].table);
		q->l2[i].table = NULL;
		q->l2[i].offset = 0;
	}
}
