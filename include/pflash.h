/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CFI parallel flash with the Intel/Sharp command set (CFI01), as QEMU's
 * virt board wires its two firmware banks (hw/arm/virt.c
 * virt_flash_create1(): 4-byte bank of two 16-bit devices, 256 KiB
 * sectors, manufacturer 0x89, device 0x18).
 *
 * In read-array mode the bank is a ROM device: the accelerators read (and
 * execute) its bytes straight from pflash_storage() while
 * pflash_array_mode() says so; writes, and every access in the other
 * modes, come through pflash_mmio_ops.
 */
#ifndef ARMVISOR_PFLASH_H
#define ARMVISOR_PFLASH_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "mmio.h"

#define PFLASH_BANK_SIZE	(64ULL << 20)
#define PFLASH_SECTOR_SIZE	(256ULL << 10)
#define PFLASH_BANK_WIDTH	4

struct pflash;

/*
 * What the bank holds and where its changes go. fd < 0: nothing is
 * written back (-bios, or a bank with no file). size: the bytes to read
 * from fd at offset 0 (at most PFLASH_BANK_SIZE); the rest reads 0xff,
 * as erased flash. A bank with no file reads 0 (QEMU's empty bank) and
 * costs no memory until written.
 */
struct pflash_opts {
	int fd;
	uint64_t file_size;
	bool readonly;
	/* Called (device lock held) after program/erase changed [off, off+len). */
	void (*changed)(void *opaque, uint64_t off, uint64_t len);
	/*
	 * Called (device lock held) when the bank enters (array true) or
	 * leaves read-array mode, after the flag says so: KVM maps the bank
	 * as a read-only memory slot only while it reads as an array.
	 */
	void (*mode)(void *opaque, bool array);
	void *opaque;
};

extern const struct mmio_ops pflash_mmio_ops;

/* Takes o->fd (closed by pflash_destroy) only on success. */
struct pflash *pflash_create(const struct pflash_opts *o, struct av_err *err);
void pflash_destroy(struct pflash *fl);

/* The bank's bytes (PFLASH_BANK_SIZE), for the ROM-device mapping. */
uint8_t *pflash_storage(struct pflash *fl);
/* The flag the accelerators test: reads may use pflash_storage() now. */
const _Atomic bool *pflash_array_flag(const struct pflash *fl);
/* Machine reset: back to read-array mode, status clear. */
void pflash_reset(struct pflash *fl);

/*
 * Snapshots (docs/snapshot.md, "Firmware"): the command state, and the
 * bank's bytes when nothing else keeps them (no file, writable:
 * pflash_snap_has_contents). The load checks every field.
 */
struct snap_wbuf;
struct snap_rbuf;
bool pflash_snap_has_contents(const struct pflash *fl);
void pflash_snap_save(struct pflash *fl, struct snap_wbuf *w);
int pflash_snap_load(struct pflash *fl, struct snap_rbuf *r, struct av_err *err);

#endif
