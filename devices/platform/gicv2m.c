// SPDX-License-Identifier: GPL-2.0
/*
 * The GICv2m MSI frame (include/gicv2m.h), with the registers Linux's
 * irq-gic-v2m.c reads: MSI_TYPER (base INTID 25:16, count 9:0),
 * MSI_SETSPI_NS and MSI_IIDR; the optional ID registers read as zero,
 * as QEMU's (hw/intc/arm_gicv2m.c). No state changes after creation, so
 * no lock: accesses from any vCPU only pulse the SPI's line.
 */
#include <errno.h>
#include <stdlib.h>

#include "gicv2m.h"
#include "log.h"

/* QEMU's MSI_IIDR: ProductID 'Q' (31:20), no implementer, revision 0. */
#define GICV2M_IIDR_VALUE	(0x51u << 20)
#define GICV2M_MAX_SPIS		128	/* SBSA: at most 128 SPIs per frame */
#define GIC_MAX_SPI_INTID	1019

struct gicv2m {
	struct irq_line irq;
	unsigned int first;	/* INTID of the first SPI */
	unsigned int count;
};

struct gicv2m *gicv2m_create(const struct irq_line *irq, unsigned int first_intid,
			     unsigned int nspis, struct av_err *err)
{
	struct gicv2m *m;

	if (first_intid < GIC_SPI_BASE || nspis == 0 || nspis > GICV2M_MAX_SPIS ||
	    first_intid + nspis - 1 > GIC_MAX_SPI_INTID) {
		av_errf(err, EINVAL, "GICv2m: SPIs %u..%u are not a valid frame range",
			first_intid, first_intid + nspis - 1);
		return NULL;
	}
	m = calloc(1, sizeof(*m));
	if (!m) {
		av_errf(err, ENOMEM, "out of memory for the GICv2m frame");
		return NULL;
	}
	m->irq = *irq;
	m->first = first_intid;
	m->count = nspis;
	return m;
}

void gicv2m_destroy(struct gicv2m *m)
{
	free(m);
}

static void gicv2m_guest_error(const char *what, uint64_t off, unsigned int size)
{
	if (log_enabled(LOG_GUEST_ERRORS))
		log_printf(LOG_GUEST_ERRORS, "gicv2m: %s of %u bytes at 0x%llx\n",
			   what, size, (unsigned long long)off);
}

static int gicv2m_read(void *opaque, uint64_t off, unsigned int size,
		       uint64_t *val)
{
	const struct gicv2m *m = opaque;

	*val = 0;
	if (size != 4) {
		gicv2m_guest_error("bad read", off, size);
		return 0;
	}
	if (off == GICV2M_MSI_TYPER)
		*val = (uint64_t)m->first << 16 | m->count;
	else if (off == GICV2M_MSI_IIDR)
		*val = GICV2M_IIDR_VALUE;
	return 0;
}

/*
 * MSI_SETSPI_NS: bits 9:0 name the SPI; one outside the frame is
 * ignored. The SPI is edge-triggered (Linux sets it so), so a pulse
 * latches it, as QEMU's qemu_irq_pulse.
 */
static int gicv2m_write(void *opaque, uint64_t off, unsigned int size,
			uint64_t val)
{
	const struct gicv2m *m = opaque;
	unsigned int intid = (unsigned int)(val & 0x3ff);
	struct irq_line line = m->irq;

	if ((size != 2 && size != 4) || off != GICV2M_MSI_SETSPI_NS) {
		gicv2m_guest_error("bad write", off, size);
		return 0;
	}
	if (intid < m->first || intid - m->first >= m->count) {
		gicv2m_guest_error("SPI outside the frame written", intid, size);
		return 0;
	}
	line.intid = intid;
	irq_line_set(&line, 1);
	irq_line_set(&line, 0);
	return 0;
}

const struct mmio_ops gicv2m_mmio_ops = {
	.read = gicv2m_read,
	.write = gicv2m_write,
};
