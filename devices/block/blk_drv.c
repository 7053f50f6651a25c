// SPDX-License-Identifier: GPL-2.0
/*
 * Choosing a block driver (blk_drv.h). Without format= the file's magic
 * decides, as QEMU probes (block.c, bdrv_probe_all): qcow2 opens as
 * qcow2, a format we recognise and do not read is refused by name, and
 * anything else is raw. format=raw on a qcow2 file gives the guest the
 * file's bytes, as in QEMU.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "blk_drv.h"

static int drv_probe(const struct blk_drv_conf *c, enum blk_format *fmt,
		     struct av_err *err)
{
	int fd = open(c->path, O_RDONLY | O_CLOEXEC);
	const char *name;

	*fmt = BLK_FMT_RAW;
	if (fd < 0)
		return 0;		/* the raw driver's open says why */
	name = blk_probe_format(fd);
	close(fd);
	if (!name)
		return 0;
	if (!strcmp(name, "qcow2")) {
		*fmt = BLK_FMT_QCOW2;
		return 0;
	}
	return av_errf(err, EINVAL,
		       "%s is a %s image: only raw and qcow2 images are supported (format=raw reads it as raw)",
		       c->path, name);
}

int blk_drv_open(struct blk_drv **out, const struct blk_drv_conf *c,
		 struct av_err *err)
{
	enum blk_format fmt = c->format;
	int ret;

	*out = NULL;
	if (fmt == BLK_FMT_PROBE) {
		ret = drv_probe(c, &fmt, err);
		if (ret)
			return ret;
	}
	if (fmt == BLK_FMT_QCOW2)
		return blk_qcow2_open(out, c, err);
	return blk_raw_open(out, c, err);
}
