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

/* The file's bytes, a uImage ramdisk's header stripped. */
static int initrd_read(const struct boot_file *f, struct boot_blob *out,
		       struct av_err *err)
{
	int ret = boot_file_read(f, out, err);

	if (ret) {
		av_err_prefix(err, "initrd");
		return ret;
	}
	if (!boot_uimage_has_magic(out->data, out->size))
		return 0;
	ret = initrd_from_uimage(out, err);
	if (ret) {
		boot_blob_free(out);
		av_err_prefix(err, "initrd '%s'", f->path);
	}
	return ret;
}

int boot_initrd_load(const char *path, struct initrd_image *out,
		     struct av_err *err)
{
	int ret;

	memset(out, 0, sizeof(*out));
	ret = boot_file_open(path, &out->file, err);
	if (ret) {
		av_err_prefix(err, "initrd");
		return ret;
	}
	ret = boot_initrd_try_stream(out, err);
	if (ret == 1)
		return 0;
	if (ret < 0)
		av_err_prefix(err, "initrd");
	else
		ret = initrd_read(&out->file, &out->blob, err);
	if (ret) {
		boot_initrd_free(out);
		return ret;
	}
	out->size = out->blob.size;
	return 0;
}

void boot_initrd_drop_bytes(struct initrd_image *rd)
{
	/* Without a file there is nothing to read them again from. */
	if (rd->file.path)
		boot_blob_free(&rd->blob);
}

int boot_initrd_reload(struct initrd_image *rd, struct av_err *err)
{
	struct boot_blob blob;
	int ret;

	if (rd->blob.data || !rd->size)
		return 0;
	if (rd->streamed) {
		/* No bytes kept: the same file is all there is to check. */
		ret = boot_file_check(&rd->file, err);
		return ret == -ESTALE ? boot_reload_changed(err, "initrd", rd->file.path) : ret;
	}
	ret = initrd_read(&rd->file, &blob, err);
	if (ret == -ESTALE || (!ret && blob.size != rd->size)) {
		boot_blob_free(&blob);
		return boot_reload_changed(err, "initrd", rd->file.path);
	}
	if (ret)
		return ret;
	rd->blob = blob;
	return 0;
}

void boot_initrd_free(struct initrd_image *rd)
{
	if (!rd)
		return;
	boot_blob_free(&rd->blob);
	boot_file_close(&rd->file);
	memset(rd, 0, sizeof(*rd));
}

int boot_load_initrd_file(const char *path, struct boot_blob *out,
			  struct av_err *err)
{
	struct initrd_image rd;
	int ret = boot_initrd_load(path, &rd, err);

	memset(out, 0, sizeof(*out));
	if (ret)
		return ret;
	if (rd.streamed)
		ret = boot_file_read(&rd.file, &rd.blob, err);
	if (ret) {
		boot_initrd_free(&rd);
		return ret;
	}
	*out = rd.blob;
	memset(&rd.blob, 0, sizeof(rd.blob));
	boot_initrd_free(&rd);
	return 0;
}
