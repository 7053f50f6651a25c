// SPDX-License-Identifier: GPL-2.0
/*
 * Raw image files on Linux native AIO (see blk_aio.h). Completions are
 * signalled on an eventfd (io_set_eventfd) and collected without waiting
 * (io_getevents with a zero timeout) by the main loop. A flush is an
 * asynchronous fdatasync (IOCB_CMD_FDSYNC, Linux 4.18+), done
 * synchronously on kernels that refuse it.
 *
 * With O_DIRECT (cache=none) memory, offsets and lengths must be aligned
 * to the logical block size (open(2), "O_DIRECT"); a request whose guest
 * buffers are not goes through one aligned bounce buffer.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "blk_aio.h"
#include "util.h"

static int blk_file_size(struct blk_file *f, const char *path,
			 struct av_err *err)
{
	struct stat st;

	if (fstat(f->fd, &st) < 0)
		return av_errf_errno(err, errno, "%s", path);
	if (S_ISBLK(st.st_mode)) {
		if (ioctl(f->fd, BLKGETSIZE64, &f->size) < 0)
			return av_errf_errno(err, errno, "%s", path);
		return 0;
	}
	if (!S_ISREG(st.st_mode))
		return av_errf(err, EINVAL, "%s: not a regular file or block device",
			       path);
	f->size = (uint64_t)st.st_size;
	return 0;
}

static int blk_file_open_fd(struct blk_file *f, const char *path,
			    struct av_err *err)
{
	int flags = (f->readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC;

	if (f->direct)
		flags |= O_DIRECT;
	f->fd = open(path, flags);
	if (f->fd >= 0)
		return 0;
	if (errno == EINVAL && f->direct)
		return av_errf(err, EINVAL,
			       "%s: cache=none needs O_DIRECT, which this file system refuses",
			       path);
	return av_errf_errno(err, errno, "could not open disk image %s", path);
}

/*
 * QEMU's image locking (block/file-posix.c, raw_apply_lock_bytes and
 * raw_check_lock_bytes): OFD read locks on single bytes, 100 + bit for
 * each permission held and 200 + bit for each one not shared; another
 * open file description holding the opposite byte is a conflict. Using
 * QEMU's layout keeps QEMU and armvisor off each other's images too.
 * virtio-blk holds "consistent read" (bit 0), "write" (bit 1) unless
 * read-only, and shares everything but write (QEMU without share-rw).
 */
#define BLK_LOCK_PERM_BASE	100
#define BLK_LOCK_SHARED_BASE	200
#define BLK_PERM_READ		0
#define BLK_PERM_WRITE		1

/* F_OFD_SETLK a read lock on byte off, or (test) ask whether another holds it. */
static int blk_lock_byte(int fd, bool test, int off)
{
	struct flock fl = {
		.l_type = test ? F_WRLCK : F_RDLCK, .l_whence = SEEK_SET,
		.l_start = off, .l_len = 1,
	};

	if (fcntl(fd, test ? F_OFD_GETLK : F_OFD_SETLK, &fl) < 0)
		return errno == EACCES ? -EAGAIN : -errno;
	return test && fl.l_type != F_UNLCK ? -EAGAIN : 0;
}

static int blk_lock_take(const struct blk_file *f)
{
	int ret = blk_lock_byte(f->fd, false, BLK_LOCK_PERM_BASE + BLK_PERM_READ);

	if (!ret && !f->readonly)
		ret = blk_lock_byte(f->fd, false, BLK_LOCK_PERM_BASE + BLK_PERM_WRITE);
	if (!ret)
		ret = blk_lock_byte(f->fd, false, BLK_LOCK_SHARED_BASE + BLK_PERM_WRITE);
	return ret;
}

/* Does another user refuse what we hold, or hold what we refuse? *what names it. */
static int blk_lock_check(const struct blk_file *f, const char **what)
{
	int ret;

	*what = "\"consistent read\"";
	ret = blk_lock_byte(f->fd, true, BLK_LOCK_SHARED_BASE + BLK_PERM_READ);
	if (!ret && !f->readonly) {
		*what = "\"write\"";
		ret = blk_lock_byte(f->fd, true, BLK_LOCK_SHARED_BASE + BLK_PERM_WRITE);
	}
	if (!ret) {
		*what = "shared \"write\"";
		ret = blk_lock_byte(f->fd, true, BLK_LOCK_PERM_BASE + BLK_PERM_WRITE);
	}
	return ret;
}

