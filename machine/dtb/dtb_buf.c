// SPDX-License-Identifier: GPL-2.0
/*
 * The buffer a tree is written into: libfdt's read-write API needs the
 * room up front, so start from an estimate, and on FDT_ERR_NOSPACE
 * start over with twice as much, up to the size Linux accepts.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "dtb_priv.h"

size_t dtb_room_estimate(const struct dtb_params *p)
{
	size_t n = 8192 + (size_t)p->ncpus * 192 + p->rng_seed_len;

	if (p->bootargs)
		n += strlen(p->bootargs);
	return n;
}

/* Pack the finished tree and hand it out in a buffer of its exact size. */
static int dtb_finish(void *buf, void **out, size_t *out_size,
		      struct av_err *err)
{
	size_t size;
	void *shrunk;
	int ret;

	ret = fdt_pack(buf);
	if (ret) {
		free(buf);
		return dtb_fdt_err(err, ret, "packing the device tree");
	}
	size = fdt_totalsize(buf);
	if (size > DTB_MAX_SIZE) {
		free(buf);
		return av_errf(err, E2BIG,
			       "DTB: %zu bytes, over the 2 MiB Linux accepts",
			       size);
	}
	shrunk = realloc(buf, size);
	*out = shrunk ? shrunk : buf;
	*out_size = size;
	return 0;
}

int dtb_grow_and_write(dtb_start_fn start, const void *arg, size_t room,
		       dtb_write_fn write, const struct dtb_params *p,
		       void **out, size_t *out_size, struct av_err *err)
{
	void *buf;
	int ret;

	for (;;) {
		buf = malloc(room);
		if (!buf)
			return av_errf(err, ENOMEM,
				       "DTB: out of memory for %zu bytes", room);
		ret = start(buf, room, arg);
		if (!ret)
			ret = write(buf, p);
		if (!ret)
			return dtb_finish(buf, out, out_size, err);
		free(buf);
		if (ret != -FDT_ERR_NOSPACE || room >= DTB_MAX_SIZE)
			return dtb_fdt_err(err, ret, "writing the device tree");
		room = room * 2 < DTB_MAX_SIZE ? room * 2 : DTB_MAX_SIZE;
	}
}
