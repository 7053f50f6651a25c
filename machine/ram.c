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

/*
 * KVM maps guest RAM with 2 MiB stage-2 blocks only where the host
 * address and the guest address agree modulo 2 MiB (Linux
 * arch/arm64/kvm/mmu.c, fault_supports_stage2_huge_mapping), and THP only
 * backs 2 MiB-aligned ranges. The board's RAM base is 2 MiB aligned, so
 * align the host mapping too; a nested boot takes far fewer stage-2 faults.
 */
#define RAM_HOST_ALIGN (2ULL << 20)

void *guest_ram_anon_aligned(uint64_t size)
{
	uint64_t len = size + RAM_HOST_ALIGN, head, tail;
	uint8_t *p, *aligned;

	if (len < size)
		return MAP_FAILED;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return p;
	aligned = (uint8_t *)(((uintptr_t)p + RAM_HOST_ALIGN - 1) &
			      ~(uintptr_t)(RAM_HOST_ALIGN - 1));
	head = aligned - p;
	tail = len - head - size;
	if (head)
		munmap(p, head);
	if (tail)
		munmap(aligned + size, tail);
	return aligned;
}

int guest_ram_alloc(struct guest_ram *ram, uint64_t base, uint64_t size,
		    struct av_err *err)
{
	void *p;

	memset(ram, 0, sizeof(*ram));
	if (size == 0 || size > SIZE_MAX)
		return av_errf(err, EINVAL, "guest RAM size %llu is not usable",
			       (unsigned long long)size);
	p = guest_ram_anon_aligned(size);
	if (p == MAP_FAILED)
		return av_errf_errno(err, errno, "cannot allocate %llu MiB of guest RAM",
				     (unsigned long long)(size >> 20));
	/* Linux zeroes and reuses guest pages; THP cuts TLB misses on both sides. */
	madvise(p, size, MADV_HUGEPAGE);
	pthread_mutex_init(&ram->remap_lock, NULL);
	ram->host = p;
	ram->base = base;
	ram->size = size;
	return 0;
}

void guest_ram_free(struct guest_ram *ram)
{
	if (ram->host) {
		guest_ram_file_forget(ram);
		munmap(ram->host, ram->size);
		pthread_mutex_destroy(&ram->remap_lock);
	}
	memset(ram, 0, sizeof(*ram));
}
