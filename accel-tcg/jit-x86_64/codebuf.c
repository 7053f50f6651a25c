// SPDX-License-Identifier: GPL-2.0
/*
 * The code buffer: one memfd mapped read-write for the emitter and
 * read-execute for running, so no address is ever writable and
 * executable at once (W^X), and a bump allocator over it.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "codebuf.h"

/*
 * The executable view is asked for this far below `near` (the
 * program's text): above the text lies the heap's brk area, which a
 * mapping there would cut short.
 */
#define CODEBUF_NEAR_GAP (256u << 20)
/* Within this of the text every handler is in CALL rel32's reach (+-2 GiB). */
#define CODEBUF_REACH (1ull << 30)
/* Hints tried: one per vCPU buffer, for the usual -smp counts. */
#define CODEBUF_NEAR_TRIES 16

static size_t page_size(void)
{
	long p = sysconf(_SC_PAGESIZE);

	return p > 0 ? (size_t)p : 4096;
}

/*
 * Hints (never MAP_FIXED: an occupied range just lands elsewhere), one
 * buffer size apart going down, so that each vCPU's buffer finds a free
 * range near the text when the one before took the first.
 */
static void *rx_hint(const void *near, size_t size, unsigned int k)
{
	uintptr_t n = (uintptr_t)near, below = (k + 1) * size + CODEBUF_NEAR_GAP;

	if (!near || n < below + page_size())
		return NULL;
	return (void *)((n - below) & ~(uintptr_t)(page_size() - 1));
}

/* Can code anywhere in [rx, rx + size) reach the text at near by rel32? */
static bool rx_in_reach(const void *rx, size_t size, const void *near)
{
	uintptr_t r = (uintptr_t)rx, n = (uintptr_t)near;

	return r + size <= n ? n - r < CODEBUF_REACH : r - n < CODEBUF_REACH;
}

