// SPDX-License-Identifier: GPL-2.0
/*
 * The arm64 Image header (Linux Documentation/arm64/booting.rst, section
 * "Call the kernel image"): code0/code1, text_offset at 8, image_size at
 * 16, flags at 24, magic "ARM\x64" at 0x38, all little endian.
 *
 * Placement follows QEMU's hw/arm/boot.c (load_aarch64_image) so that a
 * kernel lands where it lands under qemu-system-aarch64:
 *  - image_size 0 (kernels before v3.17) or no header at all: text_offset
 *    is taken as 0x80000 (booting.rst) and the size is the file's;
 *  - a text_offset below QEMU's 4 KiB boot stub is moved up by 2 MiB,
 *    i.e. to the next 2 MiB-aligned base, which booting.rst allows.
 */
#include <errno.h>

#include "boot.h"

int boot_image_has_magic(const uint8_t *data, size_t size)
{
	return size >= BOOT_IMAGE_MAGIC_OFF + 4 &&
	       boot_le32(data + BOOT_IMAGE_MAGIC_OFF) == BOOT_IMAGE_MAGIC;
}

static void image_set_raw(const struct boot_blob *blob, struct kernel_image *k)
{
	k->text_offset = BOOT_RAW_OFFSET;
	k->load_offset = BOOT_RAW_OFFSET;
	k->image_size = blob->size;
	k->flags = 0;
}

static int image_set_header(const struct boot_blob *blob,
			    struct kernel_image *k, struct av_err *err)
{
	const uint8_t *h = blob->data;
	uint64_t text_offset = boot_le64(h + 8);
	uint64_t image_size = boot_le64(h + 16);

	k->flags = boot_le64(h + 24);
	if (image_size == 0) {
		image_set_raw(blob, k);
		k->flags = boot_le64(h + 24);
		return 0;
	}
	if (image_size > UINT64_MAX - BOOT_KERNEL_ALIGN ||
	    text_offset > UINT64_MAX - BOOT_KERNEL_ALIGN - image_size)
		return av_errf(err, EOVERFLOW,
			       "Image header text_offset 0x%llx + image_size 0x%llx overflows",
			       (unsigned long long)text_offset,
			       (unsigned long long)image_size);
	k->text_offset = text_offset;
	k->load_offset = text_offset;
	if (text_offset < BOOT_LOADER_RESERVED)
		k->load_offset += BOOT_KERNEL_ALIGN;
	/* image_size covers BSS; a file longer than it still gets copied whole. */
	k->image_size = image_size > blob->size ? image_size : blob->size;
	return 0;
}

int boot_image_parse(const struct boot_blob *blob, struct kernel_image *k,
		     struct av_err *err)
{
	if (!blob->size)
		return av_errf(err, EINVAL, "kernel image is empty");
	k->is_linux = 1;
	k->load_addr = 0;
	k->entry = 0;
	k->load_relative = 0;
	if (!boot_image_has_magic(blob->data, blob->size)) {
		image_set_raw(blob, k);
		return 0;
	}
	if (blob->size < BOOT_IMAGE_HDR_SIZE)
		return av_errf(err, EINVAL,
			       "truncated arm64 Image header (%zu of %d bytes)",
			       blob->size, BOOT_IMAGE_HDR_SIZE);
	return image_set_header(blob, k, err);
}
