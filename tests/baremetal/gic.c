// SPDX-License-Identifier: GPL-2.0
/*
 * Minimal GIC driver for the bare-metal tests (virt board addresses):
 * GICv2 (IHI 0048B) or GICv3 (IHI 0069), everything in group 1 for v3,
 * group 0 for v2, as Linux sets them up.
 */
#include "bm.h"

#define GICD		0x08000000ull
#define GICC		0x08010000ull
#define GICR		0x080a0000ull
#define GICR_SGI(c)	(GICR + (c) * 0x20000ull + 0x10000)

int gic_version(void)
{
	return (read_sysreg(id_aa64pfr0_el1) >> 24) & 0xf ? 3 : 2;
}

void gic_init_dist(void)
{
	if (gic_version() == 3)
		mmio_write32(GICD, 0x12);	/* ARE, EnableGrp1 */
	else
		mmio_write32(GICD, 1);
}

static void gicv3_wake(unsigned int c)
{
	uint64_t waker = GICR + c * 0x20000ull + 0x14;

	mmio_write32(waker, mmio_read32(waker) & ~2u);
	while (mmio_read32(waker) & 4)
		;
	mmio_write32(GICR_SGI(c) + 0x80, ~0u);	/* IGROUPR0: group 1 */
}

void gic_init_cpu(unsigned int cpu)
{
	if (gic_version() == 3) {
		gicv3_wake(cpu);
		write_sysreg(S3_0_C12_C12_5, read_sysreg(S3_0_C12_C12_5) | 1);	/* ICC_SRE_EL1 */
		isb();
		write_sysreg(S3_0_C4_C6_0, 0xf0);	/* ICC_PMR_EL1 */
		write_sysreg(S3_0_C12_C12_7, 1);	/* ICC_IGRPEN1_EL1 */
		isb();
	} else {
		mmio_write32(GICC + 0x04, 0xf0);	/* GICC_PMR */
		mmio_write32(GICC + 0x00, 1);		/* GICC_CTLR */
	}
}

/* SGIs and PPIs (intid < 32) of this CPU, or of `cpu`'s redistributor. */
void gic_enable_irq(unsigned int cpu, unsigned int intid, uint8_t prio)
{
	uint64_t base = GICD;

	if (gic_version() == 3 && intid < 32)
		base = GICR_SGI(cpu);
	mmio_write8(base + 0x400 + intid, prio);
	mmio_write32(base + 0x100 + (intid / 32) * 4, 1u << (intid % 32));
	dsb();
}

uint32_t gic_ack(void)
{
	if (gic_version() == 3)
		return (uint32_t)read_sysreg(S3_0_C12_C12_0);	/* ICC_IAR1_EL1 */
	return mmio_read32(GICC + 0x0c);
}

void gic_eoi(uint32_t iar)
{
	if (gic_version() == 3) {
		write_sysreg(S3_0_C12_C12_1, iar);	/* ICC_EOIR1_EL1 */
		isb();
	} else {
		mmio_write32(GICC + 0x10, iar);
	}
}

/* Target CPU n is Aff0 = n on the virt board for small CPU counts. */
void gic_send_sgi(unsigned int target, unsigned int intid)
{
	dsb();
	if (gic_version() == 3) {
		write_sysreg(S3_0_C12_C11_5, ((uint64_t)intid << 24) | (1u << target));
		isb();
	} else {
		mmio_write32(GICD + 0xf00, (1u << (16 + target)) | intid);
	}
}
