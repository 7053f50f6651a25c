// SPDX-License-Identifier: GPL-2.0
/*
 * The MACH section: struct snap_machine as little-endian fields, in the
 * order docs/snapshot.md lists them. The decoder bounds every count and
 * enumerated value, since the file is the user's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "snap_priv.h"

static void put_irq(struct snap_wbuf *w, const struct snap_irq *q)
{
	snap_put_u8(w, q->enabled);
	snap_put_u8(w, q->pending);
	snap_put_u8(w, q->active);
	snap_put_u8(w, q->group1);
	snap_put_u8(w, q->edge);
	snap_put_u8(w, q->level);
	snap_put_u8(w, q->prio);
	snap_put_u8(w, q->targets);
	snap_put_u64(w, q->router);
}

static void get_irq(struct snap_rbuf *r, struct snap_irq *q)
{
	/* Flags are booleans: anything else is folded to 1. */
	q->enabled = !!snap_get_u8(r);
	q->pending = !!snap_get_u8(r);
	q->active = !!snap_get_u8(r);
	q->group1 = !!snap_get_u8(r);
	q->edge = !!snap_get_u8(r);
	q->level = !!snap_get_u8(r);
	q->prio = snap_get_u8(r);
	q->targets = snap_get_u8(r);
	q->router = snap_get_u64(r);
}

#define ID_REGS(X) X(midr) X(revidr) X(pfr0) X(pfr1) X(dfr0) X(dfr1) \
	X(isar0) X(isar1) X(isar2) X(mmfr0) X(mmfr1) X(mmfr2) X(ctr) X(clidr) X(dczid)

static void put_cpu(struct snap_wbuf *w, const struct snap_cpu *c)
{
	for (unsigned int i = 0; i < 31; i++)
		snap_put_u64(w, c->x[i]);
	snap_put_u64(w, c->sp_el0);
	snap_put_u64(w, c->sp_el1);
	snap_put_u64(w, c->pc);
	snap_put_u64(w, c->pstate);
	snap_put_u64(w, c->elr_el1);
	snap_put_u64(w, c->spsr_el1);
	snap_put_bytes(w, c->v, sizeof(c->v));
	snap_put_u32(w, c->fpsr);
	snap_put_u32(w, c->fpcr);
	snap_put_u32(w, c->nsysregs);
	for (unsigned int i = 0; i < c->nsysregs && i < SNAP_MAX_SYSREGS; i++) {
		snap_put_u16(w, c->sysregs[i].key);
		snap_put_u64(w, c->sysregs[i].val);
	}
	snap_put_u64(w, c->timer.cntvct);
	for (unsigned int t = 0; t < 2; t++) {
		snap_put_u32(w, c->timer.ctl[t]);
		snap_put_u64(w, c->timer.cval[t]);
	}
	snap_put_u32(w, (uint32_t)c->power);
	snap_put_u64(w, c->mpidr);
#define PUT_ID(f) snap_put_u64(w, c->id.f);
	ID_REGS(PUT_ID)
#undef PUT_ID
}

static void get_cpu(struct snap_rbuf *r, struct snap_cpu *c)
{
	for (unsigned int i = 0; i < 31; i++)
		c->x[i] = snap_get_u64(r);
	c->sp_el0 = snap_get_u64(r);
	c->sp_el1 = snap_get_u64(r);
	c->pc = snap_get_u64(r);
	c->pstate = snap_get_u64(r);
	c->elr_el1 = snap_get_u64(r);
	c->spsr_el1 = snap_get_u64(r);
	snap_get_bytes(r, c->v, sizeof(c->v));
	c->fpsr = snap_get_u32(r);
	c->fpcr = snap_get_u32(r);
	c->nsysregs = snap_get_count(r, SNAP_MAX_SYSREGS);
	for (unsigned int i = 0; i < c->nsysregs; i++) {
		c->sysregs[i].key = snap_get_u16(r);
		c->sysregs[i].val = snap_get_u64(r);
	}
	c->timer.cntvct = snap_get_u64(r);
	for (unsigned int t = 0; t < 2; t++) {
		c->timer.ctl[t] = snap_get_u32(r);
		c->timer.cval[t] = snap_get_u64(r);
	}
	c->power = (int)snap_get_count(r, SNAP_CPU_ON);
	c->mpidr = snap_get_u64(r);
#define GET_ID(f) c->id.f = snap_get_u64(r);
	ID_REGS(GET_ID)
#undef GET_ID
}

