// SPDX-License-Identifier: GPL-2.0
/*
 * The in-kernel vGICv3 to and from struct snap_gic, through the device
 * attribute groups of Documentation/virt/kvm/devices/arm-vgic-v3.rst:
 * DIST_REGS and REDIST_REGS (32-bit registers at their IHI 0069 offsets;
 * ISPENDR reads and writes the latched pending state, not the line),
 * LEVEL_INFO (the input lines), CPU_SYSREGS (the ICC_* registers) and
 * CTRL's SAVE_PENDING_TABLES (LPI pending bits into guest RAM). The
 * order of a load follows that file and arm-vgic-its.rst: GICD_IIDR
 * first, redistributors before the ITS (kvm_snap_its.c), which comes
 * after guest RAM. A GICv2 machine is refused for now.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>

#include <asm/kvm.h>
#include <linux/kvm.h>

#include "kvm_int.h"
#include "kvm_snap.h"
#include "snapshot.h"
#include "vm.h"

/* Distributor and redistributor offsets (IHI 0069 12.9, 12.10, 12.11). */
#define GICD_CTLR	0x0000
#define GICD_IIDR	0x0008
#define GIC_IGROUPR	0x0080
#define GIC_ISENABLER	0x0100
#define GIC_ICENABLER	0x0180
#define GIC_ISPENDR	0x0200
#define GIC_ISACTIVER	0x0300
#define GIC_ICACTIVER	0x0380
#define GIC_IPRIORITYR	0x0400
#define GIC_ICFGR	0x0c00
#define GICD_IROUTER	0x6000
#define GICR_CTLR	0x0000
#define GICR_WAKER	0x0014
#define GICR_PROPBASER	0x0070
#define GICR_PENDBASER	0x0078
#define GICR_SGI_FRAME	0x10000		/* SGI_base: the banked SGI/PPI registers */

#define GICR_CTLR_ENABLE_LPIS	1u

/* ICC_* as CPU_SYSREGS instr values (IHI 0069 12.2). */
#define ICC_PMR_EL1	SNAP_SYSREG(3, 0, 4, 6, 0)
#define ICC_BPR0_EL1	SNAP_SYSREG(3, 0, 12, 8, 3)
#define ICC_AP0R_EL1(n)	SNAP_SYSREG(3, 0, 12, 8, 4 + (n))
#define ICC_AP1R_EL1(n)	SNAP_SYSREG(3, 0, 12, 9, (n))
#define ICC_BPR1_EL1	SNAP_SYSREG(3, 0, 12, 12, 3)
#define ICC_CTLR_EL1	SNAP_SYSREG(3, 0, 12, 12, 4)
#define ICC_IGRPEN0_EL1	SNAP_SYSREG(3, 0, 12, 12, 6)
#define ICC_IGRPEN1_EL1	SNAP_SYSREG(3, 0, 12, 12, 7)

/* ICC_CTLR_EL1: CBPR, EOImode, PMHE are the guest's; the rest is the CPU's (12.2.6). */
#define ICC_CTLR_GUEST	((1u << 0) | (1u << 1) | (1u << 6))
#define ICC_CTLR_PRIBITS(v)	((((v) >> 8) & 7) + 1)

/* The PA field of GICR_PENDBASER, bits 51:16 (12.11.21). */
#define PENDBASER_PA	0x000fffffffff0000ull
/* The pending table's first 1 KiB covers INTIDs below 8192 (IHI 0069 5.1.2). */
#define PEND_LPI_OFF	(SNAP_LPI_BASE / 8)

static int gic_attr(int fd, uint32_t group, uint64_t attr, void *val, bool set,
		    struct av_err *err)
{
	struct kvm_device_attr a = {
		.group = group,
		.attr = attr,
		.addr = (uintptr_t)val,
	};

	if (ioctl(fd, set ? KVM_SET_DEVICE_ATTR : KVM_GET_DEVICE_ATTR, &a) < 0)
		return av_errf_errno(err, errno, "vGIC %s of group %u register %#llx",
				     set ? "write" : "read", group, (unsigned long long)attr);
	return 0;
}

/* One 32-bit register of the distributor (cpu < 0) or of cpu's redistributor. */
struct gic_bank {
	int fd;
	uint32_t group;
	uint64_t mpidr_attr;
	uint32_t frame;		/* 0, or GICR_SGI_FRAME */
};

