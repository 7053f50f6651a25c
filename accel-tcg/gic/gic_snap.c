// SPDX-License-Identifier: GPL-2.0
/*
 * The emulated GIC to and from struct snap_gic (include/snapshot.h):
 * the register state as the GIC specs define it (IHI 0048B for v2,
 * IHI 0069 for v3), so the same snapshot loads into KVM's vGIC.
 *
 * Active priorities: we keep a stack of (INTID, priority) activations;
 * the snapshot has GICC_APR / ICC_AP{0,1}R0 bitmaps, one bit per
 * priority group of the 5 priority bits (IHI 0069 12.11.1). A load
 * rebuilds the stack from the bitmaps, lowest priority first, naming
 * for each group an active interrupt of that priority when there is
 * one (only the priorities matter for the running priority; the INTID
 * only for deactivation at EOI with EOImode 0).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gic_priv.h"
#include "gicv3_its_priv.h"
#include "snapshot.h"

#define GICC_EOIMODE_BIT	(1u << 9)	/* GICC_CTLR.EOImodeNS (IHI 0048B 4.4.1) */
#define ICC_EOIMODE_BIT		(1u << 1)	/* ICC_CTLR_EL1.EOImode (IHI 0069 12.2.6) */
#define WAKER_PSLEEP		(1u << 1)	/* GICR_WAKER.ProcessorSleep */

_Static_assert(GIC_NR_SPIS == SNAP_GIC_NR_SPIS, "the board's SPIs are the snapshot's");
_Static_assert(GIC_NR_LOCAL == SNAP_GIC_NR_LOCAL, "SGIs + PPIs");
_Static_assert(GIC_NR_LPIS / 64 == SNAP_LPI_WORDS, "LPI pending bitmap");
_Static_assert(ITS_NR_COLLS == SNAP_ITS_NR_COLLS, "ITS collections");
_Static_assert(ITS_NR_BASER == SNAP_ITS_NR_BASER, "ITS BASERs");

static void irq_save(const struct gic_irq *q, struct snap_irq *s)
{
	s->enabled = !!(q->flags & GI_ENABLED);
	s->pending = !!(q->flags & GI_LATCH);
	s->active = !!(q->flags & GI_ACTIVE);
	s->group1 = !!(q->flags & GI_GROUP1);
	s->edge = !!(q->flags & GI_EDGE);
	s->level = !!(q->flags & GI_LEVEL);
	s->prio = q->prio;
	s->targets = q->targets;
	s->router = q->router;
}

static void irq_load(struct gic_irq *q, const struct snap_irq *s, bool sgi)
{
	q->flags = (uint8_t)((s->enabled ? GI_ENABLED : 0) | (s->pending ? GI_LATCH : 0) |
			     (s->active ? GI_ACTIVE : 0) | (s->group1 ? GI_GROUP1 : 0) |
			     (s->edge || sgi ? GI_EDGE : 0) | (s->level ? GI_LEVEL : 0));
	q->prio = s->prio & GIC_PRIO_MASK;
	q->targets = s->targets;
	/* IROUTER: Aff3 39:32, IRM 31, Aff2..0 23:0 (IHI 0069 12.9.22). */
	q->router = s->router & 0xff800000ffffffull;
}

static void cpu_save(struct gic *gic, const struct gic_cpu *gc,
		     struct snap_gic_cpu *s)
{
	for (unsigned int i = 0; i < GIC_NR_LOCAL; i++)
		irq_save(&gc->local[i], &s->local[i]);
	memcpy(s->sgi_src, gc->sgi_src, sizeof(s->sgi_src));
	s->ctlr = gc->ctlr;
	if (gc->eoimode)
		s->ctlr |= gic->version == 3 ? ICC_EOIMODE_BIT : GICC_EOIMODE_BIT;
	s->pmr = gc->pmr;
	s->bpr0 = gc->bpr0;
	s->bpr1 = gc->bpr1;
	s->igrpen0 = gc->grpen0;
	s->igrpen1 = gc->grpen1;
	for (unsigned int i = 0; i < gc->nactive; i++) {
		unsigned int id = gc->active_id[i], grp = gc->active_prio[i] >> 3;
		bool g1 = gic_is_lpi(id);	/* LPIs are Group 1 */

		if (id < GIC_NR_LOCAL)
			g1 = gc->local[id].flags & GI_GROUP1;
		else if (id < GIC_NR_IRQS)
			g1 = gic->spi[id - GIC_NR_LOCAL].flags & GI_GROUP1;
		if (g1)
			s->ap1r[0] |= 1u << grp;
		else
			s->ap0r[0] |= 1u << grp;
	}
	s->waker = gc->asleep ? WAKER_PSLEEP : 0;
	s->lpis_enabled = gc->lpis_on;
	s->propbaser = gc->propbaser;
	s->pendbaser = gc->pendbaser;
	if (gc->lpi_pend)
		memcpy(s->lpi_pend, gc->lpi_pend, sizeof(s->lpi_pend));
}

