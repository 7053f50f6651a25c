// SPDX-License-Identifier: GPL-2.0
/*
 * A boot file mapped copy-on-write into guest RAM instead of read into
 * it: the guest's first instruction does not wait for a 32 MiB copy
 * (docs/startup.md).
 *
 * A MAP_PRIVATE mapping stays tied to its file for its whole life: a
 * truncate discards even the pages the guest wrote (Linux mm/truncate.c,
 * truncate_pagecache: unmap_mapping_range with even_cows), and a write to
 * the file shows through every page the guest has not written. So the
 * mapping exists only under a read lease (fcntl(2), "Leases"): an open
 * for writing or a truncate of the file first waits for us, and we get
 * GUEST_RAM_LEASE_SIGNAL. Meanwhile a copier thread reads the file into
 * anonymous memory; once it is in (or when the lease is broken) the VM
 * stops, guest_ram_file_private copies the pages the guest wrote over the
 * copier's and moves the result over the mapping, and only then does the
 * lease go. The guest then runs on anonymous huge pages, as a read
 * kernel does.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "guestmem.h"

#define RAM_COPY_PIECE	(2u << 20)

/*
 * /proc/self/pagemap, one 64-bit word per page (Linux
 * Documentation/admin-guide/mm/pagemap.rst).
 */
#define PM_PRESENT	(1ULL << 63)
#define PM_SWAPPED	(1ULL << 62)
#define PM_FILE		(1ULL << 61)	/* a file page (or shared anonymous) */
#define PM_BATCH	512

static size_t ram_page_size(void)
{
	long page = sysconf(_SC_PAGESIZE);

	return page > 0 ? (size_t)page : 4096;
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

/* 2 MiB aligned as the RAM is, so a move keeps whole huge pages. */
static uint8_t *ram_anon(size_t len)
{
	uint8_t *p = guest_ram_anon_aligned(len);

	if (p == MAP_FAILED)
		return NULL;
	madvise(p, len, MADV_HUGEPAGE);
	return p;
}

/* cancel: its copy is not wanted (a reset, an exit), so do not wait for the rest. */
static void ram_copier_join(struct guest_ram_file *f, bool cancel)
{
	if (cancel)
		atomic_store(&f->copy_cancel, true);
	if (f->copier_running)
		pthread_join(f->copier, NULL);
	f->copier_running = false;
}

/* Everything the mapping held goes; the writer waiting, if any, goes on. */
static void ram_file_release(struct guest_ram_file *f)
{
	ram_copier_join(f, true);
	if (f->copy)
		munmap(f->copy, f->len);
	/* F_UNLCK cannot fail on a lease we hold. */
	fcntl(f->fd, F_SETLEASE, F_UNLCK);
	if (f->pagemap_fd >= 0)
		close(f->pagemap_fd);
	memset(f, 0, sizeof(*f));
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
		fcntl(fd, F_SETLEASE, F_UNLCK);
		return av_errf_errno(err, e, "cannot map the file into guest RAM");
	}
	ram->file = (struct guest_ram_file){
		.host = dst, .len = len, .size = size, .fd = fd,
		/* Opened now, before any sandbox: which pages the guest wrote. */
		.pagemap_fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC),
	};
	return 0;
}

