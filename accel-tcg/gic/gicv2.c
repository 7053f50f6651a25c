// SPDX-License-Identifier: GPL-2.0
/*
 * GICv2 (IHI 0048B) without the Security Extensions: the distributor at
 * VIRT_GIC_DIST and the memory-mapped CPU interface at VIRT_GIC_CPU.
 * Banked registers are those of the CPU making the access.
 */
#include <errno.h>

#include "gic_priv.h"

#define GICD_CTLR	0x000
#define GICD_TYPER	0x004
#define GICD_IIDR	0x008
#define GICD_SGIR	0xf00
#define GICD_CPENDSGIR	0xf10
#define GICD_SPENDSGIR	0xf20
#define GICD_ID		0xfd0

#define GICC_CTLR	0x00
#define GICC_PMR	0x04
#define GICC_BPR	0x08
#define GICC_IAR	0x0c
#define GICC_EOIR	0x10
#define GICC_RPR	0x14
#define GICC_HPPIR	0x18
#define GICC_ABPR	0x1c
#define GICC_AIAR	0x20
#define GICC_AEOIR	0x24
#define GICC_AHPPIR	0x28
#define GICC_IIDR	0xfc
#define GICC_DIR	0x1000

/* GICC_CTLR: EnableGrp0/1, AckCtl, FIQEn, CBPR, bypass bits, EOImode (9). */
#define GICC_CTLR_MASK	0x3ffu
#define GICC_EOIMODE	(1u << 9)

/* Peripheral/component ID registers at 0xfd0..0xffc: a GIC-400 (ArchRev 2). */
static const uint8_t gicv2_ids[12] = {
	0x04, 0, 0, 0, 0x90, 0xb4, 0x2b, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
};

/*
 * GICD_SGIR (4.3.15): TargetListFilter 25:24 (list, all but self,
 * self), CPUTargetList 23:16, SGIINTID 3:0.
 */
static void gicv2_sgir(struct gic *gic, unsigned int self, uint32_t v)
{
	unsigned int filter = (v >> 24) & 3, list = (v >> 16) & 0xff;

	if (filter == 1)
		list = ((1u << gic->ncpus) - 1) & ~(1u << self);
	else if (filter == 2)
		list = 1u << self;
	else if (filter == 3)
		return;
	for (unsigned int t = 0; t < gic->ncpus; t++)
		if (list & (1u << t))
			gic_raise_sgi(gic, t, self, v & 15);
	gic_update(gic);
}

/* GICD_CPENDSGIR/SPENDSGIR: a byte per SGI, a bit per source CPU. */
static void gicv2_sgi_pend(struct gic *gic, unsigned int c, uint64_t off,
			   unsigned int size, uint64_t val, bool set)
{
	struct gic_cpu *gc = &gic->cpu[c];

	for (unsigned int i = 0; i < size && off + i < 16; i++) {
		unsigned int id = (unsigned int)(off + i);
		uint8_t bits = (uint8_t)(val >> (8 * i));

		gc->sgi_src[id] = set ? gc->sgi_src[id] | bits : gc->sgi_src[id] & ~bits;
		if (gc->sgi_src[id])
			gc->local[id].flags |= GI_LATCH;
		else
			gc->local[id].flags &= ~GI_LATCH;
	}
	gic_update_cpu(gic, c);
}

static uint64_t gicv2_sgi_pend_read(struct gic *gic, unsigned int c,
				    uint64_t off, unsigned int size)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < size && off + i < 16; i++)
		v |= (uint64_t)gic->cpu[c].sgi_src[off + i] << (8 * i);
	return v;
}

static uint64_t gicv2_dist_id(struct gic *gic, uint64_t off)
{
	(void)gic;
	if ((off & 3) || off < GICD_ID || off >= GICD_ID + 4 * 12)
		return 0;
	return gicv2_ids[(off - GICD_ID) / 4];
}

/* TYPER: ITLinesNumber (4:0), CPUNumber (7:5); no security extension. */
static int gicv2_dist_read(void *opaque, uint64_t off, unsigned int size,
			   uint64_t *val)
{
	struct gic *gic = opaque;
	unsigned int c = gic_this_cpu(gic);

	pthread_mutex_lock(&gic->lock);
	if (off == GICD_CTLR)
		*val = gic->ctlr;
	else if (off == GICD_TYPER)
		*val = (GIC_NR_IRQS / 32 - 1) | ((gic->ncpus - 1) << 5);
	else if (off == GICD_IIDR)
		*val = 0x0200143b;
	else if (off >= GICD_CPENDSGIR && off < GICD_SPENDSGIR + 16)
		*val = gicv2_sgi_pend_read(gic, c, off & 15, size);
	else if (off >= GICD_ID)
		*val = gicv2_dist_id(gic, off);
	else
		gic_dist_read_common(gic, c, off, size, val);
	pthread_mutex_unlock(&gic->lock);
	return 0;
}

