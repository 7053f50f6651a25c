// SPDX-License-Identifier: GPL-2.0
/*
 * Watchpoint exceptions (ARM ARM D2.10, pseudocode AArch64.WatchpointMatch,
 * AArch64.WatchpointByteMatch, AArch64.CheckWatchpoint). MEM's slow path
 * calls dbg_watch_check for each translated piece of an access before
 * the access happens, so the insn has no effect (preferred return = the
 * insn) and a page-crossing or unaligned access that reaches into the
 * watched bytes is seen like any other; tlb_fill keeps watched pages off
 * the fast paths (dbg_watch_page).
 */
#include "debug.h"
#include "mem/mem.h"

#define WCR_E		(1ull << 0)
#define WCR_LSC(c)	((unsigned int)((c) >> 3) & 3)	/* bit 0: loads, bit 1: stores */
#define WCR_BAS(c)	((unsigned int)((c) >> 5) & 0xff)
#define WCR_LBN(c)	((unsigned int)((c) >> 16) & 0xf)
#define WCR_WT		(1ull << 20)	/* linked to a context breakpoint */
#define WCR_MASK(c)	((unsigned int)((c) >> 24) & 0x1f)
#define LSC_LOAD	1u
#define LSC_STORE	2u

/* ISS of a Watchpoint exception: CM (bit 8), WnR (bit 6), DFSC. */
#define ISS_CM		(1u << 8)
#define ISS_WNR		(1u << 6)

/*
 * Addresses compare on bits 48:0 (48-bit VAs; DBGWVR<63:49> only sign
 * extend bit 48), so a tagged pointer matches its untagged form.
 */
#define VA_BITS_MASK	0x0001ffffffffffffull

/* The watched bytes of one watchpoint: a MASK range or BAS in a doubleword. */
struct wp_range {
	uint64_t lo;		/* MASK: first byte; BAS: the doubleword */
	uint64_t size;		/* MASK: 2^MASK bytes; BAS: 8 */
	uint8_t bas;		/* BAS: byte i of the doubleword; 0xff with MASK */
};

/*
 * MASK 1 and 2 are reserved: like QEMU, such a watchpoint is disabled
 * (one of the behaviours the ARM ARM allows). With MASK, BAS is taken
 * as 0xff. DBGWVR<2> = 1 is the old 4-byte aligned form: BAS<3:0>
 * select the bytes from that word, i.e. the doubleword's upper half.
 */
static bool wp_range_of(uint64_t wcr, uint64_t wvr, struct wp_range *r)
{
	unsigned int mask = WCR_MASK(wcr), bas = WCR_BAS(wcr);

	if (!(wcr & WCR_E) || !WCR_LSC(wcr) || mask == 1 || mask == 2)
		return false;
	wvr &= VA_BITS_MASK;
	if (mask) {
		r->size = 1ull << mask;
		r->lo = wvr & ~(r->size - 1);
		r->bas = 0xff;
		return true;
	}
	if (wvr & 4)
		bas = (bas & 0xf) << 4;
	r->lo = wvr & ~7ull;
	r->size = 8;
	r->bas = (uint8_t)bas;
	return bas != 0;
}

/* The first watched byte in [va, va + len) (bits 48:0), or false. */
static bool wp_first_hit(const struct wp_range *r, uint64_t va, unsigned int len,
			 uint64_t *hit)
{
	uint64_t a;

	if (r->bas == 0xff) {
		if (va >= r->lo + r->size || va + len <= r->lo)
			return false;
		*hit = va > r->lo ? va : r->lo;
		return true;
	}
	for (a = va; a < va + len; a++) {
		if ((a & ~7ull) == r->lo && (r->bas >> (a & 7)) & 1) {
			*hit = a;
			return true;
		}
	}
	return false;
}

/*
 * One watchpoint against an access: the kind (LSC), the privilege (an
 * LDTR/STTR at EL1 is checked as EL0's), the link, then the bytes.
 */
static bool wp_one(const struct cpu_state *cpu, unsigned int n, uint64_t va,
		   unsigned int len, bool write, bool priv, uint64_t *hit)
{
	uint64_t wcr = cpu->sys.dbgwcr[n];
	struct wp_range r;

	if (!wp_range_of(wcr, cpu->sys.dbgwvr[n], &r))
		return false;
	if (!(WCR_LSC(wcr) & (write ? LSC_STORE : LSC_LOAD)))
		return false;
	if (!dbg_state_match(wcr, priv ? cpu->el : 0))
		return false;
	if ((wcr & WCR_WT) && !dbg_context_match(cpu, WCR_LBN(wcr)))
		return false;
	return wp_first_hit(&r, va & VA_BITS_MASK, len, hit);
}

/*
 * FAR: the first watched byte the access touches, an address both in
 * the access and in the watched range, as D2.10.5 allows (QEMU reports
 * the same one). A cache maintenance insn sets CM and WnR.
 */
int dbg_watch_check(struct cpu_state *cpu, uint64_t pc, uint64_t va,
		    unsigned int len, bool write, bool priv, bool cm)
{
	uint64_t hit = 0;
	uint32_t iss = DBG_ISS_FSC;
	unsigned int n;

	if (!(cpu->sys.mdscr_el1 & MDSCR_MDE) || !dbg_enabled(cpu))
		return 0;
	for (n = 0; n < SYSREG_DBG_WRPS; n++)
		if (wp_one(cpu, n, va, len, write || cm, priv, &hit))
			break;
	if (n == SYSREG_DBG_WRPS)
		return 0;
	if (write || cm)
		iss |= ISS_WNR;
	if (cm)
		iss |= ISS_CM;
	cpu->sys.far_el1 = va + (hit - (va & VA_BITS_MASK));
	return exc_take_sync(cpu, pc, EC_WATCHPT_SAME, iss);
}

bool dbg_watch_page(const struct cpu_state *cpu, uint64_t vpage)
{
	uint64_t lo = vpage & VA_BITS_MASK, hi = lo + MMU_PAGE_SIZE;
	struct wp_range r;

	for (unsigned int n = 0; n < SYSREG_DBG_WRPS; n++) {
		if (!wp_range_of(cpu->sys.dbgwcr[n], cpu->sys.dbgwvr[n], &r))
			continue;
		if (r.lo < hi && r.lo + r.size > lo)
			return true;
	}
	return false;
}
