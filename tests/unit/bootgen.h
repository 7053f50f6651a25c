/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generators of good and bad boot files for the boot/ unit tests: arm64
 * Image headers, gzip streams, U-Boot uImages and ELF64 files built
 * from their specifications, written into a private temporary folder.
 */
#ifndef ARMVISOR_TESTS_BOOTGEN_H
#define ARMVISOR_TESTS_BOOTGEN_H

#include <stddef.h>
#include <stdint.h>

struct bootgen_buf {
	uint8_t *data;
	size_t size;
};

void bootgen_free(struct bootgen_buf *b);

/* size bytes of a position-dependent pattern, so misplaced bytes show. */
void bootgen_pattern(uint8_t *p, size_t size, uint32_t seed);

/* An arm64 Image of file_size bytes (>= 64) with this header. */
void bootgen_image(struct bootgen_buf *out, uint64_t text_offset,
		   uint64_t image_size, uint64_t flags, size_t file_size);

/* gzip (RFC 1952) of in; returns 0 or -1. */
int bootgen_gzip(struct bootgen_buf *out, const uint8_t *in, size_t size);

/* An EFI zboot image: MZ/"zimg" header, comp name, then the payload. */
void bootgen_zboot(struct bootgen_buf *out, const char *comp,
		   const uint8_t *payload, size_t size);

struct bootgen_uimage {
	uint8_t os, arch, type, comp;
	uint32_t load, ep, time;
	const char *name;
};

/* A uImage with correct CRCs (U-Boot include/image.h layout). */
void bootgen_uimage(struct bootgen_buf *out, const struct bootgen_uimage *h,
		    const uint8_t *payload, size_t size);

struct bootgen_seg {
	uint32_t type;			/* PT_LOAD = 1 */
	uint64_t paddr, filesz, memsz;
};

/* ELF64 LE: header, program headers, then each segment's pattern bytes. */
void bootgen_elf(struct bootgen_buf *out, uint16_t machine, uint64_t entry,
		 const struct bootgen_seg *segs, unsigned int nsegs);

/* Offset in an ELF from bootgen_elf of segment i's file bytes. */
size_t bootgen_elf_seg_offset(const struct bootgen_seg *segs, unsigned int i,
			      unsigned int nsegs);

/* A fresh temporary folder; bootgen_path() names files in it. */
const char *bootgen_tmpdir(void);
void bootgen_tmpdir_remove(void);
/* Write data to <tmpdir>/name; returns the path (static buffer per call). */
char *bootgen_write(const char *name, const void *data, size_t size);

/* Run argv (argv[0] found in PATH), output discarded; exit status or -1. */
int bootgen_run(char *const argv[]);

#endif
