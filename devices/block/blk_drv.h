/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The block-driver seam under virtio-blk: an image is a blk_drv whatever
 * its format. A request (struct blk_io, blk_aio.h) reads, writes,
 * flushes or discards a byte range and completes through io->done on
 * the thread that calls blk_drv_reap (the main loop, when efd is
 * readable), never on the submitting vCPU thread's time.
 *
 *   raw   (blk_raw.c)   today's libaio path, blk_file; untouched.
 *   qcow2 (blk_qcow2.c) the qcow2 core (qcow2.h) on a worker thread.
 */
#ifndef ARMVISOR_BLK_DRV_H
#define ARMVISOR_BLK_DRV_H

#include <stdbool.h>
#include <stdint.h>

#include "blk_aio.h"
#include "err.h"

struct sandbox;
struct blk_drv;

enum blk_format {
	BLK_FMT_PROBE,			/* no format=: by the file's magic */
	BLK_FMT_RAW,
	BLK_FMT_QCOW2,
};

struct blk_drv_conf {
	const char *path;
	enum blk_format format;
	bool readonly;
	bool direct;			/* cache=none: O_DIRECT (raw only) */
	bool lock;			/* QEMU's OFD image locks */
	bool snapshot;			/* writes to a discarded overlay */
	bool no_flush;			/* cache=unsafe */
	const struct sandbox *sandbox;	/* a worker thread's filter */
};

struct blk_drv_ops {
	int (*submit)(struct blk_drv *d, struct blk_io *io);
	void (*reap)(struct blk_drv *d);
	void (*drain)(struct blk_drv *d);
	void (*close)(struct blk_drv *d);
	uint64_t (*stable_writes)(const struct blk_drv *d);
};

struct blk_drv {
	const struct blk_drv_ops *ops;
	const char *format;		/* "raw", "qcow2" */
	uint64_t size;			/* virtual disk, bytes */
	bool readonly;			/* writes fail */
	bool can_discard;		/* BLK_DISCARD and BLK_WRITE_ZEROES work */
	uint32_t discard_align;		/* bytes a discard frees whole (a cluster) */
	int efd;			/* readable: call blk_drv_reap */
};

/* Open conf->path in its format; errors name the file. */
int blk_drv_open(struct blk_drv **out, const struct blk_drv_conf *conf,
		 struct av_err *err);
int blk_raw_open(struct blk_drv **out, const struct blk_drv_conf *conf,
		 struct av_err *err);
int blk_qcow2_open(struct blk_drv **out, const struct blk_drv_conf *conf,
		   struct av_err *err);

/* Start io: 0 (io->done runs later), or a negative errno (it never does). */
static inline int blk_drv_submit(struct blk_drv *d, struct blk_io *io)
{
	return d->ops->submit(d, io);
}

/* Run io->done for every finished request. */
static inline void blk_drv_reap(struct blk_drv *d)
{
	d->ops->reap(d);
}

/* Wait for every request in flight and complete it (device reset). */
static inline void blk_drv_drain(struct blk_drv *d)
{
	d->ops->drain(d);
}

static inline void blk_drv_close(struct blk_drv *d)
{
	if (d)
		d->ops->close(d);
}

static inline uint64_t blk_drv_stable_writes(const struct blk_drv *d)
{
	return d->ops->stable_writes(d);
}

#endif
