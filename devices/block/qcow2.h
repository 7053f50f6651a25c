/* SPDX-License-Identifier: GPL-2.0 */
/*
 * qcow2 images, versions 2 and 3 (QEMU's docs/interop/qcow2.txt, the
 * facts used here; docs/qcow2.md says what subset we keep and why).
 *
 * A struct qcow2 is one open image: its header, the whole L1 table and
 * refcount table in memory (both bounded, see QCOW2_MAX_*), a small cache
 * of L2 tables and one refcount block, and the backing image below it.
 * Every call is synchronous (pread/pwrite/fdatasync) and single-threaded:
 * blk_qcow2.c runs them on a worker thread so that no vCPU waits on the
 * disk. Every offset read from the file is checked against the file and
 * the limits below before use: the image is the user's, and may be
 * hostile.
 *
 * Write ordering (what keeps an image consistent across a crash, so that
 * `qemu-img check` finds at most leaked clusters): a cluster's refcount
 * is raised and flushed before anything points at it; new data is written
 * and flushed before the L2 entry that points at it; a new L2 table is
 * written and flushed before the L1 entry; a refcount is lowered only
 * after the last pointer to the cluster is gone and flushed.
 */
#ifndef ARMVISOR_QCOW2_H
#define ARMVISOR_QCOW2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "err.h"

/* qcow2.txt "Header". */
#define QCOW2_MAGIC		0x514649fbu	/* "QFI\xfb" */
#define QCOW2_V2_HDR_LEN	72
#define QCOW2_V3_HDR_LEN	104

/* Incompatible feature bits (header byte 72). */
#define QCOW2_INCOMPAT_DIRTY	(1ULL << 0)
#define QCOW2_INCOMPAT_CORRUPT	(1ULL << 1)
#define QCOW2_INCOMPAT_DATA_FILE (1ULL << 2)
#define QCOW2_INCOMPAT_COMPRESS	(1ULL << 3)
#define QCOW2_INCOMPAT_EXTL2	(1ULL << 4)

/* L1/L2 entry bits (qcow2.txt "Cluster mapping"). */
#define QCOW2_OFLAG_COPIED	(1ULL << 63)
#define QCOW2_OFLAG_COMPRESSED	(1ULL << 62)
#define QCOW2_OFLAG_ZERO	(1ULL << 0)
#define QCOW2_OFFSET_MASK	0x00fffffffffffe00ULL	/* bits 9-55 */
#define QCOW2_L1_RESERVED	0x7f000000000001ffULL
#define QCOW2_L2_RESERVED	0x3f000000000001feULL
#define QCOW2_RT_RESERVED	0x00000000000001ffULL

/* Our limits on what a file may ask us to hold (QEMU's are alike). */
#define QCOW2_MIN_CLUSTER_BITS	9
#define QCOW2_MAX_CLUSTER_BITS	21
#define QCOW2_MAX_L1_BYTES	(32u << 20)
#define QCOW2_MAX_RT_BYTES	(8u << 20)
#define QCOW2_MAX_BACKING_NAME	1023
#define QCOW2_MAX_CHAIN		16	/* images in a backing chain */
#define QCOW2_L2_CACHE		16	/* L2 tables kept in memory */

struct qcow2;

/* Where reads of unallocated clusters go: a qcow2 image, a raw file, or nothing. */
struct qcow2_backing {
	struct qcow2 *q;
	int fd;				/* raw backing file, -1: none */
	uint64_t size;			/* raw backing file's size */
};

struct qcow2_l2_slot {
	uint64_t offset;		/* host offset of the table, 0: empty */
	uint64_t *table;		/* big-endian entries, as on disk */
	uint64_t used;			/* LRU stamp */
};

