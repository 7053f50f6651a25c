// SPDX-License-Identifier: GPL-2.0
/*
 * Backing files (qcow2.txt "backing_file_offset", and the "Backing file
 * format name" extension): clusters an image does not allocate read from
 * the image below it, a qcow2 or raw file opened read-only, whose name is
 * taken relative to the directory of the image that names it (as QEMU's
 * bdrv_get_full_backing_filename). Without a format extension the file's
 * magic decides. A chain is at most QCOW2_MAX_CHAIN images deep, and a
 * file that appears twice in it (a loop) is refused. Past the end of a
 * shorter backing file, the disk reads zeros.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qcow2.h"

static int bk_path(const struct qcow2 *q, char *out, size_t n)
{
	const char *slash = strrchr(q->path, '/');
	int len;

	if (q->backing_name[0] == '/' || !slash)
		len = snprintf(out, n, "%s", q->backing_name);
	else
		len = snprintf(out, n, "%.*s/%s", (int)(slash - q->path), q->path,
			       q->backing_name);
	return len < 0 || (size_t)len >= n ? -ENAMETOOLONG : 0;
}

static bool bk_is_qcow2(int fd)
{
	uint8_t m[4];

	return pread(fd, m, 4, 0) == 4 && !memcmp(m, "QFI\xfb", 4);
}

/* The chain so far plus this image, for the loop check. */
struct bk_chain {
	dev_t dev[QCOW2_MAX_CHAIN];
	ino_t ino[QCOW2_MAX_CHAIN];
};

static int bk_chain_build(const struct qcow2 *q, const struct qcow2_opts *o,
			  struct bk_chain *c, const struct stat *bst,
			  const char *name, struct av_err *err)
{
	struct stat st;

	if (fstat(q->fd, &st) < 0)
		return av_errf_errno(err, errno, "%s", q->path);
	for (unsigned int i = 0; i < o->depth; i++) {
		c->dev[i] = o->chain_dev[i];
		c->ino[i] = o->chain_ino[i];
	}
	c->dev[o->depth] = st.st_dev;
	c->ino[o->depth] = st.st_ino;
	for (unsigned int i = 0; i <= o->depth; i++)
		if (c->dev[i] == bst->st_dev && c->ino[i] == bst->st_ino)
			return av_errf(err, ELOOP, "%s: backing file %s makes a loop in the chain",
				       q->path, name);
	return 0;
}

static int bk_open_qcow2(struct qcow2 *q, const struct qcow2_opts *o, int fd,
			 const struct stat *bst, const char *name,
			 struct av_err *err)
{
	struct bk_chain c;
	struct qcow2_opts bo = {
		.readonly = true, .depth = o->depth + 1,
		.chain_dev = c.dev, .chain_ino = c.ino,
	};
	int ret = bk_chain_build(q, o, &c, bst, name, err);

	if (ret) {
		close(fd);
		return ret;
	}
	return qcow2_open(&q->backing.q, fd, name, &bo, err);
}

static int bk_open_fd(struct qcow2 *q, const struct qcow2_opts *o, int fd,
		      const char *name, struct av_err *err)
{
	bool qcow2 = !strcmp(q->backing_fmt, "qcow2") ||
		     (!q->backing_fmt[0] && bk_is_qcow2(fd));
	struct stat st;

	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return av_errf(err, EINVAL, "%s: backing file %s is not a regular file",
			       q->path, name);
	}
	if (qcow2)
		return bk_open_qcow2(q, o, fd, &st, name, err);
	q->backing.fd = fd;
	q->backing.size = (uint64_t)st.st_size;
	return 0;
}

int qcow2_backing_open(struct qcow2 *q, const struct qcow2_opts *o,
		       struct av_err *err)
{
	char name[PATH_MAX];
	int fd;

	if (!q->backing_name[0])
		return 0;
	if (o->depth + 1 >= QCOW2_MAX_CHAIN)
		return av_errf(err, ELOOP, "%s: backing chain deeper than %d images",
			       q->path, QCOW2_MAX_CHAIN);
	if (q->backing_fmt[0] && strcmp(q->backing_fmt, "qcow2") &&
	    strcmp(q->backing_fmt, "raw"))
		return av_errf(err, ENOTSUP,
			       "%s: backing file format '%.15s' is not supported (qcow2 and raw are)",
			       q->path, q->backing_fmt);
	if (bk_path(q, name, sizeof(name)))
		return av_errf(err, ENAMETOOLONG, "%s: backing file name too long", q->path);
	fd = open(name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return av_errf_errno(err, errno, "%s: cannot open backing file %s",
				     q->path, name);
	return bk_open_fd(q, o, fd, name, err);
}

static int bk_read_raw(struct qcow2 *q, uint64_t off, uint8_t *buf, size_t len)
{
	while (len && off < q->backing.size) {
		size_t n = q->backing.size - off < len ? (size_t)(q->backing.size - off) : len;
		ssize_t r = pread(q->backing.fd, buf, n, (off_t)off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			break;
		buf += r;
		off += (uint64_t)r;
		len -= (size_t)r;
	}
	memset(buf, 0, len);
	return 0;
}

int qcow2_backing_read(struct qcow2 *q, uint64_t off, void *buf, size_t len)
{
	struct qcow2 *b = q->backing.q;
	size_t in;

	if (q->backing.fd >= 0)
		return bk_read_raw(q, off, buf, len);
	if (!b || off >= b->size) {
		memset(buf, 0, len);
		return 0;
	}
	in = b->size - off < len ? (size_t)(b->size - off) : len;
	memset((uint8_t *)buf + in, 0, len - in);
	return qcow2_read(b, off, buf, in);
}

void qcow2_backing_close(struct qcow2 *q)
{
	qcow2_close(q->backing.q);
	q->backing.q = NULL;
	if (q->backing.fd >= 0)
		close(q->backing.fd);
	q->backing.fd = -1;
}
