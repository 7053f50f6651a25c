/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loading what boots: the kernel (Image, Image.gz, uImage, ELF, raw),
 * the initrd and the DTB, placed in guest RAM per Linux's
 * Documentation/arm64/booting.rst, and the boot CPU's registers.
 */
#ifndef ARMVISOR_BOOT_H
#define ARMVISOR_BOOT_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "guestmem.h"

enum kernel_format {
	KERNEL_FORMAT_IMAGE,		/* arm64 Image (booting.rst header) */
	KERNEL_FORMAT_IMAGE_GZ,		/* gzip-compressed Image */
	KERNEL_FORMAT_UIMAGE,		/* U-Boot legacy image */
	KERNEL_FORMAT_ELF,		/* bare metal: entry from e_entry */
	KERNEL_FORMAT_RAW,		/* bare metal: loaded at RAM base, entered there */
};

/* A file read into host memory, decompressed when it was gzip. */
struct boot_blob {
	uint8_t *data;
	size_t size;
};

/* The parsed kernel, before placement. */
struct kernel_image {
	enum kernel_format format;
	struct boot_blob blob;		/* bytes to copy (for ELF: whole file) */
	uint64_t text_offset;		/* Image: from the header */
	uint64_t image_size;		/* Image: effective size incl. BSS */
	uint64_t flags;			/* Image: header flags */
	uint64_t load_addr;		/* uImage/ELF: fixed address, else 0 */
	uint64_t entry;			/* uImage/ELF: entry, else 0 */
	int is_linux;			/* gets x0 = DTB (Image, uImage OS=Linux) */
};

/* Where everything went in guest physical memory. */
struct boot_layout {
	uint64_t kernel_base;		/* first byte of the kernel in RAM */
	uint64_t kernel_end;		/* kernel_base + image_size (BSS included) */
	uint64_t entry;			/* PC of the boot CPU */
	uint64_t initrd_start;		/* 0 when no initrd */
	uint64_t initrd_end;
	uint64_t dtb_addr;		/* 0 when no DTB (bare metal without one) */
	uint64_t dtb_max;		/* room reserved for the DTB */
};

/* Register state of the boot CPU on entry (booting.rst section 4). */
struct boot_regs {
	uint64_t x[4];			/* x0 = DTB for Linux, x1..x3 = 0 */
	uint64_t pc;
};

/* Read a whole file: errors for missing, unreadable, directory, empty. */
int boot_read_file(const char *path, struct boot_blob *out, struct av_err *err);
void boot_blob_free(struct boot_blob *blob);

/* Parse a kernel file of any supported format. */
int boot_load_kernel_file(const char *path, struct kernel_image *out,
			  struct av_err *err);
/* Same, from bytes in memory (takes ownership of blob). */
int boot_parse_kernel(struct boot_blob *blob, struct kernel_image *out,
		      struct av_err *err);
void boot_kernel_free(struct kernel_image *k);

/* initrd: raw, or a uImage of type ramdisk (gzip payload kept compressed, as QEMU). */
int boot_load_initrd_file(const char *path, struct boot_blob *out,
			  struct av_err *err);

/* gzip (RFC 1952) decompression with zlib; limit bounds the output size. */
int boot_gunzip(const uint8_t *in, size_t in_size, size_t limit,
		struct boot_blob *out, struct av_err *err);

/*
 * Choose addresses for kernel, initrd and a DTB of dtb_size bytes in
 * [ram_base, ram_base + ram_size): no overlaps, the alignments of
 * booting.rst, and a clear error when something does not fit.
 */
int boot_place(const struct kernel_image *k, uint64_t initrd_size,
	       uint64_t dtb_size, uint64_t ram_base, uint64_t ram_size,
	       struct boot_layout *out, struct av_err *err);

/* Copy kernel and initrd into RAM at the layout's addresses. */
int boot_copy_to_ram(const struct kernel_image *k,
		     const struct boot_blob *initrd,
		     const struct boot_layout *layout, struct guest_ram *ram,
		     struct av_err *err);

/* Registers of the boot CPU for this layout. */
void boot_regs_compute(const struct kernel_image *k,
		       const struct boot_layout *layout, struct boot_regs *out);

#endif
