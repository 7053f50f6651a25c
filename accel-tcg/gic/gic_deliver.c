// SPDX-License-Identifier: GPL-2.0
/*
 * Which interrupt each CPU sees: the highest priority pending, enabled,
 * inactive interrupt of an enabled group, signalled when its priority
 * beats both the priority mask and the running priority (IHI 0048B
 * 3.3, IHI 0069 4.8). Also acknowledge, priority drop and deactivate.
 * Called with gic->lock held.
 */
#include <stdatomic.h>

#include "gic_priv.h"
#include "tcg.h"

/* Both the distributor and the CPU interface must enable the group. */
static bool group_enabled(const struct gic *gic, const struct gic_cpu *gc,
			  const struct gic_irq *irq)
{
	unsigned int g = irq->flags & GI_GROUP1 ? 1 : 0;

	if (!(gic->ctlr & (1u << g)))
		return false;
	if (gic->version == 2)
		return gc->ctlr & (1u << g);
	return g ? gc->grpen1 : gc->grpen0;
}

/*
 * SPI routing: GICv2 ITARGETSR bit; GICv3 IROUTER affinity, with
 * "any CPU" (IRM) going to CPU 0, which the spec allows (4.5.1).
 */
static bool spi_targets(const struct gic *gic, const struct gic_irq *irq,
			unsigned int c)
{
	uint64_t aff;

	if (gic->ncpus == 1)	/* uniprocessor: ITARGETSR is RAZ/WI (4.3.12) */
		return true;
	if (gic->version == 2)
		return irq->targets & (1u << c);
	if (irq->router & (1ull << 31))
		return c == 0;
	aff = virt_cpu_mpidr(c, 3);
	return ((irq->router ^ aff) & 0xff00ffffffull) == 0;
}

static bool candidate(const struct gic *gic, const struct gic_cpu *gc,
		      const struct gic_irq *irq)
{
	return (irq->flags & GI_ENABLED) && !(irq->flags & GI_ACTIVE) &&
	       gic_irq_pending(irq) && group_enabled(gic, gc, irq);
}

/* Highest priority candidate (lowest INTID on a tie), or GIC_SPURIOUS. */
unsigned int gic_highest_pending(struct gic *gic, unsigned int c, uint8_t *prio)
{
	const struct gic_cpu *gc = &gic->cpu[c];
	unsigned int best = GIC_SPURIOUS;
	unsigned int bp = 0x100;

	for (unsigned int i = 0; i < GIC_NR_IRQS; i++) {
		const struct gic_irq *irq = gic_irq(gic, c, i);

		if (irq->prio >= bp || !candidate(gic, gc, irq))
			continue;
		if (i >= GIC_NR_LOCAL && !spi_targets(gic, irq, c))
			continue;
		best = i;
		bp = irq->prio;
	}
	if (gc->lpi_npend)	/* the common case costs one load */
		gic_lpi_highest(gic, c, &best, &bp);
	*prio = (uint8_t)(bp & 0xff);
	return best;
}

uint8_t gic_running_prio(const struct gic_cpu *gc)
{
	return gc->nactive ? gc->active_prio[gc->nactive - 1] : GIC_IDLE_PRIO;
}

/* Does intid at prio get past the mask and the running priority? */
static bool can_signal(const struct gic_cpu *gc, unsigned int intid, uint8_t prio)
{
	return intid != GIC_SPURIOUS && prio < gc->pmr &&
	       prio < gic_running_prio(gc);
}

void gic_update_cpu(struct gic *gic, unsigned int c)
{
	struct gic_cpu *gc = &gic->cpu[c];
	struct cpu_state *cpu = tcg_vm_cpu(gic->tvm, c);
	uint8_t prio;
	unsigned int id = gic_highest_pending(gic, c, &prio);
	uint32_t level = can_signal(gc, id, prio);

	if (level == gc->signalled || !cpu)
		return;
	gc->signalled = level;
	atomic_store(&cpu->irq_level, level);
	if (level)
		tcg_vcpu_kick(cpu);
}