static int blk_file_lock(const struct blk_file *f, const char *path,
			 struct av_err *err)
{
	const char *what = "";
	int ret = blk_lock_take(f);

	if (!ret)
		ret = blk_lock_check(f, &what);
	if (ret == -EAGAIN)
		return av_errf(err, EBUSY,
			       "disk image %s is in use by another process (failed to get %s lock): stop the other VM, open the image with readonly=on in both, or give file.locking=off if sharing it is safe",
			       path, what);
	if (ret)
		return av_errf_errno(err, -ret,
				     "%s: could not lock the disk image (file.locking=off goes without)",
				     path);
	return 0;
}

int blk_lock_image(int fd, bool readonly, const char *path, struct av_err *err)
{
	struct blk_file f = { .fd = fd, .readonly = readonly };

	return blk_file_lock(&f, path, err);
}

int blk_file_open(struct blk_file *f, const char *path, bool readonly,
		  bool direct, bool lock, struct av_err *err)
{
	int ret;

	memset(f, 0, sizeof(*f));
	f->efd = -1;
	f->overlay.fd = -1;
	f->readonly = readonly;
	f->direct = direct;
	ret = blk_file_open_fd(f, path, err);
	if (!ret)
		ret = blk_file_size(f, path, err);
	if (!ret && lock)
		ret = blk_file_lock(f, path, err);
	if (ret)
		goto fail;
	f->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (f->efd < 0) {
		ret = av_errf_errno(err, errno, "eventfd");
		goto fail;
	}
	ret = io_setup(BLK_AIO_DEPTH, &f->ctx);
	if (ret < 0) {
		f->ctx = 0;
		ret = av_errf_errno(err, -ret, "%s: io_setup", path);
		goto fail;
	}
	return 0;
fail:
	blk_file_close(f);
	return ret;
}

void blk_file_close(struct blk_file *f)
{
	if (f->ctx) {
		blk_file_drain(f);
		io_destroy(f->ctx);
	}
	if (f->efd >= 0)
		close(f->efd);
	if (f->fd >= 0)
		close(f->fd);
	blk_overlay_close(&f->overlay);
	f->ctx = 0;
	f->efd = f->fd = -1;
}

static bool blk_aligned(const struct blk_io *io)
{
	if (io->offset % BLK_DIRECT_ALIGN || io->len % BLK_DIRECT_ALIGN)
		return false;
	for (int i = 0; i < io->iovcnt; i++)
		if ((uintptr_t)io->iov[i].iov_base % BLK_DIRECT_ALIGN ||
		    io->iov[i].iov_len % BLK_DIRECT_ALIGN)
			return false;
	return true;
}

/* Copy the first n bytes between the guest's buffers and the bounce buffer. */
static void blk_bounce_copy(struct blk_io *io, bool to_bounce, size_t n)
{
	uint8_t *b = io->bounce;

	for (int i = 0; i < io->iovcnt && n; i++) {
		size_t take = io->iov[i].iov_len < n ? io->iov[i].iov_len : n;

		if (to_bounce)
			memcpy(b, io->iov[i].iov_base, take);
		else
			memcpy(io->iov[i].iov_base, b, take);
		b += take;
		n -= take;
	}
}

/* Zero the guest's buffers from byte from on. */
static void blk_iov_zero(struct blk_io *io, size_t from)
{
	for (int i = 0; i < io->iovcnt; i++) {
		size_t seg = io->iov[i].iov_len;

		if (from >= seg) {
			from -= seg;
			continue;
		}
		memset((uint8_t *)io->iov[i].iov_base + from, 0, seg - from);
		from = 0;
	}
}

/*
 * A read gives the guest the bytes read and zeros after them: a short
 * read (the image shrank) or a failed one must not hand it the bounce
 * buffer's old heap contents. Zeros are what QEMU's linux-aio.c pads
 * short reads with (the caller still fails the request).
 */
