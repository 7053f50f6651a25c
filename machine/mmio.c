// SPDX-License-Identifier: GPL-2.0
/*
 * The MMIO bus. Regions are kept sorted by base so a lookup is a binary
 * search: both accelerators come here on every device access.
 */
#include <errno.h>
#include <string.h>

#include "mmio.h"

void mmio_bus_init(struct mmio_bus *bus)
{
	memset(bus, 0, sizeof(*bus));
}

static bool regions_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

int mmio_bus_add(struct mmio_bus *bus, uint64_t base, uint64_t size,
		 const struct mmio_ops *ops, void *opaque, const char *name,
		 struct av_err *err)
{
	unsigned int i, pos = bus->count;

	if (size == 0 || base + size < base)
		return av_errf(err, EINVAL, "MMIO region %s: bad size", name);
	if (bus->count == MMIO_BUS_MAX_REGIONS)
		return av_errf(err, ENOSPC, "MMIO bus full adding %s", name);
	for (i = 0; i < bus->count; i++) {
		const struct mmio_region *r = &bus->regions[i];

		if (regions_overlap(base, size, r->base, r->size))
			return av_errf(err, EBUSY, "MMIO region %s overlaps %s",
				       name, r->name);
		if (pos == bus->count && base < r->base)
			pos = i;
	}
	memmove(&bus->regions[pos + 1], &bus->regions[pos],
		(bus->count - pos) * sizeof(bus->regions[0]));
	bus->regions[pos] = (struct mmio_region){
		.base = base, .size = size, .ops = ops, .opaque = opaque,
		.name = name,
	};
	bus->count++;
	return 0;
}

const struct mmio_region *mmio_bus_find(const struct mmio_bus *bus,
					uint64_t addr)
{
	unsigned int lo = 0, hi = bus->count;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;
		const struct mmio_region *r = &bus->regions[mid];

		if (addr < r->base)
			hi = mid;
		else if (addr - r->base >= r->size)
			lo = mid + 1;
		else
			return r;
	}
	return NULL;
}

/* An access must lie wholly inside one region; a straddling one is unassigned. */
static const struct mmio_region *find_access(const struct mmio_bus *bus,
					     uint64_t addr, unsigned int size)
{
	const struct mmio_region *r = mmio_bus_find(bus, addr);

	if (!r || size > r->size || addr - r->base > r->size - size)
		return NULL;
	return r;
}

int mmio_bus_read(const struct mmio_bus *bus, uint64_t addr, unsigned int size,
		  uint64_t *val)
{
	const struct mmio_region *r = find_access(bus, addr, size);
	int ret;

	*val = 0;
	if (!r || !r->ops->read) {
		if (bus->unassigned)
			bus->unassigned(bus->unassigned_opaque, addr, size, false, 0);
		return -ENODEV;
	}
	ret = r->ops->read(r->opaque, addr - r->base, size, val);
	if (ret)
		*val = 0;
	return ret;
}

int mmio_bus_write(const struct mmio_bus *bus, uint64_t addr, unsigned int size,
		   uint64_t val)
{
	const struct mmio_region *r = find_access(bus, addr, size);

	if (!r || !r->ops->write) {
		if (bus->unassigned)
			bus->unassigned(bus->unassigned_opaque, addr, size, true, val);
		return -ENODEV;
	}
	return r->ops->write(r->opaque, addr - r->base, size, val);
}
