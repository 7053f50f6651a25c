// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-blk (virtio 1.1, 5.2): one request queue on a raw image. A
 * request is a 16-byte header the device reads (le32 type, le32
 * reserved, le64 sector), the data, and a status byte the device writes
 * last (5.2.6). Reads and writes go to the file through libaio
 * (blk_aio.c) and complete on the main thread; the used ring and the
 * interrupt are updated there, under the device lock.
 *
 * A request the device can answer but not serve (bad sector range,
 * length not whole sectors, write to a read-only disk, host I/O error)
 * fails with VIRTIO_BLK_S_IOERR; an unknown type with UNSUPP. One it
 * cannot even answer (no header, no status byte) puts the device in
 * DEVICE_NEEDS_RESET, as QEMU's virtio_error() does. A driver without
 * VIRTIO_BLK_F_FLUSH gets write-through (virtio_blk_write_through).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../block/blk_aio.h"
#include "virtio.h"

/* 5.2.3 feature bits. */
#define VIRTIO_BLK_F_SEG_MAX	2
#define VIRTIO_BLK_F_RO		5
#define VIRTIO_BLK_F_BLK_SIZE	6
#define VIRTIO_BLK_F_FLUSH	9

/* 5.2.6 request types and status values. */
#define VIRTIO_BLK_T_IN		0
#define VIRTIO_BLK_T_OUT	1
#define VIRTIO_BLK_T_FLUSH	4
#define VIRTIO_BLK_T_GET_ID	8
#define VIRTIO_BLK_S_OK		0
#define VIRTIO_BLK_S_IOERR	1
#define VIRTIO_BLK_S_UNSUPP	2

#define VIRTIO_BLK_ID_BYTES	20
#define BLK_SECTOR		512
#define BLK_HDR_SIZE		16
/* QEMU's default queue size; segments per request leave room for header and status. */
#define BLK_QUEUE_SIZE		256
#define BLK_SEG_MAX		(BLK_QUEUE_SIZE - 2)
/*
 * Largest transfer served: Linux sends at most seg_max segments of 64 KiB
 * (BLK_MAX_SEGMENT_SIZE), 16 MiB; the cap bounds what a hostile guest can
 * make the host allocate for an O_DIRECT bounce buffer.
 */
#define BLK_MAX_TRANSFER	(128u << 20)

/* 5.2.4 config layout offsets. */
#define BLK_CFG_CAPACITY	0
#define BLK_CFG_SEG_MAX		12
#define BLK_CFG_BLK_SIZE	20
#define BLK_CFG_SIZE		36

struct virtio_blk {
	struct virtio_dev *vdev;
	struct blk_file file;
	char serial[VIRTIO_BLK_ID_BYTES];
	bool writethrough;		/* cache=writethrough|directsync */
	bool resetting;			/* draining: drop completions */
	bool completed;			/* used ring changed since the last notify */
};

struct blk_req {
	struct blk_io io;		/* first: the completion gets us back */
	struct virtio_blk *blk;
	struct virtq *vq;
	struct virtq_elem *elem;
	uint32_t data_len;
	struct iovec iov[];
};

static void blk_finish(struct virtio_blk *blk, struct virtq *vq,
		       struct virtq_elem *e, uint8_t status, uint32_t data_len)
{
	virtq_elem_write(e, e->in_len - 1, &status, 1);
	virtq_push(vq, e, data_len + 1);
	blk->completed = true;
}

static void blk_io_done(struct blk_io *io, long res)
{
	struct blk_req *req = (struct blk_req *)io;
	struct virtio_blk *blk = req->blk;
	uint8_t status = VIRTIO_BLK_S_OK;

	if (blk->resetting) {
		virtq_elem_free(req->elem);
	} else {
		if (res < 0 || (size_t)res != io->len)
			status = VIRTIO_BLK_S_IOERR;
		blk_finish(blk, req->vq, req->elem, status,
			   io->op == BLK_READ && !status ? req->data_len : 0);
	}
	free(req);
}

