/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The emulated interrupt controller of the TCG accelerator: GICv2
 * (distributor + memory-mapped CPU interface) or GICv3 (distributor,
 * redistributors, ICC_* system registers), at the virt board's
 * addresses (board.h). For each CPU the GIC works out whether an IRQ is
 * signalled, stores it in cpu->irq_level and kicks that vCPU.
 *
 * Files: gic.c (creation, input lines), gic_deliver.c, gic_dist.c,
 * gicv2.c, gicv3_*.c; LPIs in gicv3_lpi.c, the ITS in gicv3_its*.c.
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
 * Give a GICv3 an ITS at VIRT_GIC_ITS (gicv3_its*.c) and LPIs in its
 * redistributors. ram is guest RAM, where the guest keeps the ITS
 * command queue, the ITTs and the LPI configuration table; the GIC
 * reads and writes those only inside it. -EINVAL on a GICv2.
 */
struct guest_ram;
int gic_its_create(struct gic *gic, const struct guest_ram *ram,
		   struct mmio_bus *bus, struct av_err *err);
void gic_its_destroy(struct gic *gic);

/* GITS_TRANSLATER, in the ITS's second 64 KiB frame (IHI 0069 12.19). */
#define GITS_TRANSLATER_OFFSET	0x10040

/*
 * An MSI through the ITS: device devid wrote eventid to GITS_TRANSLATER
 * (IHI 0069 5.2). 0 when the ITS took the write (an unmapped device or
 * event is dropped with a guest error log, as the architecture drops
 * it), -ENODEV without an ITS. Thread-safe.
 */
int gic_its_translate(struct gic *gic, uint32_t devid, uint32_t eventid);

/*
 * Name the vCPU that runs on the calling thread (the run loop calls it
 * once before running guest code): GICv2's banked registers are those
 * of the CPU making the MMIO access. Unbound threads act as CPU 0.
 */
void gic_bind_thread(struct cpu_state *cpu);

/*
 * Snapshots (gic_snap.c): the GIC's state to / from its architectural
 * form (include/snapshot.h), s->cpu sized for the GIC's CPUs. A load
 * refuses another GIC version, an ITS the machine lacks (or the other
 * way) and KVM's in-RAM ITS/LPI layouts, then re-evaluates every CPU's
 * IRQ output.
 */
struct snap_gic;
int gic_snap_save(struct gic *gic, struct snap_gic *s, struct av_err *err);
int gic_snap_load(struct gic *gic, const struct snap_gic *s, struct av_err *err);

#endif