static int bank_reg(const struct gic_bank *b, uint32_t off, uint32_t *val, bool set,
		    struct av_err *err)
{
	return gic_attr(b->fd, b->group, b->mpidr_attr | (b->frame + off), val, set, err);
}

static int bank_level(const struct gic_bank *b, unsigned int intid, uint32_t *val,
		      bool set, struct av_err *err)
{
	uint64_t attr = b->mpidr_attr |
			((uint64_t)VGIC_LEVEL_INFO_LINE_LEVEL << KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_SHIFT) |
			intid;

	return gic_attr(b->fd, KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, attr, val, set, err);
}

/* Where a one-bit-per-IRQ register's bit lives in struct snap_irq (0: the line). */
static size_t irq_bit_off(uint32_t reg)
{
	switch (reg) {
	case GIC_IGROUPR:
		return offsetof(struct snap_irq, group1);
	case GIC_ISENABLER:
		return offsetof(struct snap_irq, enabled);
	case GIC_ISPENDR:
		return offsetof(struct snap_irq, pending);
	case GIC_ISACTIVER:
		return offsetof(struct snap_irq, active);
	default:
		return offsetof(struct snap_irq, level);
	}
}

static void bits_to_irqs(uint32_t word, uint32_t reg, struct snap_irq *q)
{
	size_t off = irq_bit_off(reg);

	for (unsigned int i = 0; i < 32; i++)
		((uint8_t *)&q[i])[off] = (word >> i) & 1;
}

static uint32_t irqs_to_bits(uint32_t reg, const struct snap_irq *q)
{
	size_t off = irq_bit_off(reg);
	uint32_t word = 0;

	for (unsigned int i = 0; i < 32; i++)
		word |= (uint32_t)(((const uint8_t *)&q[i])[off] & 1) << i;
	return word;
}

/* The one-bit registers and the line levels of the 32 IRQs from intid. */
static const uint32_t bit_regs[] = { GIC_IGROUPR, GIC_ISENABLER, GIC_ISPENDR, GIC_ISACTIVER };

static int block_save(const struct gic_bank *b, unsigned int intid, struct snap_irq *q,
		      struct av_err *err)
{
	uint32_t w;
	int ret = 0;

	for (size_t r = 0; !ret && r < sizeof(bit_regs) / sizeof(bit_regs[0]); r++) {
		ret = bank_reg(b, bit_regs[r] + intid / 8, &w, false, err);
		if (!ret)
			bits_to_irqs(w, bit_regs[r], q);
	}
	if (!ret)
		ret = bank_level(b, intid, &w, false, err);
	if (!ret)
		bits_to_irqs(w, 0, q);
	for (unsigned int i = 0; !ret && i < 32; i += 4) {
		ret = bank_reg(b, GIC_IPRIORITYR + intid + i, &w, false, err);
		for (unsigned int k = 0; k < 4; k++)
			q[i + k].prio = (uint8_t)(w >> (8 * k));
	}
	/* ICFGR: two bits per IRQ, bit 1 of each set for edge (12.9.9). */
	for (unsigned int i = 0; !ret && i < 32; i += 16) {
		ret = bank_reg(b, GIC_ICFGR + (intid + i) / 4, &w, false, err);
		for (unsigned int k = 0; k < 16; k++)
			q[i + k].edge = (w >> (2 * k + 1)) & 1;
	}
	return ret;
}

/* Group, trigger (ICFGR: bit 1 of each pair for edge) and priority. */
static int block_config_load(const struct gic_bank *b, unsigned int intid,
			     const struct snap_irq *q, struct av_err *err)
{
	uint32_t w = irqs_to_bits(GIC_IGROUPR, q);
	int ret = bank_reg(b, GIC_IGROUPR + intid / 8, &w, true, err);

	for (unsigned int i = 0; !ret && i < 32; i += 16) {
		w = 0;
		for (unsigned int k = 0; k < 16; k++)
			w |= (uint32_t)(q[i + k].edge & 1) << (2 * k + 1);
		ret = bank_reg(b, GIC_ICFGR + (intid + i) / 4, &w, true, err);
	}
	for (unsigned int i = 0; !ret && i < 32; i += 4) {
		w = 0;
		for (unsigned int k = 0; k < 4; k++)
			w |= (uint32_t)q[i + k].prio << (8 * k);
		ret = bank_reg(b, GIC_IPRIORITYR + intid + i, &w, true, err);
	}
	return ret;
}

