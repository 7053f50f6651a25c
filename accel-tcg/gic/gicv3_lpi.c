// SPDX-License-Identifier: GPL-2.0
/*
 * GICv3 LPIs (IHI 0069 5.1): the redistributor's LPI registers and the
 * LPI part of the highest-priority-pending choice. Only a GIC with an
 * ITS has them (GICD_TYPER.LPIS, GICR_TYPER.PLPIS).
 *
 * The configuration table (one byte per LPI: priority 7:2, enable 0;
 * 5.1.1) is the guest's, at GICR_PROPBASER. It is read when an LPI's
 * state matters and never cached, which is the strictest reading of
 * 5.1.1's rule (a redistributor may cache it and re-reads on INV,
 * INVALL and on enabling LPIs): a change is seen at the next update,
 * and Linux's INV/INVALL/SYNC after changing an entry (irq-gic-v3-its.c
 * lpi_update_config()) make that update happen.
 *
 * The pending state is kept here, one bit per LPI: the architecture lets
 * a redistributor hold it internally while EnableLPIs is 1 (5.1.2). The
 * guest's pending table (GICR_PENDBASER) is reserved memory we never
 * touch, so a guest cannot make us read or write past RAM through it.
 * Called with gic->lock held.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gic_priv.h"
#include "guestmem.h"

#define GICR_CTLR		0x0000
#define GICR_PROPBASER		0x0070
#define GICR_PENDBASER		0x0078
#define CTLR_ENABLE_LPIS	1u

/*
 * Writable fields (12.11, GICR_PROPBASER and GICR_PENDBASER): PROPBASER OuterCache 58:56,
 * PA 51:12, Shareability 11:10, InnerCache 9:7, IDbits 4:0; PENDBASER
 * PTZ 62 (write-only), OuterCache, PA 51:16, Shareability, InnerCache.
 */
#define PROPBASER_MASK		0x070fffffffffff9full
#define PENDBASER_MASK		0x070fffffffff0f80ull
#define PROPBASER_PA		0x000ffffffffff000ull
#define PROPBASER_IDBITS	0x1full

int gic_lpi_init(struct gic *gic, struct av_err *err)
{
	for (unsigned int c = 0; c < gic->ncpus; c++) {
		gic->cpu[c].lpi_pend = calloc(GIC_LPI_WORDS, sizeof(uint64_t));
		if (!gic->cpu[c].lpi_pend)
			return av_errf(err, ENOMEM, "out of memory for the LPI pending state");
	}
	return 0;
}

void gic_lpi_fini(struct gic *gic)
{
	for (unsigned int c = 0; c < gic->ncpus; c++) {
		free(gic->cpu[c].lpi_pend);
		gic->cpu[c].lpi_pend = NULL;
	}
}

void gic_lpi_reset(struct gic *gic)
{
	for (unsigned int c = 0; c < gic->ncpus; c++) {
		struct gic_cpu *gc = &gic->cpu[c];

		gc->lpis_on = false;
		gc->propbaser = 0;
		gc->pendbaser = 0;
		gc->lpi_npend = 0;
		if (gc->lpi_pend)
			memset(gc->lpi_pend, 0, GIC_LPI_WORDS * sizeof(uint64_t));
	}
}

/*
 * The part of CPU c's configuration table that lies in RAM: a host
 * pointer and the number of LPIs it covers (0: none usable). IDbits + 1
 * INTID bits are covered, at most ours; fewer than 14 bits leaves no
 * LPI (12.11, GICR_PROPBASER.IDbits).
 */
static unsigned int lpi_table(const struct gic *gic, const struct gic_cpu *gc,
			      const uint8_t **cfg)
{
	unsigned int bits = (unsigned int)(gc->propbaser & PROPBASER_IDBITS) + 1;
	unsigned int n;

	if (bits > GIC_LPI_IDBITS)
		bits = GIC_LPI_IDBITS;
	if (bits < 14 || !gic->ram)
		return 0;
	n = (1u << bits) - GIC_LPI_BASE;
	*cfg = guest_ram_ptr(gic->ram, gc->propbaser & PROPBASER_PA, n);
	return *cfg ? n : 0;
}

