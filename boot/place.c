// SPDX-License-Identifier: GPL-2.0
/*
 * Where the kernel and the initrd go in guest RAM. The rules are QEMU's
 * (hw/arm/boot.c, arm_setup_direct_kernel_boot) so that addresses match
 * qemu-system-aarch64's for lockstep debugging, checked against Linux's
 * Documentation/arm64/booting.rst:
 *  - Image/raw: at a 2 MiB-aligned base (the lowest one in RAM) plus the
 *    load offset from boot/image.c; uImage and ELF at their own address;
 *  - initrd: at RAM base + min(RAM/2, 128 MiB), or right after the kernel
 *    when the kernel reaches further, page aligned;
 *  - DTB: boot/place_dtb.c.
 * All sums are overflow-checked: a header may say anything.
 */
#include <errno.h>
#include <string.h>

#include "boot.h"

int place_align_up(uint64_t v, uint64_t align, uint64_t *out)
{
	uint64_t mask = align - 1;

	if (v > UINT64_MAX - mask)
		return -1;
	*out = (v + mask) & ~mask;
	return 0;
}

static int place_add(uint64_t a, uint64_t b, uint64_t *out)
{
	if (a > UINT64_MAX - b)
		return -1;
	*out = a + b;
	return 0;
}

/* Kernel base for an Image or raw kernel: 2 MiB-aligned base + offset. */
static int place_image_base(const struct kernel_image *k,
			    const struct place_ram *r, uint64_t *base)
{
	uint64_t aligned;

	if (place_align_up(r->base, BOOT_KERNEL_ALIGN, &aligned) ||
	    place_add(aligned, k->load_offset, base))
		return -1;
	return 0;
}

static int place_kernel_base(const struct kernel_image *k,
			     const struct place_ram *r, struct boot_layout *l)
{
	switch (k->format) {
	case KERNEL_FORMAT_IMAGE:
	case KERNEL_FORMAT_IMAGE_GZ:
	case KERNEL_FORMAT_RAW:
		if (place_image_base(k, r, &l->kernel_base))
			return -1;
		l->entry = l->kernel_base;
		return 0;
	case KERNEL_FORMAT_UIMAGE:
		if (!k->load_relative)
			break;
		if (place_add(r->base, k->load_addr, &l->kernel_base) ||
		    place_add(r->base, k->entry, &l->entry))
			return -1;
		return 0;
	case KERNEL_FORMAT_ELF:
		break;
	}
	l->kernel_base = k->load_addr;
	l->entry = k->entry;
	return 0;
}

/* Bytes the kernel occupies: its image_size, never less than its bytes. */
static uint64_t place_kernel_size(const struct kernel_image *k)
{
	if (k->format != KERNEL_FORMAT_ELF && k->data_size > k->image_size)
		return k->data_size;
	return k->image_size;
}

static int place_kernel(const struct kernel_image *k, const struct place_ram *r,
			struct boot_layout *l, struct av_err *err)
{
	uint64_t size = place_kernel_size(k);

	if (place_kernel_base(k, r, l) ||
	    place_add(l->kernel_base, size, &l->kernel_end))
		return av_errf(err, EOVERFLOW,
			       "kernel load address + size overflows 64 bits");
	if (!place_inside(r, l->kernel_base, size))
		return av_errf(err, ENOSPC,
			       "kernel (%llu bytes at 0x%llx) does not fit in RAM [0x%llx, 0x%llx), %llu MiB",
			       (unsigned long long)size,
			       (unsigned long long)l->kernel_base,
			       (unsigned long long)r->base,
			       (unsigned long long)r->end,
			       (unsigned long long)(r->size >> 20));
	if (!place_inside(r, l->entry, 4))
		return av_errf(err, ERANGE,
			       "kernel entry point 0x%llx is outside RAM [0x%llx, 0x%llx)",
			       (unsigned long long)l->entry,
			       (unsigned long long)r->base,
			       (unsigned long long)r->end);
	return 0;
}

/* First byte QEMU would give the initrd (also the DTB's anchor). */
static uint64_t place_initrd_start(const struct place_ram *r,
				   const struct boot_layout *l)
{
	uint64_t off = r->size / 2, start;

	if (off > BOOT_INITRD_MAX_OFFSET)
		off = BOOT_INITRD_MAX_OFFSET;
	start = r->base + off;
	if (l->kernel_end > start)
		start = l->kernel_end;
	if (place_align_up(start, BOOT_PAGE_SIZE, &start))
		return UINT64_MAX;
	return start;
}

static int place_initrd(uint64_t size, const struct place_ram *r,
			struct boot_layout *l, uint64_t *anchor,
			struct av_err *err)
{
	uint64_t start = place_initrd_start(r, l);

	*anchor = start;
	if (!size)
		return 0;
	if (!place_inside(r, start, size))
		return av_errf(err, ENOSPC,
			       "initrd (%llu bytes) does not fit in RAM after the kernel: it would need [0x%llx, 0x%llx), RAM ends at 0x%llx",
			       (unsigned long long)size, (unsigned long long)start,
			       (unsigned long long)(start + size),
			       (unsigned long long)r->end);
	l->initrd_start = start;
	l->initrd_end = start + size;
	*anchor = l->initrd_end;
	return 0;
}

static int place_ram_init(uint64_t base, uint64_t size, struct place_ram *r,
			  struct av_err *err)
{
	if (!size || place_add(base, size, &r->end))
		return av_errf(err, EINVAL,
			       "guest RAM [0x%llx, +0x%llx) is empty or overflows",
			       (unsigned long long)base, (unsigned long long)size);
	r->base = base;
	r->size = size;
	return 0;
}

int boot_place(const struct kernel_image *k, uint64_t initrd_size,
	       uint64_t dtb_size, uint64_t ram_base, uint64_t ram_size,
	       struct boot_layout *out, struct av_err *err)
{
	struct place_ram r;
	uint64_t anchor;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = place_ram_init(ram_base, ram_size, &r, err);
	if (!ret)
		ret = place_kernel(k, &r, out, err);
	if (!ret)
		ret = place_initrd(initrd_size, &r, out, &anchor, err);
	if (!ret)
		ret = place_dtb(k->is_linux, dtb_size, anchor, &r, out, err);
	if (ret)
		memset(out, 0, sizeof(*out));
	return ret;
}