static void blk_read_done(struct blk_io *io, long res)
{
	size_t got = res > 0 ? (size_t)res : 0;

	if (got > io->len)
		got = io->len;
	if (io->bounce)
		blk_bounce_copy(io, false, got);
	if (got < io->len)
		blk_iov_zero(io, got);
}

/*
 * A write-through write carries RWF_DSYNC (pwritev2(2); aio_rw_flags since
 * Linux 4.13): it completes once its data and the metadata needed to read
 * it back are on stable storage, like a write followed by fdatasync.
 */
static void blk_prep_stable(struct blk_file *f, struct blk_io *io)
{
	if (io->op == BLK_WRITE && io->stable && !f->no_rwf_dsync)
		io->cb.aio_rw_flags = RWF_DSYNC;
}

/* The iocb of a read or write, through a bounce buffer if needed. */
static int blk_prep_rw_cb(struct blk_file *f, struct blk_io *io)
{
	bool write = io->op == BLK_WRITE;
	size_t blen;

	io->bounce = NULL;
	if (!f->direct || blk_aligned(io)) {
		if (write)
			io_prep_pwritev(&io->cb, f->fd, io->iov, io->iovcnt,
					(long long)io->offset);
		else
			io_prep_preadv(&io->cb, f->fd, io->iov, io->iovcnt,
				       (long long)io->offset);
		return 0;
	}
	/* Offsets are whole sectors; lengths round up to the block size. */
	blen = (io->len + BLK_DIRECT_ALIGN - 1) / BLK_DIRECT_ALIGN * BLK_DIRECT_ALIGN;
	if (posix_memalign(&io->bounce, 4096, blen ? blen : BLK_DIRECT_ALIGN))
		return -ENOMEM;
	memset((uint8_t *)io->bounce + io->len, 0, blen - io->len);
	if (write)
		blk_bounce_copy(io, true, io->len);
	if (write)
		io_prep_pwrite(&io->cb, f->fd, io->bounce, io->len, (long long)io->offset);
	else
		io_prep_pread(&io->cb, f->fd, io->bounce, io->len, (long long)io->offset);
	return 0;
}

/* Fill io->cb for a read or write, through a bounce buffer if needed. */
static int blk_prep_rw(struct blk_file *f, struct blk_io *io)
{
	int ret = blk_prep_rw_cb(f, io);

	if (!ret)
		blk_prep_stable(f, io);
	return ret;
}

/*
 * A write-through write that went without RWF_DSYNC (old kernel) is made
 * stable here, before the guest hears of it; one that did is counted.
 */
static long blk_write_done(struct blk_file *f, struct blk_io *io, long res)
{
	if (!io->stable || res < 0 || (size_t)res != io->len)
		return res;
	if (!(io->cb.aio_rw_flags & RWF_DSYNC) && fdatasync(f->fd) < 0)
		return -errno;
	f->stable_writes++;
	return res;
}

static void blk_complete(struct blk_file *f, struct blk_io *io, long res)
{
	if (io->op == BLK_READ)
		blk_read_done(io, res);
	else if (io->op == BLK_WRITE)
		res = blk_write_done(f, io, res);
	free(io->bounce);
	io->bounce = NULL;
	f->inflight--;
	io->done(io, res);
}

/* Complete io now, from inside blk_file_submit. */
static void blk_complete_now(struct blk_file *f, struct blk_io *io, long res)
{
	f->inflight++;
	blk_complete(f, io, res);
}

/* Kernels before 4.18 refuse IOCB_CMD_FDSYNC: flush now instead. */
static void blk_flush_sync(struct blk_file *f, struct blk_io *io)
{
	blk_complete_now(f, io, fdatasync(f->fd) < 0 ? -errno : 0);
}

int blk_file_snapshot(struct blk_file *f, struct av_err *err)
{
	int ret = blk_overlay_open(&f->overlay, f->size, err);

	/* Nothing the overlay holds outlives the process: no flush to do. */
	if (!ret)
		f->no_flush = true;
	return ret;
}

/*
 * What does not go to libaio: a flush with nothing to flush (cache=unsafe,
 * -snapshot), and requests through the overlay. 1 when io was completed.
 */
