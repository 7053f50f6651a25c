/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The soft TLB's types (mem/tlb.c owns the TLB): what struct cpu_state
 * embeds. Kept apart from mem/mem.h so that cpu.h needs nothing that
 * needs cpu.h.
 */
#ifndef ACCEL_TCG_MEM_TLB_TYPES_H
#define ACCEL_TCG_MEM_TLB_TYPES_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define MMU_PAGE_BITS	12
#define MMU_PAGE_SIZE	(1ull << MMU_PAGE_BITS)
#define MMU_PAGE_MASK	(~(MMU_PAGE_SIZE - 1))

/* Access types; a TLB entry's permission bits are (1 << type) << (4 * el). */
enum mmu_access {
	MMU_READ = 0,
	MMU_WRITE = 1,
	MMU_EXEC = 2,
};

#define TLB_PERM(type, el)	((uint16_t)((1u << (type)) << (4 * (el))))

/* TLB entry flags. */
#define TLB_F_RAM	(1u << 0)	/* backed by guest RAM: addend is valid */
#define TLB_F_DEVICE	(1u << 1)	/* Device memory type: no unaligned access */

#define TLB_BITS	11
#define TLB_SIZE	(1u << TLB_BITS)
#define TLB_INVALID	1ull		/* never a page-aligned tag */
#define TLB_GLOBAL	0xffffffffu	/* asid of an entry without nG */

/*
 * One cached 4K translation: the 32 bytes the fast path reads. vpage is
 * the canonical virtual page (bits 63:56 a copy of bit 55); fast_perm
 * holds the permissions only when the fast path may use the entry
 * (Normal RAM), perm always. 0 in perm: an empty slot (EL1 may read
 * every valid mapping, D5.4.4).
 */
struct tlb_entry {
	uint64_t vpage;
	uintptr_t addend;	/* host address = va + addend (TLB_F_RAM) */
	uint64_t pa_page;
	uint32_t asid;		/* ASID, or TLB_GLOBAL */
	uint16_t fast_perm;
	uint16_t perm;
};

/* What the slow path and AT need besides, in a parallel array. */
struct tlb_info {
	uint8_t flags;		/* TLB_F_* */
	uint8_t attr;		/* MAIR attribute byte */
	uint8_t sh;		/* shareability */
	uint8_t level;		/* of the leaf: permission faults report it */
};

/* A TLBI another vCPU broadcast (the ...IS forms), queued for the owner. */
struct tlb_remote_op {
	uint64_t xt;
	uint32_t op;		/* enum tlbi_op */
};

#define TLB_REMOTE_MAX	16	/* more queued ops than this: flush everything */

struct tlb {
	struct tlb_entry e[TLB_SIZE];
	struct tlb_info info[TLB_SIZE];
	/*
	 * The span of every block (2M/1G) mapping cached since the last
	 * flush: a TLBI by VA inside it flushes everything, because the
	 * block's other 4K pieces sit in other slots.
	 */
	uint64_t large_lo, large_hi;

	/*
	 * The owner's cpu->tlb_flush_req: non-zero while other vCPUs have
	 * queued work for this TLB, which the owner applies before its next
	 * lookup (every access path checks). It lives in struct cpu_state,
	 * beside the other words a block's entry reads. rq/nrq/rall are
	 * guarded by rlock, a spinlock held for a few stores.
	 */
	_Atomic uint32_t *flush_req;
	_Atomic uint32_t rlock;
	uint32_t nrq;
	bool rall;		/* the queue overflowed, or a flush-all was asked */
	struct tlb_remote_op rq[TLB_REMOTE_MAX];
};

static inline struct tlb_info *tlb_info_of(struct tlb *tlb, const struct tlb_entry *e)
{
	return &tlb->info[e - tlb->e];
}

#endif
