/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the gic*.c files only: the state of the emulated GIC. One
 * model serves both versions: GICv2 (GIC architecture spec IHI 0048B)
 * and GICv3 without security (IHI 0069, GICD_CTLR.DS = 1, affinity
 * routing on). Everything is guarded by gic->lock.
 */
#ifndef ACCEL_TCG_GIC_PRIV_H
#define ACCEL_TCG_GIC_PRIV_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "board.h"
#include "gic.h"

#define GIC_NR_LOCAL	32			/* SGIs + PPIs, banked per CPU */
#define GIC_NR_SPIS	(GIC_NR_IRQS - GIC_NR_LOCAL)
#define GIC_MAX_CPUS	GICV3_MAX_CPUS
#define GIC_PRIO_MASK	0xf8			/* 5 priority bits, as QEMU's GICs */
#define GIC_IDLE_PRIO	0xff
#define GIC_MAX_ACTIVE	32			/* nesting depth of active priorities */

/*
 * LPIs (IHI 0069 5.1): INTIDs from 8192 up to 2^16 - 1, as QEMU's GICv3
 * (GICD_TYPER.IDbits = 15). Their pending state is kept here, one bit
 * per LPI per redistributor; their configuration (priority, enable) is
 * read from the guest's table at GICR_PROPBASER each time it matters.
 */
#define GIC_LPI_BASE	8192u
#define GIC_LPI_IDBITS	16u
#define GIC_LPI_LIMIT	(1u << GIC_LPI_IDBITS)	/* INTIDs below this */
#define GIC_NR_LPIS	(GIC_LPI_LIMIT - GIC_LPI_BASE)
#define GIC_LPI_WORDS	(GIC_NR_LPIS / 64)

/* struct gic_irq.flags */
#define GI_ENABLED	(1u << 0)
#define GI_LATCH	(1u << 1)	/* pending by edge or by ISPENDR */
#define GI_ACTIVE	(1u << 2)
#define GI_LEVEL	(1u << 3)	/* the input line */
#define GI_EDGE		(1u << 4)	/* edge-triggered (ICFGR) */
#define GI_GROUP1	(1u << 5)

struct gic_irq {
	uint8_t flags;
	uint8_t prio;
	uint8_t targets;	/* GICv2 ITARGETSR */
	uint64_t router;	/* GICv3 IROUTER: Aff3..0, IRM (bit 31) */
};

struct gic_cpu {
	struct gic_irq local[GIC_NR_LOCAL];
	uint8_t sgi_src[GIC_NR_SGIS];	/* GICv2: pending SGIs by source CPU */
	uint32_t ctlr;		/* GICC_CTLR (v2) */
	uint8_t pmr;
	uint8_t bpr0, bpr1;
	bool eoimode;		/* split priority drop / deactivation */
	bool grpen0, grpen1;	/* ICC_IGRPEN0/1_EL1 (v3) */
	bool asleep;		/* GICR_WAKER.ProcessorSleep (v3) */
	unsigned int nactive;
	uint16_t active_id[GIC_MAX_ACTIVE];
	uint8_t active_prio[GIC_MAX_ACTIVE];
	uint32_t signalled;	/* the irq_level last stored */

	/* LPIs (GICv3 with an ITS only; gicv3_lpi.c). */
	bool lpis_on;		/* GICR_CTLR.EnableLPIs */
	uint64_t propbaser;	/* GICR_PROPBASER */
	uint64_t pendbaser;	/* GICR_PENDBASER */
	uint64_t *lpi_pend;	/* GIC_NR_LPIS bits, bit n = INTID 8192 + n */
	unsigned int lpi_npend;	/* bits set: 0 skips the LPI scan */
};

struct gic_its;
struct guest_ram;

struct gic {
	pthread_mutex_t lock;
	int version;
	unsigned int ncpus;
	uint32_t ctlr;		/* GICD_CTLR */
	struct tcg_vm *tvm;
	struct gic_irq spi[GIC_NR_SPIS];
	struct gic_cpu *cpu;	/* ncpus entries */
	const struct guest_ram *ram;	/* LPI tables, the ITS's queue and ITTs */
	struct gic_its *its;	/* NULL: no ITS, no LPIs */
};

/* Pending: latched (edge, ISPENDR, SGI) or a level input held high. */
static inline bool gic_irq_pending(const struct gic_irq *irq)
{
	return (irq->flags & GI_LATCH) ||
	       ((irq->flags & (GI_LEVEL | GI_EDGE)) == GI_LEVEL);
}

/* The state of intid as seen by CPU c (banked for INTID < 32). */
struct gic_irq *gic_irq(struct gic *gic, unsigned int c, unsigned int intid);

