// SPDX-License-Identifier: GPL-2.0
/*
 * The initrd: a raw file, or a U-Boot uImage of type "ramdisk" whose
 * payload is passed on as it is. As in QEMU (hw/core/loader.c,
 * load_ramdisk_as) a compressed ramdisk payload stays compressed: the
 * kernel unpacks its initramfs itself, whatever the compression.
 */
#include <errno.h>
#include <string.h>

#include "boot.h"

static int initrd_from_uimage(struct boot_blob *blob, struct av_err *err)
{
	struct boot_uimage u;
	int ret;

	ret = boot_uimage_parse(blob->data, blob->size, &u, err);
	if (ret)
		return ret;
	if (u.type != BOOT_UIMAGE_TYPE_RAMDISK)
		return av_errf(err, EINVAL,
			       "uImage type %u is not a ramdisk (%u)", u.type,
			       BOOT_UIMAGE_TYPE_RAMDISK);
	if (u.size == 0)
		return av_errf(err, EINVAL, "uImage ramdisk has no data");
	/* Keep the buffer: slide the payload down over the header. */
	memmove(blob->data, u.payload, u.size);
	blob->size = u.size;
	return 0;
}

int boot_load_initrd_file(const char *path, struct boot_blob *out,
			  struct av_err *err)
{
	int ret;

	ret = boot_read_file(path, out, err);
	if (ret) {
		av_err_prefix(err, "initrd");
		return ret;
	}
	if (!boot_uimage_has_magic(out->data, out->size))
		return 0;
	ret = initrd_from_uimage(out, err);
	if (ret) {
		boot_blob_free(out);
		av_err_prefix(err, "initrd '%s'", path);
	}
	return ret;
}
