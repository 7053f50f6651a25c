/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The code buffer of the code-emitting tier: a fixed size, never
 * writable and executable at the same address (W^X). One memfd is
 * mapped twice, read-write for the emitter and read-execute where the
 * code runs; the same offset is the same byte in both views.
 *
 * Both views' pages would count in the process's RSS, so the writable
 * view of committed code is dropped now and then (madvise MADV_DONTNEED:
 * for a shared mapping the bytes stay in the memfd, and a later write,
 * e.g. a chain link, faults the page back in).
 *
 * Allocation is a bump pointer; when it is full the owner flushes every
 * block (codebuf_reset) and starts again, as QEMU does for -accel
 * tcg,tb-size=MB. Not locked: the translator serialises allocation and
 * resets, and must stop every vCPU running from the buffer before a reset.
 * Plain Linux (memfd_create, mmap), so it builds and is tested on every
 * host; only running what is in it needs an x86-64 host.
 */
#ifndef ARMVISOR_JIT_X86_64_CODEBUF_H
#define ARMVISOR_JIT_X86_64_CODEBUF_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/*
 * A boot translates ~324k distinct guest instructions, a few tens of
 * MiB of host code at most, so 32 MiB rarely flushes.
 */
#define CODEBUF_DEFAULT_SIZE (32u << 20)
/*
 * At most 1 GiB, so every block reaches every other and a helper placed
 * near the buffer with a rel32 (2 GiB either way).
 */
#define CODEBUF_MIN_SIZE 4096u
#define CODEBUF_MAX_SIZE (1u << 30)

struct codebuf {
	uint8_t *rw;		/* the writable view */
	uint8_t *rx;		/* the executable view */
	size_t size;
	size_t used;		/* bump pointer: offset of the first free byte */
	size_t released;	/* the writable view is dropped below this offset */
	size_t peak;		/* the highest used since the last reset (its pages hold code) */
	unsigned int flushes;	/* resets so far: blocks of an older count are gone */
};

/*
 * Map a size-byte buffer (rounded up to pages). near: an address the
 * code will call (e.g. a helper), so the executable view is placed
 * within rel32 reach of it when the kernel allows; NULL for anywhere.
 */
int codebuf_init(struct codebuf *cb, size_t size, const void *near, struct av_err *err);
void codebuf_destroy(struct codebuf *cb);

/*
 * size bytes aligned to align (a power of two) in the writable view, or
 * NULL when they do not fit (the owner flushes and resets).
 */
void *codebuf_alloc(struct codebuf *cb, size_t size, size_t align);

/*
 * For code whose length is known only once emitted: the aligned free
 * space (its length in *room, NULL when none is left); then commit the
 * bytes used, at most *room.
 */
void *codebuf_reserve(struct codebuf *cb, size_t align, size_t *room);
void codebuf_commit(struct codebuf *cb, const void *rw_start, size_t used);

/*
 * Forget every block: the bump pointer goes back to the start and the
 * pages code was written to are freed (both views read zero until
 * written again).
 */
void codebuf_reset(struct codebuf *cb);

/* The executable address of a writable-view pointer, and back. */
uintptr_t codebuf_rx_addr(const struct codebuf *cb, const void *rw);
void *codebuf_rw_ptr(const struct codebuf *cb, uintptr_t rx);

#endif
