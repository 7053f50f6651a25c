// SPDX-License-Identifier: GPL-2.0
/*
 * Distributor registers with the same layout in GICv2 and GICv3
 * (IHI 0048B 4.3, IHI 0069 12.9): one bit per interrupt from IGROUPR to
 * ICACTIVER, a byte per interrupt in IPRIORITYR and ITARGETSR, two bits
 * in ICFGR. Accesses of any size are handled byte by byte, so GICv2's
 * byte accesses work like word ones. Called with gic->lock held.
 */
#include "gic_priv.h"

#define R_IGROUPR	0x080
#define R_ISENABLER	0x100
#define R_ICENABLER	0x180
#define R_ISPENDR	0x200
#define R_ICPENDR	0x280
#define R_ISACTIVER	0x300
#define R_ICACTIVER	0x380
#define R_IPRIORITYR	0x400
#define R_ITARGETSR	0x800
#define R_ICFGR		0xc00
#define R_END		0xd00

/* The flag bit a one-bit-per-interrupt register shows, by its base. */
static uint8_t bit_reg_read(const struct gic_irq *irq, unsigned int base)
{
	switch (base) {
	case R_IGROUPR:
		return !!(irq->flags & GI_GROUP1);
	case R_ISENABLER:
	case R_ICENABLER:
		return !!(irq->flags & GI_ENABLED);
	case R_ISPENDR:
	case R_ICPENDR:
		return gic_irq_pending(irq);
	default:
		return !!(irq->flags & GI_ACTIVE);
	}
}

static void bit_reg_write(struct gic *gic, unsigned int c, unsigned int id,
			  unsigned int base, bool one)
{
	struct gic_irq *irq = gic_irq(gic, c, id);

	if (base == R_IGROUPR) {
		irq->flags = one ? irq->flags | GI_GROUP1 : irq->flags & ~GI_GROUP1;
		return;
	}
	if (!one)
		return;
	switch (base) {
	case R_ISENABLER:
		irq->flags |= GI_ENABLED;
		break;
	case R_ICENABLER:
		irq->flags &= ~GI_ENABLED;
		break;
	case R_ISPENDR:
		if (id < GIC_NR_SGIS && gic->version == 2)
			break;		/* GICv2: SGIs via GICD_SPENDSGIR only */
		irq->flags |= GI_LATCH;
		break;
	case R_ICPENDR:
		irq->flags &= ~GI_LATCH;
		if (id < GIC_NR_SGIS)
			gic->cpu[c].sgi_src[id] = 0;
		break;
	case R_ISACTIVER:
		irq->flags |= GI_ACTIVE;
		break;
	case R_ICACTIVER:
		irq->flags &= ~GI_ACTIVE;
		break;
	}
}

/* ITARGETSR: RO own-CPU mask for SGIs/PPIs (IHI 0048B 4.3.12); v3 RAZ. */
static uint8_t targets_read(struct gic *gic, unsigned int c, unsigned int id)
{
	if (gic->version != 2)
		return 0;
	if (id < GIC_NR_LOCAL)
		return (uint8_t)(1u << c);
	return gic_irq(gic, c, id)->targets;
}

/* ICFGR: bit 1 of each pair is edge; SGIs are always edge (RO). */
static uint8_t cfg_read(struct gic *gic, unsigned int c, unsigned int first)
{
	uint8_t v = 0;

	for (unsigned int k = 0; k < 4; k++)
		if (gic_irq(gic, c, first + k)->flags & GI_EDGE)
			v |= (uint8_t)(2u << (2 * k));
	return v;
}

static void cfg_write(struct gic *gic, unsigned int c, unsigned int first,
		      uint8_t v)
{
	for (unsigned int k = 0; k < 4; k++) {
		struct gic_irq *irq = gic_irq(gic, c, first + k);

		if (first + k < GIC_NR_SGIS)
			continue;
		if (v & (2u << (2 * k)))
			irq->flags |= GI_EDGE;
		else
			irq->flags &= ~GI_EDGE;
	}
}

/*
 * The interrupts byte b of the register at base covers: 8 for bit
 * registers, 1 for byte registers, 4 for ICFGR. first is the first
 * INTID; false when the register is not in this range.
 */
