/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The emulated interrupt controller of the TCG accelerator: GICv2
 * (distributor + memory-mapped CPU interface) or GICv3 (distributor,
 * redistributors, ICC_* system registers), at the virt board's
 * addresses (board.h). For each CPU the GIC works out whether an IRQ is
 * signalled, stores it in cpu->irq_level and kicks that vCPU.
 *
 * Files: gic.c (creation, input lines, delivery), gicv2*.c, gicv3*.c.
 */
#ifndef ACCEL_TCG_GIC_H
#define ACCEL_TCG_GIC_H

#include <stdint.h>

#include "err.h"
#include "mmio.h"

struct gic;
struct tcg_vm;
struct cpu_state;

/* INTIDs: SGIs 0-15, PPIs 16-31, SPIs 32 up to GIC_NR_IRQS - 1. */
#define GIC_NR_IRQS	288	/* 256 SPIs, as QEMU's virt (NUM_IRQS) */
#define GIC_SPURIOUS	1023

/*
 * Create a GIC of version 2 or 3 for ncpus CPUs, map it on bus at the
 * board's addresses and store it in tvm->gic. The vCPUs are looked up
 * with tcg_vm_cpu() when interrupts are delivered, so they may be
 * created afterwards. -EINVAL for a version or CPU count the GIC cannot
 * have (GICv2: 8 CPUs at most).
 */
int gic_create(struct tcg_vm *tvm, int version, unsigned int ncpus,
	       struct mmio_bus *bus, struct av_err *err);
void gic_destroy(struct gic *gic);

/* Machine reset: back to the power-on state, every IRQ output low. */
void gic_reset(struct gic *gic);

int gic_version(const struct gic *gic);

/*
 * Drive input intid (a PPI of CPU cpu_idx, or an SPI; cpu_idx is
 * ignored for SPIs) to level. Thread-safe; any thread.
 */
void gic_set_irq(struct gic *gic, unsigned int intid, int level);
void gic_set_ppi(struct gic *gic, unsigned int cpu_idx, unsigned int intid,
		 int level);

/*
 * Name the vCPU that runs on the calling thread (the run loop calls it
 * once before running guest code): GICv2's banked registers are those
 * of the CPU making the MMIO access. Unbound threads act as CPU 0.
 */
void gic_bind_thread(struct cpu_state *cpu);

#endif
