// SPDX-License-Identifier: GPL-2.0
/*
 * Test-file generators for boot/ (see bootgen.h). Layouts from their
 * specifications: booting.rst (Image header), RFC 1952 via zlib (gzip),
 * U-Boot include/image.h (uImage), the System V gABI (ELF64).
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "bootgen.h"

extern char **environ;

/*
 * One folder per test program: Check's fixtures take no argument, so the
 * name lives here, set in the parent before Check forks each test.
 */
static char bootgen_dir[256];

static void *bootgen_alloc(size_t size)
{
	void *p = calloc(1, size ? size : 1);

	if (!p) {
		fprintf(stderr, "bootgen: out of memory\n");
		exit(2);
	}
	return p;
}

void bootgen_free(struct bootgen_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->size = 0;
}

void bootgen_pattern(uint8_t *p, size_t size, uint32_t seed)
{
	uint32_t x = seed * 2654435761u + 1;
	size_t i;

	for (i = 0; i < size; i++) {
		x = x * 1103515245u + 12345u;
		p[i] = (uint8_t)(x >> 16);
	}
}

static void put_le(uint8_t *p, uint64_t v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

void bootgen_image(struct bootgen_buf *out, uint64_t text_offset,
		   uint64_t image_size, uint64_t flags, size_t file_size)
{
	uint8_t *p;

	if (file_size < 64)
		file_size = 64;
	p = bootgen_alloc(file_size);
	bootgen_pattern(p, file_size, (uint32_t)file_size);
	put_le(p, 0x91005a4d, 4);		/* code0: "MZ" add, as EFI kernels */
	put_le(p + 4, 0x14000000, 4);		/* code1: b . */
	put_le(p + 8, text_offset, 8);
	put_le(p + 16, image_size, 8);
	put_le(p + 24, flags, 8);
	memset(p + 32, 0, 24);			/* res2..res4 */
	memcpy(p + 0x38, "ARM\x64", 4);
	put_le(p + 0x3c, 0, 4);
	out->data = p;
	out->size = file_size;
}

int bootgen_gzip(struct bootgen_buf *out, const uint8_t *in, size_t size)
{
	z_stream zs;
	uLong cap;

	memset(&zs, 0, sizeof(zs));
	if (deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	cap = deflateBound(&zs, size) + 64;
	out->data = bootgen_alloc(cap);
	zs.next_in = (Bytef *)in;
	zs.avail_in = (uInt)size;
	zs.next_out = out->data;
	zs.avail_out = (uInt)cap;
	if (deflate(&zs, Z_FINISH) != Z_STREAM_END) {
		deflateEnd(&zs);
		bootgen_free(out);
		return -1;
	}
	out->size = zs.total_out;
	deflateEnd(&zs);
	return 0;
}

void bootgen_zboot(struct bootgen_buf *out, const char *comp,
		   const uint8_t *payload, size_t size)
{
	size_t off = 0x200;
	uint8_t *p = bootgen_alloc(off + size);

	memcpy(p, "MZ\0\0zimg", 8);
	put_le(p + 8, off, 4);
	put_le(p + 12, size, 4);
	strncpy((char *)p + 24, comp, 31);
	put_le(p + 0x38, 0x818223cd, 4);	/* PE "linux" magic, not ARM\x64 */
	memcpy(p + off, payload, size);
	out->data = p;
	out->size = off + size;
}

void bootgen_uimage(struct bootgen_buf *out, const struct bootgen_uimage *h,
		    const uint8_t *payload, size_t size)
{
	uint8_t *p = bootgen_alloc(64 + size);

	put_be32(p, 0x27051956);
	put_be32(p + 8, h->time);
	put_be32(p + 12, (uint32_t)size);
	put_be32(p + 16, h->load);
	put_be32(p + 20, h->ep);
	put_be32(p + 24, (uint32_t)crc32(0, payload, (uInt)size));
	p[28] = h->os;
	p[29] = h->arch;
	p[30] = h->type;
	p[31] = h->comp;
	if (h->name)
		strncpy((char *)p + 32, h->name, 32);
	put_be32(p + 4, (uint32_t)crc32(0, p, 64));
	memcpy(p + 64, payload, size);
	out->data = p;
	out->size = 64 + size;
}

size_t bootgen_elf_seg_offset(const struct bootgen_seg *segs, unsigned int i,
			      unsigned int nsegs)
{
	size_t off = 64 + (size_t)nsegs * 56;
	unsigned int j;

	for (j = 0; j < i; j++)
		off += segs[j].filesz;
	return off;
}

static void bootgen_elf_phdr(uint8_t *ph, const struct bootgen_seg *s,
			     size_t offset)
{
	put_le(ph, s->type, 4);
	put_le(ph + 4, 5, 4);			/* PF_R | PF_X */
	put_le(ph + 8, offset, 8);
	put_le(ph + 16, s->paddr, 8);		/* vaddr = paddr */
	put_le(ph + 24, s->paddr, 8);
	put_le(ph + 32, s->filesz, 8);
	put_le(ph + 40, s->memsz, 8);
	put_le(ph + 48, 0x1000, 8);
}

void bootgen_elf(struct bootgen_buf *out, uint16_t machine, uint64_t entry,
		 const struct bootgen_seg *segs, unsigned int nsegs)
{
	size_t size = bootgen_elf_seg_offset(segs, nsegs, nsegs), off;
	uint8_t *p = bootgen_alloc(size);
	unsigned int i;

	memcpy(p, "\x7f" "ELF", 4);
	p[4] = 2;				/* ELFCLASS64 */
	p[5] = 1;				/* ELFDATA2LSB */
	p[6] = 1;				/* EV_CURRENT */
	put_le(p + 16, 2, 2);			/* ET_EXEC */
	put_le(p + 18, machine, 2);
	put_le(p + 20, 1, 4);
	put_le(p + 24, entry, 8);
	put_le(p + 32, 64, 8);			/* e_phoff */
	put_le(p + 52, 64, 2);			/* e_ehsize */
	put_le(p + 54, 56, 2);			/* e_phentsize */
	put_le(p + 56, nsegs, 2);
	for (i = 0; i < nsegs; i++) {
		off = bootgen_elf_seg_offset(segs, i, nsegs);
		bootgen_elf_phdr(p + 64 + (size_t)i * 56, &segs[i], off);
		bootgen_pattern(p + off, segs[i].filesz, i + 1);
	}
	out->data = p;
	out->size = size;
}

const char *bootgen_tmpdir(void)
{
	const char *base = getenv("TMPDIR");

	if (bootgen_dir[0])
		return bootgen_dir;
	snprintf(bootgen_dir, sizeof(bootgen_dir), "%s/armvisor-boot-XXXXXX",
		 base && base[0] ? base : "/tmp");
	if (!mkdtemp(bootgen_dir)) {
		perror("bootgen: mkdtemp");
		exit(2);
	}
	return bootgen_dir;
}

static int bootgen_rm(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void bootgen_tmpdir_remove(void)
{
	if (bootgen_dir[0])
		nftw(bootgen_dir, bootgen_rm, 16, FTW_DEPTH | FTW_PHYS);
	bootgen_dir[0] = '\0';
}

char *bootgen_write(const char *name, const void *data, size_t size)
{
	static char path[8][512];
	static unsigned int next;
	char *p = path[next++ % 8];
	FILE *f;

	snprintf(p, sizeof(path[0]), "%s/%s", bootgen_tmpdir(), name);
	f = fopen(p, "wb");
	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f)) {
		perror(p);
		exit(2);
	}
	return p;
}

int bootgen_run(char *const argv[])
{
	posix_spawn_file_actions_t fa;
	int status;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ)) {
		posix_spawn_file_actions_destroy(&fa);
		return -1;
	}
	posix_spawn_file_actions_destroy(&fa);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}