static void put_gic_cpu(struct snap_wbuf *w, const struct snap_gic_cpu *g)
{
	for (unsigned int i = 0; i < SNAP_GIC_NR_LOCAL; i++)
		put_irq(w, &g->local[i]);
	snap_put_bytes(w, g->sgi_src, sizeof(g->sgi_src));
	snap_put_u32(w, g->ctlr);
	snap_put_u8(w, g->pmr);
	snap_put_u8(w, g->bpr0);
	snap_put_u8(w, g->bpr1);
	snap_put_u8(w, g->igrpen0);
	snap_put_u8(w, g->igrpen1);
	for (unsigned int i = 0; i < 4; i++)
		snap_put_u32(w, g->ap0r[i]);
	for (unsigned int i = 0; i < 4; i++)
		snap_put_u32(w, g->ap1r[i]);
	snap_put_u32(w, g->waker);
	snap_put_u8(w, g->lpis_enabled);
	snap_put_u64(w, g->propbaser);
	snap_put_u64(w, g->pendbaser);
	for (unsigned int i = 0; i < SNAP_LPI_WORDS; i++)
		snap_put_u64(w, g->lpi_pend[i]);
}

static void get_gic_cpu(struct snap_rbuf *r, struct snap_gic_cpu *g)
{
	for (unsigned int i = 0; i < SNAP_GIC_NR_LOCAL; i++)
		get_irq(r, &g->local[i]);
	snap_get_bytes(r, g->sgi_src, sizeof(g->sgi_src));
	g->ctlr = snap_get_u32(r);
	g->pmr = snap_get_u8(r);
	g->bpr0 = snap_get_u8(r);
	g->bpr1 = snap_get_u8(r);
	g->igrpen0 = !!snap_get_u8(r);
	g->igrpen1 = !!snap_get_u8(r);
	for (unsigned int i = 0; i < 4; i++)
		g->ap0r[i] = snap_get_u32(r);
	for (unsigned int i = 0; i < 4; i++)
		g->ap1r[i] = snap_get_u32(r);
	g->waker = snap_get_u32(r);
	g->lpis_enabled = !!snap_get_u8(r);
	g->propbaser = snap_get_u64(r);
	g->pendbaser = snap_get_u64(r);
	for (unsigned int i = 0; i < SNAP_LPI_WORDS; i++)
		g->lpi_pend[i] = snap_get_u64(r);
}

static void put_its(struct snap_wbuf *w, const struct snap_its *its)
{
	snap_put_u8(w, its->present);
	snap_put_u32(w, its->ctlr);
	snap_put_u64(w, its->cbaser);
	snap_put_u64(w, its->cwriter);
	snap_put_u64(w, its->creadr);
	for (unsigned int i = 0; i < SNAP_ITS_NR_BASER; i++)
		snap_put_u64(w, its->baser[i]);
	snap_put_u8(w, its->tables_in_ram);
	for (unsigned int i = 0; i < SNAP_ITS_NR_COLLS; i++)
		snap_put_u16(w, its->coll[i]);
	snap_put_u32(w, its->ndevs);
	for (unsigned int i = 0; i < its->ndevs; i++) {
		snap_put_u32(w, its->devs[i].devid);
		snap_put_u8(w, its->devs[i].evbits);
		snap_put_u64(w, its->devs[i].itt);
	}
}

