/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A raw image file read and written with Linux native AIO (libaio):
 * requests are submitted with io_submit and complete through an eventfd
 * that the main loop watches, so many requests are in flight at once and
 * no thread blocks on the disk. Used by virtio_blk.c.
 */
#ifndef ARMVISOR_BLK_AIO_H
#define ARMVISOR_BLK_AIO_H

#include <libaio.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

#include "err.h"

/* O_DIRECT alignment of memory, file offsets and lengths (logical block). */
#define BLK_DIRECT_ALIGN	512
/* Requests in flight at once (io_setup's nr_events). */
#define BLK_AIO_DEPTH		256

enum blk_op {
	BLK_READ,
	BLK_WRITE,
	BLK_FLUSH,
	BLK_DISCARD,			/* qcow2 only: drop whole clusters */
	BLK_WRITE_ZEROES,		/* qcow2 only: the range reads as zeros */
};

struct blk_io;
typedef void (*blk_done_fn)(struct blk_io *io, long result);

/*
 * One operation. The caller owns it until done runs (result: bytes
 * transferred, or a negative errno).
 */
struct blk_io {
	struct iocb cb;
	enum blk_op op;
	uint64_t offset;
	struct iovec *iov;
	int iovcnt;
	size_t len;			/* sum of iov lengths */
	void *bounce;			/* aligned copy for O_DIRECT */
	bool stable;			/* write: complete only once on stable storage */
	blk_done_fn done;
	struct blk_io *next;		/* a driver's queues (blk_qcow2.c) */
	long res;			/* ...and the result they carry */
};

/*
 * -snapshot's copy-on-write layer: the guest's writes go to an unlinked
 * temporary file as large as the image, and a bitmap says which 512-byte
 * sectors it holds; reads take each sector from wherever its newest copy
 * is. The image itself is open read-only. Closing the file discards it.
 */
struct blk_overlay {
	int fd;				/* -1: no overlay */
	uint64_t *map;			/* one bit per sector written */
	uint64_t sectors;
};

struct blk_file {
	int fd;
	int efd;			/* eventfd: completions are ready */
	io_context_t ctx;
	uint64_t size;			/* bytes */
	bool readonly;
	bool direct;			/* cache=none: O_DIRECT */
	bool no_rwf_dsync;		/* the kernel refuses aio_rw_flags: fdatasync */
	bool no_flush;			/* cache=unsafe (or an overlay): FLUSH does nothing */
	struct blk_overlay overlay;	/* -snapshot */
	unsigned int inflight;
	uint64_t stable_writes;		/* io->stable writes completed */
};

/*
 * Open path as a raw image. readonly opens it O_RDONLY; direct asks for
 * O_DIRECT (cache=none); lock takes QEMU's OFD image locks (shared with
 * other readers, refused while another process writes, or reads while we
 * write), held until close. Errors name the file.
 */
int blk_file_open(struct blk_file *f, const char *path, bool readonly,
		  bool direct, bool lock, struct av_err *err);
void blk_file_close(struct blk_file *f);

/*
 * Send f's writes to a new overlay (blk_overlay): call once, right after
 * blk_file_open with readonly set, before the sandbox starts (it creates
 * a file in $TMPDIR, else /var/tmp, as QEMU places its snapshot files).
 * Overlay requests run synchronously in blk_file_submit.
 */
int blk_file_snapshot(struct blk_file *f, struct av_err *err);

/*
 * One read or write of whole sectors through the overlay o over image_fd:
 * bytes transferred (short: a host file ended or failed part-way), or
 * -EINVAL for a range that is not whole sectors inside the image. A write
 * never touches image_fd.
 */
long blk_overlay_rw(struct blk_overlay *o, int image_fd, bool write,
		    uint64_t offset, const struct iovec *iov, int iovcnt,
		    size_t len);

/*
 * Reads bytes [pos, pos+len) of the image below into bytes [off, off+len)
 * of the request's buffers: the count read, or a negative errno.
 */
typedef long (*blk_overlay_below_fn)(void *opaque, uint64_t pos,
				     const struct iovec *iov, int iovcnt,
				     size_t off, size_t len);

/* blk_overlay_rw over an image that is not a raw file (qcow2). */
long blk_overlay_rw_via(struct blk_overlay *o, blk_overlay_below_fn below,
			void *opaque, bool write, uint64_t offset,
			const struct iovec *iov, int iovcnt, size_t len);
int blk_overlay_open(struct blk_overlay *o, uint64_t size, struct av_err *err);
void blk_overlay_close(struct blk_overlay *o);

/* Start io; 0, or a negative errno (io->done is then not called). */
int blk_file_submit(struct blk_file *f, struct blk_io *io);

/* Run done for every finished operation (main loop: efd readable). */
void blk_file_reap(struct blk_file *f);

/* Wait for and complete every operation in flight (device reset). */
void blk_file_drain(struct blk_file *f);

/* The name of the image format fd holds by its magic (NULL: none, so raw). */
const char *blk_probe_format(int fd);

/*
 * QEMU's image locks (see blk_file_open) on an image another driver
 * opened itself (qcow2): held until fd is closed.
 */
int blk_lock_image(int fd, bool readonly, const char *path, struct av_err *err);

#endif