/* A set/clear register pair (ISxxx, ICxxx) made to hold exactly the saved bits. */
static int block_pair_load(const struct gic_bank *b, unsigned int intid, uint32_t set_reg,
			   uint32_t clear_reg, const struct snap_irq *q, struct av_err *err)
{
	uint32_t w = ~irqs_to_bits(set_reg, q);
	int ret = bank_reg(b, clear_reg + intid / 8, &w, true, err);

	w = irqs_to_bits(set_reg, q);
	return ret ? ret : bank_reg(b, set_reg + intid / 8, &w, true, err);
}

/*
 * Configuration first, then state. Through this interface ISPENDR sets
 * the latch to the value written; enable and active are set by one
 * register and cleared by another (arm-vgic-v3.rst).
 */
static int block_load(const struct gic_bank *b, unsigned int intid,
		      const struct snap_irq *q, struct av_err *err)
{
	uint32_t w;
	int ret = block_config_load(b, intid, q, err);

	if (!ret) {
		w = irqs_to_bits(0, q);
		ret = bank_level(b, intid, &w, true, err);
	}
	if (!ret) {
		w = irqs_to_bits(GIC_ISPENDR, q);
		ret = bank_reg(b, GIC_ISPENDR + intid / 8, &w, true, err);
	}
	if (!ret)
		ret = block_pair_load(b, intid, GIC_ISACTIVER, GIC_ICACTIVER, q, err);
	if (!ret)
		ret = block_pair_load(b, intid, GIC_ISENABLER, GIC_ICENABLER, q, err);
	return ret;
}

/* A 64-bit register as its two 32-bit halves (arm-vgic-v3.rst). */
static int bank_reg64(const struct gic_bank *b, uint32_t off, uint64_t *val, bool set,
		      struct av_err *err)
{
	uint32_t lo = (uint32_t)*val, hi = (uint32_t)(*val >> 32);
	int ret = bank_reg(b, off, &lo, set, err);

	if (!ret)
		ret = bank_reg(b, off + 4, &hi, set, err);
	if (!ret && !set)
		*val = (uint64_t)hi << 32 | lo;
	return ret;
}

static int spis_xfer(struct kvm_state *ks, struct snap_gic *g, bool set, struct av_err *err)
{
	const struct gic_bank d = { ks->gic_fd, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0, 0 };
	int ret = 0;

	for (unsigned int i = 0; !ret && i < SNAP_GIC_NR_SPIS; i += 32)
		ret = set ? block_load(&d, 32 + i, &g->spi[i], err) :
			    block_save(&d, 32 + i, &g->spi[i], err);
	for (unsigned int i = 0; !ret && i < SNAP_GIC_NR_SPIS; i++)
		ret = bank_reg64(&d, GICD_IROUTER + 8 * (32 + i), &g->spi[i].router, set, err);
	return ret;
}

static int icc(struct kvm_state *ks, uint64_t mattr, uint16_t key, uint64_t *val, bool set,
	       struct av_err *err)
{
	return gic_attr(ks->gic_fd, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, mattr | key, val, set, err);
}

static int icc_aprs(struct kvm_state *ks, uint64_t mattr, unsigned int pribits,
		    struct snap_gic_cpu *c, bool set, struct av_err *err)
{
	uint64_t ap0[4] = { 0 }, ap1[4] = { 0 };
	unsigned int n = kvm_vgic_apr_count(pribits);
	int ret = 0;

	if (set) {
		kvm_vgic_apr_to_kvm(c->ap0r[0], pribits, ap0);
		kvm_vgic_apr_to_kvm(c->ap1r[0], pribits, ap1);
	}
	for (unsigned int i = 0; !ret && i < n; i++) {
		ret = icc(ks, mattr, ICC_AP0R_EL1(i), &ap0[i], set, err);
		if (!ret)
			ret = icc(ks, mattr, ICC_AP1R_EL1(i), &ap1[i], set, err);
	}
	if (!ret && !set) {
		c->ap0r[0] = kvm_vgic_apr_from_kvm(ap0, pribits);
		c->ap1r[0] = kvm_vgic_apr_from_kvm(ap1, pribits);
	}
	return ret;
}

