// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel format detection, in the order QEMU 7.2 tries them for an
 * AArch64 CPU (hw/arm/boot.c, arm_setup_direct_kernel_boot): ELF, then
 * U-Boot uImage, then the arm64 Image, gzip-compressed or not (or, as
 * QEMU 8 does, inside an EFI zboot image); a file with no arm64 Image
 * magic is a raw image, assumed to be Linux.
 *
 * Unlike QEMU, a file that starts with the ELF, uImage or gzip magic
 * but does not parse is an error: QEMU would quietly load such a file
 * as a raw image and the guest would die without a word.
 */
#include <errno.h>
#include <string.h>

#include "boot.h"

/* Image.gz or EFI zboot: the decompressed bytes are an Image (or raw). */
static int kernel_parse_gzip(struct boot_blob *blob, struct kernel_image *k,
			     struct av_err *err)
{
	struct boot_blob plain;
	int ret;

	if (boot_zboot_has_magic(blob->data, blob->size))
		ret = boot_zboot_unpack(blob, &plain, err);
	else
		ret = boot_gunzip(blob->data, blob->size, BOOT_GUNZIP_MAX,
				  &plain, err);
	if (ret)
		return ret;
	ret = boot_image_parse(&plain, k, err);
	if (ret) {
		boot_blob_free(&plain);
		return ret;
	}
	boot_blob_free(blob);
	k->blob = plain;
	k->format = KERNEL_FORMAT_IMAGE_GZ;
	return 0;
}

static int kernel_parse_image(struct boot_blob *blob, struct kernel_image *k,
			      struct av_err *err)
{
	int ret = boot_image_parse(blob, k, err);

	if (ret)
		return ret;
	k->format = boot_image_has_magic(blob->data, blob->size) ?
		    KERNEL_FORMAT_IMAGE : KERNEL_FORMAT_RAW;
	k->blob = *blob;
	memset(blob, 0, sizeof(*blob));
	return 0;
}

static int kernel_dispatch(struct boot_blob *blob, struct kernel_image *k,
			   struct av_err *err)
{
	int ret;

	if (boot_elf_has_magic(blob->data, blob->size)) {
		ret = boot_elf_parse(blob, k, err);
		if (!ret) {
			k->blob = *blob;
			memset(blob, 0, sizeof(*blob));
		}
		return ret;
	}
	if (boot_uimage_has_magic(blob->data, blob->size))
		return boot_uimage_kernel(blob, k, err);
	if (boot_is_gzip(blob->data, blob->size) ||
	    boot_zboot_has_magic(blob->data, blob->size))
		return kernel_parse_gzip(blob, k, err);
	return kernel_parse_image(blob, k, err);
}

int boot_parse_kernel(struct boot_blob *blob, struct kernel_image *out,
		      struct av_err *err)
{
	int ret;

	memset(out, 0, sizeof(*out));
	if (!blob->data || !blob->size) {
		boot_blob_free(blob);
		return av_errf(err, EINVAL, "kernel image is empty");
	}
	ret = kernel_dispatch(blob, out, err);
	/* Whatever was not moved into out is ours to free. */
	boot_blob_free(blob);
	if (ret)
		boot_kernel_free(out);
	else
		out->data_size = out->blob.size;
	return ret;
}

int boot_load_kernel_file(const char *path, struct kernel_image *out,
			  struct av_err *err)
{
	struct boot_file file;
	struct boot_blob blob;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = boot_file_open(path, &file, err);
	if (!ret)
		ret = boot_kernel_try_stream(&file, out, err);
	if (ret == 1)
		return 0;		/* out owns the file now */
	if (ret < 0)
		av_err_prefix(err, "kernel '%s'", path);
	if (!ret)
		ret = boot_file_read(&file, &blob, err);
	if (ret) {
		boot_file_close(&file);
		av_err_prefix(err, "kernel");
		return ret;
	}
	ret = boot_parse_kernel(&blob, out, err);
	if (ret) {
		boot_file_close(&file);
		av_err_prefix(err, "kernel '%s'", path);
		return ret;
	}
	out->file = file;
	return 0;
}

void boot_kernel_free(struct kernel_image *k)
{
	if (!k)
		return;
	boot_blob_free(&k->blob);
	boot_file_close(&k->file);
	memset(k, 0, sizeof(*k));
}
