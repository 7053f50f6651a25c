// SPDX-License-Identifier: GPL-2.0
/*
 * Copying the kernel and the initrd into guest RAM at the addresses
 * boot_place chose. Runs again on every guest reset, so the kernel's BSS
 * (image_size beyond the file's bytes, booting.rst: "the kernel's memory
 * footprint") is zeroed explicitly rather than trusted to be clean.
 */
#include <errno.h>
#include <string.h>

#include "boot.h"

/* The bytes of a streamed file (boot/stream.c) go straight into dst. */
static int copy_stream(const struct boot_file *f, uint8_t *dst,
		       const char *what, struct av_err *err)
{
	int ret = boot_file_read_into(f, dst, err);

	if (ret == -ESTALE)
		return boot_reload_changed(err, what, f->path);
	if (ret)
		av_err_prefix(err, "%s", what);
	return ret;
}

static int copy_kernel_flat(const struct kernel_image *k,
			    const struct boot_layout *l, struct guest_ram *ram,
			    struct av_err *err)
{
	uint64_t span = l->kernel_end - l->kernel_base;
	size_t size = k->streamed ? k->data_size : k->blob.size;
	uint8_t *dst;
	int ret;

	if (l->kernel_end < l->kernel_base || span < size)
		return av_errf(err, EINVAL,
			       "kernel layout [0x%llx, 0x%llx) is smaller than the kernel (%zu bytes)",
			       (unsigned long long)l->kernel_base,
			       (unsigned long long)l->kernel_end, size);
	dst = guest_ram_ptr(ram, l->kernel_base, span);
	if (!dst)
		return av_errf(err, ERANGE,
			       "kernel [0x%llx, 0x%llx) is not inside guest RAM",
			       (unsigned long long)l->kernel_base,
			       (unsigned long long)l->kernel_end);
	if (k->streamed && k->prefetched) {
		/* Read there already, from the same file (boot/prefetch.c). */
	} else if (k->streamed) {
		ret = copy_stream(&k->file, dst, "kernel", err);
		if (ret)
			return ret;
	} else {
		memcpy(dst, k->blob.data, size);
	}
	memset(dst + size, 0, span - size);
	return 0;
}

static int copy_initrd(const struct initrd_image *initrd,
		       const struct boot_layout *l, struct guest_ram *ram,
		       struct av_err *err)
{
	uint8_t *dst;

	if (!initrd || !initrd->size)
		return 0;
	if (l->initrd_end < l->initrd_start ||
	    l->initrd_end - l->initrd_start != initrd->size)
		return av_errf(err, EINVAL,
			       "initrd layout [0x%llx, 0x%llx) does not match its %zu bytes",
			       (unsigned long long)l->initrd_start,
			       (unsigned long long)l->initrd_end, initrd->size);
	dst = guest_ram_ptr(ram, l->initrd_start, initrd->size);
	if (!dst)
		return av_errf(err, ERANGE,
			       "initrd [0x%llx, 0x%llx) is not inside guest RAM",
			       (unsigned long long)l->initrd_start,
			       (unsigned long long)l->initrd_end);
	if (initrd->streamed && initrd->prefetched)
		return 0;	/* read there already (boot/prefetch.c) */
	if (initrd->streamed)
		return copy_stream(&initrd->file, dst, "initrd", err);
	if (!initrd->blob.data)
		return av_errf(err, EINVAL, "no initrd loaded");
	memcpy(dst, initrd->blob.data, initrd->size);
	return 0;
}

int boot_copy_to_ram(const struct kernel_image *k,
		     const struct initrd_image *initrd,
		     const struct boot_layout *layout, struct guest_ram *ram,
		     struct av_err *err)
{
	int ret;

	if (!k->streamed && (!k->blob.data || !k->blob.size))
		return av_errf(err, EINVAL, "no kernel loaded");
	if (k->format == KERNEL_FORMAT_ELF)
		ret = boot_elf_copy(k, ram, err);
	else
		ret = copy_kernel_flat(k, layout, ram, err);
	if (ret)
		return ret;
	return copy_initrd(initrd, layout, ram, err);
}