/* Between pieces the copier sees a cancel (an exit need not wait for it). */
static bool ram_read_all(struct guest_ram_file *f)
{
	size_t off = 0, want, size = f->size;
	uint8_t *dst = f->copy;
	int fd = f->fd;
	ssize_t n;

	while (off < size) {
		if (atomic_load(&f->copy_cancel))
			return false;
		want = size - off < RAM_COPY_PIECE ? size - off : RAM_COPY_PIECE;
		n = pread(fd, dst + off, want, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		off += (size_t)n;
	}
	return true;
}

/* The copier: under the lease the file cannot change while it reads. */
static void *ram_copier_main(void *opaque)
{
	struct guest_ram_file *f = opaque;
	bool ok = !f->enter || !f->enter(f->opaque);

	ok = ok && ram_read_all(f);
	atomic_store(&f->copy_state, ok ? GUEST_RAM_COPY_DONE : GUEST_RAM_COPY_FAILED);
	if (ok && f->done)
		f->done(f->opaque);
	return NULL;
}

int guest_ram_file_copy_start(struct guest_ram *ram, int (*enter)(void *),
			      void (*done)(void *), void *opaque, struct av_err *err)
{
	struct guest_ram_file *f = &ram->file;
	sigset_t all, old;
	int ret;

	if (!f->host)
		return av_errf(err, ENOENT, "no file is mapped into guest RAM");
	if (atomic_load(&f->copy_state) != GUEST_RAM_COPY_NONE)
		return 0;
	f->copy = ram_anon(f->len);
	if (!f->copy)
		return av_errf_errno(err, errno, "cannot allocate %zu KiB for the mapped file's copy",
				     f->len >> 10);
	f->enter = enter;
	f->done = done;
	f->opaque = opaque;
	atomic_store(&f->copy_state, GUEST_RAM_COPY_RUNNING);
	/* Signals are the loop's (util/loop.c). */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	ret = pthread_create(&f->copier, NULL, ram_copier_main, f);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (ret) {
		atomic_store(&f->copy_state, GUEST_RAM_COPY_FAILED);
		return av_errf_errno(err, ret, "cannot start the mapped file's copier");
	}
	f->copier_running = true;
	return 0;
}

static size_t ram_copy_all(const struct guest_ram_file *f, uint8_t *copy)
{
	memcpy(copy, f->host, f->len);
	return f->len / ram_page_size();
}

/*
 * Present and not a file page: the guest's own copy. Swapped out: it was
 * anonymous too. Neither: never touched, or a clean page the kernel
 * dropped; the file's bytes, which the copier has.
 */
static bool ram_page_written(uint64_t pm)
{
	if (pm & PM_PRESENT)
		return !(pm & PM_FILE);
	return pm & PM_SWAPPED;
}

/* Over the copier's pages, the ones the guest wrote; all if pagemap fails. */
static size_t ram_copy_written(const struct guest_ram_file *f, uint8_t *copy)
{
	size_t page = ram_page_size(), npages = f->len / page, at = 0, n = 0, want, i;
	off_t base = (off_t)((uintptr_t)f->host / page * sizeof(uint64_t));
	uint64_t pm[PM_BATCH];

	if (f->pagemap_fd < 0)
		return ram_copy_all(f, copy);
	while (at < npages) {
		want = npages - at < PM_BATCH ? npages - at : PM_BATCH;
		if (pread(f->pagemap_fd, pm, want * sizeof(pm[0]),
			  base + (off_t)(at * sizeof(pm[0]))) != (ssize_t)(want * sizeof(pm[0])))
			return ram_copy_all(f, copy);
		for (i = 0; i < want; i++) {
			if (!ram_page_written(pm[i]))
				continue;
			memcpy(copy + (at + i) * page, f->host + (at + i) * page, page);
			n++;
		}
		at += want;
	}
	return n;
}

int guest_ram_file_private(struct guest_ram *ram, size_t *written, struct av_err *err)
{
	struct guest_ram_file *f = &ram->file;
	bool copied;
	void *moved;
	size_t n;
	int e;

	if (written)
		*written = 0;
	if (!f->host)
		return 0;
	ram_copier_join(f, false);
	copied = atomic_load(&f->copy_state) == GUEST_RAM_COPY_DONE;
	/* No copier, or one that failed: its pages (if any) take a whole copy. */
	if (!f->copy)
		f->copy = ram_anon(f->len);
	if (!f->copy)
		return av_errf_errno(err, errno,
				     "cannot allocate %zu KiB to copy the mapped file into",
				     f->len >> 10);
	pthread_mutex_lock(&ram->remap_lock);
	n = copied ? ram_copy_written(f, f->copy) : ram_copy_all(f, f->copy);
	moved = mremap(f->copy, f->len, f->len, MREMAP_MAYMOVE | MREMAP_FIXED, f->host);
	e = errno;
	pthread_mutex_unlock(&ram->remap_lock);
	if (moved == MAP_FAILED)
		return av_errf_errno(err, e, "cannot put the copy of the mapped file in place");
	f->copy = NULL;		/* it is the guest's RAM now */
	if (written)
		*written = n;
	ram_file_release(f);
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
	ram_file_release(f);
	return 0;
}

void guest_ram_file_forget(struct guest_ram *ram)
{
	if (ram->file.host)
		ram_file_release(&ram->file);
}