static int blk_submit_sync(struct blk_file *f, struct blk_io *io)
{
	long res;

	if (io->op == BLK_FLUSH && f->no_flush) {
		blk_complete_now(f, io, 0);
		return 1;
	}
	if (f->overlay.fd < 0 || io->op == BLK_FLUSH)
		return 0;
	io->stable = false;
	res = blk_overlay_rw(&f->overlay, f->fd, io->op == BLK_WRITE, io->offset,
			     io->iov, io->iovcnt, io->len);
	blk_complete_now(f, io, res);
	return 1;
}

static int blk_submit_cb(struct blk_file *f, struct blk_io *io)
{
	struct iocb *cbp = &io->cb;

	io_set_eventfd(&io->cb, f->efd);
	io->cb.data = io;
	return io_submit(f->ctx, 1, &cbp);
}

int blk_file_submit(struct blk_file *f, struct blk_io *io)
{
	int ret;

	io->bounce = NULL;
	io->cb.aio_rw_flags = 0;
	if (blk_submit_sync(f, io))
		return 0;
	if (io->op == BLK_FLUSH) {
		io_prep_fdsync(&io->cb, f->fd);
	} else {
		ret = blk_prep_rw(f, io);
		if (ret)
			return ret;
	}
	ret = blk_submit_cb(f, io);
	if (ret == -EINVAL && io->cb.aio_rw_flags) {
		/* Before Linux 4.13: no aio_rw_flags; fdatasync on completion. */
		f->no_rwf_dsync = true;
		io->cb.aio_rw_flags = 0;
		ret = blk_submit_cb(f, io);
	}
	if (ret == 1) {
		f->inflight++;
		return 0;
	}
	free(io->bounce);
	io->bounce = NULL;
	if (io->op == BLK_FLUSH && ret == -EINVAL) {
		blk_flush_sync(f, io);
		return 0;
	}
	return ret < 0 ? ret : -EAGAIN;
}

/* Collect finished events; wait for at least min_nr. */
static int blk_collect(struct blk_file *f, long min_nr, struct timespec *ts)
{
	struct io_event ev[32];
	int n = io_getevents(f->ctx, min_nr, 32, ev, ts);

	for (int i = 0; i < n; i++)
		blk_complete(f, ev[i].data, (long)ev[i].res);
	return n;
}

void blk_file_reap(struct blk_file *f)
{
	struct timespec zero = { 0, 0 };
	uint64_t count;

	/* Clear the eventfd first, so a completion after this wakes us again. */
	if (read(f->efd, &count, sizeof(count)) < 0 && errno != EAGAIN)
		return;
	while (f->inflight && blk_collect(f, 0, &zero) > 0)
		;
}

void blk_file_drain(struct blk_file *f)
{
	uint64_t count;

	while (f->inflight) {
		int n = blk_collect(f, 1, NULL);

		if (n < 0 && n != -EINTR)
			break;
	}
	if (read(f->efd, &count, sizeof(count)) < 0)
		return;
}

/* Magic numbers of image formats (their specifications' headers). */
static const struct {
	const char *name;
	unsigned int off;
	const char *magic;
	unsigned int len;
} blk_formats[] = {
	{ "qcow2", 0, "QFI\xfb", 4 },
	{ "qed", 0, "QED\0", 4 },
	{ "vmdk", 0, "KDMV", 4 },
	{ "vmdk", 0, "# Disk DescriptorFile", 21 },
	{ "vdi", 0x40, "\x7f\x10\xda\xbe", 4 },
	{ "vhdx", 0, "vhdxfile", 8 },
	{ "vpc", 0, "conectix", 8 },
	{ "luks", 0, "LUKS\xba\xbe", 6 },
};

const char *blk_probe_format(int fd)
{
	void *buf;
	ssize_t n;
	const char *found = NULL;

	if (posix_memalign(&buf, 4096, 4096))
		return NULL;
	n = pread(fd, buf, 4096, 0);
	for (size_t i = 0; n > 0 && i < ARRAY_SIZE(blk_formats); i++)
		if (blk_formats[i].off + blk_formats[i].len <= (size_t)n &&
		    !memcmp((uint8_t *)buf + blk_formats[i].off, blk_formats[i].magic,
			    blk_formats[i].len))
			found = blk_formats[i].name;
	free(buf);
	return found;
}