/* iovecs for bytes [off, off+len) of the readable or writable segments. */
static int blk_map_data(const struct virtq_elem *e, bool writable, uint64_t off,
			uint64_t len, struct iovec *iov)
{
	unsigned int first = writable ? e->nout : 0;
	unsigned int end = writable ? e->nout + e->nin : e->nout;
	int n = 0;

	for (unsigned int i = first; i < end && len; i++) {
		uint64_t seg = e->seg[i].len, take;

		if (off >= seg) {
			off -= seg;
			continue;
		}
		take = seg - off < len ? seg - off : len;
		iov[n].iov_base = (uint8_t *)e->seg[i].host + off;
		iov[n++].iov_len = take;
		len -= take;
		off = 0;
	}
	return n;
}

static bool blk_range_ok(const struct virtio_blk *blk, uint64_t sector,
			 uint64_t len)
{
	uint64_t capacity = blk->file.size / BLK_SECTOR;

	return len % BLK_SECTOR == 0 && len <= BLK_MAX_TRANSFER &&
	       sector <= capacity && len / BLK_SECTOR <= capacity - sector;
}

/*
 * A driver that did not accept VIRTIO_BLK_F_FLUSH (5.2.3) cannot ask for
 * a flush, and Linux then assumes no write cache (virtblk_get_cache_mode),
 * so writes must be stable when they complete: QEMU likewise turns its
 * write cache off for such a guest (blk_set_enable_write_cache on the
 * feature, virtio_blk_set_features). With FLUSH, writes are cached until
 * the guest flushes.
 */
static bool virtio_blk_write_through(struct virtio_blk *blk)
{
	return blk->writethrough ||
	       !(virtio_features(blk->vdev) & 1ULL << VIRTIO_BLK_F_FLUSH);
}

static int blk_submit(struct virtio_blk *blk, struct virtq *vq,
		      struct virtq_elem *e, enum blk_op op, uint64_t sector,
		      uint64_t len)
{
	bool write = op == BLK_WRITE;
	struct blk_req *req = calloc(1, sizeof(*req) + e->nout * sizeof(req->iov[0]) +
				     e->nin * sizeof(req->iov[0]));
	int ret;

	if (!req)
		return -ENOMEM;
	*req = (struct blk_req){ .blk = blk, .vq = vq, .elem = e,
				 .data_len = (uint32_t)len };
	req->io.op = op;
	req->io.offset = sector * BLK_SECTOR;
	req->io.len = len;
	req->io.iov = req->iov;
	req->io.done = blk_io_done;
	req->io.stable = write && virtio_blk_write_through(blk);
	if (op != BLK_FLUSH)
		req->io.iovcnt = blk_map_data(e, !write, write ? BLK_HDR_SIZE : 0,
					      len, req->iov);
	ret = blk_file_submit(&blk->file, &req->io);
	if (ret)
		free(req);
	return ret;
}

/* IN and OUT: check the range, then start the transfer. */
static uint8_t blk_rw(struct virtio_blk *blk, struct virtq *vq,
		      struct virtq_elem *e, bool write, uint64_t sector)
{
	uint64_t len = write ? e->out_len - BLK_HDR_SIZE : e->in_len - 1;

	if (write && blk->file.readonly)
		return VIRTIO_BLK_S_IOERR;
	if (!blk_range_ok(blk, sector, len)) {
		virtio_guest_error(blk->vdev, "%s of %llu bytes at sector %llu: out of range or not whole sectors",
				   write ? "write" : "read", (unsigned long long)len,
				   (unsigned long long)sector);
		return VIRTIO_BLK_S_IOERR;
	}
	if (len == 0)
		return VIRTIO_BLK_S_OK;
	if (blk_submit(blk, vq, e, write ? BLK_WRITE : BLK_READ, sector, len))
		return VIRTIO_BLK_S_IOERR;
	return 0xff;			/* in flight */
}

