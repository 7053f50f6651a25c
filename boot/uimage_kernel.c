// SPDX-License-Identifier: GPL-2.0
/*
 * A uImage used as the kernel: types "kernel" (fixed load address and
 * entry) and "kernel_noload" (QEMU puts it at RAM base + 32 MiB + 64 and
 * makes the entry relative to that: hw/arm/boot.c KERNEL_NOLOAD_ADDR,
 * hw/core/loader.c), compression none or gzip (bounded as U-Boot's own
 * 64 MiB limit). OS "linux" gets the Linux boot protocol (x0 = DTB).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "boot.h"

static int uimage_check_kernel(const struct boot_uimage *u, struct av_err *err)
{
	if (u->type != BOOT_UIMAGE_TYPE_KERNEL &&
	    u->type != BOOT_UIMAGE_TYPE_KERNEL_NOLOAD)
		return av_errf(err, EINVAL,
			       "uImage type %u is not a kernel (kernel is %u, kernel_noload %u)",
			       u->type, BOOT_UIMAGE_TYPE_KERNEL,
			       BOOT_UIMAGE_TYPE_KERNEL_NOLOAD);
	if (u->comp != BOOT_UIMAGE_COMP_NONE && u->comp != BOOT_UIMAGE_COMP_GZIP)
		return av_errf(err, EINVAL,
			       "uImage compression %u is not supported (only none and gzip)",
			       u->comp);
	if (u->size == 0)
		return av_errf(err, EINVAL, "uImage kernel has no data");
	return 0;
}

static int uimage_payload(const struct boot_uimage *u, struct boot_blob *out,
			  struct av_err *err)
{
	if (u->comp == BOOT_UIMAGE_COMP_GZIP) {
		int ret = boot_gunzip(u->payload, u->size, BOOT_UIMAGE_GUNZIP_MAX,
				      out, err);
		if (ret)
			av_err_prefix(err, "uImage payload");
		return ret;
	}
	out->data = malloc(u->size);
	if (!out->data)
		return av_errf(err, ENOMEM, "out of memory for the uImage payload");
	memcpy(out->data, u->payload, u->size);
	out->size = u->size;
	return 0;
}

/* An arm64 Image inside the uImage tells how much BSS follows it. */
static uint64_t uimage_effective_size(const struct boot_blob *b)
{
	uint64_t size = 0;

	if (boot_image_has_magic(b->data, b->size) && b->size >= BOOT_IMAGE_HDR_SIZE)
		size = boot_le64(b->data + 16);
	return size > b->size ? size : b->size;
}

static void uimage_set_addrs(const struct boot_uimage *u, struct kernel_image *k)
{
	if (u->type == BOOT_UIMAGE_TYPE_KERNEL_NOLOAD) {
		k->load_relative = 1;
		k->load_addr = BOOT_NOLOAD_OFFSET + BOOT_UIMAGE_HDR_SIZE;
		k->entry = k->load_addr + u->ep;
		return;
	}
	k->load_relative = 0;
	k->load_addr = u->load;
	k->entry = u->ep;
}

int boot_uimage_kernel(const struct boot_blob *blob, struct kernel_image *k,
		       struct av_err *err)
{
	struct boot_uimage u;
	int ret;

	ret = boot_uimage_parse(blob->data, blob->size, &u, err);
	if (!ret)
		ret = uimage_check_kernel(&u, err);
	if (!ret)
		ret = uimage_payload(&u, &k->blob, err);
	if (ret)
		return ret;
	if (k->blob.size == 0) {
		boot_blob_free(&k->blob);
		return av_errf(err, EINVAL, "uImage kernel decompresses to nothing");
	}
	k->format = KERNEL_FORMAT_UIMAGE;
	k->is_linux = u.os == BOOT_UIMAGE_OS_LINUX;
	k->image_size = uimage_effective_size(&k->blob);
	uimage_set_addrs(&u, k);
	return 0;
}