/* The CPU whose thread is making the current MMIO access. */
unsigned int gic_this_cpu(const struct gic *gic);

/*
 * Re-evaluate the IRQ output of every CPU / of CPU c / of the CPUs that
 * intid (seen by CPU c) concerns; kick those newly signalled.
 */
void gic_update(struct gic *gic);
void gic_update_cpu(struct gic *gic, unsigned int c);
void gic_update_intid(struct gic *gic, unsigned int c, unsigned int intid);

/* Acknowledge / priority drop / deactivate for CPU c (both versions). */
unsigned int gic_ack(struct gic *gic, unsigned int c, bool group1);
void gic_eoi(struct gic *gic, unsigned int c, unsigned int intid);
void gic_deactivate(struct gic *gic, unsigned int c, unsigned int intid);
unsigned int gic_highest_pending(struct gic *gic, unsigned int c, uint8_t *prio);
uint8_t gic_running_prio(const struct gic_cpu *gc);

/* Make SGI intid pending on CPU target, from CPU src. */
void gic_raise_sgi(struct gic *gic, unsigned int target, unsigned int src,
		   unsigned int intid);

/* Distributor registers common to both versions (IGROUPR .. ICFGR). */
int gic_dist_read_common(struct gic *gic, unsigned int c, uint64_t off,
			 unsigned int size, uint64_t *val);
int gic_dist_write_common(struct gic *gic, unsigned int c, uint64_t off,
			  unsigned int size, uint64_t val);
/* Banked SGI/PPI view for the GICv3 redistributor SGI frame. */
int gic_local_read(struct gic *gic, unsigned int c, uint64_t off,
		   unsigned int size, uint64_t *val);
int gic_local_write(struct gic *gic, unsigned int c, uint64_t off,
		    unsigned int size, uint64_t val);

/*
 * 64-bit registers that also take 32-bit accesses to either half
 * (IHI 0069 12.1): what a read at byte hi (0 or 4) of size returns,
 * and the register after such a write.
 */
static inline uint64_t gic_reg64_get(uint64_t reg, unsigned int hi,
				      unsigned int size)
{
	return size == 8 ? reg : (uint32_t)(reg >> (hi * 8));
}

static inline uint64_t gic_reg64_put(uint64_t reg, unsigned int hi,
				      unsigned int size, uint64_t val)
{
	if (size == 8)
		return val;
	if (hi)
		return (reg & 0xffffffffull) | (val << 32);
	return (reg & ~0xffffffffull) | (uint32_t)val;
}

/* ---- LPIs (gicv3_lpi.c) ---- */

static inline bool gic_is_lpi(unsigned int intid)
{
	return intid >= GIC_LPI_BASE && intid < GIC_LPI_LIMIT;
}

/* Allocate the pending bitmaps of every CPU (at ITS creation). */
int gic_lpi_init(struct gic *gic, struct av_err *err);
void gic_lpi_fini(struct gic *gic);
void gic_lpi_reset(struct gic *gic);

/*
 * Raise the highest priority pending, enabled LPI of CPU c over
 * best and prio (strictly higher priority only: LPIs are the highest
 * INTIDs, so they lose ties). No-op while none is pending.
 */
void gic_lpi_highest(struct gic *gic, unsigned int c, unsigned int *best,
		     unsigned int *prio);
/* Set or clear LPI intid's pending bit on CPU c (no update). */
void gic_lpi_set_pending(struct gic *gic, unsigned int c, unsigned int intid,
			 bool pending);
bool gic_lpi_pending(const struct gic *gic, unsigned int c, unsigned int intid);
/* Move every pending LPI of CPU from to CPU to (ITS MOVALL). */
void gic_lpi_move_all(struct gic *gic, unsigned int from, unsigned int to);

/* Redistributor LPI registers (GICR_CTLR, PROPBASER, PENDBASER). */
bool gic_lpi_rd_read(struct gic *gic, unsigned int c, uint64_t off,
		     unsigned int size, uint64_t *val);
bool gic_lpi_rd_write(struct gic *gic, unsigned int c, uint64_t off,
		      unsigned int size, uint64_t val);

/* ITS reset (gicv3_its.c), called by gic_reset with the lock held. */
void gic_its_reset_locked(struct gic_its *its);

/* Version specific MMIO set-up (gicv2.c, gicv3_dist.c + gicv3_redist.c). */
int gicv2_map(struct gic *gic, struct mmio_bus *bus, struct av_err *err);
int gicv3_map(struct gic *gic, struct mmio_bus *bus, struct av_err *err);
int gicv3_redist_map(struct gic *gic, struct mmio_bus *bus, struct av_err *err);

#endif
