// SPDX-License-Identifier: GPL-2.0
/*
 * The qcow2 header and its extensions (qcow2.txt "Header", "Header
 * extensions"): every field is checked against the file's size and our
 * limits (qcow2.h) before the rest of the code trusts it. Feature bits we
 * do not know, or know and do not implement, are refused by name.
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "qcow2.h"

/* Header extension types (qcow2.txt "Header extensions"). */
#define QCOW2_EXT_END		0x00000000u
#define QCOW2_EXT_BACKING_FMT	0xe2792acau
#define QCOW2_EXT_FEATURES	0x6803f857u
#define QCOW2_FEATURE_NAME_LEN	46
#define QCOW2_FEATURE_ENTRY	48

/* The incompatible bits this code implements (the rest are refused). */
#define QCOW2_INCOMPAT_KNOWN	(QCOW2_INCOMPAT_DIRTY | QCOW2_INCOMPAT_CORRUPT | \
				 QCOW2_INCOMPAT_COMPRESS)

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return be32toh(v);
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return be64toh(v);
}

static int hdr_err(struct qcow2 *q, struct av_err *err, const char *what)
{
	return av_errf(err, EINVAL, "%s: not a valid qcow2 image: %s", q->path, what);
}

static int hdr_parse_v3(struct qcow2 *q, const uint8_t *b, size_t len,
			struct av_err *err)
{
	if (len < QCOW2_V3_HDR_LEN)
		return hdr_err(q, err, "version 3 header truncated");
	q->incompat = rd64(b + 72);
	q->compat = rd64(b + 80);
	q->autoclear = rd64(b + 88);
	q->refcount_order = rd32(b + 96);
	q->header_len = rd32(b + 100);
	if (q->header_len < QCOW2_V3_HDR_LEN || q->header_len % 8 ||
	    q->header_len > len)
		return hdr_err(q, err, "bad header_length");
	if (q->refcount_order > 6)
		return hdr_err(q, err, "refcount_order above 6");
	return 0;
}

/* The tables lie inside the file, cluster-aligned, within our limits. */
static int hdr_check_tables(struct qcow2 *q, uint64_t file_size,
			    struct av_err *err)
{
	uint64_t l2_entries = q->cluster_size / 8;
	uint64_t per_l1 = l2_entries << q->cluster_bits;
	uint64_t rt_bytes = (uint64_t)q->rt_clusters << q->cluster_bits;

	if ((uint64_t)q->l1_size * 8 > QCOW2_MAX_L1_BYTES)
		return hdr_err(q, err, "L1 table too large");
	if (q->size / per_l1 + (q->size % per_l1 != 0) > q->l1_size)
		return hdr_err(q, err, "L1 table too small for the disk size");
	if (q->l1_offset & (q->cluster_size - 1) ||
	    q->l1_offset > file_size || (uint64_t)q->l1_size * 8 > file_size - q->l1_offset)
		return hdr_err(q, err, "L1 table outside the file");
	if (!q->rt_clusters || rt_bytes > QCOW2_MAX_RT_BYTES)
		return hdr_err(q, err, "bad refcount table size");
	if (q->rt_offset & (q->cluster_size - 1) || !q->rt_offset ||
	    q->rt_offset > file_size || rt_bytes > file_size - q->rt_offset)
		return hdr_err(q, err, "refcount table outside the file");
	return 0;
}

static int hdr_check_backing(struct qcow2 *q, const uint8_t *b, size_t len,
			     struct av_err *err)
{
	uint64_t off = rd64(b + 8);
	uint32_t n = rd32(b + 16);

	if (!off)
		return 0;
	if (n > QCOW2_MAX_BACKING_NAME || off > len || n > len - off)
		return hdr_err(q, err, "backing file name outside the first cluster");
	memcpy(q->backing_name, b + off, n);
	q->backing_name[n] = '\0';
	if (strlen(q->backing_name) != n)
		return hdr_err(q, err, "backing file name holds a NUL byte");
	return 0;
}

int qcow2_header_parse(struct qcow2 *q, const uint8_t *b, size_t len,
		       uint64_t file_size, struct av_err *err)
{
	int ret;

	if (len < QCOW2_V2_HDR_LEN || rd32(b) != QCOW2_MAGIC)
		return av_errf(err, EINVAL, "%s: not a qcow2 image (no QFI\\xfb magic)", q->path);
	q->version = rd32(b + 4);
	if (q->version != 2 && q->version != 3)
		return av_errf(err, ENOTSUP, "%s: qcow2 version %u is not supported (2 and 3 are)",
			       q->path, q->version);
	q->cluster_bits = rd32(b + 20);
	if (q->cluster_bits < QCOW2_MIN_CLUSTER_BITS || q->cluster_bits > QCOW2_MAX_CLUSTER_BITS)
		return hdr_err(q, err, "cluster_bits out of range 9..21");
	q->cluster_size = 1ULL << q->cluster_bits;
	q->size = rd64(b + 24);
	if (rd32(b + 32))
		return av_errf(err, ENOTSUP, "%s: encrypted qcow2 images are not supported",
			       q->path);
	q->l1_size = rd32(b + 36);
	q->l1_offset = rd64(b + 40);
	q->rt_offset = rd64(b + 48);
	q->rt_clusters = rd32(b + 56);
	q->nb_snapshots = rd32(b + 60);
	q->refcount_order = 4;
	q->header_len = QCOW2_V2_HDR_LEN;
	if (len > q->cluster_size)
		len = q->cluster_size;
	if (q->version == 3) {
		ret = hdr_parse_v3(q, b, len, err);
		if (ret)
			return ret;
	}
	if (q->size > (1ULL << 56))
		return hdr_err(q, err, "disk size above 64 PiB");
	ret = hdr_check_tables(q, file_size, err);
	return ret ? ret : hdr_check_backing(q, b, len, err);
}

