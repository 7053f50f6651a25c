// SPDX-License-Identifier: GPL-2.0
/*
 * The boot-timeline marker word (include/devices.h, docs/timeline.md).
 * A guest script writes a number of its choosing ("busybox devmem
 * 0x09ff0000 32 7"); the write lands on the timeline as "guest marker 7".
 * Without -boot-timeline the write is accepted and forgotten, so a script
 * that marks runs unchanged either way. No state: nothing to reset.
 */
#include <errno.h>
#include <stdint.h>

#include "devices.h"
#include "mmio.h"
#include "timeline.h"

#define MARKER_WORD	0x0

static int marker_read(void *opaque, uint64_t off, unsigned int size,
		       uint64_t *val)
{
	(void)opaque;
	(void)off;
	(void)size;
	*val = 0;
	return 0;
}

static int marker_write(void *opaque, uint64_t off, unsigned int size,
			uint64_t val)
{
	if (off != MARKER_WORD || size != 4)
		return -EINVAL;		/* the bus logs it as a guest error */
	timeline_mark(opaque, "guest marker %u", (unsigned int)val);
	return 0;
}

const struct mmio_ops boot_marker_mmio_ops = {
	.read = marker_read,
	.write = marker_write,
};