static void blk_get_id(struct virtio_blk *blk, struct virtq *vq,
		       struct virtq_elem *e)
{
	uint64_t room = e->in_len - 1;
	uint32_t n = room < VIRTIO_BLK_ID_BYTES ? (uint32_t)room : VIRTIO_BLK_ID_BYTES;

	virtq_elem_write(e, 0, blk->serial, n);
	blk_finish(blk, vq, e, VIRTIO_BLK_S_OK, n);
}

/* Serve one popped request; completes it now or when its I/O is done. */
static void blk_handle(struct virtio_blk *blk, struct virtq *vq,
		       struct virtq_elem *e)
{
	uint8_t hdr[BLK_HDR_SIZE], status;
	uint32_t type;
	uint64_t sector;

	virtq_elem_read(e, 0, hdr, sizeof(hdr));
	memcpy(&type, hdr, 4);
	memcpy(&sector, hdr + 8, 8);
	switch (type) {
	case VIRTIO_BLK_T_IN:
	case VIRTIO_BLK_T_OUT:
		status = blk_rw(blk, vq, e, type == VIRTIO_BLK_T_OUT, sector);
		break;
	case VIRTIO_BLK_T_FLUSH:
		status = blk_submit(blk, vq, e, BLK_FLUSH, 0, 0) ?
			 VIRTIO_BLK_S_IOERR : 0xff;
		break;
	case VIRTIO_BLK_T_GET_ID:
		blk_get_id(blk, vq, e);
		return;
	default:
		status = VIRTIO_BLK_S_UNSUPP;
		break;
	}
	if (status != 0xff)
		blk_finish(blk, vq, e, status, 0);
}

static void virtio_blk_notify(void *opaque, unsigned int queue)
{
	struct virtio_blk *blk = opaque;
	struct virtq *vq = virtio_queue(blk->vdev, queue);
	struct virtq_elem *e;

	while (virtq_pop(vq, &e) == 1) {
		if (e->out_len < BLK_HDR_SIZE || e->in_len < 1) {
			virtq_elem_free(e);
			virtio_set_needs_reset(blk->vdev,
					       "request without a header or a status byte");
			break;
		}
		blk_handle(blk, vq, e);
	}
	if (blk->completed) {
		blk->completed = false;
		virtq_notify(vq);
	}
}

/* Requests in flight finish first; their completions are dropped. */
static void virtio_blk_reset(void *opaque)
{
	struct virtio_blk *blk = opaque;

	blk->resetting = true;
	blk_file_drain(&blk->file);
	blk->resetting = false;
	blk->completed = false;
}

void virtio_blk_complete(void *opaque)
{
	struct virtio_blk *blk = opaque;

	virtio_lock(blk->vdev);
	blk_file_reap(&blk->file);
	if (blk->completed) {
		blk->completed = false;
		virtq_notify(virtio_queue(blk->vdev, 0));
	}
	virtio_unlock(blk->vdev);
}

/*
 * Before a snapshot (device lock held): wait for every request in flight
 * and complete it into the used ring, so no request lives outside guest
 * RAM and the queue's indices.
 */
void virtio_blk_drain(struct virtio_blk *blk)
{
	blk_file_drain(&blk->file);
	if (blk->completed) {
		blk->completed = false;
		virtq_notify(virtio_queue(blk->vdev, 0));
	}
}

static const struct virtio_dev_ops virtio_blk_ops = {
	.notify = virtio_blk_notify,
	.reset = virtio_blk_reset,
};

static void virtio_blk_fill_config(struct virtio_blk *blk)
{
	uint8_t *cfg = virtio_config(blk->vdev);
	uint64_t capacity = blk->file.size / BLK_SECTOR;
	uint32_t seg_max = BLK_SEG_MAX, blk_size = BLK_SECTOR;

	memcpy(cfg + BLK_CFG_CAPACITY, &capacity, 8);
	memcpy(cfg + BLK_CFG_SEG_MAX, &seg_max, 4);
	memcpy(cfg + BLK_CFG_BLK_SIZE, &blk_size, 4);
}

