// SPDX-License-Identifier: GPL-2.0
/*
 * A boot file mapped copy-on-write into guest RAM instead of read into
 * it: the guest's first instruction does not wait for a 32 MiB copy, and
 * the pages it only reads stay the page cache's (docs/startup.md).
 *
 * A MAP_PRIVATE mapping stays tied to its file for its whole life: a
 * truncate discards even the pages the guest wrote (Linux mm/truncate.c,
 * truncate_pagecache: unmap_mapping_range with even_cows), and a write to
 * the file shows through every page the guest has not written. So the
 * mapping exists only under a read lease (fcntl(2), "Leases"): an open
 * for writing or a truncate of the file first waits for us, and we get
 * GUEST_RAM_LEASE_SIGNAL. The main loop then stops every writer of guest
 * RAM and calls guest_ram_file_private, which puts anonymous pages with
 * the same bytes in place before the lease goes.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "guestmem.h"

static size_t ram_page_size(void)
{
	long page = sysconf(_SC_PAGESIZE);

	return page > 0 ? (size_t)page : 4096;
}

static void ram_lease_release(int fd)
{
	/* F_UNLCK cannot fail on a lease we hold; the writer goes on. */
	fcntl(fd, F_SETLEASE, F_UNLCK);
}

/* Zero pages back over [p, p+len), as guest_ram_alloc made them. */
static int ram_map_zero(uint8_t *p, size_t len)
{
	if (mmap(p, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED,
		 -1, 0) == MAP_FAILED)
		return -errno;
	madvise(p, len, MADV_HUGEPAGE);
	return 0;
}

int guest_ram_map_file(struct guest_ram *ram, uint64_t gpa, int fd, size_t size,
		       struct av_err *err)
{
	size_t page = ram_page_size(), len = (size + page - 1) & ~(page - 1);
	uint8_t *dst;
	int e;

	if (ram->file.host)
		return av_errf(err, EBUSY, "a file is mapped into guest RAM already");
	dst = size && len >= size && !(gpa & (page - 1)) ?
	      guest_ram_ptr(ram, gpa, len) : NULL;
	if (!dst)
		return av_errf(err, EINVAL, "cannot map %zu bytes at 0x%llx into guest RAM",
			       size, (unsigned long long)gpa);
	if (fcntl(fd, F_SETSIG, GUEST_RAM_LEASE_SIGNAL) < 0 ||
	    fcntl(fd, F_SETLEASE, F_RDLCK) < 0)
		return av_errf_errno(err, errno, "no read lease on the file");
	if (mmap(dst, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_FIXED | MAP_NORESERVE, fd, 0) == MAP_FAILED) {
		e = errno;
		/* MAP_FIXED may have unmapped the range before failing. */
		ram_map_zero(dst, len);
		ram_lease_release(fd);
		return av_errf_errno(err, e, "cannot map the file into guest RAM");
	}
	ram->file = (struct guest_ram_file){ .host = dst, .len = len, .fd = fd };
	return 0;
}

int guest_ram_file_private(struct guest_ram *ram, struct av_err *err)
{
	struct guest_ram_file *f = &ram->file;
	uint8_t *copy;
	void *moved;
	int e;

	if (!f->host)
		return 0;
	/*
	 * 2 MiB aligned as the RAM is, so mremap moves whole huge pages
	 * and the range keeps them.
	 */
	copy = guest_ram_anon_aligned(f->len);
	if (copy == MAP_FAILED)
		return av_errf_errno(err, errno,
				     "cannot allocate %zu KiB to copy the mapped file into",
				     f->len >> 10);
	madvise(copy, f->len, MADV_HUGEPAGE);
	pthread_mutex_lock(&ram->remap_lock);
	memcpy(copy, f->host, f->len);
	moved = mremap(copy, f->len, f->len, MREMAP_MAYMOVE | MREMAP_FIXED, f->host);
	e = errno;
	pthread_mutex_unlock(&ram->remap_lock);
	if (moved == MAP_FAILED) {
		munmap(copy, f->len);
		return av_errf_errno(err, e, "cannot put the copy of the mapped file in place");
	}
	ram_lease_release(f->fd);
	memset(f, 0, sizeof(*f));
	return 0;
}

int guest_ram_file_drop(struct guest_ram *ram, struct av_err *err)
{
	struct guest_ram_file *f = &ram->file;
	int ret;

	if (!f->host)
		return 0;
	ret = ram_map_zero(f->host, f->len);
	if (ret)
		return av_errf_errno(err, -ret, "cannot unmap the file from guest RAM");
	ram_lease_release(f->fd);
	memset(f, 0, sizeof(*f));
	return 0;
}
