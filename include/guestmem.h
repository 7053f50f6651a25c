/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest RAM: one host mapping for the board's RAM region.
 */
#ifndef ARMVISOR_GUESTMEM_H
#define ARMVISOR_GUESTMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct guest_ram {
	uint8_t *host;			/* mmap'd, MAP_NORESERVE: untouched pages cost nothing */
	uint64_t base;			/* guest physical address */
	uint64_t size;
};

int guest_ram_alloc(struct guest_ram *ram, uint64_t base, uint64_t size,
		    struct av_err *err);
void guest_ram_free(struct guest_ram *ram);

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

#endif
