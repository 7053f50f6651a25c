// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the streamed boot files (boot/stream.c) into guest RAM on a
 * worker thread while the main thread builds the machine. A 32 MiB Image
 * is the start-up's biggest cost (page faults and the copy from the page
 * cache, docs/startup.md); the kernel's and the initrd's addresses depend
 * only on the files and RAM (boot/place.c: the DTB goes after them), so
 * they are known as soon as RAM is mapped. The worker reads with the
 * same checks as the copy (boot_file_read_into: the file must still be
 * the one opened); boot_copy_to_ram then skips a file the worker put at
 * the address the final layout gives it. Anything else (a failed read,
 * another address) leaves the copy to read it as before, and report.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>

#include "boot.h"
#include "timeline.h"

/* One file to read: its copy of the descriptor's facts, and where to. */
static bool prefetch_one(struct boot_prefetch_file *pf)
{
	struct av_err err = { 0 };

	return pf->dst && !boot_file_read_into(&pf->file, pf->dst, &err);
}

static void *prefetch_main(void *opaque)
{
	struct boot_prefetch *p = opaque;

	p->kernel.ok = prefetch_one(&p->kernel);
	p->initrd.ok = prefetch_one(&p->initrd);
	timeline_mark(p->timeline, "images read into guest RAM (worker thread)");
	return NULL;
}

static void prefetch_target(struct boot_prefetch_file *pf, const struct boot_file *f,
			    uint64_t gpa, size_t size, struct guest_ram *ram)
{
	pf->dst = size ? guest_ram_ptr(ram, gpa, size) : NULL;
	pf->gpa = gpa;
	pf->file = *f;
}

bool boot_prefetch_start(struct boot_prefetch *p, const struct kernel_image *k,
			 const struct initrd_image *rd, struct guest_ram *ram,
			 struct timeline *tl)
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
	prefetch_target(&p->kernel, &k->file, l.kernel_base, k->data_size, ram);
	if (rd && rd->streamed)
		prefetch_target(&p->initrd, &rd->file, l.initrd_start, rd->size, ram);
	p->timeline = tl;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	ret = pthread_create(&p->thread, NULL, prefetch_main, p);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	p->running = !ret;
	return p->running;
}

/* Join the worker; what it read counts only where the layout agrees. */
void boot_prefetch_finish(struct boot_prefetch *p, struct kernel_image *k,
			  struct initrd_image *rd, const struct boot_layout *l)
{
	if (!p->running)
		return;
	pthread_join(p->thread, NULL);
	p->running = false;
	k->prefetched = p->kernel.ok && p->kernel.gpa == l->kernel_base;
	if (rd)
		rd->prefetched = p->initrd.ok && p->initrd.gpa == l->initrd_start;
}

void boot_prefetch_stop(struct boot_prefetch *p)
{
	if (p->running)
		pthread_join(p->thread, NULL);
	p->running = false;
}