/* The executable view: near the text when a hint lands in reach. */
static void *map_rx(int fd, size_t size, const void *near)
{
	unsigned int k;
	void *rx;

	for (k = 0; k < CODEBUF_NEAR_TRIES; k++) {
		rx = mmap(rx_hint(near, size, k), size, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
		if (rx == MAP_FAILED || !near || rx_in_reach(rx, size, near))
			return rx;
		munmap(rx, size);
	}
	/* Far away: blocks call through a register (x86_emit_call_far). */
	return mmap(NULL, size, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
}

static int map_views(struct codebuf *cb, int fd, const void *near, struct av_err *err)
{
	cb->rw = mmap(NULL, cb->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (cb->rw == MAP_FAILED) {
		cb->rw = NULL;
		return av_errf_errno(err, errno, "code buffer: cannot map %zu bytes", cb->size);
	}
	cb->rx = map_rx(fd, cb->size, near);
	if (cb->rx == MAP_FAILED) {
		cb->rx = NULL;
		return av_errf_errno(err, errno,
				     "code buffer: cannot map it executable (does a security "
				     "policy forbid executable memory?)");
	}
	return 0;
}

int codebuf_init(struct codebuf *cb, size_t size, const void *near, struct av_err *err)
{
	size_t page = page_size();
	int fd, ret;

	memset(cb, 0, sizeof(*cb));
	if (size < CODEBUF_MIN_SIZE || size > CODEBUF_MAX_SIZE)
		return av_errf(err, EINVAL, "code buffer of %zu bytes: the size must be %u KiB "
			       "to %u MiB", size, CODEBUF_MIN_SIZE >> 10, CODEBUF_MAX_SIZE >> 20);
	cb->size = (size + page - 1) & ~(page - 1);
	fd = memfd_create("armvisor-jit", MFD_CLOEXEC);
	if (fd < 0)
		return av_errf_errno(err, errno, "code buffer: memfd_create");
	if (ftruncate(fd, (off_t)cb->size))
		ret = av_errf_errno(err, errno, "code buffer: cannot size it to %zu bytes",
				    cb->size);
	else
		ret = map_views(cb, fd, near, err);
	/* The mappings keep the memory; the descriptor is not needed. */
	close(fd);
	if (ret)
		codebuf_destroy(cb);
	return ret;
}

void codebuf_destroy(struct codebuf *cb)
{
	if (cb->rw)
		munmap(cb->rw, cb->size);
	if (cb->rx)
		munmap(cb->rx, cb->size);
	memset(cb, 0, sizeof(*cb));
}

static bool valid_align(size_t align)
{
	return align && !(align & (align - 1)) && align <= page_size();
}

void *codebuf_reserve(struct codebuf *cb, size_t align, size_t *room)
{
	size_t start;

	*room = 0;
	if (!cb->rw || !valid_align(align))
		return NULL;
	/* used <= size <= 1 GiB and align <= a page: no wrap-around. */
	start = (cb->used + align - 1) & ~(align - 1);
	if (start >= cb->size)
		return NULL;
	*room = cb->size - start;
	return cb->rw + start;
}

/* Committed code is dropped from the writable view in chunks of this many bytes. */
#define CODEBUF_RELEASE_CHUNK (256u << 10)

/*
 * Drop the writable view's pages below the bump pointer's page: the
 * code stays in the memfd and in the executable view (madvise(2),
 * MADV_DONTNEED on a shared mapping). From the start each time: chain
 * links written since faulted some pages back in. Failure only costs
 * memory.
 */
static void codebuf_release(struct codebuf *cb)
{
	size_t upto = cb->used & ~(page_size() - 1);

	if (upto < cb->released + CODEBUF_RELEASE_CHUNK)
		return;
	madvise(cb->rw, upto, MADV_DONTNEED);
	cb->released = upto;
}

void codebuf_commit(struct codebuf *cb, const void *rw_start, size_t used)
{
	size_t start = (size_t)((const uint8_t *)rw_start - cb->rw);

	/* Clamped: a caller's mistake must not move the pointer past the end. */
	if (start > cb->size)
		start = cb->size;
	cb->used = start + (used < cb->size - start ? used : cb->size - start);
	if (cb->used > cb->peak)
		cb->peak = cb->used;
	codebuf_release(cb);
}

void *codebuf_alloc(struct codebuf *cb, size_t size, size_t align)
{
	size_t room;
	void *p = codebuf_reserve(cb, align, &room);

	if (!p || size > room)
		return NULL;
	codebuf_commit(cb, p, size);
	return p;
}

/*
 * Give the memfd's pages back (madvise(2) MADV_REMOVE punches the hole
 * for both views): a guest's IC IALLU drops every block, typically with
 * megabytes of code written, and the buffer refills more slowly than
 * that, so the old pages would stay in RSS until overwritten. A fault
 * per page as it refills is the cost. Failure only costs memory.
 */
static void codebuf_punch(struct codebuf *cb)
{
	size_t len = (cb->peak + page_size() - 1) & ~(page_size() - 1);

	if (cb->rw && len)
		madvise(cb->rw, len, MADV_REMOVE);
	cb->peak = 0;
}

void codebuf_reset(struct codebuf *cb)
{
	codebuf_punch(cb);
	cb->used = 0;
	cb->released = 0;
	cb->flushes++;
}

/* Both accept the end of the buffer (one past the last byte). */
uintptr_t codebuf_rx_addr(const struct codebuf *cb, const void *rw)
{
	uintptr_t off = (uintptr_t)rw - (uintptr_t)cb->rw;

	return cb->rw && off <= cb->size ? (uintptr_t)cb->rx + off : 0;
}

void *codebuf_rw_ptr(const struct codebuf *cb, uintptr_t rx)
{
	uintptr_t off = rx - (uintptr_t)cb->rx;

	return cb->rx && off <= cb->size ? cb->rw + off : NULL;
}