void gic_update(struct gic *gic)
{
	for (unsigned int c = 0; c < gic->ncpus; c++)
		gic_update_cpu(gic, c);
}

/*
 * After a change to intid as seen by CPU c: an SGI or PPI only matters
 * to c, an SPI to whichever CPUs it targets.
 */
void gic_update_intid(struct gic *gic, unsigned int c, unsigned int intid)
{
	if (intid < GIC_NR_LOCAL || gic_is_lpi(intid))
		gic_update_cpu(gic, c);
	else
		gic_update(gic);
}

/* GICv2 SGIs: report and clear the lowest source CPU (IHI 0048B 3.2.4). */
static unsigned int sgi_take_source(struct gic_cpu *gc, unsigned int id)
{
	unsigned int src = (unsigned int)__builtin_ctz(gc->sgi_src[id]);

	gc->sgi_src[id] &= (uint8_t)~(1u << src);
	if (gc->sgi_src[id])
		gc->local[id].flags |= GI_LATCH;
	return src << 10;
}

/* The running priority becomes prio (the stack of active priorities). */
static void push_active(struct gic_cpu *gc, unsigned int id, uint8_t prio)
{
	if (gc->nactive < GIC_MAX_ACTIVE) {
		gc->active_id[gc->nactive] = (uint16_t)id;
		gc->active_prio[gc->nactive++] = prio;
	}
}

/*
 * An LPI has no active state (IHI 0069 5.1): acknowledging it clears
 * its pending bit; only the priority drop at EOI remains. LPIs are
 * Group 1, acknowledged through ICC_IAR1_EL1.
 */
static unsigned int lpi_ack(struct gic *gic, unsigned int c, unsigned int id,
			    uint8_t prio)
{
	gic_lpi_set_pending(gic, c, id, false);
	push_active(&gic->cpu[c], id, prio);
	gic_update_cpu(gic, c);
	return id;
}

/*
 * Acknowledge (GICC_IAR, ICC_IAR0/1_EL1): the interrupt becomes active,
 * its priority the running priority. GICv3 acknowledges only the group
 * asked for (IAR0 or IAR1); GICv2 any group.
 */
unsigned int gic_ack(struct gic *gic, unsigned int c, bool group1)
{
	struct gic_cpu *gc = &gic->cpu[c];
	struct gic_irq *irq;
	uint8_t prio;
	unsigned int id = gic_highest_pending(gic, c, &prio), ret;

	if (!can_signal(gc, id, prio))
		return GIC_SPURIOUS;
	if (gic_is_lpi(id))
		return group1 ? lpi_ack(gic, c, id, prio) : GIC_SPURIOUS;
	irq = gic_irq(gic, c, id);
	if (gic->version == 3 && !!(irq->flags & GI_GROUP1) != group1)
		return GIC_SPURIOUS;
	irq->flags = (irq->flags & ~GI_LATCH) | GI_ACTIVE;
	ret = id;
	if (gic->version == 2 && id < GIC_NR_SGIS && gc->sgi_src[id])
		ret |= sgi_take_source(gc, id);
	push_active(gc, id, prio);
	gic_update_intid(gic, c, id);
	return ret;
}

void gic_deactivate(struct gic *gic, unsigned int c, unsigned int intid)
{
	if (intid >= GIC_NR_IRQS)
		return;
	gic_irq(gic, c, intid)->flags &= ~GI_ACTIVE;
	gic_update_intid(gic, c, intid);
}

/*
 * EOI: drop the running priority (the most recent activation), and
 * deactivate too unless EOImode splits the two (IHI 0069 4.1.1).
 */
void gic_eoi(struct gic *gic, unsigned int c, unsigned int intid)
{
	struct gic_cpu *gc = &gic->cpu[c];

	if (intid >= GIC_NR_IRQS && !gic_is_lpi(intid))
		return;
	if (gc->nactive)
		gc->nactive--;
	if (!gic_is_lpi(intid) && !gc->eoimode)	/* an LPI has no active state */
		gic_irq(gic, c, intid)->flags &= ~GI_ACTIVE;
	gic_update_intid(gic, c, intid);
}
