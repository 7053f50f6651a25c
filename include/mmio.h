/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The MMIO bus: each guest physical access outside RAM is dispatched to
 * the device that owns the address. Used by both accelerators (KVM MMIO
 * exits, TCG soft-MMU slow path) and by tests.
 *
 * Devices do their own locking: accesses arrive from vCPU threads
 * concurrently.
 */
#ifndef ARMVISOR_MMIO_H
#define ARMVISOR_MMIO_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"

struct mmio_ops {
	/*
	 * size is 1, 2, 4 or 8; off is relative to the region base.
	 * Return 0, or -EINVAL for an access the device does not decode
	 * (the bus then logs a guest error; reads see 0).
	 */
	int (*read)(void *opaque, uint64_t off, unsigned int size, uint64_t *val);
	int (*write)(void *opaque, uint64_t off, unsigned int size, uint64_t val);
};

struct mmio_region {
	uint64_t base;
	uint64_t size;
	const struct mmio_ops *ops;
	void *opaque;
	const char *name;
};

#define MMIO_BUS_MAX_REGIONS 64

struct mmio_bus {
	struct mmio_region regions[MMIO_BUS_MAX_REGIONS];	/* sorted by base */
	unsigned int count;
	/* Called for accesses nobody decodes (guest_errors log); may be NULL. */
	void (*unassigned)(void *opaque, uint64_t addr, unsigned int size,
			   bool is_write, uint64_t val);
	void *unassigned_opaque;
};

void mmio_bus_init(struct mmio_bus *bus);

/* Add a region; fails with -EBUSY on overlap, -ENOSPC when full. */
int mmio_bus_add(struct mmio_bus *bus, uint64_t base, uint64_t size,
		 const struct mmio_ops *ops, void *opaque, const char *name,
		 struct av_err *err);

const struct mmio_region *mmio_bus_find(const struct mmio_bus *bus,
					uint64_t addr);

/*
 * Dispatch one access. Returns 0 when a device handled it, -ENODEV when
 * nothing is mapped there (reads then return 0), -EINVAL when the device
 * refused the access.
 */
int mmio_bus_read(const struct mmio_bus *bus, uint64_t addr, unsigned int size,
		  uint64_t *val);
int mmio_bus_write(const struct mmio_bus *bus, uint64_t addr, unsigned int size,
		   uint64_t val);

#endif
