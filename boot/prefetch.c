// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the streamed boot files (boot/stream.c) into guest RAM on a
 * worker thread while the main thread builds the machine. A 32 MiB Image
 * is the start-up's biggest cost (huge-page faults and the copy from the
 * page cache, docs/startup.md); the kernel's and the initrd's addresses
 * depend only on the files and RAM (boot/place.c: the DTB goes after
 * them), so they are known as soon as RAM is mapped.
 *
 * The files are cut in 2 MiB pieces (one huge page each) that the worker
 * takes in turn; when the main thread is done building the machine it
 * takes the pieces still left instead of waiting, so both cores copy.
 * Each file is checked before the first piece and after the last to be
 * the one opened (boot_file_check), as boot_file_read_into does; any
 * failure leaves that file to boot_copy_to_ram, which reads it again and
 * reports. When the caller allows it, the kernel is mapped instead
 * (machine/ram_map.c: copy-on-write, under a read lease) and only the
 * initrd is read.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "boot.h"
#include "timeline.h"

#define PREFETCH_PIECE	(2u << 20)

/* Pieces of pf before piece i of all: the kernel's, then the initrd's. */
static size_t pieces_of(const struct boot_prefetch_file *pf)
{
	return pf->dst ? (pf->file.size + PREFETCH_PIECE - 1) / PREFETCH_PIECE : 0;
}

/* pread until the range is in: short reads and EINTR are normal. */
static bool read_range(const struct boot_file *f, uint8_t *dst, size_t off, size_t len)
{
	ssize_t n;

	while (len) {
		n = pread(f->fd, dst, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;	/* an error, or the file shrank */
		dst += n;
		off += (size_t)n;
		len -= (size_t)n;
	}
	return true;
}

static void read_piece(struct boot_prefetch_file *pf, size_t i)
{
	size_t off = i * PREFETCH_PIECE;
	size_t len = pf->file.size - off < PREFETCH_PIECE ? pf->file.size - off : PREFETCH_PIECE;

	if (!read_range(&pf->file, pf->dst + off, off, len))
		atomic_store(&pf->failed, true);
}

/* Take pieces until none is left; the caller's and the worker's loop. */
static void prefetch_take(struct boot_prefetch *p)
{
	size_t nk = pieces_of(&p->kernel), n = nk + pieces_of(&p->initrd);
	size_t i;

	while ((i = atomic_fetch_add(&p->next, 1)) < n) {
		if (i < nk)
			read_piece(&p->kernel, i);
		else
			read_piece(&p->initrd, i - nk);
	}
}

static void *prefetch_main(void *opaque)
{
	struct boot_prefetch *p = opaque;

	prefetch_take(p);
	timeline_mark(p->timeline, "image reader done (worker thread)");
	return NULL;
}

static void prefetch_target(struct boot_prefetch_file *pf, const struct boot_file *f,
			    uint64_t gpa, size_t size, struct guest_ram *ram)
{
	struct av_err err = { 0 };

	pf->file = *f;
	pf->gpa = gpa;
	pf->dst = size ? guest_ram_ptr(ram, gpa, size) : NULL;
	if (pf->dst && boot_file_check(f, &err))
		pf->dst = NULL;		/* changed already: the copy says so */
}

/*
 * The kernel mapped copy-on-write instead of read, when its lease can be
 * had (machine/ram_map.c); anything else leaves it to the reader.
 */
static bool prefetch_map_kernel(const struct kernel_image *k, uint64_t gpa,
				struct guest_ram *ram, struct timeline *tl)
{
	struct av_err err = { 0 };
	int ret;

	if (!k->data_size || k->data_size != k->file.size)
		return false;
	ret = guest_ram_map_file(ram, gpa, k->file.fd, k->data_size, &err);
	if (ret) {
		/* Why, for whoever wonders where the start-up went. */
		timeline_mark(tl, "kernel read, not mapped: %s", strerror(-ret));
		return false;
	}
	/* Checked under the lease: the file the guest sees is the one opened. */
	if (boot_file_check(&k->file, &err)) {
		guest_ram_file_drop(ram, &err);
		return false;
	}
	return true;
}

bool boot_prefetch_start(struct boot_prefetch *p, const struct kernel_image *k,
			 const struct initrd_image *rd, struct guest_ram *ram,
			 bool map_kernel, struct timeline *tl)
{
	struct boot_layout l;
	struct av_err err = { 0 };
	sigset_t all, old;
	int ret;

	memset(p, 0, sizeof(*p));
	if (!k->streamed)
		return false;
	/* The DTB's size does not move the kernel or the initrd. */
	if (boot_place(k, rd ? rd->size : 0, 0, ram->base, ram->size, &l, &err))
		return false;	/* the real placement says why */
	p->ram = ram;
	if (map_kernel && prefetch_map_kernel(k, l.kernel_base, ram, tl)) {
		p->kernel_mapped = true;
		p->kernel.gpa = l.kernel_base;
		timeline_mark(tl, "kernel mapped copy-on-write (%zu KiB, read lease held)",
			      k->data_size >> 10);
	} else {
		prefetch_target(&p->kernel, &k->file, l.kernel_base, k->data_size, ram);
	}
	if (rd && rd->streamed)
		prefetch_target(&p->initrd, &rd->file, l.initrd_start, rd->size, ram);
	if (!p->kernel.dst && !p->initrd.dst)
		return p->kernel_mapped;
	p->timeline = tl;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	ret = pthread_create(&p->thread, NULL, prefetch_main, p);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	p->running = !ret;
	return p->running || p->kernel_mapped;
}

/* Read whole, and still the file that was opened. */
static bool prefetch_ok(const struct boot_prefetch_file *pf, uint64_t gpa)
{
	struct av_err err = { 0 };

	return pf->dst && !atomic_load(&pf->failed) && pf->gpa == gpa &&
	       !boot_file_check(&pf->file, &err);
}

void boot_prefetch_stop(struct boot_prefetch *p)
{
	if (!p->running)
		return;
	/* Nothing left for the worker: it ends after its current piece. */
	atomic_store(&p->next, SIZE_MAX / 2);
	pthread_join(p->thread, NULL);
	p->running = false;
}

void boot_prefetch_finish(struct boot_prefetch *p, struct kernel_image *k,
			  struct initrd_image *rd, const struct boot_layout *l)
{
	bool same = p->kernel.gpa == l->kernel_base &&
		    (!p->initrd.dst || p->initrd.gpa == l->initrd_start);
	struct av_err err = { 0 };

	if (p->running) {
		/*
		 * Help with what is left; if the layout moved (never, today), stop
		 * the worker instead: pieces may be left unread, so neither counts.
		 */
		if (same)
			prefetch_take(p);
		boot_prefetch_stop(p);
		k->prefetched = same && prefetch_ok(&p->kernel, l->kernel_base);
		if (rd)
			rd->prefetched = same && prefetch_ok(&p->initrd, l->initrd_start);
	}
	if (p->kernel_mapped) {
		/* Elsewhere (never, today): zero pages back, and the copy reads it. */
		k->prefetched = p->kernel.gpa == l->kernel_base;
		if (!k->prefetched)
			guest_ram_file_drop(p->ram, &err);
		p->kernel_mapped = false;
	}
}