/* The CPU interface: PMR, BPRs, CTLR's guest bits, active priorities, group enables. */
static int icc_xfer(struct kvm_state *ks, uint64_t mattr, struct snap_gic_cpu *c, bool set,
		    struct av_err *err)
{
	uint64_t ctlr, pmr = c->pmr, bpr0 = c->bpr0, bpr1 = c->bpr1;
	uint64_t en0 = c->igrpen0, en1 = c->igrpen1;
	int ret = icc(ks, mattr, ICC_CTLR_EL1, &ctlr, false, err);
	unsigned int pribits = ICC_CTLR_PRIBITS(ctlr);

	if (ret)
		return ret;
	if (set) {
		ctlr = (ctlr & ~(uint64_t)ICC_CTLR_GUEST) | (c->ctlr & ICC_CTLR_GUEST);
		ret = icc(ks, mattr, ICC_CTLR_EL1, &ctlr, true, err);
	}
	c->ctlr = (uint32_t)ctlr;
	if (!ret)
		ret = icc(ks, mattr, ICC_PMR_EL1, &pmr, set, err);
	if (!ret)
		ret = icc(ks, mattr, ICC_BPR0_EL1, &bpr0, set, err);
	if (!ret)
		ret = icc(ks, mattr, ICC_BPR1_EL1, &bpr1, set, err);
	if (!ret)
		ret = icc_aprs(ks, mattr, pribits, c, set, err);
	if (!ret)
		ret = icc(ks, mattr, ICC_IGRPEN0_EL1, &en0, set, err);
	if (!ret)
		ret = icc(ks, mattr, ICC_IGRPEN1_EL1, &en1, set, err);
	c->pmr = (uint8_t)pmr;
	c->bpr0 = (uint8_t)bpr0;
	c->bpr1 = (uint8_t)bpr1;
	c->igrpen0 = en0 & 1;
	c->igrpen1 = en1 & 1;
	return ret;
}

/*
 * The LPI pending bits in the guest's pending table (IHI 0069 5.1.2):
 * KVM keeps them there across a save, and reads them back when the ITS
 * tables are restored. The table is the guest's: bounds-checked.
 */
static int lpi_pend_ram(struct vm *vm, struct snap_gic_cpu *c, bool to_ram,
			struct av_err *err)
{
	uint64_t pa = (c->pendbaser & PENDBASER_PA) + PEND_LPI_OFF;
	uint8_t *p;

	if (!c->lpis_enabled)
		return 0;
	p = guest_ram_ptr(&vm->ram, pa, sizeof(c->lpi_pend));
	if (!p)
		return av_errf(err, EINVAL, "GICR_PENDBASER %#llx: the LPI pending table is not in RAM",
			       (unsigned long long)c->pendbaser);
	if (!to_ram)
		memset(c->lpi_pend, 0, sizeof(c->lpi_pend));
	for (size_t j = 0; j < sizeof(c->lpi_pend); j++) {
		if (to_ram)
			p[j] = (uint8_t)(c->lpi_pend[j / 8] >> (8 * (j % 8)));
		else
			c->lpi_pend[j / 8] |= (uint64_t)p[j] << (8 * (j % 8));
	}
	return 0;
}

static int redist_save(struct vm *vm, unsigned int idx, struct snap_gic_cpu *c,
		       struct av_err *err)
{
	struct kvm_state *ks = vm->accel_state;
	uint64_t mattr = kvm_vgic_mpidr_attr(vm->mpidr[idx]);
	const struct gic_bank rd = { ks->gic_fd, KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, mattr, 0 };
	const struct gic_bank sgi = { ks->gic_fd, KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, mattr,
				      GICR_SGI_FRAME };
	uint32_t ctlr;
	int ret = bank_reg(&rd, GICR_CTLR, &ctlr, false, err);

	c->lpis_enabled = ctlr & GICR_CTLR_ENABLE_LPIS;
	if (!ret)
		ret = bank_reg(&rd, GICR_WAKER, &c->waker, false, err);
	if (!ret)
		ret = bank_reg64(&rd, GICR_PROPBASER, &c->propbaser, false, err);
	if (!ret)
		ret = bank_reg64(&rd, GICR_PENDBASER, &c->pendbaser, false, err);
	if (!ret)
		ret = block_save(&sgi, 0, c->local, err);
	if (!ret)
		ret = icc_xfer(ks, mattr, c, false, err);
	if (!ret)
		ret = lpi_pend_ram(vm, c, false, err);
	return ret;
}

