// SPDX-License-Identifier: GPL-2.0
/*
 * Raw images behind the block-driver seam (blk_drv.h): a thin shell over
 * blk_file (blk_aio.c), so the libaio fast path costs one indirect call
 * more than before and nothing else.
 */
#include <errno.h>
#include <stdlib.h>

#include "blk_drv.h"

struct blk_raw {
	struct blk_drv drv;		/* first: the ops get us back */
	struct blk_file file;
};

static struct blk_file *raw_file(struct blk_drv *d)
{
	return &((struct blk_raw *)d)->file;
}

static int raw_submit(struct blk_drv *d, struct blk_io *io)
{
	if (io->op == BLK_DISCARD || io->op == BLK_WRITE_ZEROES)
		return -EOPNOTSUPP;
	return blk_file_submit(raw_file(d), io);
}

static void raw_reap(struct blk_drv *d)
{
	blk_file_reap(raw_file(d));
}

static void raw_drain(struct blk_drv *d)
{
	blk_file_drain(raw_file(d));
}

static void raw_close(struct blk_drv *d)
{
	blk_file_close(raw_file(d));
	free(d);
}

static uint64_t raw_stable_writes(const struct blk_drv *d)
{
	return ((const struct blk_raw *)d)->file.stable_writes;
}

static const struct blk_drv_ops raw_ops = {
	.submit = raw_submit,
	.reap = raw_reap,
	.drain = raw_drain,
	.close = raw_close,
	.stable_writes = raw_stable_writes,
};

/*
 * Under -snapshot the image is only read (QEMU opens the backing image
 * read-only too), through the overlay's plain preadv: no O_DIRECT, which
 * would need aligned guest buffers there.
 */
int blk_raw_open(struct blk_drv **out, const struct blk_drv_conf *c,
		 struct av_err *err)
{
	struct blk_raw *r = calloc(1, sizeof(*r));
	bool ro = c->readonly || c->snapshot;
	int ret;

	if (!r)
		return av_errf(err, ENOMEM, "%s: out of memory", c->path);
	ret = blk_file_open(&r->file, c->path, ro, c->direct && !c->snapshot,
			    c->lock, err);
	if (!ret && c->snapshot && !c->readonly) {
		ret = blk_file_snapshot(&r->file, err);
		r->file.readonly = false;
	}
	if (ret) {
		blk_file_close(&r->file);
		free(r);
		return ret;
	}
	if (c->no_flush)
		r->file.no_flush = true;
	r->drv = (struct blk_drv){
		.ops = &raw_ops, .format = "raw", .size = r->file.size,
		.readonly = r->file.readonly, .efd = r->file.efd,
	};
	*out = &r->drv;
	return 0;
}