static bool byte_irqs(uint64_t off, unsigned int *base, unsigned int *first)
{
	if (off >= R_IGROUPR && off < R_IPRIORITYR) {
		*base = (unsigned int)(off & ~0x7full);
		*first = (unsigned int)(off - *base) * 8;
	} else if (off >= R_IPRIORITYR && off < R_ICFGR) {
		*base = off < R_ITARGETSR ? R_IPRIORITYR : R_ITARGETSR;
		*first = (unsigned int)(off - *base);
	} else if (off >= R_ICFGR && off < R_END) {
		*base = R_ICFGR;
		*first = (unsigned int)(off - R_ICFGR) * 4;
	} else {
		return false;
	}
	return true;
}

/* limit: INTIDs this view reaches (32 in a redistributor SGI frame). */
static uint8_t dist_byte_read(struct gic *gic, unsigned int c, uint64_t off,
			      unsigned int lo, unsigned int limit)
{
	unsigned int base, first;
	uint8_t v = 0;

	if (!byte_irqs(off, &base, &first) || first < lo || first >= limit)
		return 0;
	if (base == R_IPRIORITYR)
		return gic_irq(gic, c, first)->prio;
	if (base == R_ITARGETSR)
		return targets_read(gic, c, first);
	if (base == R_ICFGR)
		return cfg_read(gic, c, first);
	for (unsigned int k = 0; k < 8; k++)
		v |= (uint8_t)(bit_reg_read(gic_irq(gic, c, first + k), base) << k);
	return v;
}

static void dist_byte_write(struct gic *gic, unsigned int c, uint64_t off,
			    uint8_t v, unsigned int lo, unsigned int limit)
{
	unsigned int base, first;

	if (!byte_irqs(off, &base, &first) || first < lo || first >= limit)
		return;
	if (base == R_IPRIORITYR) {
		gic_irq(gic, c, first)->prio = v & GIC_PRIO_MASK;
	} else if (base == R_ITARGETSR) {
		if (gic->version == 2 && first >= GIC_NR_LOCAL)
			gic_irq(gic, c, first)->targets =
				v & (uint8_t)((1u << gic->ncpus) - 1);
	} else if (base == R_ICFGR) {
		cfg_write(gic, c, first, v);
	} else {
		for (unsigned int k = 0; k < 8; k++)
			bit_reg_write(gic, c, first + k, base, v & (1u << k));
	}
}

static int range_read(struct gic *gic, unsigned int c, uint64_t off,
		      unsigned int size, uint64_t *val, unsigned int lo,
		      unsigned int limit)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < size; i++)
		v |= (uint64_t)dist_byte_read(gic, c, off + i, lo, limit) << (8 * i);
	*val = v;
	return 0;
}

static int range_write(struct gic *gic, unsigned int c, uint64_t off,
		       unsigned int size, uint64_t val, unsigned int lo,
		       unsigned int limit)
{
	for (unsigned int i = 0; i < size; i++)
		dist_byte_write(gic, c, off + i, (uint8_t)(val >> (8 * i)), lo, limit);
	if (limit <= GIC_NR_LOCAL)
		gic_update_cpu(gic, c);	/* a redistributor: its CPU only */
	else
		gic_update(gic);
	return 0;
}

/* GICv3 with affinity routing: INTIDs < 32 live in the redistributors. */
static unsigned int dist_lo(const struct gic *gic)
{
	return gic->version == 3 ? GIC_NR_LOCAL : 0;
}

int gic_dist_read_common(struct gic *gic, unsigned int c, uint64_t off,
			 unsigned int size, uint64_t *val)
{
	return range_read(gic, c, off, size, val, dist_lo(gic), GIC_NR_IRQS);
}

int gic_dist_write_common(struct gic *gic, unsigned int c, uint64_t off,
			  unsigned int size, uint64_t val)
{
	return range_write(gic, c, off, size, val, dist_lo(gic), GIC_NR_IRQS);
}

int gic_local_read(struct gic *gic, unsigned int c, uint64_t off,
		   unsigned int size, uint64_t *val)
{
	return range_read(gic, c, off, size, val, 0, GIC_NR_LOCAL);
}

int gic_local_write(struct gic *gic, unsigned int c, uint64_t off,
		    unsigned int size, uint64_t val)
{
	return range_write(gic, c, off, size, val, 0, GIC_NR_LOCAL);
}
