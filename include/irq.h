/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How a device raises an interrupt without knowing the accelerator: an
 * irq line is a callback plus a GIC INTID. The VM wires it to the
 * accelerator's irq_line (KVM_IRQ_LINE, or the emulated GIC).
 */
#ifndef ARMVISOR_IRQ_H
#define ARMVISOR_IRQ_H

struct irq_line {
	void (*set)(void *opaque, unsigned int intid, int level);
	void *opaque;
	unsigned int intid;
};

static inline void irq_line_set(const struct irq_line *line, int level)
{
	if (line->set)
		line->set(line->opaque, line->intid, level);
}

#endif
