// SPDX-License-Identifier: GPL-2.0
/*
 * GICv3 distributor (IHI 0069 12.9) with one security state
 * (GICD_CTLR.DS = 1) and affinity routing always on (ARE RAO/WI): SPIs
 * are routed by GICD_IROUTER<n>, SGIs and PPIs live in the
 * redistributors (gicv3_redist.c). LPIs only with an ITS
 * (gicv3_lpi.c, gicv3_its*.c).
 */
#include "gic_priv.h"

#define GICD_CTLR	0x0000
#define GICD_TYPER	0x0004
#define GICD_IIDR	0x0008
#define GICD_IROUTER	0x6000
#define GICD_IROUTER_END 0x7fe0
#define GICD_PIDR2	0xffe8

/* GICD_CTLR: EnableGrp0 (0), EnableGrp1 (1), ARE (4) RAO, DS (6) RAO. */
#define CTLR_ENABLES	0x3u
#define CTLR_ARE	(1u << 4)
#define CTLR_DS		(1u << 6)

/* ArchRev 3 in PIDR2[7:4] is how Linux tells a GICv3 (irq-gic-v3.c). */
#define PIDR2_GICV3	0x3b

/*
 * GICD_TYPER: ITLinesNumber (4:0), CPUNumber (7:5, ignored with ARE),
 * LPIS (17), IDbits (23:19): 10-bit INTIDs, or 16-bit with LPIs as
 * QEMU's GICv3 (12.9, GICD_TYPER).
 */
#define TYPER_LPIS	(1u << 17)

static uint32_t gicv3_typer(const struct gic *gic)
{
	unsigned int cpus = gic->ncpus > 8 ? 8 : gic->ncpus;
	uint32_t t = (GIC_NR_IRQS / 32 - 1) | ((cpus - 1) << 5);

	if (gic->its)
		return t | TYPER_LPIS | ((GIC_LPI_IDBITS - 1) << 19);
	return t | (9u << 19);
}

static struct gic_irq *router_irq(struct gic *gic, uint64_t off)
{
	unsigned int id = (unsigned int)((off - GICD_IROUTER) / 8);

	if (id < GIC_NR_LOCAL || id >= GIC_NR_IRQS)
		return NULL;
	return &gic->spi[id - GIC_NR_LOCAL];
}

/* IROUTER: Aff3 (39:32), IRM (31), Aff2..Aff0; 32-bit halves allowed. */
static uint64_t router_read(struct gic *gic, uint64_t off, unsigned int size)
{
	struct gic_irq *irq = router_irq(gic, off & ~7ull);

	if (!irq)
		return 0;
	if (size == 8)
		return irq->router;
	return (uint32_t)(irq->router >> ((off & 4) * 8));
}

static void router_write(struct gic *gic, uint64_t off, unsigned int size,
			 uint64_t val)
{
	struct gic_irq *irq = router_irq(gic, off & ~7ull);
	uint64_t v;

	if (!irq)
		return;
	if (size == 8) {
		v = val;
	} else if (off & 4) {
		v = (irq->router & 0xffffffffull) | (val << 32);
	} else {
		v = (irq->router & ~0xffffffffull) | (uint32_t)val;
	}
	irq->router = v & 0xff80ffffffull;
	gic_update(gic);
}

static int gicv3_dist_read(void *opaque, uint64_t off, unsigned int size,
			   uint64_t *val)
{
	struct gic *gic = opaque;

	pthread_mutex_lock(&gic->lock);
	if (off == GICD_CTLR)
		*val = gic->ctlr | CTLR_ARE | CTLR_DS;
	else if (off == GICD_TYPER)
		*val = gicv3_typer(gic);
	else if (off == GICD_IIDR)
		*val = 0x0300043b;
	else if (off >= GICD_IROUTER && off < GICD_IROUTER_END)
		*val = router_read(gic, off, size);
	else if (off == GICD_PIDR2)
		*val = PIDR2_GICV3;
	else
		gic_dist_read_common(gic, 0, off, size, val);
	pthread_mutex_unlock(&gic->lock);
	return 0;
}

static int gicv3_dist_write(void *opaque, uint64_t off, unsigned int size,
			    uint64_t val)
{
	struct gic *gic = opaque;

	pthread_mutex_lock(&gic->lock);
	if (off == GICD_CTLR) {
		gic->ctlr = (uint32_t)val & CTLR_ENABLES;
		gic_update(gic);
	} else if (off >= GICD_IROUTER && off < GICD_IROUTER_END) {
		router_write(gic, off, size, val);
	} else {
		gic_dist_write_common(gic, 0, off, size, val);
	}
	pthread_mutex_unlock(&gic->lock);
	return 0;
}

static const struct mmio_ops gicv3_dist_ops = {
	.read = gicv3_dist_read,
	.write = gicv3_dist_write,
};

int gicv3_map(struct gic *gic, struct mmio_bus *bus, struct av_err *err)
{
	int ret = mmio_bus_add(bus, virt_memmap[VIRT_GIC_DIST].base,
			       virt_memmap[VIRT_GIC_DIST].size, &gicv3_dist_ops,
			       gic, "gicv3-dist", err);

	if (ret)
		return ret;
	return gicv3_redist_map(gic, bus, err);
}
