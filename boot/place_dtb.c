// SPDX-License-Identifier: GPL-2.0
/*
 * Where the DTB goes. booting.rst: 8-byte aligned, at most 2 MiB; older
 * kernels (booting.txt before v4.2) also wanted it not to cross a 2 MiB
 * boundary, and early code maps the 2 MiB block around it, so we never
 * let it cross one either.
 *
 * First choice, as QEMU (hw/arm/boot.c): for Linux, the first 2 MiB
 * boundary at or after the initrd's end (or where the initrd would have
 * gone); for an ELF or other non-Linux kernel, the base of RAM when the
 * image leaves room there. When that slot does not fit (small RAM, large
 * initrd) we try the base of RAM and the gap after the kernel, so that a
 * layout QEMU would refuse still boots when there is room somewhere.
 */
#include <errno.h>

#include "boot.h"

static uint64_t dtb_min(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* Does [start, end) hold addr? */
static int dtb_in(uint64_t addr, uint64_t start, uint64_t end)
{
	return addr >= start && addr < end;
}

/*
 * Room at addr before RAM's end, the kernel, the initrd or a 2 MiB
 * boundary; 0 when addr is inside one of them or not 8-byte aligned.
 */
static uint64_t dtb_room(uint64_t addr, const struct place_ram *r,
			 const struct boot_layout *l)
{
	uint64_t limit = r->end, next2m;

	if ((addr & 7) || !place_inside(r, addr, 1) ||
	    dtb_in(addr, l->kernel_base, l->kernel_end) ||
	    dtb_in(addr, l->initrd_start, l->initrd_end))
		return 0;
	if (l->kernel_base > addr)
		limit = dtb_min(limit, l->kernel_base);
	if (l->initrd_end > l->initrd_start && l->initrd_start > addr)
		limit = dtb_min(limit, l->initrd_start);
	if (!place_align_up(addr + 1, BOOT_DTB_ALIGN, &next2m))
		limit = dtb_min(limit, next2m);
	return dtb_min(limit - addr, BOOT_DTB_MAX);
}

static int dtb_try(uint64_t addr, uint64_t size, const struct place_ram *r,
		   struct boot_layout *l)
{
	uint64_t room = dtb_room(addr, r, l);

	if (room < size)
		return 0;
	l->dtb_addr = addr;
	l->dtb_max = room;
	return 1;
}

int place_dtb(int is_linux, uint64_t dtb_size, uint64_t anchor,
	      const struct place_ram *r, struct boot_layout *l,
	      struct av_err *err)
{
	uint64_t after_initrd, after_kernel, low;

	if (!dtb_size)
		return 0;
	if (dtb_size > BOOT_DTB_MAX)
		return av_errf(err, EFBIG,
			       "the DTB is %llu bytes; booting.rst allows at most 2 MiB",
			       (unsigned long long)dtb_size);
	if (place_align_up(r->base, 8, &low))
		low = UINT64_MAX;
	if (!is_linux && dtb_try(low, dtb_size, r, l))
		return 0;
	if (!place_align_up(anchor, BOOT_DTB_ALIGN, &after_initrd) &&
	    dtb_try(after_initrd, dtb_size, r, l))
		return 0;
	if (dtb_try(low, dtb_size, r, l))
		return 0;
	if (!place_align_up(l->kernel_end, 8, &after_kernel) &&
	    dtb_try(after_kernel, dtb_size, r, l))
		return 0;
	return av_errf(err, ENOSPC,
		       "no room for the DTB (%llu bytes) in RAM [0x%llx, 0x%llx) besides the kernel and initrd",
		       (unsigned long long)dtb_size, (unsigned long long)r->base,
		       (unsigned long long)r->end);
}
