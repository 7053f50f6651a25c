// SPDX-License-Identifier: GPL-2.0
/*
 * Guest RAM: one anonymous private mapping. MAP_NORESERVE because a 4G
 * guest usually touches a fraction of it: untouched pages cost nothing,
 * which is how we stay under QEMU's resident size.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "guestmem.h"

int guest_ram_alloc(struct guest_ram *ram, uint64_t base, uint64_t size,
		    struct av_err *err)
{
	void *p;

	memset(ram, 0, sizeof(*ram));
	if (size == 0 || size > SIZE_MAX)
		return av_errf(err, EINVAL, "guest RAM size %llu is not usable",
			       (unsigned long long)size);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return av_errf(err, errno,
			       "cannot allocate %llu MiB of guest RAM: %s",
			       (unsigned long long)(size >> 20), strerror(errno));
	/* Linux zeroes and reuses guest pages; THP cuts TLB misses on both sides. */
	madvise(p, size, MADV_HUGEPAGE);
	ram->host = p;
	ram->base = base;
	ram->size = size;
	return 0;
}

void guest_ram_free(struct guest_ram *ram)
{
	if (ram->host)
		munmap(ram->host, ram->size);
	memset(ram, 0, sizeof(*ram));
}