/* An active interrupt of CPU c with priority group grp, not on the stack yet. */
static unsigned int find_active(struct gic *gic, unsigned int c, unsigned int grp)
{
	struct gic_cpu *gc = &gic->cpu[c];

	for (unsigned int id = 0; id < GIC_NR_IRQS; id++) {
		struct gic_irq *q = gic_irq(gic, c, id);
		bool taken = false;

		if (!(q->flags & GI_ACTIVE) || (q->prio >> 3) != grp)
			continue;
		for (unsigned int k = 0; k < gc->nactive; k++)
			taken |= gc->active_id[k] == id;
		if (!taken)
			return id;
	}
	return GIC_SPURIOUS;
}

static void cpu_load(struct gic *gic, unsigned int c, const struct snap_gic_cpu *s)
{
	struct gic_cpu *gc = &gic->cpu[c];
	uint32_t ap = s->ap0r[0] | s->ap1r[0];

	for (unsigned int i = 0; i < GIC_NR_LOCAL; i++)
		irq_load(&gc->local[i], &s->local[i], i < GIC_NR_SGIS);
	memcpy(gc->sgi_src, s->sgi_src, sizeof(gc->sgi_src));
	if (gic->version == 3) {
		gc->ctlr = s->ctlr & 0x43u;
		gc->eoimode = s->ctlr & ICC_EOIMODE_BIT;
	} else {
		gc->ctlr = s->ctlr & 0x3ffu;
		gc->eoimode = s->ctlr & GICC_EOIMODE_BIT;
	}
	gc->pmr = s->pmr & GIC_PRIO_MASK;
	gc->bpr0 = s->bpr0 & 7;
	gc->bpr1 = s->bpr1 & 7;
	gc->grpen0 = s->igrpen0;
	gc->grpen1 = s->igrpen1;
	gc->nactive = 0;
	for (int grp = 31; grp >= 0; grp--) {
		if (!(ap & (1u << grp)))
			continue;
		gc->active_id[gc->nactive] = (uint16_t)find_active(gic, c, (unsigned int)grp);
		gc->active_prio[gc->nactive++] = (uint8_t)(grp << 3);
	}
	gc->asleep = gic->version == 3 ? !!(s->waker & WAKER_PSLEEP) : false;
	gc->lpis_on = s->lpis_enabled && gc->lpi_pend;
	gc->propbaser = s->propbaser;
	gc->pendbaser = s->pendbaser;
	gc->lpi_npend = 0;
	if (gc->lpi_pend) {
		memcpy(gc->lpi_pend, s->lpi_pend, GIC_LPI_WORDS * sizeof(uint64_t));
		for (unsigned int w = 0; w < GIC_LPI_WORDS; w++)
			gc->lpi_npend += (unsigned int)__builtin_popcountll(gc->lpi_pend[w]);
	}
}

