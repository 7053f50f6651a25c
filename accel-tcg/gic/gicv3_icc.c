// SPDX-License-Identifier: GPL-2.0
/*
 * The GICv3 CPU interface as system registers, ICC_*_EL1 (IHI 0069
 * 12.2). They exist only when the VM has a GICv3 (ID_AA64PFR0.GIC says
 * so); otherwise MRS/MSR of them is UNDEFINED. EL0 access is UNDEFINED.
 */
#include <stddef.h>

#include "cpu.h"
#include "gic_priv.h"
#include "tcg.h"
#include "util.h"

/* ICC_CTLR_EL1: CBPR (0), EOImode (1), PMHE (6) writable; PRIbits = 4
 * (5 priority bits), IDbits = 0 (16-bit INTIDs), A3V (15). */
#define ICC_CTLR_RW	0x43u
#define ICC_CTLR_RO	((4u << 8) | (1u << 15))
#define ICC_CTLR_EOI	(1u << 1)
/* ICC_SRE_EL1: SRE, DFB, DIB all RAO/WI: the memory-mapped interface is not offered. */
#define ICC_SRE_VALUE	0x7u

enum icc_reg {
	ICC_PMR, ICC_IAR0, ICC_IAR1, ICC_EOIR0, ICC_EOIR1, ICC_HPPIR0,
	ICC_HPPIR1, ICC_BPR0, ICC_BPR1, ICC_DIR, ICC_RPR, ICC_SGI1R,
	ICC_SGI0R, ICC_CTLR, ICC_SRE, ICC_IGRPEN0, ICC_IGRPEN1, ICC_APR,
};

static struct gic *icc_gic(const struct cpu_state *cpu)
{
	return cpu->tvm ? cpu->tvm->gic : NULL;
}

static int icc_access(struct cpu_state *cpu, const struct sysreg_desc *d,
		      bool write)
{
	struct gic *gic = icc_gic(cpu);

	(void)d;
	(void)write;
	if (!gic || gic->version != 3 || cpu->index >= gic->ncpus)
		return SYSREG_UNDEF;
	return SYSREG_OK;
}

/* LPIs are always Group 1 (IHI 0069 5.1). */
static bool icc_group1(struct gic *gic, unsigned int c, unsigned int id)
{
	return gic_is_lpi(id) || (gic_irq(gic, c, id)->flags & GI_GROUP1);
}

static uint64_t icc_get(struct gic *gic, unsigned int c, enum icc_reg r)
{
	struct gic_cpu *gc = &gic->cpu[c];
	uint8_t prio;
	unsigned int id;

	switch (r) {
	case ICC_PMR:
		return gc->pmr;
	case ICC_IAR0:
	case ICC_IAR1:
		return gic_ack(gic, c, r == ICC_IAR1);
	case ICC_HPPIR0:
	case ICC_HPPIR1:
		id = gic_highest_pending(gic, c, &prio);
		if (id == GIC_SPURIOUS)
			return id;
		return icc_group1(gic, c, id) == (r == ICC_HPPIR1) ? id : GIC_SPURIOUS;
	case ICC_BPR0:
		return gc->bpr0;
	case ICC_BPR1:
		return gc->bpr1;
	case ICC_RPR:
		return gic_running_prio(gc);
	case ICC_CTLR:
		return ICC_CTLR_RO | (gc->eoimode ? ICC_CTLR_EOI : 0) | (gc->ctlr & ICC_CTLR_RW);
	case ICC_SRE:
		return ICC_SRE_VALUE;
	case ICC_IGRPEN0:
		return gc->grpen0;
	case ICC_IGRPEN1:
		return gc->grpen1;
	default:
		return 0;
	}
}

static uint64_t icc_read(struct cpu_state *cpu, const struct sysreg_desc *d)
{
	struct gic *gic = icc_gic(cpu);
	uint64_t v;

	pthread_mutex_lock(&gic->lock);
	v = icc_get(gic, cpu->index, (enum icc_reg)d->arg);
	pthread_mutex_unlock(&gic->lock);
	return v;
}

/*
 * ICC_SGI0R/1R_EL1 (12.2.21): INTID 27:24, TargetList 15:0 for Aff0 =
 * RS*16 + bit, in cluster Aff3 (55:48).Aff2 (39:32).Aff1 (23:16); IRM
 * (40) = every CPU but this one.
 */
static void icc_sgi(struct gic *gic, unsigned int self, uint64_t v)
{
	uint64_t cluster = ((v >> 16) & 0xff) << 8 | ((v >> 32) & 0xff) << 16 |
			   ((v >> 48) & 0xff) << 32;
	unsigned int rs = (v >> 44) & 15, intid = (v >> 24) & 15;
	bool all = v & (1ull << 40);

	for (unsigned int t = 0; t < gic->ncpus; t++) {
		uint64_t m = virt_cpu_mpidr(t, 3);
		unsigned int aff0 = m & 0xff;

		if (all ? t == self :
		    ((m & 0xff00ffff00ull) != cluster || aff0 / 16 != rs ||
		     !(v & (1u << (aff0 % 16)))))
			continue;
		gic_raise_sgi(gic, t, self, intid);
	}
	gic_update(gic);
}