void gic_lpi_highest(struct gic *gic, unsigned int c, unsigned int *best,
		     unsigned int *prio)
{
	const struct gic_cpu *gc = &gic->cpu[c];
	const uint8_t *cfg = NULL;
	unsigned int n;

	/* LPIs are Group 1 (5.1): both group enables must be on. */
	if (!gc->lpi_npend || !gc->lpis_on || !(gic->ctlr & 2) || !gc->grpen1)
		return;
	n = lpi_table(gic, gc, &cfg);
	for (unsigned int w = 0; w < (n + 63) / 64; w++) {
		uint64_t bits = gc->lpi_pend[w];

		while (bits) {
			unsigned int i = w * 64 + (unsigned int)__builtin_ctzll(bits);
			uint8_t v;

			bits &= bits - 1;
			if (i >= n)
				break;
			/* The guest may be writing the table: one relaxed byte load. */
			v = __atomic_load_n(&cfg[i], __ATOMIC_RELAXED);
			if (!(v & 1) || (v & GIC_PRIO_MASK) >= *prio)
				continue;
			*prio = v & GIC_PRIO_MASK;
			*best = GIC_LPI_BASE + i;
		}
	}
}

bool gic_lpi_pending(const struct gic *gic, unsigned int c, unsigned int intid)
{
	unsigned int i = intid - GIC_LPI_BASE;

	/* intid may come from an ITT entry the guest wrote itself. */
	return gic->cpu[c].lpi_pend && gic_is_lpi(intid) &&
	       (gic->cpu[c].lpi_pend[i / 64] >> (i % 64)) & 1;
}

void gic_lpi_set_pending(struct gic *gic, unsigned int c, unsigned int intid,
			 bool pending)
{
	struct gic_cpu *gc = &gic->cpu[c];
	unsigned int i = intid - GIC_LPI_BASE;
	uint64_t bit = 1ull << (i % 64);

	if (!gc->lpi_pend || !gic_is_lpi(intid) ||
	    !!(gc->lpi_pend[i / 64] & bit) == pending)
		return;
	gc->lpi_pend[i / 64] ^= bit;
	if (pending)
		gc->lpi_npend++;
	else
		gc->lpi_npend--;
}

void gic_lpi_move_all(struct gic *gic, unsigned int from, unsigned int to)
{
	struct gic_cpu *src = &gic->cpu[from], *dst = &gic->cpu[to];

	if (from == to || !src->lpi_pend || !dst->lpi_pend)
		return;
	for (unsigned int w = 0; w < GIC_LPI_WORDS; w++) {
		uint64_t add = src->lpi_pend[w] & ~dst->lpi_pend[w];

		dst->lpi_pend[w] |= add;
		dst->lpi_npend += (unsigned int)__builtin_popcountll(add);
		src->lpi_pend[w] = 0;
	}
	src->lpi_npend = 0;
}

bool gic_lpi_rd_read(struct gic *gic, unsigned int c, uint64_t off,
		     unsigned int size, uint64_t *val)
{
	const struct gic_cpu *gc = &gic->cpu[c];
	unsigned int hi = off & 4;

	if (size != 4 && size != 8)	/* 12.1: no byte or halfword access */
		return false;
	switch (off & ~4ull) {
	case GICR_CTLR:
		if (hi)
			return false;
		*val = gc->lpis_on ? CTLR_ENABLE_LPIS : 0;
		return true;
	case GICR_PROPBASER:
		*val = gic_reg64_get(gc->propbaser, hi, size);
		return true;
	case GICR_PENDBASER:
		*val = gic_reg64_get(gc->pendbaser, hi, size);
		return true;
	default:
		return false;
	}
}

/*
 * EnableLPIs sets only with an ITS (GICR_TYPER.PLPIS); the table
 * registers are fixed while it is set (12.11, GICR_PROPBASER: writes then are
 * UNPREDICTABLE, we ignore them). Clearing it is allowed, as QEMU does;
 * pending LPIs then wait, undelivered, until it is set again.
 */
bool gic_lpi_rd_write(struct gic *gic, unsigned int c, uint64_t off,
		      unsigned int size, uint64_t val)
{
	struct gic_cpu *gc = &gic->cpu[c];
	unsigned int hi = off & 4;

	if (size != 4 && size != 8)
		return false;
	switch (off & ~4ull) {
	case GICR_CTLR:
		if (!hi)
			gc->lpis_on = gic->its && (val & CTLR_ENABLE_LPIS);
		break;
	case GICR_PROPBASER:
		if (!gc->lpis_on)
			gc->propbaser = gic_reg64_put(gc->propbaser, hi, size, val) &
					PROPBASER_MASK;
		break;
	case GICR_PENDBASER:
		if (!gc->lpis_on)
			gc->pendbaser = gic_reg64_put(gc->pendbaser, hi, size, val) &
					PENDBASER_MASK;
		break;
	default:
		return false;
	}
	gic_update_cpu(gic, c);
	return true;
}
