// SPDX-License-Identifier: GPL-2.0
/*
 * Copying between a host buffer and guest virtual memory as a CPU sees
 * it now, for the debugger (gdb/) and semihosting (sys/semihost.c):
 * translated like a data access of the current regime, but without its
 * side effects (no TLB fill, no fault taken, no Access flag update).
 * Only RAM: device memory has side effects on read.
 */
#include <errno.h>
#include <string.h>

#include "mem/mem.h"
#include "tcg.h"
#include "engine/engine.h"

/* Host pointer for up to *n bytes at va (never past its page), or NULL. */
static uint8_t *va_ptr(struct cpu_state *cpu, uint64_t va, size_t *n,
		       uint64_t *pa)
{
	struct mmu_result res;
	size_t room = MMU_PAGE_SIZE - (va & (MMU_PAGE_SIZE - 1));

	if (*n > room)
		*n = room;
	mmu_walk(cpu, va, true, &res);
	if (res.fault != MMU_FAULT_NONE)
		return NULL;
	*pa = res.pa;
	return guest_ram_ptr(cpu->ram, res.pa, *n);
}

int mem_va_read(struct cpu_state *cpu, uint64_t va, void *buf, size_t len)
{
	uint8_t *out = buf, *p;
	uint64_t pa;
	size_t n;

	while (len) {
		n = len;
		p = va_ptr(cpu, va, &n, &pa);
		if (!p)
			return -EFAULT;
		memcpy(out, p, n);
		out += n;
		va += n;
		len -= n;
	}
	return 0;
}

int mem_va_write(struct cpu_state *cpu, uint64_t va, const void *buf, size_t len)
{
	const uint8_t *in = buf;
	uint64_t pa;
	uint8_t *p;
	size_t n;

	while (len) {
		n = len;
		p = va_ptr(cpu, va, &n, &pa);
		if (!p)
			return -EFAULT;
		memcpy(p, in, n);
		/* Translated copies of the old bytes must go (translate.h). */
		if (cpu->tvm && tb_page_has_code(cpu->tvm, pa))
			tb_invalidate_phys_page(cpu->tvm, pa);
		in += n;
		va += n;
		len -= n;
	}
	return 0;
}
