// SPDX-License-Identifier: GPL-2.0
/*
 * The emulated GIC: creation, input lines and delivery (gic.h). The
 * version specific register files live in gicv2.c and gicv3_*.c; this
 * file decides, for each CPU, which interrupt is signalled (GICv2 spec
 * IHI 0048B 3.2 "General handling of interrupts", GICv3 IHI 0069 4.1).
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "gic_priv.h"
#include "tcg.h"

/*
 * The vCPU running on this host thread. The MMIO bus does not say who
 * makes an access, yet GICv2's CPU interface and SGI/PPI registers are
 * banked per CPU; one vCPU runs per thread, so the thread names it.
 */
static _Thread_local struct cpu_state *gic_thread_cpu;

void gic_bind_thread(struct cpu_state *cpu)
{
	gic_thread_cpu = cpu;
}

unsigned int gic_this_cpu(const struct gic *gic)
{
	const struct cpu_state *cpu = gic_thread_cpu;

	if (cpu && cpu->tvm == gic->tvm && cpu->index < gic->ncpus)
		return cpu->index;
	return 0;
}

/* Power-on state of one interrupt; the input line level is kept. */
static void gic_irq_reset(struct gic_irq *irq, bool sgi)
{
	irq->flags = (irq->flags & GI_LEVEL) | (sgi ? GI_EDGE : 0);
	irq->prio = 0;
	irq->targets = 0;
	irq->router = 0;
}

/* Power-on state (IHI 0048B 4.3, IHI 0069 12.9): all off, all idle. */
static void gic_reset_state(struct gic *gic)
{
	gic->ctlr = 0;
	for (unsigned int i = 0; i < GIC_NR_SPIS; i++)
		gic_irq_reset(&gic->spi[i], false);
	for (unsigned int c = 0; c < gic->ncpus; c++) {
		struct gic_cpu *gc = &gic->cpu[c];

		for (unsigned int i = 0; i < GIC_NR_LOCAL; i++)
			gic_irq_reset(&gc->local[i], i < GIC_NR_SGIS);
		memset(gc->sgi_src, 0, sizeof(gc->sgi_src));
		gc->ctlr = 0;
		gc->pmr = 0;
		gc->bpr0 = 2;
		gc->bpr1 = 3;
		gc->eoimode = false;
		gc->grpen0 = gc->grpen1 = false;
		gc->asleep = true;
		gc->nactive = 0;
	}
	gic_lpi_reset(gic);
	if (gic->its)
		gic_its_reset_locked(gic->its);
}

/*
 * Machine reset: the GIC returns to its power-on state and drops every
 * CPU's IRQ output; input lines are driven again by their devices.
 */
void gic_reset(struct gic *gic)
{
	if (!gic)
		return;
	pthread_mutex_lock(&gic->lock);
	gic_reset_state(gic);
	gic_update(gic);
	pthread_mutex_unlock(&gic->lock);
}

static int gic_alloc(struct gic **out, struct tcg_vm *tvm, int version,
		     unsigned int ncpus, struct av_err *err)
{
	struct gic *gic = calloc(1, sizeof(*gic));

	if (gic)
		gic->cpu = calloc(ncpus, sizeof(*gic->cpu));
	if (!gic || !gic->cpu) {
		if (gic)
			free(gic);
		return av_errf(err, ENOMEM, "out of memory for the GIC");
	}
	pthread_mutex_init(&gic->lock, NULL);
	gic->version = version;
	gic->ncpus = ncpus;
	gic->tvm = tvm;
	gic_reset_state(gic);
	*out = gic;
	return 0;
}

int gic_create(struct tcg_vm *tvm, int version, unsigned int ncpus,
	       struct mmio_bus *bus, struct av_err *err)
{
	unsigned int max = version == 2 ? GICV2_MAX_CPUS : GICV3_MAX_CPUS;
	struct gic *gic = NULL;
	int ret;

	if (version != 2 && version != 3)
		return av_errf(err, EINVAL, "GIC version %d is not emulated "
			       "(use gic-version=2 or 3)", version);
	if (ncpus == 0 || ncpus > max)
		return av_errf(err, EINVAL, "GICv%d supports 1 to %u CPUs, not %u",
			       version, max, ncpus);
	ret = gic_alloc(&gic, tvm, version, ncpus, err);
	if (ret)
		return ret;
	ret = version == 2 ? gicv2_map(gic, bus, err) : gicv3_map(gic, bus, err);
	if (ret) {
		gic_destroy(gic);
		return ret;
	}
	tvm->gic = gic;
	return 0;
}

void gic_destroy(struct gic *gic)
{
	if (!gic)
		return;
	gic_its_destroy(gic);
	gic_lpi_fini(gic);
	pthread_mutex_destroy(&gic->lock);
	free(gic->cpu);
	free(gic);
}

int gic_version(const struct gic *gic)
{
	return gic->version;
}

struct gic_irq *gic_irq(struct gic *gic, unsigned int c, unsigned int intid)
{
	if (intid < GIC_NR_LOCAL)
		return &gic->cpu[c].local[intid];
	return &gic->spi[intid - GIC_NR_LOCAL];
}

/* Drive input intid of CPU c; a rising edge latches an edge-triggered one. */
static void gic_line(struct gic *gic, unsigned int c, unsigned int intid, int level)
{
	struct gic_irq *irq;

	pthread_mutex_lock(&gic->lock);
	irq = gic_irq(gic, c, intid);
	if (level && !(irq->flags & GI_LEVEL) && (irq->flags & GI_EDGE))
		irq->flags |= GI_LATCH;
	if (level)
		irq->flags |= GI_LEVEL;
	else
		irq->flags &= ~GI_LEVEL;
	gic_update_intid(gic, c, intid);
	pthread_mutex_unlock(&gic->lock);
}

void gic_set_irq(struct gic *gic, unsigned int intid, int level)
{
	if (!gic || intid >= GIC_NR_IRQS)
		return;
	if (intid < GIC_NR_LOCAL) {
		gic_set_ppi(gic, 0, intid, level);
		return;
	}
	gic_line(gic, 0, intid, level);
}

void gic_set_ppi(struct gic *gic, unsigned int cpu_idx, unsigned int intid,
		 int level)
{
	if (!gic || cpu_idx >= gic->ncpus || intid < GIC_NR_SGIS ||
	    intid >= GIC_NR_LOCAL)
		return;
	gic_line(gic, cpu_idx, intid, level);
}

void gic_raise_sgi(struct gic *gic, unsigned int target, unsigned int src,
		   unsigned int intid)
{
	struct gic_cpu *gc = &gic->cpu[target];

	gc->local[intid & 15].flags |= GI_LATCH;
	if (gic->version == 2)
		gc->sgi_src[intid & 15] |= (uint8_t)(1u << (src & 7));
}
