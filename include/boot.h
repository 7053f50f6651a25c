/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loading what boots: the kernel (Image, Image.gz, uImage, ELF, raw),
 * the initrd and the DTB, placed in guest RAM per Linux's
 * Documentation/arm64/booting.rst, and the boot CPU's registers.
 */
#ifndef ARMVISOR_BOOT_H
#define ARMVISOR_BOOT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "err.h"
#include "guestmem.h"

enum kernel_format {
	KERNEL_FORMAT_IMAGE,		/* arm64 Image (booting.rst header) */
	KERNEL_FORMAT_IMAGE_GZ,		/* gzip-compressed Image, or EFI zboot */
	KERNEL_FORMAT_UIMAGE,		/* U-Boot legacy image */
	KERNEL_FORMAT_ELF,		/* bare metal: entry from e_entry */
	KERNEL_FORMAT_RAW,		/* no header: as QEMU, a Linux kernel at RAM base + 0x80000 */
};

/* A file read into host memory, decompressed when it was gzip. */
struct boot_blob {
	uint8_t *data;
	size_t size;
};

/*
 * A boot file kept open for a guest reset, and what fstat said at open:
 * a reset reads it again only while all of that still holds.
 * All zero: no file (path is NULL; fd is then not a descriptor of ours).
 */
struct boot_file {
	char *path;			/* for messages; NULL when none is open */
	int fd;
	uint64_t dev, ino;
	size_t size;
	struct timespec mtime, ctime;
};