static int virtio_blk_init_dev(struct virtio_blk *blk,
			       const struct virtio_host *host, bool readonly,
			       struct av_err *err)
{
	struct virtio_dev_info info = {
		.name = "virtio-blk",
		.device_id = VIRTIO_ID_BLOCK,
		.features = 1ULL << VIRTIO_BLK_F_SEG_MAX |
			    1ULL << VIRTIO_BLK_F_BLK_SIZE |
			    1ULL << VIRTIO_BLK_F_FLUSH,
		.num_queues = 1,
		.queue_max = BLK_QUEUE_SIZE,
		.config_size = BLK_CFG_SIZE,
	};

	if (readonly)
		info.features |= 1ULL << VIRTIO_BLK_F_RO;
	blk->vdev = virtio_dev_create(&info, &virtio_blk_ops, blk, host, err);
	if (!blk->vdev)
		return -err->code;
	virtio_blk_fill_config(blk);
	return 0;
}

/* QEMU probes an image without format=; we only say what we cannot read. */
static int virtio_blk_check_format(struct virtio_blk *blk,
				   const struct virtio_blk_conf *conf,
				   struct av_err *err)
{
	const char *fmt = conf->probe ? blk_probe_format(blk->file.fd) : NULL;

	if (!fmt)
		return 0;
	blk_file_close(&blk->file);
	return av_errf(err, EINVAL,
		       "%s is a %s image: only raw images are supported (format=raw)",
		       conf->path, fmt);
}

/*
 * Under -snapshot the image is only read (QEMU opens the backing image
 * read-only too), through the overlay's plain preadv: no O_DIRECT, which
 * would need aligned guest buffers there.
 */
static int virtio_blk_open(struct virtio_blk *blk,
			   const struct virtio_blk_conf *conf, struct av_err *err)
{
	bool ro = conf->readonly || conf->snapshot;
	int ret = blk_file_open(&blk->file, conf->path, ro,
				conf->direct && !conf->snapshot, !conf->no_lock, err);

	if (!ret)
		ret = virtio_blk_check_format(blk, conf, err);
	if (ret)
		return ret;
	blk->file.no_flush = conf->no_flush;
	blk->writethrough = conf->writethrough;
	if (conf->snapshot && !conf->readonly) {
		ret = blk_file_snapshot(&blk->file, err);
		blk->file.readonly = false;
	}
	if (ret)
		blk_file_close(&blk->file);
	return ret;
}

struct virtio_blk *virtio_blk_create(const struct virtio_host *host,
				     const struct virtio_blk_conf *conf,
				     struct av_err *err)
{
	struct virtio_blk *blk = calloc(1, sizeof(*blk));

	if (!blk) {
		av_errf(err, ENOMEM, "virtio-blk: out of memory");
		return NULL;
	}
	/* Not NUL-terminated when 20 bytes long (5.2.6 GET_ID). */
	if (conf->serial)
		memcpy(blk->serial, conf->serial,
		       strnlen(conf->serial, sizeof(blk->serial)));
	if (virtio_blk_open(blk, conf, err)) {
		free(blk);
		return NULL;
	}
	if (virtio_blk_init_dev(blk, host, conf->readonly, err)) {
		blk_file_close(&blk->file);
		free(blk);
		return NULL;
	}
	return blk;
}

void virtio_blk_destroy(struct virtio_blk *blk)
{
	if (!blk)
		return;
	blk->resetting = true;
	blk_file_close(&blk->file);
	virtio_dev_destroy(blk->vdev);
	free(blk);
}

struct virtio_dev *virtio_blk_dev(struct virtio_blk *blk)
{
	return blk->vdev;
}

void virtio_blk_get_stats(const struct virtio_blk *blk,
			  struct virtio_blk_stats *st)
{
	st->stable_writes = blk->file.stable_writes;
}

int virtio_blk_event_fd(const struct virtio_blk *blk)
{
	return blk->file.efd;
}
