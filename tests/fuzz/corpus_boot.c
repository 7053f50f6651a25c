// SPDX-License-Identifier: GPL-2.0
/*
 * Writes fuzz_boot's seed corpus: one small file per kernel format the
 * loaders take, each valid, so the fuzzer starts past every magic number
 * and checksum. Built and run by tests/fuzz/mkcorpus.sh:
 *   corpus_boot DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootgen.h"

static const char *dir;

static void put(const char *name, const struct bootgen_buf *b)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(b->data, 1, b->size, f) != b->size || fclose(f)) {
		perror(path);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	static const struct bootgen_seg segs[] = {
		{ .type = 1, .paddr = 0x40080000, .filesz = 64, .memsz = 0x100 },
		{ .type = 1, .paddr = 0x40090000, .filesz = 32, .memsz = 32 },
	};
	struct bootgen_uimage uh = {
		.os = 5, .arch = 22, .type = 2, .comp = 0,
		.load = 0x40080000, .ep = 0x40080000, .name = "fuzz",
	};
	struct bootgen_buf image, gz, b;
	uint8_t raw[256];

	if (argc != 2) {
		fprintf(stderr, "usage: corpus_boot DIR\n");
		return 2;
	}
	dir = argv[1];

	bootgen_image(&image, 0x80000, 0x2000, 0xa, 256);
	put("image", &image);
	if (bootgen_gzip(&gz, image.data, image.size))
		return 1;
	put("image.gz", &gz);
	bootgen_zboot(&b, "gzip", gz.data, gz.size);
	put("zboot", &b);
	bootgen_free(&b);

	bootgen_uimage(&b, &uh, image.data, image.size);
	put("uimage", &b);
	bootgen_free(&b);
	uh.comp = 1;
	bootgen_uimage(&b, &uh, gz.data, gz.size);
	put("uimage-gz", &b);
	bootgen_free(&b);
	uh.type = 14;		/* kernel_noload */
	uh.comp = 0;
	bootgen_uimage(&b, &uh, image.data, image.size);
	put("uimage-noload", &b);
	bootgen_free(&b);
	uh.type = 3;		/* ramdisk */
	bootgen_uimage(&b, &uh, gz.data, gz.size);
	put("uimage-ramdisk", &b);
	bootgen_free(&b);

	bootgen_elf(&b, 183, 0x40080000, segs, 2);	/* EM_AARCH64 */
	put("elf", &b);
	bootgen_free(&b);

	bootgen_pattern(raw, sizeof(raw), 7);
	b = (struct bootgen_buf){ raw, sizeof(raw) };
	put("raw", &b);

	bootgen_free(&gz);
	bootgen_free(&image);
	return 0;
}