/* The parsed kernel, before placement. */
struct kernel_image {
	enum kernel_format format;
	struct boot_blob blob;		/* bytes to copy (for ELF: whole file); empty once dropped */
	size_t data_size;		/* blob.size, kept when the bytes are dropped */
	struct boot_file file;		/* where the bytes came from, for a reset */
	uint64_t text_offset;		/* Image: from the header (0x80000 if no size) */
	uint64_t image_size;		/* bytes in RAM incl. BSS (ELF: segment span) */
	uint64_t flags;			/* Image: header flags */
	uint64_t load_addr;		/* uImage: load; ELF: lowest segment; else 0 */
	uint64_t entry;			/* uImage/ELF: entry, else 0 */
	int is_linux;			/* gets x0 = DTB (Image, raw, uImage OS=Linux) */
	uint64_t load_offset;		/* Image/raw: offset from the 2 MiB-aligned RAM base */
	int load_relative;		/* uImage kernel_noload: load_addr, entry are RAM offsets */
	/*
	 * An uncompressed Image: only its header was read; the bytes go
	 * from the file straight into guest RAM (boot_copy_to_ram), one
	 * copy instead of two (docs/timeline.md, "Start-up cost"). blob is
	 * then empty and data_size the file's size.
	 */
	bool streamed;
	/* Its bytes are in guest RAM at the layout's address already (boot/prefetch.c). */
	bool prefetched;
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

/* The initrd as loaded: bytes to copy and the file they came from. */
struct initrd_image {
	struct boot_blob blob;		/* uImage header stripped; empty once dropped */
	size_t size;			/* blob.size, kept when the bytes are dropped */
	struct boot_file file;
	bool streamed;			/* not a uImage: read straight into guest RAM */
	bool prefetched;		/* as kernel_image's */
};

/* Read a whole file: errors for missing, unreadable, directory, empty. */
int boot_read_file(const char *path, struct boot_blob *out, struct av_err *err);
void boot_blob_free(struct boot_blob *blob);

/* Open a regular, non-empty file and note its identity (same errors). */
int boot_file_open(const char *path, struct boot_file *f, struct av_err *err);
/*
 * Read the whole file with pread. -ESTALE when it is no longer the file
 * opened (inode, size, mtime or ctime differ, before or after reading);
 * -EIO when it ends early.
 */
int boot_file_read(const struct boot_file *f, struct boot_blob *out,
		   struct av_err *err);
void boot_file_close(struct boot_file *f);

/* Parse a kernel file of any supported format; the file stays open in out. */
int boot_load_kernel_file(const char *path, struct kernel_image *out,
			  struct av_err *err);
/* Same, from bytes in memory (takes ownership of blob; no file). */
int boot_parse_kernel(struct boot_blob *blob, struct kernel_image *out,
		      struct av_err *err);
void boot_kernel_free(struct kernel_image *k);

/*
 * Once the bytes are in guest RAM: free them, keep the parsed facts and
 * the file. A kernel parsed from memory keeps its bytes (nothing to read
 * them again from).
 */
void boot_kernel_drop_bytes(struct kernel_image *k);
/*
 * Before a copy after a drop: read and parse the file again. An error
 * naming the file when it changed, cannot be read, or parses to another
 * layout than at start; k is then unchanged. Nothing to do when k has
 * its bytes.
 */
int boot_kernel_reload(struct kernel_image *k, struct av_err *err);

/* initrd: raw, or a uImage of type ramdisk (gzip payload kept compressed, as QEMU). */
int boot_initrd_load(const char *path, struct initrd_image *out,
		     struct av_err *err);
/* The same three for the initrd; an empty initrd_image is no initrd. */
void boot_initrd_drop_bytes(struct initrd_image *rd);
int boot_initrd_reload(struct initrd_image *rd, struct av_err *err);
void boot_initrd_free(struct initrd_image *rd);
/* boot_initrd_load, keeping the bytes only (the file is closed). */
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

/*
 * Copy kernel and initrd (NULL: none) into RAM at the layout's
 * addresses; streamed ones are read from their files there.
 */
int boot_copy_to_ram(const struct kernel_image *k,
		     const struct initrd_image *initrd,
		     const struct boot_layout *layout, struct guest_ram *ram,
		     struct av_err *err);

/* Registers of the boot CPU for this layout. */
void boot_regs_compute(const struct kernel_image *k,
		       const struct boot_layout *layout, struct boot_regs *out);

/*
 * Limits and offsets, from Linux's booting.rst and QEMU's hw/arm/boot.c,
 * include/hw/loader.h (facts, so that addresses match QEMU's for lockstep
 * debugging against it).
 */
#define BOOT_KERNEL_ALIGN	(2ULL << 20)	/* Image base: 2 MiB aligned */
#define BOOT_RAW_OFFSET		0x80000ULL	/* text_offset when image_size is 0 */
#define BOOT_LOADER_RESERVED	0x1000ULL	/* QEMU: BOOTLOADER_MAX_SIZE */
#define BOOT_DTB_MAX		(2ULL << 20)	/* booting.rst: DTB at most 2 MiB */
#define BOOT_DTB_ALIGN		(2ULL << 20)	/* QEMU aligns the DTB to 2 MiB */
#define BOOT_INITRD_MAX_OFFSET	(128ULL << 20)	/* initrd at min(RAM/2, 128 MiB) */
#define BOOT_PAGE_SIZE		0x1000ULL
#define BOOT_NOLOAD_OFFSET	0x02000000ULL	/* QEMU: KERNEL_NOLOAD_ADDR */
#define BOOT_GUNZIP_MAX		(256ULL << 20)	/* QEMU: LOAD_IMAGE_MAX_GUNZIP_BYTES */
#define BOOT_UIMAGE_GUNZIP_MAX	(64ULL << 20)	/* QEMU: UBOOT_MAX_GUNZIP_BYTES */

/* ---- Internal to boot/ (declared here so the unit tests reach them) ---- */

/* The error of a reset that finds WHAT's file is not the one it booted. */
int boot_reload_changed(struct av_err *err, const char *what, const char *path);

static inline uint32_t boot_le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t boot_le64(const uint8_t *p)
{
	return boot_le32(p) | (uint64_t)boot_le32(p + 4) << 32;
}

static inline uint16_t boot_le16(const uint8_t *p)
{
	return p[0] | (uint16_t)(p[1] << 8);
}

static inline uint32_t boot_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* arm64 Image header (booting.rst section 3). */
#define BOOT_IMAGE_HDR_SIZE	64
#define BOOT_IMAGE_MAGIC_OFF	0x38
#define BOOT_IMAGE_MAGIC	0x644d5241U	/* "ARM\x64" little endian */

int boot_image_has_magic(const uint8_t *data, size_t size);
/* Fill k's Image fields from blob (header or raw); blob is not consumed. */
/*
 * Streaming (boot/stream.c): open an uncompressed Image from its header
 * alone (1: done; 0: not such a file, read it whole), and read a
 * streamed file's bytes into dst (its size), checking it is still the
 * file that was opened (-ESTALE otherwise).
 */
int boot_kernel_try_stream(struct boot_file *f, struct kernel_image *k,
			   struct av_err *err);
int boot_initrd_try_stream(struct initrd_image *rd, struct av_err *err);
int boot_file_read_into(const struct boot_file *f, uint8_t *dst,
			struct av_err *err);
/*
 * Read a streamed kernel or initrd whole into its blob after all (the
 * firmware gets them through fw_cfg, from host memory); no-op otherwise.
 */
int boot_kernel_unstream(struct kernel_image *k, struct av_err *err);
int boot_initrd_unstream(struct initrd_image *rd, struct av_err *err);
/* Still the file that was opened (inode, size, times)? -ESTALE if not. */
int boot_file_check(const struct boot_file *f, struct av_err *err);

int boot_image_parse(const struct boot_blob *blob, struct kernel_image *k,
		     struct av_err *err);

int boot_is_gzip(const uint8_t *data, size_t size);

/* Linux EFI zboot (PE "MZ" + "zimg"): the gzip'd Image inside, unpacked. */
int boot_zboot_has_magic(const uint8_t *data, size_t size);
int boot_zboot_unpack(const struct boot_blob *blob, struct boot_blob *out,
		      struct av_err *err);

/* U-Boot legacy image (U-Boot include/image.h), big endian fields. */
#define BOOT_UIMAGE_HDR_SIZE	64
#define BOOT_UIMAGE_MAGIC	0x27051956U
enum {
	BOOT_UIMAGE_OS_LINUX = 5,
	BOOT_UIMAGE_ARCH_ARM = 2,
	BOOT_UIMAGE_ARCH_ARM64 = 22,
	BOOT_UIMAGE_TYPE_KERNEL = 2,
	BOOT_UIMAGE_TYPE_RAMDISK = 3,
	BOOT_UIMAGE_TYPE_KERNEL_NOLOAD = 14,
	BOOT_UIMAGE_COMP_NONE = 0,
	BOOT_UIMAGE_COMP_GZIP = 1,
};

struct boot_uimage {
	uint32_t size, load, ep;
	uint8_t os, arch, type, comp;
	const uint8_t *payload;		/* points into the parsed buffer */
};

int boot_uimage_has_magic(const uint8_t *data, size_t size);
/* Check magic, both CRCs, arch and size; fields are not interpreted. */
int boot_uimage_parse(const uint8_t *data, size_t size,
		      struct boot_uimage *out, struct av_err *err);
/* A uImage kernel (type kernel or kernel_noload) into k; blob not consumed. */
int boot_uimage_kernel(const struct boot_blob *blob, struct kernel_image *k,
		       struct av_err *err);

/* ELF64 little-endian AArch64 (System V gABI, AArch64 ELF supplement). */
int boot_elf_has_magic(const uint8_t *data, size_t size);
int boot_elf_parse(const struct boot_blob *blob, struct kernel_image *k,
		   struct av_err *err);
/* Copy the PT_LOAD segments of an already parsed ELF, zeroing BSS. */
int boot_elf_copy(const struct kernel_image *k, struct guest_ram *ram,
		  struct av_err *err);

/* Guest RAM as boot_place sees it: [base, end), end = base + size. */
struct place_ram {
	uint64_t base, size, end;
};

/* [addr, addr + len) lies wholly in RAM (overflow-safe). */
static inline int place_inside(const struct place_ram *r, uint64_t addr,
			       uint64_t len)
{
	return addr >= r->base && len <= r->size && addr - r->base <= r->size - len;
}

/* Round v up to a power-of-two align; -1 when that overflows. */
int place_align_up(uint64_t v, uint64_t align, uint64_t *out);
/* The DTB slot, once kernel and initrd are in l; anchor = initrd end. */
int place_dtb(int is_linux, uint64_t dtb_size, uint64_t anchor,
	      const struct place_ram *r, struct boot_layout *l,
	      struct av_err *err);

/*
 * The streamed files read into guest RAM on a worker thread while the
 * machine is built (boot/prefetch.c). Start once RAM is mapped (false:
 * nothing to read, or no thread: the copy reads as before); finish before
 * boot_copy_to_ram (the caller reads what the worker has not taken yet,
 * then joins it), which then skips what is in place (it sets
 * kernel_image.prefetched, initrd_image.prefetched: clear them after the
 * copy, a reset reads anew); stop joins the worker on an error path.
 * With map_kernel the kernel is mapped copy-on-write under a read lease
 * when it can be (machine/ram_map.c), and only the initrd is read.
 */
struct timeline;

struct boot_prefetch_file {
	struct boot_file file;		/* a copy: the threads only read it */
	uint8_t *dst;			/* NULL: nothing to read */
	uint64_t gpa;
	atomic_bool failed;		/* a piece could not be read */
};

struct boot_prefetch {
	pthread_t thread;
	bool running;			/* started, not yet joined */
	struct boot_prefetch_file kernel, initrd;
	atomic_size_t next;		/* the next 2 MiB piece to take */
	struct timeline *timeline;
	struct guest_ram *ram;
	bool kernel_mapped;		/* mapped, not read (machine/ram_map.c) */
};

bool boot_prefetch_start(struct boot_prefetch *p, const struct kernel_image *k,
			 const struct initrd_image *rd, struct guest_ram *ram,
			 bool map_kernel, struct timeline *tl);
void boot_prefetch_finish(struct boot_prefetch *p, struct kernel_image *k,
			  struct initrd_image *rd, const struct boot_layout *l);
void boot_prefetch_stop(struct boot_prefetch *p);

#endif
