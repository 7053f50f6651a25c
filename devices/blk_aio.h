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
};

struct blk_file {
	int fd;
	int efd;			/* eventfd: completions are ready */
	io_context_t ctx;
	uint64_t size;			/* bytes */
	bool readonly;
	bool direct;			/* cache=none: O_DIRECT */
	bool no_rwf_dsync;		/* the kernel refuses aio_rw_flags: fdatasync */
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

/* Start io; 0, or a negative errno (io->done is then not called). */
int blk_file_submit(struct blk_file *f, struct blk_io *io);

/* Run done for every finished operation (main loop: efd readable). */
void blk_file_reap(struct blk_file *f);

/* Wait for and complete every operation in flight (device reset). */
void blk_file_drain(struct blk_file *f);

/* "raw", or the name of a format we recognise but do not read (NULL: none). */
const char *blk_probe_format(int fd);

#endif