static void icc_set(struct gic *gic, unsigned int c, enum icc_reg r, uint64_t v)
{
	struct gic_cpu *gc = &gic->cpu[c];

	switch (r) {
	case ICC_PMR:
		gc->pmr = (uint8_t)v & GIC_PRIO_MASK;
		break;
	case ICC_EOIR0:
	case ICC_EOIR1:
		gic_eoi(gic, c, (unsigned int)(v & 0xffffff));
		return;
	case ICC_DIR:
		gic_deactivate(gic, c, (unsigned int)(v & 0xffffff));
		return;
	case ICC_SGI0R:
	case ICC_SGI1R:
		icc_sgi(gic, c, v);
		return;
	case ICC_BPR0:
		gc->bpr0 = v & 7;
		break;
	case ICC_BPR1:
		gc->bpr1 = v & 7;
		break;
	case ICC_CTLR:
		gc->ctlr = (uint32_t)v & ICC_CTLR_RW;
		gc->eoimode = v & ICC_CTLR_EOI;
		break;
	case ICC_IGRPEN0:
		gc->grpen0 = v & 1;
		break;
	case ICC_IGRPEN1:
		gc->grpen1 = v & 1;
		break;
	default:
		return;
	}
	gic_update_cpu(gic, c);
}

static int icc_write(struct cpu_state *cpu, const struct sysreg_desc *d,
		     uint64_t val, uint64_t pc)
{
	struct gic *gic = icc_gic(cpu);

	(void)pc;
	pthread_mutex_lock(&gic->lock);
	icc_set(gic, cpu->index, (enum icc_reg)d->arg, val);
	pthread_mutex_unlock(&gic->lock);
	return INSN_NEXT;
}

#define ICC(n, crn, crm, op2, fl, r) \
	{ n, SYSREG_KEY(3, 0, crn, crm, op2), fl, 0, icc_read, icc_write, \
	  icc_access, r }

static const struct sysreg_desc icc_regs[] = {
	ICC("ICC_PMR_EL1", 4, 6, 0, SR_RW, ICC_PMR),
	ICC("ICC_IAR0_EL1", 12, 8, 0, SR_R, ICC_IAR0),
	ICC("ICC_EOIR0_EL1", 12, 8, 1, SR_W, ICC_EOIR0),
	ICC("ICC_HPPIR0_EL1", 12, 8, 2, SR_R, ICC_HPPIR0),
	ICC("ICC_BPR0_EL1", 12, 8, 3, SR_RW, ICC_BPR0),
	ICC("ICC_AP0R0_EL1", 12, 8, 4, SR_RW, ICC_APR),
	ICC("ICC_AP0R1_EL1", 12, 8, 5, SR_RW, ICC_APR),
	ICC("ICC_AP0R2_EL1", 12, 8, 6, SR_RW, ICC_APR),
	ICC("ICC_AP0R3_EL1", 12, 8, 7, SR_RW, ICC_APR),
	ICC("ICC_AP1R0_EL1", 12, 9, 0, SR_RW, ICC_APR),
	ICC("ICC_AP1R1_EL1", 12, 9, 1, SR_RW, ICC_APR),
	ICC("ICC_AP1R2_EL1", 12, 9, 2, SR_RW, ICC_APR),
	ICC("ICC_AP1R3_EL1", 12, 9, 3, SR_RW, ICC_APR),
	ICC("ICC_DIR_EL1", 12, 11, 1, SR_W, ICC_DIR),
	ICC("ICC_RPR_EL1", 12, 11, 3, SR_R, ICC_RPR),
	ICC("ICC_SGI1R_EL1", 12, 11, 5, SR_W, ICC_SGI1R),
	ICC("ICC_ASGI1R_EL1", 12, 11, 6, SR_W, ICC_SGI0R),
	ICC("ICC_SGI0R_EL1", 12, 11, 7, SR_W, ICC_SGI0R),
	ICC("ICC_IAR1_EL1", 12, 12, 0, SR_R, ICC_IAR1),
	ICC("ICC_EOIR1_EL1", 12, 12, 1, SR_W, ICC_EOIR1),
	ICC("ICC_HPPIR1_EL1", 12, 12, 2, SR_R, ICC_HPPIR1),
	ICC("ICC_BPR1_EL1", 12, 12, 3, SR_RW, ICC_BPR1),
	ICC("ICC_CTLR_EL1", 12, 12, 4, SR_RW, ICC_CTLR),
	ICC("ICC_SRE_EL1", 12, 12, 5, SR_RW, ICC_SRE),
	ICC("ICC_IGRPEN0_EL1", 12, 12, 6, SR_RW, ICC_IGRPEN0),
	ICC("ICC_IGRPEN1_EL1", 12, 12, 7, SR_RW, ICC_IGRPEN1),
};

const struct sysreg_table sysreg_icc_table = {
	icc_regs, ARRAY_SIZE(icc_regs)
};
