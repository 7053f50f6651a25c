/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside machine/snapshot/: the file container (snap_file.c), the
 * encoding of struct snap_machine (snap_codec.c), the board
 * configuration digest (snap_config.c) and the save/load of a running
 * machine (snap_vm.c). The byte layout: docs/snapshot.md.
 */
#ifndef MACHINE_SNAPSHOT_PRIV_H
#define MACHINE_SNAPSHOT_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "snapshot.h"
#include "snap_stream.h"

#define SNAP_MAGIC		"ARMVSNAP"
#define SNAP_MAGIC_LEN		8
#define SNAP_FORMAT_VERSION	2u
#define SNAP_VERSION_LEN	32		/* armvisor's version, NUL padded */
#define SNAP_HEADER_LEN		(SNAP_MAGIC_LEN + 4 + 4 + SNAP_VERSION_LEN)

#define SNAP_TAG(a, b, c, d) \
	((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | (uint32_t)(d) << 24)
#define SNAP_SEC_CONF		SNAP_TAG('C', 'O', 'N', 'F')
#define SNAP_SEC_RAM		SNAP_TAG('R', 'A', 'M', 'C')
#define SNAP_SEC_MACH		SNAP_TAG('M', 'A', 'C', 'H')
#define SNAP_SEC_DEV		SNAP_TAG('D', 'E', 'V', 'S')
#define SNAP_SEC_END		SNAP_TAG('E', 'N', 'D', ' ')
#define SNAP_SEC_HDR_LEN	16		/* tag, flags, length */

/* RAM chunks: 512 pages of 4 KiB, a 64-byte bitmap of the pages present. */
#define SNAP_PAGE		4096u
#define SNAP_CHUNK_PAGES	512u
#define SNAP_CHUNK		((uint64_t)SNAP_PAGE * SNAP_CHUNK_PAGES)
#define SNAP_CHUNK_MAP		(SNAP_CHUNK_PAGES / 8)

/* Sections other than RAM are read whole; none is larger than this. */
#define SNAP_SEC_MAX		(64u << 20)
#define SNAP_CONF_MAX		(64u << 10)
#define SNAP_MAX_CPUS		512u
#define SNAP_MAX_ITS_DEVS	65536u

/* ---- The file: a byte sink / source with a running CRC32 ---- */

struct snap_out {
	int fd;
	uint32_t crc;
	uint64_t bytes;
	int err;			/* first write error (negative errno) */
};

struct snap_in {
	/* Read exactly n bytes; 0, or -EIO / -ENODATA (end of file). */
	int (*read)(void *opaque, void *buf, size_t n);
	void *opaque;
	uint32_t crc;
	uint64_t bytes;
};

void snap_out_init(struct snap_out *o, int fd);
void snap_out_bytes(struct snap_out *o, const void *p, size_t n);
void snap_out_header(struct snap_out *o, const char *version);
/* A section's header; its len payload bytes follow through snap_out_bytes. */
void snap_out_sec_header(struct snap_out *o, uint32_t tag, uint64_t len);
void snap_out_section(struct snap_out *o, uint32_t tag, const void *p, size_t n);
/* The END section: its payload is the CRC32 of every byte before it. */
void snap_out_end(struct snap_out *o);

/* What the reader hands the caller, section by section. */
struct snap_sec {
	uint32_t tag;
	uint64_t len;
};

int snap_in_header(struct snap_in *in, char version[SNAP_VERSION_LEN + 1],
		   struct av_err *err);
/* The next section's header; its payload is read by the caller. */
int snap_in_section(struct snap_in *in, struct snap_sec *sec, struct av_err *err);
int snap_in_bytes(struct snap_in *in, void *p, size_t n, struct av_err *err);
/* After an END section header: check its CRC and that nothing follows. */
int snap_in_end(struct snap_in *in, const struct snap_sec *sec, struct av_err *err);

/* ---- The accelerator state ---- */

void snap_encode_machine(struct snap_wbuf *w, const struct snap_machine *m);
/* Decode into m (snap_machine_free it after). */
int snap_decode_machine(struct snap_rbuf *r, struct snap_machine *m,
			struct av_err *err);

/* ---- The whole file as a parsed object (unit tests, the fuzzer) ---- */

/*
 * RAM chunk callback of snap_parse: gpa is the chunk's address, map its
 * page bitmap and pages the present pages in order. Return a negative
 * errno to stop.
 */
struct snap_parse_ops {
	/* The CONF section, before any RAM: compare it, refuse with err. */
	int (*conf)(void *opaque, const char *conf, struct av_err *err);
	int (*ram)(void *opaque, uint64_t gpa, const uint8_t *map,
		   const uint8_t *pages, size_t len, struct av_err *err);
	void *opaque;
};

struct snap_parsed {
	char version[SNAP_VERSION_LEN + 1];
	char *conf;			/* NUL terminated */
	struct snap_machine mach;
	bool has_mach;
	uint8_t *devs;			/* the DEVS payload */
	size_t devs_len;
};

int snap_parse(struct snap_in *in, const struct snap_parse_ops *ops,
	       struct snap_parsed *out, struct av_err *err);
void snap_parsed_free(struct snap_parsed *p);

/* Compare two configuration digests; the first line that differs is named. */
int snap_conf_compare(const char *saved, const char *now, struct av_err *err);

#endif