/* The feature name table's name for an incompatible bit, or "". */
static void hdr_feature_name(const uint8_t *ext, uint32_t ext_len, unsigned int bit,
			     char *name)
{
	name[0] = '\0';
	for (uint32_t i = 0; ext && i + QCOW2_FEATURE_ENTRY <= ext_len; i += QCOW2_FEATURE_ENTRY)
		if (ext[i] == 0 && ext[i + 1] == bit) {
			memcpy(name, ext + i + 2, QCOW2_FEATURE_NAME_LEN);
			name[QCOW2_FEATURE_NAME_LEN] = '\0';
			return;
		}
}

/* Walk the extensions: backing format, feature names. */
static int hdr_extensions(struct qcow2 *q, const uint8_t *b, size_t len,
			  const uint8_t **names, uint32_t *names_len,
			  struct av_err *err)
{
	size_t off = q->header_len;

	while (off + 8 <= len) {
		uint32_t type = rd32(b + off), n = rd32(b + off + 4);

		if (type == QCOW2_EXT_END)
			return 0;
		off += 8;
		if (n > len - off)
			return hdr_err(q, err, "header extension past the first cluster");
		if (type == QCOW2_EXT_BACKING_FMT) {
			if (n >= sizeof(q->backing_fmt))
				return hdr_err(q, err, "backing format name too long");
			memcpy(q->backing_fmt, b + off, n);
			q->backing_fmt[n] = '\0';
		} else if (type == QCOW2_EXT_FEATURES) {
			*names = b + off;
			*names_len = n;
		}
		off += (n + 7ULL) & ~7ULL;
	}
	return 0;
}

static int hdr_refuse_bit(struct qcow2 *q, unsigned int bit, const uint8_t *names,
			  uint32_t names_len, struct av_err *err)
{
	char name[QCOW2_FEATURE_NAME_LEN + 1];

	hdr_feature_name(names, names_len, bit, name);
	for (char *c = name; *c; c++)
		if (*c < 0x20 || *c > 0x7e)
			*c = '?';
	return av_errf(err, ENOTSUP,
		       "%s: qcow2 incompatible feature bit %u%s%s%s is not supported",
		       q->path, bit, *name ? " (" : "", name, *name ? ")" : "");
}

/* compression_type (header byte 104): 0 is zlib, the only one we read. */
static int hdr_check_compression(struct qcow2 *q, const uint8_t *b,
				 struct av_err *err)
{
	if (!(q->incompat & QCOW2_INCOMPAT_COMPRESS))
		return 0;
	if (q->header_len <= QCOW2_V3_HDR_LEN)
		return hdr_err(q, err, "compression type bit set without the field");
	if (b[QCOW2_V3_HDR_LEN] != 0)
		return av_errf(err, ENOTSUP,
			       "%s: qcow2 compression type %u (zstd) is not supported, only zlib",
			       q->path, b[QCOW2_V3_HDR_LEN]);
	return 0;
}

static int hdr_check_write(struct qcow2 *q, struct av_err *err)
{
	if (q->readonly)
		return 0;
	if (q->incompat & QCOW2_INCOMPAT_CORRUPT)
		return av_errf(err, EROFS,
			       "%s: the qcow2 image is marked corrupt: repair it with qemu-img check -r all, or open it with readonly=on",
			       q->path);
	if (q->incompat & QCOW2_INCOMPAT_DIRTY)
		return av_errf(err, EROFS,
			       "%s: the qcow2 image is dirty (lazy refcounts left unflushed): repair it with qemu-img check -r all, or open it with readonly=on",
			       q->path);
	if (q->nb_snapshots)
		return av_errf(err, ENOTSUP,
			       "%s: writing qcow2 images with internal snapshots is not supported: open it with readonly=on or use -snapshot",
			       q->path);
	return 0;
}

int qcow2_header_check_features(struct qcow2 *q, const uint8_t *b, size_t len,
				struct av_err *err)
{
	const uint8_t *names = NULL;
	uint32_t names_len = 0;
	uint64_t unknown;
	int ret;

	if (len > q->cluster_size)
		len = q->cluster_size;
	ret = hdr_extensions(q, b, len, &names, &names_len, err);
	if (ret)
		return ret;
	unknown = q->incompat & ~QCOW2_INCOMPAT_KNOWN;
	if (unknown)
		return hdr_refuse_bit(q, (unsigned int)__builtin_ctzll(unknown), names,
				      names_len, err);
	ret = hdr_check_compression(q, b, err);
	return ret ? ret : hdr_check_write(q, err);
}

/*
 * Autoclear bits (qcow2.txt: "a program that does not understand them
 * must clear them when it writes to the image") guard extensions such as
 * dirty bitmaps that our writes would make stale: cleared, and flushed,
 * before the first write.
 */
int qcow2_header_clear_autoclear(struct qcow2 *q)
{
	uint64_t zero = 0;
	int ret;

	if (q->readonly || q->version < 3 || !q->autoclear)
		return 0;
	ret = qcow2_pwrite(q, 88, &zero, sizeof(zero));
	if (!ret)
		ret = qcow2_sync(q);
	if (!ret)
		q->autoclear = 0;
	return ret;
}