static int its_save(const struct gic_its *its, struct snap_its *s, struct av_err *err)
{
	unsigned int n = 0;

	s->present = 1;
	s->ctlr = its->ctlr;
	s->cbaser = its->cbaser;
	s->cwriter = its->cwriter;
	s->creadr = its->creadr | (its->stalled ? 1 : 0);
	memcpy(s->baser, its->baser, sizeof(s->baser));
	memcpy(s->coll, its->coll, sizeof(s->coll));
	for (unsigned int d = 0; d < ITS_NR_DEVS; d++)
		n += its->dev[d].valid;
	s->ndevs = 0;
	if (!n)
		return 0;
	s->devs = calloc(n, sizeof(*s->devs));
	if (!s->devs)
		return av_errf(err, ENOMEM, "snapshot: out of memory for the ITS devices");
	for (unsigned int d = 0; d < ITS_NR_DEVS; d++) {
		if (!its->dev[d].valid)
			continue;
		s->devs[s->ndevs].devid = d;
		s->devs[s->ndevs].evbits = its->dev[d].evbits;
		s->devs[s->ndevs++].itt = its->dev[d].itt;
	}
	return 0;
}

static int its_load(struct gic *gic, const struct snap_its *s, struct av_err *err)
{
	struct gic_its *its = gic->its;

	if (!s->present && !its)
		return 0;
	if (!s->present || !its)
		return av_errf(err, EINVAL, its ?
			       "the snapshot's machine had no ITS, this one has (-M virt,its=off?)" :
			       "the snapshot's machine had an ITS, this one has none");
	if (s->tables_in_ram)
		return av_errf(err, EINVAL,
			       "the snapshot's ITS tables are in KVM's layout, which TCG cannot read");
	gic_its_reset_locked(its);
	for (unsigned int i = 0; i < ITS_NR_COLLS; i++) {
		if (s->coll[i] > gic->ncpus)
			return av_errf(err, EINVAL, "snapshot: ITS collection %u targets vCPU %u",
				       i, s->coll[i] - 1u);
		its->coll[i] = s->coll[i];
	}
	for (unsigned int i = 0; i < s->ndevs; i++) {
		const struct snap_its_dev *d = &s->devs[i];

		if (d->devid >= ITS_NR_DEVS || d->evbits > ITS_EVBITS)
			return av_errf(err, EINVAL, "snapshot: bad ITS device %u", d->devid);
		its->dev[d->devid].itt = d->itt;
		its->dev[d->devid].evbits = d->evbits;
		its->dev[d->devid].valid = true;
	}
	its->ctlr = s->ctlr & GITS_CTLR_ENABLED;
	its->cbaser = s->cbaser;
	its->cwriter = s->cwriter & 0xfffe0ull;
	its->creadr = s->creadr & 0xfffe0ull;
	its->stalled = s->creadr & 1;
	for (unsigned int n = 0; n < ITS_NR_BASER; n++)
		its->baser[n] = s->baser[n];
	return 0;
}

int gic_snap_save(struct gic *gic, struct snap_gic *s, struct av_err *err)
{
	int ret = 0;

	pthread_mutex_lock(&gic->lock);
	s->version = gic->version;
	s->ctlr = gic->ctlr;
	for (unsigned int i = 0; i < GIC_NR_SPIS; i++)
		irq_save(&gic->spi[i], &s->spi[i]);
	for (unsigned int c = 0; c < gic->ncpus; c++)
		cpu_save(gic, &gic->cpu[c], &s->cpu[c]);
	if (gic->its)
		ret = its_save(gic->its, &s->its, err);
	pthread_mutex_unlock(&gic->lock);
	return ret;
}

int gic_snap_load(struct gic *gic, const struct snap_gic *s, struct av_err *err)
{
	int ret;

	if (s->version != gic->version)
		return av_errf(err, EINVAL,
			       "the snapshot has a GICv%d, this machine a GICv%d (-M virt,gic-version=%d)",
			       s->version, gic->version, s->version);
	if (s->lpi_pend_in_ram)
		return av_errf(err, EINVAL,
			       "the snapshot's pending LPIs are in KVM's tables, which TCG cannot read");
	pthread_mutex_lock(&gic->lock);
	gic->ctlr = s->ctlr & 3u;	/* the group enables; ARE and DS are fixed */
	for (unsigned int i = 0; i < GIC_NR_SPIS; i++)
		irq_load(&gic->spi[i], &s->spi[i], false);
	for (unsigned int c = 0; c < gic->ncpus; c++)
		cpu_load(gic, c, &s->cpu[c]);
	ret = its_load(gic, &s->its, err);
	if (!ret)
		gic_update(gic);
	pthread_mutex_unlock(&gic->lock);
	return ret;
}