static int get_its(struct snap_rbuf *r, struct snap_its *its, struct av_err *err)
{
	its->present = !!snap_get_u8(r);
	its->ctlr = snap_get_u32(r);
	its->cbaser = snap_get_u64(r);
	its->cwriter = snap_get_u64(r);
	its->creadr = snap_get_u64(r);
	for (unsigned int i = 0; i < SNAP_ITS_NR_BASER; i++)
		its->baser[i] = snap_get_u64(r);
	its->tables_in_ram = !!snap_get_u8(r);
	for (unsigned int i = 0; i < SNAP_ITS_NR_COLLS; i++)
		its->coll[i] = snap_get_u16(r);
	its->ndevs = snap_get_count(r, SNAP_MAX_ITS_DEVS);
	if (r->bad)
		return 0;
	/* 13 bytes each: a count beyond what is left is a lie, not an allocation. */
	if (its->ndevs > (r->len - r->pos) / 13) {
		r->bad = true;
		return 0;
	}
	if (its->ndevs) {
		its->devs = calloc(its->ndevs, sizeof(*its->devs));
		if (!its->devs)
			return av_errf(err, ENOMEM, "snapshot: out of memory for the ITS devices");
	}
	for (unsigned int i = 0; i < its->ndevs; i++) {
		its->devs[i].devid = snap_get_u32(r);
		its->devs[i].evbits = snap_get_u8(r);
		its->devs[i].itt = snap_get_u64(r);
		if (its->devs[i].evbits > 32)
			r->bad = true;
	}
	return 0;
}

void snap_encode_machine(struct snap_wbuf *w, const struct snap_machine *m)
{
	char accel[sizeof(m->accel)] = { 0 };

	memcpy(accel, m->accel, sizeof(accel));
	snap_put_u32(w, m->ncpus);
	snap_put_bytes(w, accel, sizeof(accel));
	for (unsigned int i = 0; i < m->ncpus; i++)
		put_cpu(w, &m->cpu[i]);
	snap_put_u32(w, (uint32_t)m->gic.version);
	snap_put_u32(w, m->gic.ctlr);
	for (unsigned int i = 0; i < SNAP_GIC_NR_SPIS; i++)
		put_irq(w, &m->gic.spi[i]);
	for (unsigned int i = 0; i < m->ncpus; i++)
		put_gic_cpu(w, &m->gic.cpu[i]);
	snap_put_u8(w, m->gic.lpi_pend_in_ram);
	put_its(w, &m->gic.its);
}

int snap_decode_machine(struct snap_rbuf *r, struct snap_machine *m,
			struct av_err *err)
{
	uint32_t ncpus = snap_get_u32(r);
	int ret;

	memset(m, 0, sizeof(*m));
	if (r->bad || ncpus == 0 || ncpus > SNAP_MAX_CPUS)
		return av_errf(err, EINVAL, "snapshot: bad vCPU count %u in the machine state",
			       ncpus);
	ret = snap_machine_init(m, ncpus, err);
	if (ret)
		return ret;
	snap_get_bytes(r, m->accel, sizeof(m->accel));
	m->accel[sizeof(m->accel) - 1] = 0;
	for (unsigned int i = 0; i < ncpus; i++)
		get_cpu(r, &m->cpu[i]);
	m->gic.version = (int)snap_get_u32(r);
	if (m->gic.version != 2 && m->gic.version != 3)
		r->bad = true;
	m->gic.ctlr = snap_get_u32(r);
	for (unsigned int i = 0; i < SNAP_GIC_NR_SPIS; i++)
		get_irq(r, &m->gic.spi[i]);
	for (unsigned int i = 0; i < ncpus; i++)
		get_gic_cpu(r, &m->gic.cpu[i]);
	m->gic.lpi_pend_in_ram = !!snap_get_u8(r);
	ret = get_its(r, &m->gic.its, err);
	if (ret)
		return ret;
	if (!snap_rbuf_done(r))
		return av_errf(err, EINVAL, "snapshot: the machine state section is malformed");
	return 0;
}
