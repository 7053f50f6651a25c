// SPDX-License-Identifier: GPL-2.0
/*
 * -snapshot (qemu-options.hx "-snapshot": "write to temporary files
 * instead of disk image files"): a copy-on-write layer under virtio-blk,
 * see blk_aio.h. QEMU puts a temporary qcow2 image over the real one; we
 * keep the same promise (the image is opened read-only and never
 * written; the guest reads back its own writes; everything is gone at
 * exit) with a sparse raw file of the image's size and a sector bitmap.
 *
 * The temporary file is created unlinked (O_TMPFILE, else mkstemp then
 * unlink) at set-up, before the sandbox forbids creating files, and in
 * $TMPDIR or /var/tmp as QEMU's get_tmp_filename(). Requests are served
 * synchronously with preadv/pwritev, which every sandbox list that runs
 * devices allows; the guest's sector and length were range-checked by
 * virtio-blk, and are checked again here since a bad one would index the
 * bitmap.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "blk_aio.h"

#define OVL_SECTOR	512
/* iovecs a preadv/pwritev takes at once (IOV_MAX is 1024 on Linux). */
#define OVL_IOV_MAX	1024

static const char *overlay_dir(void)
{
	const char *dir = getenv("TMPDIR");

	return dir && *dir ? dir : "/var/tmp";
}

static int overlay_tmpfile(const char *dir)
{
	char path[PATH_MAX];
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);

	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR))
		return fd;
	/* File systems without O_TMPFILE: a named file, unlinked at once. */
	if (snprintf(path, sizeof(path), "%s/armvisor-snapshot.XXXXXX", dir) >=
	    (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkostemp(path, O_CLOEXEC);
	if (fd >= 0)
		unlink(path);
	return fd;
}

int blk_overlay_open(struct blk_overlay *o, uint64_t size, struct av_err *err)
{
	const char *dir = overlay_dir();

	o->sectors = size / OVL_SECTOR;
	o->map = calloc(o->sectors / 64 + 1, sizeof(*o->map));
	if (!o->map) {
		o->fd = -1;
		return av_errf(err, ENOMEM, "snapshot: out of memory for the sector map");
	}
	o->fd = overlay_tmpfile(dir);
	if (o->fd < 0 || ftruncate(o->fd, (off_t)size) < 0) {
		int e = errno;

		blk_overlay_close(o);
		return av_errf_errno(err, e,
				     "snapshot: cannot create a temporary file in %s (set TMPDIR)",
				     dir);
	}
	return 0;
}

void blk_overlay_close(struct blk_overlay *o)
{
	if (o->fd >= 0)
		close(o->fd);
	free(o->map);
	o->fd = -1;
	o->map = NULL;
	o->sectors = 0;
}

static bool overlay_has(const struct blk_overlay *o, uint64_t s)
{
	return o->map[s / 64] >> (s % 64) & 1;
}

static void overlay_mark(struct blk_overlay *o, uint64_t first, uint64_t n)
{
	for (uint64_t s = first; s < first + n; s++)
		o->map[s / 64] |= 1ULL << (s % 64);
}

/* out = the iovecs of bytes [off, off+len) of iov; returns how many. */
static int overlay_iov_slice(const struct iovec *iov, int iovcnt, size_t off,
			     size_t len, struct iovec *out)
{
	int n = 0;

	for (int i = 0; i < iovcnt && len && n < OVL_IOV_MAX; i++) {
		size_t seg = iov[i].iov_len, take;

		if (off >= seg) {
			off -= seg;
			continue;
		}
		take = seg - off < len ? seg - off : len;
		out[n].iov_base = (uint8_t *)iov[i].iov_base + off;
		out[n++].iov_len = take;
		len -= take;
		off = 0;
	}
	return n;
}

/* Bytes [off, off+len) of the request from or to fd at file offset pos. */
static long overlay_io(int fd, bool write, uint64_t pos, const struct iovec *iov,
		       int iovcnt, size_t off, size_t len)
{
	struct iovec *part = calloc(iovcnt < OVL_IOV_MAX ? (size_t)iovcnt : OVL_IOV_MAX,
				    sizeof(*part));
	size_t done = 0;

	if (!part)
		return -ENOMEM;
	while (done < len) {
		int n = overlay_iov_slice(iov, iovcnt, off + done, len - done, part);
		ssize_t r = write ? pwritev(fd, part, n, (off_t)(pos + done)) :
				    preadv(fd, part, n, (off_t)(pos + done));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		done += (size_t)r;
	}
	free(part);
	return (long)done;
}

/* Sectors from first on that share first's source, at most max. */
static uint64_t overlay_run(const struct blk_overlay *o, uint64_t first,
			    uint64_t max)
{
	bool in = overlay_has(o, first);
	uint64_t n = 1;

	while (n < max && overlay_has(o, first + n) == in)
		n++;
	return n;
}

/* The raw image below: a plain preadv of its file. */
static long overlay_below_fd(void *opaque, uint64_t pos, const struct iovec *iov,
			     int iovcnt, size_t off, size_t len)
{
	return overlay_io(*(int *)opaque, false, pos, iov, iovcnt, off, len);
}

static long overlay_read(struct blk_overlay *o, blk_overlay_below_fn below,
			 void *opaque, uint64_t offset, const struct iovec *iov,
			 int iovcnt, size_t len)
{
	uint64_t first = offset / OVL_SECTOR, count = len / OVL_SECTOR;
	size_t done = 0;

	while (count) {
		uint64_t n = overlay_run(o, first, count);
		size_t bytes = (size_t)n * OVL_SECTOR;
		long r = overlay_has(o, first) ?
			 overlay_io(o->fd, false, first * OVL_SECTOR, iov, iovcnt, done, bytes) :
			 below(opaque, first * OVL_SECTOR, iov, iovcnt, done, bytes);

		if (r < 0)
			return done ? (long)done : r;
		done += (size_t)r;
		if ((size_t)r != bytes)
			break;
		first += n;
		count -= n;
	}
	return (long)done;
}

long blk_overlay_rw(struct blk_overlay *o, int image_fd, bool write,
		    uint64_t offset, const struct iovec *iov, int iovcnt,
		    size_t len)
{
	return blk_overlay_rw_via(o, overlay_below_fd, &image_fd, write, offset,
				  iov, iovcnt, len);
}

long blk_overlay_rw_via(struct blk_overlay *o, blk_overlay_below_fn below,
			void *opaque, bool write, uint64_t offset,
			const struct iovec *iov, int iovcnt, size_t len)
{
	long r;

	if (offset % OVL_SECTOR || len % OVL_SECTOR || offset / OVL_SECTOR > o->sectors ||
	    len / OVL_SECTOR > o->sectors - offset / OVL_SECTOR || len > LONG_MAX)
		return -EINVAL;
	if (!write)
		return overlay_read(o, below, opaque, offset, iov, iovcnt, len);
	r = overlay_io(o->fd, true, offset, iov, iovcnt, 0, len);
	/* Only whole sectors that reached the overlay are taken from it. */
	if (r > 0)
		overlay_mark(o, offset / OVL_SECTOR, (uint64_t)r / OVL_SECTOR);
	return r;
}
