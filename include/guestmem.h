/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest RAM: one host mapping for the board's RAM region.
 */
#ifndef ARMVISOR_GUESTMEM_H
#define ARMVISOR_GUESTMEM_H

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/*
 * A ROM device (QEMU's "romd" memory regions): a device whose bytes the
 * CPUs may read and execute straight from host memory while *readable
 * says so (a flash bank in read-array mode). Writes, and every access
 * while it is not readable, go to the device on the MMIO bus.
 */
struct guest_romd {
	uint64_t base;
	uint64_t size;
	uint8_t *host;
	const _Atomic bool *readable;
	_Atomic bool code;		/* TCG translated code from it */
};

#define GUEST_ROMD_MAX	2

/*
 * A file mapped copy-on-write over part of RAM (machine/ram_map.c): the
 * guest reads the page cache's pages until it writes one. It is safe only
 * while the file cannot change: a read lease (fcntl(2) F_SETLEASE) is held
 * for as long as the mapping exists, and a writer's open or truncate
 * waits (and the lease signal comes) until guest_ram_file_private has
 * given the guest anonymous pages of its own (docs/startup.md). A copier
 * thread reads the file into those pages meanwhile, so that the
 * conversion has only the pages the guest wrote left to copy.
 */
enum guest_ram_copy {
	GUEST_RAM_COPY_NONE,		/* no copier started */
	GUEST_RAM_COPY_RUNNING,
	GUEST_RAM_COPY_DONE,		/* copy holds the whole file */
	GUEST_RAM_COPY_FAILED,		/* copy is not to be trusted */
};

struct guest_ram_file {
	uint8_t *host;			/* NULL: no file mapped */
	size_t len;			/* whole pages */
	size_t size;			/* the file's bytes */
	int fd;				/* the lease's; the caller owns it */
	int pagemap_fd;			/* /proc/self/pagemap, -1 if none */
	uint8_t *copy;			/* the copier's pages, 2 MiB aligned */
	pthread_t copier;
	bool copier_running;		/* started, not yet joined */
	atomic_bool copy_cancel;	/* the copier stops at its next piece */
	_Atomic int copy_state;		/* enum guest_ram_copy */
	int (*enter)(void *opaque);	/* guest_ram_file_copy_start's */
	void (*done)(void *opaque);
	void *opaque;
};

struct guest_ram {
	uint8_t *host;			/* mmap'd, MAP_NORESERVE: untouched pages cost nothing */
	uint64_t base;			/* guest physical address */
	uint64_t size;
	struct guest_romd romd[GUEST_ROMD_MAX];
	unsigned int nromd;
	struct guest_ram_file file;
	/*
	 * Held while the pages under RAM change (guest_ram_file_private), and
	 * by a writer that runs while the VM is stopped for that: gdb's memory
	 * writes, from the gdbstub's thread (accel-tcg/gdb/state.c).
	 */
	pthread_mutex_t remap_lock;
};

int guest_ram_alloc(struct guest_ram *ram, uint64_t base, uint64_t size,
		    struct av_err *err);
void guest_ram_free(struct guest_ram *ram);
/* Anonymous private memory, 2 MiB aligned (machine/ram.c says why); MAP_FAILED on error. */
void *guest_ram_anon_aligned(uint64_t size);

/* The signal a broken lease sends (blocked everywhere, read by the loop). */
#define GUEST_RAM_LEASE_SIGNAL	SIGIO

/*
 * Map size bytes of fd over RAM at gpa (page-aligned) under a read lease.
 * Fails (the caller copies instead) when the lease cannot be had: the
 * file is open for writing somewhere, not ours (no CAP_LEASE), or on a
 * filesystem without leases.
 */
int guest_ram_map_file(struct guest_ram *ram, uint64_t gpa, int fd, size_t size,
		       struct av_err *err);
/* Whether a file is mapped now. */
static inline bool guest_ram_file_mapped(const struct guest_ram *ram)
{
	return ram->file.host != NULL;
}
/*
 * Read the mapped file into anonymous memory on a thread of its own while
 * the guest runs: enter (may be NULL) runs first on that thread (its
 * sandbox; non-zero: no copy), done (may be NULL) when the copy is in.
 */
int guest_ram_file_copy_start(struct guest_ram *ram, int (*enter)(void *),
			      void (*done)(void *), void *opaque, struct av_err *err);
/*
 * Give the mapped range anonymous pages holding what the guest sees now,
 * then release the lease. Nothing may write guest RAM meanwhile: the
 * caller has stopped the vCPUs and the devices (a write to the old pages
 * after they were copied would be lost). With the copier's pages in,
 * only the pages the guest wrote are copied (their count in *written,
 * which may be NULL); else all.
 */
int guest_ram_file_private(struct guest_ram *ram, size_t *written, struct av_err *err);
/* Replace the mapped range with zero pages and release the lease (before a reload). */
int guest_ram_file_drop(struct guest_ram *ram, struct av_err *err);
/* Release the lease and the copier's pages, the range left as it is (guest_ram_free). */
void guest_ram_file_forget(struct guest_ram *ram);

/* True when [gpa, gpa+len) lies wholly inside RAM (overflow-safe). */
static inline bool guest_ram_contains(const struct guest_ram *ram,
				      uint64_t gpa, uint64_t len)
{
	return gpa >= ram->base && len <= ram->size &&
	       gpa - ram->base <= ram->size - len;
}

/* Host pointer for [gpa, gpa+len), or NULL when not wholly in RAM. */
static inline void *guest_ram_ptr(const struct guest_ram *ram, uint64_t gpa,
				  uint64_t len)
{
	if (!guest_ram_contains(ram, gpa, len))
		return NULL;
	return ram->host + (gpa - ram->base);
}

/*
 * The ROM device holding [gpa, gpa+len) wholly, readable now, or NULL.
 * Any thread; the answer may change as soon as the device sees a write.
 */
static inline struct guest_romd *guest_romd_find(struct guest_ram *ram,
						 uint64_t gpa, uint64_t len)
{
	for (unsigned int i = 0; i < ram->nromd; i++) {
		struct guest_romd *r = &ram->romd[i];

		if (gpa >= r->base && len <= r->size && gpa - r->base <= r->size - len)
			return atomic_load_explicit(r->readable, memory_order_acquire) ?
			       r : NULL;
	}
	return NULL;
}

/* Host pointer for reading [gpa, gpa+len) of a readable ROM device. */
static inline uint8_t *guest_romd_ptr(struct guest_ram *ram, uint64_t gpa,
				      uint64_t len)
{
	struct guest_romd *r = guest_romd_find(ram, gpa, len);

	return r ? r->host + (gpa - r->base) : NULL;
}

#endif
