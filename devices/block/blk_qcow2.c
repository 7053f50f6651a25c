// SPDX-License-Identifier: GPL-2.0
/*
 * qcow2 images behind the block-driver seam (blk_drv.h). The qcow2 core
 * (qcow2.h) is synchronous, since its metadata writes must reach the disk
 * in order (data, flush, L2, flush, L1); so it runs on one worker thread
 * per image: submit queues the request and returns, the worker serves the
 * queue in order and posts results on an eventfd, and blk_drv_reap runs
 * the completions on the main loop, as libaio's do for raw images. A slow
 * disk stalls the worker, never a vCPU.
 *
 * The guest's buffers are gathered into (and scattered from) one bounce
 * buffer per request; virtio-blk caps a request at 128 MiB.
 *
 * -snapshot: the image (and its chain) is opened read-only, and the
 * guest's writes go to the same sector overlay raw images use
 * (blk_overlay.c), with the qcow2 image as the layer below.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "blk_drv.h"
#include "qcow2.h"
#include "sandbox.h"

struct blk_q2 {
	struct blk_drv drv;		/* first: the ops get us back */
	struct qcow2 *img;
	struct blk_overlay overlay;	/* -snapshot, fd -1: none */
	bool no_flush;
	const struct sandbox *sandbox;
	pthread_t thread;
	bool started;
	pthread_mutex_t lock;
	pthread_cond_t work;		/* the queue is not empty, or stop */
	pthread_cond_t idle;		/* busy fell to 0 */
	struct blk_io *queue, **queue_tail;
	struct blk_io *done, **done_tail;
	unsigned int busy;		/* queued or being served */
	bool stop;
	uint64_t stable_writes;		/* under lock */
};

/* Copy between the request's buffers, from byte off on, and buf. */
static void q2_iov_copy(const struct iovec *iov, int iovcnt, size_t off,
			uint8_t *buf, size_t len, bool to_iov)
{
	for (int i = 0; i < iovcnt && len; i++) {
		size_t seg = iov[i].iov_len, take;

		if (off >= seg) {
			off -= seg;
			continue;
		}
		take = seg - off < len ? seg - off : len;
		if (to_iov)
			memcpy((uint8_t *)iov[i].iov_base + off, buf, take);
		else
			memcpy(buf, (uint8_t *)iov[i].iov_base + off, take);
		buf += take;
		len -= take;
		off = 0;
	}
}

/* blk_overlay's layer below: bytes of the qcow2 disk. */
static long q2_below(void *opaque, uint64_t pos, const struct iovec *iov,
		     int iovcnt, size_t off, size_t len)
{
	uint8_t *buf = malloc(len ? len : 1);
	int ret;

	if (!buf)
		return -ENOMEM;
	ret = qcow2_read(opaque, pos, buf, len);
	if (!ret)
		q2_iov_copy(iov, iovcnt, off, buf, len, true);
	free(buf);
	return ret ? ret : (long)len;
}

static long q2_rw(struct blk_q2 *b, struct blk_io *io)
{
	bool write = io->op == BLK_WRITE;
	uint8_t *buf;
	int ret;

	if (b->overlay.fd >= 0)
		return blk_overlay_rw_via(&b->overlay, q2_below, b->img, write,
					  io->offset, io->iov, io->iovcnt, io->len);
	if (!write)
		return q2_below(b->img, io->offset, io->iov, io->iovcnt, 0, io->len);
	buf = malloc(io->len ? io->len : 1);
	if (!buf)
		return -ENOMEM;
	q2_iov_copy(io->iov, io->iovcnt, 0, buf, io->len, false);
	ret = qcow2_write(b->img, io->offset, buf, io->len);
	free(buf);
	return ret ? ret : (long)io->len;
}

/* Flushes do nothing for cache=unsafe and for the overlay (discarded anyway). */
static int q2_flush(struct blk_q2 *b)
{
	if (b->no_flush || b->overlay.fd >= 0)
		return 0;
	return qcow2_flush(b->img);
}

static long q2_serve(struct blk_q2 *b, struct blk_io *io)
{
	long res;

	switch (io->op) {
	case BLK_READ:
		return q2_rw(b, io);
	case BLK_WRITE:
		res = q2_rw(b, io);
		if (res >= 0 && io->stable && b->overlay.fd < 0) {
			int ret = qcow2_flush(b->img);

			if (ret)
				return ret;
			pthread_mutex_lock(&b->lock);
			b->stable_writes++;
			pthread_mutex_unlock(&b->lock);
		}
		return res;
	case BLK_FLUSH:
		return q2_flush(b);
	case BLK_DISCARD:
		res = qcow2_discard(b->img, io->offset, io->len);
		return res ? res : (long)io->len;
	case BLK_WRITE_ZEROES:
		res = qcow2_write_zeroes(b->img, io->offset, io->len);
		return res ? res : (long)io->len;
	}
	return -EINVAL;
}

static void q2_post(struct blk_q2 *b, struct blk_io *io, long res)
{
	uint64_t one = 1;

	io->res = res;
	io->next = NULL;
	pthread_mutex_lock(&b->lock);
	*b->done_tail = io;
	b->done_tail = &io->next;
	if (--b->busy == 0)
		pthread_cond_broadcast(&b->idle);
	pthread_mutex_unlock(&b->lock);
	if (write(b->drv.efd, &one, sizeof(one)) < 0) {
		/* The counter cannot overflow at one per request: nothing to do. */
	}
}