struct qcow2 {
	int fd;
	bool readonly;
	bool no_sync;			/* cache=unsafe: skip the flushes */
	char *path;			/* for messages and relative backing names */
	uint32_t version;
	uint32_t cluster_bits;
	uint64_t cluster_size;
	uint64_t size;			/* virtual disk, bytes */
	uint64_t incompat, compat, autoclear;
	uint32_t header_len;
	uint32_t refcount_order;	/* refcount_bits = 1 << order */
	uint32_t nb_snapshots;
	uint64_t l1_offset;
	uint32_t l1_size;		/* entries */
	uint64_t *l1;			/* host-endian copy */
	uint64_t rt_offset;
	uint32_t rt_clusters;
	uint64_t *rt;			/* host-endian copy, rt_clusters * cs / 8 */
	uint64_t rt_entries;
	uint64_t file_end;		/* first byte past every allocated cluster */
	uint64_t free_hint;		/* lowest cluster index that may be free */
	struct qcow2_l2_slot l2[QCOW2_L2_CACHE];
	uint64_t l2_clock;
	uint64_t rb_offset;		/* the cached refcount block, 0: none */
	uint8_t *rb;
	uint64_t zc_offset;		/* the cached decompressed cluster, 0: none */
	uint8_t *zc;			/* ...its bytes */
	uint8_t *zin;			/* compressed input buffer (2 clusters) */
	char backing_name[QCOW2_MAX_BACKING_NAME + 1];
	char backing_fmt[16];
	struct qcow2_backing backing;
};

struct qcow2_opts {
	bool readonly;
	bool no_sync;
	bool no_backing;		/* ignore backing_file (fuzzing) */
	unsigned int depth;		/* images above this one in the chain */
	const dev_t *chain_dev;		/* the files above, for loop detection */
	const ino_t *chain_ino;
};

/*
 * Open the qcow2 image in fd (which the struct then owns, also on
 * failure); path names it in messages and anchors a relative backing
 * file. Opens the backing chain read-only. Errors name the file and, for
 * a refused feature, the bit.
 */
int qcow2_open(struct qcow2 **out, int fd, const char *path,
	       const struct qcow2_opts *o, struct av_err *err);
void qcow2_close(struct qcow2 *q);

/* Byte ranges of the virtual disk: 0, or a negative errno. */
int qcow2_read(struct qcow2 *q, uint64_t off, void *buf, size_t len);
int qcow2_write(struct qcow2 *q, uint64_t off, const void *buf, size_t len);
/* Drop whole clusters inside the range (they then read as zeros). */
int qcow2_discard(struct qcow2 *q, uint64_t off, uint64_t len);
/* Make the range read as zeros (the zero flag where whole clusters allow). */
int qcow2_write_zeroes(struct qcow2 *q, uint64_t off, uint64_t len);
int qcow2_flush(struct qcow2 *q);

/* ---- internals shared by devices/block/qcow2_*.c ---- */

int qcow2_header_parse(struct qcow2 *q, const uint8_t *buf, size_t len,
		       uint64_t file_size, struct av_err *err);
int qcow2_header_check_features(struct qcow2 *q, const uint8_t *buf,
				size_t len, struct av_err *err);
int qcow2_header_clear_autoclear(struct qcow2 *q);

int qcow2_pread(struct qcow2 *q, uint64_t off, void *buf, size_t len);
int qcow2_pwrite(struct qcow2 *q, uint64_t off, const void *buf, size_t len);
int qcow2_sync(struct qcow2 *q);
bool qcow2_in_file(const struct qcow2 *q, uint64_t off, uint64_t len);

int qcow2_refcount_get(struct qcow2 *q, uint64_t cluster, uint64_t *val);
int qcow2_refcount_add(struct qcow2 *q, uint64_t cluster, int delta);
/*
 * A new cluster with refcount 1: its host offset, or negative. Flushed
 * when sync; otherwise the caller flushes before pointing at it.
 */
int64_t qcow2_cluster_alloc(struct qcow2 *q, bool sync);
void qcow2_cluster_free(struct qcow2 *q, uint64_t offset);

/* The L2 entry for virtual offset off (0: unallocated), or negative. */
int qcow2_l2_get(struct qcow2 *q, uint64_t off, uint64_t *entry);
/*
 * Set it, allocating an L2 table if needed (ordering above). The entry
 * write itself is flushed when sync; otherwise the caller flushes.
 */
int qcow2_l2_set(struct qcow2 *q, uint64_t off, uint64_t entry, bool sync);
void qcow2_l2_cache_free(struct qcow2 *q);

int qcow2_compressed_read(struct qcow2 *q, uint64_t entry, uint8_t **cluster);
int qcow2_compressed_free(struct qcow2 *q, uint64_t entry);

int qcow2_backing_open(struct qcow2 *q, const struct qcow2_opts *o,
		       struct av_err *err);
int qcow2_backing_read(struct qcow2 *q, uint64_t off, void *buf, size_t len);
void qcow2_backing_close(struct qcow2 *q);

#endif
