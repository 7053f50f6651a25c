// SPDX-License-Identifier: GPL-2.0
/*
 * Opening and closing a qcow2 image (qcow2.h): the header, the L1 and
 * refcount tables read whole (their sizes were bounded by the header
 * checks), the backing chain; and the plain file I/O every other part
 * goes through, which refuses ranges outside the file.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qcow2.h"

bool qcow2_in_file(const struct qcow2 *q, uint64_t off, uint64_t len)
{
	return off <= q->file_end && len <= q->file_end - off;
}

int qcow2_pread(struct qcow2 *q, uint64_t off, void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t r = pread(q->fd, p, len, (off_t)off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0) {
			/* Past the end of file (allocated, never written): zeros. */
			memset(p, 0, len);
			return 0;
		}
		p += r;
		off += (uint64_t)r;
		len -= (size_t)r;
	}
	return 0;
}

int qcow2_pwrite(struct qcow2 *q, uint64_t off, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	if (q->readonly)
		return -EROFS;
	while (len) {
		ssize_t r = pwrite(q->fd, p, len, (off_t)off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r < 0 ? -errno : -EIO;
		p += r;
		off += (uint64_t)r;
		len -= (size_t)r;
	}
	return 0;
}

int qcow2_sync(struct qcow2 *q)
{
	if (q->no_sync || q->readonly)
		return 0;
	return fdatasync(q->fd) < 0 ? -errno : 0;
}

int qcow2_flush(struct qcow2 *q)
{
	return qcow2_sync(q);
}

static int open_table(struct qcow2 *q, uint64_t off, uint64_t n,
		      uint64_t **out)
{
	uint64_t *t = calloc(n ? n : 1, 8);
	int ret;

	if (!t)
		return -ENOMEM;
	ret = qcow2_pread(q, off, t, n * 8);
	if (ret) {
		free(t);
		return ret;
	}
	for (uint64_t i = 0; i < n; i++)
		t[i] = be64toh(t[i]);
	*out = t;
	return 0;
}

static int open_buffers(struct qcow2 *q)
{
	q->rb = malloc(q->cluster_size);
	q->zc = malloc(q->cluster_size);
	q->zin = malloc(2 * q->cluster_size);
	return q->rb && q->zc && q->zin ? 0 : -ENOMEM;
}

static int open_header(struct qcow2 *q, uint64_t file_size, struct av_err *err)
{
	size_t want = 1u << QCOW2_MAX_CLUSTER_BITS;
	uint8_t *buf = calloc(1, want);
	ssize_t n;
	int ret;

	if (!buf)
		return av_errf(err, ENOMEM, "%s: out of memory", q->path);
	n = pread(q->fd, buf, want, 0);
	if (n < 0) {
		ret = av_errf_errno(err, errno, "%s: cannot read the qcow2 header", q->path);
	} else {
		ret = qcow2_header_parse(q, buf, (size_t)n, file_size, err);
		if (!ret)
			ret = qcow2_header_check_features(q, buf, (size_t)n, err);
	}
	free(buf);
	return ret;
}

static int open_tables(struct qcow2 *q, struct av_err *err)
{
	int ret;

	q->rt_entries = ((uint64_t)q->rt_clusters << q->cluster_bits) / 8;
	ret = open_table(q, q->l1_offset, q->l1_size, &q->l1);
	if (!ret)
		ret = open_table(q, q->rt_offset, q->rt_entries, &q->rt);
	if (!ret)
		ret = open_buffers(q);
	if (ret)
		return av_errf_errno(err, -ret, "%s: cannot read the qcow2 tables", q->path);
	return 0;
}

static int open_image(struct qcow2 *q, const struct qcow2_opts *o,
		      struct av_err *err)
{
	struct stat st;
	int ret;

	if (fstat(q->fd, &st) < 0)
		return av_errf_errno(err, errno, "%s", q->path);
	ret = open_header(q, (uint64_t)st.st_size, err);
	if (ret)
		return ret;
	/* Allocation starts at the first whole cluster past the file's end. */
	q->file_end = ((uint64_t)st.st_size + q->cluster_size - 1) & ~(q->cluster_size - 1);
	ret = open_tables(q, err);
	if (!ret && !o->no_backing)
		ret = qcow2_backing_open(q, o, err);
	if (!ret && qcow2_header_clear_autoclear(q))
		ret = av_errf(err, EIO, "%s: cannot update the qcow2 header", q->path);
	return ret;
}

int qcow2_open(struct qcow2 **out, int fd, const char *path,
	       const struct qcow2_opts *o, struct av_err *err)
{
	struct qcow2 *q = calloc(1, sizeof(*q));
	int ret;

	*out = NULL;
	if (!q) {
		close(fd);
		return av_errf(err, ENOMEM, "%s: out of memory", path);
	}
	q->fd = fd;
	q->backing.fd = -1;
	q->readonly = o->readonly;
	q->no_sync = o->no_sync;
	q->path = strdup(path);
	if (!q->path) {
		qcow2_close(q);
		return av_errf(err, ENOMEM, "%s: out of memory", path);
	}
	ret = open_image(q, o, err);
	if (ret) {
		qcow2_close(q);
		return ret;
	}
	*out = q;
	return 0;
}

void qcow2_close(struct qcow2 *q)
{
	if (!q)
		return;
	qcow2_backing_close(q);
	qcow2_l2_cache_free(q);
	if (q->fd >= 0)
		close(q->fd);
	free(q->l1);
	free(q->rt);
	free(q->rb);
	free(q->zc);
	free(q->zin);
	free(q->path);
	free(q);
}
