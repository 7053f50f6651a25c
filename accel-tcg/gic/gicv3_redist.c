// SPDX-License-Identifier: GPL-2.0
/*
 * GICv3 redistributors (IHI 0069 12.10, 12.11): one 128 KiB frame pair
 * per CPU from VIRT_GIC_REDIST: RD_base (control, TYPER, WAKER) and
 * SGI_base (the SGI/PPI enable, pending, active, priority and config
 * registers, at the distributor's offsets).
 */
#include "gic_priv.h"

#define RD_FRAME	0x10000
#define GICR_CTLR	0x0000
#define GICR_IIDR	0x0004
#define GICR_TYPER	0x0008
#define GICR_WAKER	0x0014
#define GICR_PIDR2	0xffe8

/* GICR_WAKER: ProcessorSleep (1), ChildrenAsleep (2) follows it. */
#define WAKER_PSLEEP	(1u << 1)
#define WAKER_CASLEEP	(1u << 2)

/*
 * GICR_TYPER: Affinity_Value (63:32) = Aff3.Aff2.Aff1.Aff0 of the CPU,
 * Processor_Number (23:8, what the ITS's collections name with
 * GITS_TYPER.PTA = 0), Last (4) on the final frame, PLPIS (0) with LPIs.
 */
static uint64_t gicr_typer(const struct gic *gic, unsigned int c)
{
	uint64_t mpidr = virt_cpu_mpidr(c, 3);
	uint64_t aff = (mpidr & 0xffffff) | ((mpidr >> 8) & 0xff000000ull);

	return (aff << 32) | ((uint64_t)c << 8) |
	       (c == gic->ncpus - 1 ? 1u << 4 : 0) | (gic->its ? 1u : 0);
}

static uint64_t rd_read(struct gic *gic, unsigned int c, uint64_t off,
			unsigned int size)
{
	uint64_t typer = gicr_typer(gic, c);

	switch (off) {
	case GICR_IIDR:
		return 0x0300043b;
	case GICR_TYPER:
		return size == 8 ? typer : (uint32_t)typer;
	case GICR_TYPER + 4:
		return typer >> 32;
	case GICR_WAKER:
		return gic->cpu[c].asleep ? WAKER_PSLEEP | WAKER_CASLEEP : 0;
	case GICR_PIDR2:
		return 0x3b;
	default:
		return 0;	/* the rest RAZ */
	}
}

static int gicv3_redist_read(void *opaque, uint64_t off, unsigned int size,
			     uint64_t *val)
{
	struct gic *gic = opaque;
	unsigned int c = (unsigned int)(off / GICV3_REDIST_SIZE);

	off %= GICV3_REDIST_SIZE;
	pthread_mutex_lock(&gic->lock);
	if (off >= RD_FRAME)
		gic_local_read(gic, c, off - RD_FRAME, size, val);
	else if (!gic_lpi_rd_read(gic, c, off, size, val))
		*val = rd_read(gic, c, off, size);
	pthread_mutex_unlock(&gic->lock);
	return 0;
}

static int gicv3_redist_write(void *opaque, uint64_t off, unsigned int size,
			      uint64_t val)
{
	struct gic *gic = opaque;
	unsigned int c = (unsigned int)(off / GICV3_REDIST_SIZE);

	off %= GICV3_REDIST_SIZE;
	pthread_mutex_lock(&gic->lock);
	if (off >= RD_FRAME)
		gic_local_write(gic, c, off - RD_FRAME, size, val);
	else if (off == GICR_WAKER)
		gic->cpu[c].asleep = val & WAKER_PSLEEP;
	else
		gic_lpi_rd_write(gic, c, off, size, val);
	pthread_mutex_unlock(&gic->lock);
	return 0;
}

static const struct mmio_ops gicv3_redist_ops = {
	.read = gicv3_redist_read,
	.write = gicv3_redist_write,
};

int gicv3_redist_map(struct gic *gic, struct mmio_bus *bus, struct av_err *err)
{
	return mmio_bus_add(bus, virt_memmap[VIRT_GIC_REDIST].base,
			    (uint64_t)gic->ncpus * GICV3_REDIST_SIZE,
			    &gicv3_redist_ops, gic, "gicv3-redist", err);
}