static int gicv2_dist_write(void *opaque, uint64_t off, unsigned int size,
			    uint64_t val)
{
	struct gic *gic = opaque;
	unsigned int c = gic_this_cpu(gic);

	pthread_mutex_lock(&gic->lock);
	if (off == GICD_CTLR) {
		gic->ctlr = (uint32_t)val & 3;
		gic_update(gic);
	} else if (off == GICD_SGIR) {
		gicv2_sgir(gic, c, (uint32_t)val);
	} else if (off >= GICD_CPENDSGIR && off < GICD_SPENDSGIR + 16) {
		gicv2_sgi_pend(gic, c, off & 15, size, val, off >= GICD_SPENDSGIR);
	} else {
		gic_dist_write_common(gic, c, off, size, val);
	}
	pthread_mutex_unlock(&gic->lock);
	return 0;
}

static uint64_t gicv2_cpu_reg(struct gic *gic, unsigned int c, uint64_t off)
{
	struct gic_cpu *gc = &gic->cpu[c];
	uint8_t prio;

	switch (off) {
	case GICC_CTLR:
		return gc->ctlr;
	case GICC_PMR:
		return gc->pmr;
	case GICC_BPR:
		return gc->bpr0;
	case GICC_ABPR:
		return gc->bpr1;
	case GICC_IAR:
	case GICC_AIAR:
		return gic_ack(gic, c, true);
	case GICC_RPR:
		return gic_running_prio(gc);
	case GICC_HPPIR:
	case GICC_AHPPIR:
		return gic_highest_pending(gic, c, &prio);
	case GICC_IIDR:
		return 0x0202143b;
	default:
		return 0;
	}
}

static int gicv2_cpu_read(void *opaque, uint64_t off, unsigned int size,
			  uint64_t *val)
{
	struct gic *gic = opaque;

	if (size != 4)
		return -EINVAL;	/* CPU interface registers are words (4.4) */
	pthread_mutex_lock(&gic->lock);
	*val = gicv2_cpu_reg(gic, gic_this_cpu(gic), off);
	pthread_mutex_unlock(&gic->lock);
	return 0;
}

static void gicv2_cpu_set(struct gic *gic, unsigned int c, uint64_t off,
			  uint32_t v)
{
	struct gic_cpu *gc = &gic->cpu[c];

	switch (off) {
	case GICC_CTLR:
		gc->ctlr = v & GICC_CTLR_MASK;
		gc->eoimode = v & GICC_EOIMODE;
		break;
	case GICC_PMR:
		gc->pmr = (uint8_t)v & GIC_PRIO_MASK;
		break;
	case GICC_BPR:
		gc->bpr0 = v & 7;
		break;
	case GICC_ABPR:
		gc->bpr1 = v & 7;
		break;
	case GICC_EOIR:
	case GICC_AEOIR:
		gic_eoi(gic, c, v & 0x3ff);
		return;
	case GICC_DIR:
		gic_deactivate(gic, c, v & 0x3ff);
		return;
	default:
		return;
	}
	gic_update_cpu(gic, c);
}

static int gicv2_cpu_write(void *opaque, uint64_t off, unsigned int size,
			   uint64_t val)
{
	struct gic *gic = opaque;

	if (size != 4)
		return -EINVAL;
	pthread_mutex_lock(&gic->lock);
	gicv2_cpu_set(gic, gic_this_cpu(gic), off, (uint32_t)val);
	pthread_mutex_unlock(&gic->lock);
	return 0;
}

static const struct mmio_ops gicv2_dist_ops = {
	.read = gicv2_dist_read,
	.write = gicv2_dist_write,
};

static const struct mmio_ops gicv2_cpu_ops = {
	.read = gicv2_cpu_read,
	.write = gicv2_cpu_write,
};

/* The distributor is 4 KiB and the CPU interface 8 KiB (with GICC_DIR). */
int gicv2_map(struct gic *gic, struct mmio_bus *bus, struct av_err *err)
{
	int ret = mmio_bus_add(bus, virt_memmap[VIRT_GIC_DIST].base, 0x1000,
			       &gicv2_dist_ops, gic, "gicv2-dist", err);

	if (ret)
		return ret;
	return mmio_bus_add(bus, virt_memmap[VIRT_GIC_CPU].base, 0x2000,
			    &gicv2_cpu_ops, gic, "gicv2-cpu", err);
}