/* The LPI tables' bases while EnableLPIs is 0, then it (IHI 0069 12.11.2). */
static int redist_load(struct vm *vm, unsigned int idx, const struct snap_gic_cpu *src,
		       bool pend_in_ram, struct av_err *err)
{
	struct kvm_state *ks = vm->accel_state;
	uint64_t mattr = kvm_vgic_mpidr_attr(vm->mpidr[idx]);
	const struct gic_bank rd = { ks->gic_fd, KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, mattr, 0 };
	const struct gic_bank sgi = { ks->gic_fd, KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, mattr,
				      GICR_SGI_FRAME };
	struct snap_gic_cpu c = *src;
	uint32_t ctlr = c.lpis_enabled ? GICR_CTLR_ENABLE_LPIS : 0;
	int ret = bank_reg64(&rd, GICR_PROPBASER, &c.propbaser, true, err);

	if (!ret)
		ret = bank_reg64(&rd, GICR_PENDBASER, &c.pendbaser, true, err);
	if (!ret && !pend_in_ram)
		ret = lpi_pend_ram(vm, &c, true, err);
	if (!ret)
		ret = bank_reg(&rd, GICR_CTLR, &ctlr, true, err);
	if (!ret)
		ret = bank_reg(&rd, GICR_WAKER, &c.waker, true, err);
	if (!ret)
		ret = block_load(&sgi, 0, c.local, err);
	if (!ret)
		ret = icc_xfer(ks, mattr, &c, true, err);
	return ret;
}

int kvm_snap_gic_save(struct vm *vm, struct snap_gic *g, struct av_err *err)
{
	struct kvm_state *ks = vm->accel_state;
	const struct gic_bank d = { ks->gic_fd, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0, 0 };
	int ret;

	if (vm->gic_version != 3)
		return av_errf(err, ENOTSUP, "snapshots of a GICv2 machine under KVM are not supported yet (use -M gic-version=3)");
	g->version = 3;
	ret = kvm_snap_its_save(vm, &g->its, err);
	if (!ret && ks->its)
		ret = gic_attr(ks->gic_fd, KVM_DEV_ARM_VGIC_GRP_CTRL,
			       KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES, NULL, true, err);
	/*
	 * The bits are in RAM now, and redist_save copied them out too: the
	 * copy is what a load reads (TCG keeps pending LPIs in the GIC).
	 */
	g->lpi_pend_in_ram = 0;
	if (!ret)
		ret = bank_reg(&d, GICD_CTLR, &g->ctlr, false, err);
	if (!ret)
		ret = spis_xfer(ks, g, false, err);
	for (unsigned int i = 0; !ret && i < vm->ncpus; i++)
		ret = redist_save(vm, i, &g->cpu[i], err);
	return ret;
}

int kvm_snap_gic_load(struct vm *vm, const struct snap_gic *src, struct av_err *err)
{
	struct kvm_state *ks = vm->accel_state;
	const struct gic_bank d = { ks->gic_fd, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0, 0 };
	struct snap_gic g = *src;
	uint32_t iidr;
	int ret;

	if (g.version != vm->gic_version)
		return av_errf(err, EINVAL, "the snapshot's GIC is a GICv%d, this machine's a GICv%d",
			       g.version, vm->gic_version);
	if (vm->gic_version != 3)
		return av_errf(err, ENOTSUP, "snapshots of a GICv2 machine under KVM are not supported yet (use -M gic-version=3)");
	/* KVM's own IIDR back first: "this is the behaviour we expect". */
	ret = bank_reg(&d, GICD_IIDR, &iidr, false, err);
	if (!ret)
		ret = bank_reg(&d, GICD_IIDR, &iidr, true, err);
	if (!ret)
		ret = bank_reg(&d, GICD_CTLR, &g.ctlr, true, err);
	for (unsigned int i = 0; !ret && i < vm->ncpus; i++)
		ret = redist_load(vm, i, &g.cpu[i], g.lpi_pend_in_ram, err);
	if (!ret)
		ret = spis_xfer(ks, &g, true, err);
	if (!ret)
		ret = kvm_snap_its_load(vm, &g.its, err);
	return ret;
}
