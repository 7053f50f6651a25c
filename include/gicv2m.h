/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GICv2m: the MSI frame a GICv2 board has (Arm SBSA, "GICv2m"; Linux
 * drivers/irqchip/irq-gic-v2m.c): a device's write of an INTID to
 * MSI_SETSPI_NS raises that SPI as an edge. Shared by both accelerators:
 * it only pulses SPIs through an irq line.
 */
#ifndef ARMVISOR_GICV2M_H
#define ARMVISOR_GICV2M_H

#include <errno.h>
#include <stdint.h>

#include "board.h"
#include "err.h"
#include "irq.h"
#include "mmio.h"

#define GICV2M_MSI_TYPER	0x008
#define GICV2M_MSI_SETSPI_NS	0x040
#define GICV2M_MSI_IIDR		0xfcc

struct gicv2m;

/*
 * A frame for SPIs first_intid .. first_intid + nspis - 1 (INTIDs),
 * raised through irq (its intid is replaced by the SPI's). NULL with
 * err set on a range a GICv2 cannot have.
 */
struct gicv2m *gicv2m_create(const struct irq_line *irq, unsigned int first_intid,
			     unsigned int nspis, struct av_err *err);
void gicv2m_destroy(struct gicv2m *m);

extern const struct mmio_ops gicv2m_mmio_ops;

/*
 * An accelerator's msi_send for the board's v2m frame: a device wrote
 * data to addr. 0 when the frame took it, -ENODEV when addr is not the
 * frame's MSI_SETSPI_NS or no frame is mapped (not a GICv2 board).
 */
static inline int gicv2m_msi_send(const struct mmio_bus *bus, uint64_t addr,
				  uint32_t data)
{
	if (addr != virt_memmap[VIRT_GIC_V2M].base + GICV2M_MSI_SETSPI_NS)
		return -ENODEV;
	return mmio_bus_write(bus, addr, 4, data) ? -ENODEV : 0;
}

#endif