static void *q2_worker(void *arg)
{
	struct blk_q2 *b = arg;

	sandbox_enter(b->sandbox, SANDBOX_BLOCK);	/* a failure stops the VM */
	pthread_mutex_lock(&b->lock);
	for (;;) {
		struct blk_io *io;

		while (!b->queue && !b->stop)
			pthread_cond_wait(&b->work, &b->lock);
		if (!b->queue)
			break;
		io = b->queue;
		b->queue = io->next;
		if (!b->queue)
			b->queue_tail = &b->queue;
		pthread_mutex_unlock(&b->lock);
		q2_post(b, io, q2_serve(b, io));
		pthread_mutex_lock(&b->lock);
	}
	pthread_mutex_unlock(&b->lock);
	return NULL;
}

static int q2_submit(struct blk_drv *d, struct blk_io *io)
{
	struct blk_q2 *b = (struct blk_q2 *)d;

	if (io->op == BLK_WRITE && d->readonly)
		return -EROFS;
	io->next = NULL;
	pthread_mutex_lock(&b->lock);
	*b->queue_tail = io;
	b->queue_tail = &io->next;
	b->busy++;
	pthread_cond_signal(&b->work);
	pthread_mutex_unlock(&b->lock);
	return 0;
}

static void q2_reap(struct blk_drv *d)
{
	struct blk_q2 *b = (struct blk_q2 *)d;
	struct blk_io *io, *next;
	uint64_t count;

	if (read(d->efd, &count, sizeof(count)) < 0 && errno != EAGAIN)
		return;
	pthread_mutex_lock(&b->lock);
	io = b->done;
	b->done = NULL;
	b->done_tail = &b->done;
	pthread_mutex_unlock(&b->lock);
	for (; io; io = next) {
		next = io->next;
		io->done(io, io->res);
	}
}

static void q2_drain(struct blk_drv *d)
{
	struct blk_q2 *b = (struct blk_q2 *)d;

	pthread_mutex_lock(&b->lock);
	while (b->busy)
		pthread_cond_wait(&b->idle, &b->lock);
	pthread_mutex_unlock(&b->lock);
	q2_reap(d);
}

static void q2_close(struct blk_drv *d)
{
	struct blk_q2 *b = (struct blk_q2 *)d;

	if (b->started) {
		q2_drain(d);
		pthread_mutex_lock(&b->lock);
		b->stop = true;
		pthread_cond_signal(&b->work);
		pthread_mutex_unlock(&b->lock);
		pthread_join(b->thread, NULL);
	}
	qcow2_close(b->img);
	blk_overlay_close(&b->overlay);
	if (d->efd >= 0)
		close(d->efd);
	pthread_mutex_destroy(&b->lock);
	pthread_cond_destroy(&b->work);
	pthread_cond_destroy(&b->idle);
	free(b);
}

static uint64_t q2_stable_writes(const struct blk_drv *d)
{
	struct blk_q2 *b = (struct blk_q2 *)d;
	uint64_t n;

	pthread_mutex_lock(&b->lock);
	n = b->stable_writes;
	pthread_mutex_unlock(&b->lock);
	return n;
}

static const struct blk_drv_ops q2_ops = {
	.submit = q2_submit,
	.reap = q2_reap,
	.drain = q2_drain,
	.close = q2_close,
	.stable_writes = q2_stable_writes,
};

/* The image file, locked as QEMU locks it, then the qcow2 core on it. */
static int q2_open_image(struct blk_q2 *b, const struct blk_drv_conf *c,
			 bool ro, struct av_err *err)
{
	struct qcow2_opts o = { .readonly = ro, .no_sync = c->no_flush };
	int fd = open(c->path, (ro ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return av_errf_errno(err, errno, "could not open disk image %s", c->path);
	if (c->lock) {
		ret = blk_lock_image(fd, ro, c->path, err);
		if (ret) {
			close(fd);
			return ret;
		}
	}
	return qcow2_open(&b->img, fd, c->path, &o, err);
}

static int q2_start(struct blk_q2 *b, const struct blk_drv_conf *c,
		    struct av_err *err)
{
	int ret;

	b->drv.efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (b->drv.efd < 0)
		return av_errf_errno(err, errno, "eventfd");
	if (c->snapshot && !c->readonly) {
		ret = blk_overlay_open(&b->overlay, b->img->size, err);
		if (ret)
			return ret;
	}
	ret = pthread_create(&b->thread, NULL, q2_worker, b);
	if (ret)
		return av_errf_errno(err, ret, "%s: cannot start the qcow2 I/O thread", c->path);
	b->started = true;
	return 0;
}

int blk_qcow2_open(struct blk_drv **out, const struct blk_drv_conf *c,
		   struct av_err *err)
{
	struct blk_q2 *b = calloc(1, sizeof(*b));
	bool ro = c->readonly || c->snapshot;
	int ret;

	if (!b)
		return av_errf(err, ENOMEM, "%s: out of memory", c->path);
	b->drv = (struct blk_drv){ .ops = &q2_ops, .format = "qcow2", .efd = -1 };
	b->overlay.fd = -1;
	b->queue_tail = &b->queue;
	b->done_tail = &b->done;
	b->no_flush = c->no_flush;
	b->sandbox = c->sandbox;
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->work, NULL);
	pthread_cond_init(&b->idle, NULL);
	ret = q2_open_image(b, c, ro, err);
	if (!ret)
		ret = q2_start(b, c, err);
	if (ret) {
		q2_close(&b->drv);
		return ret;
	}
	b->drv.size = b->img->size;
	b->drv.readonly = c->readonly;
	/* Under -snapshot the overlay has no discard: the guest is not offered it. */
	b->drv.can_discard = !ro;
	b->drv.discard_align = (uint32_t)b->img->cluster_size;
	*out = &b->drv;
	return 0;
}
