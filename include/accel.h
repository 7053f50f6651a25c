/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The accelerator seam: how guest code runs and how interrupts reach a
 * vCPU. Everything above it (board, boot, devices, event loop) is shared
 * by KVM and TCG. Devices never include accelerator headers; an MMIO
 * access from either accelerator goes to vm->bus.
 */
#ifndef ARMVISOR_ACCEL_H
#define ARMVISOR_ACCEL_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"

struct vm;
struct boot_regs;

struct accel_ops {
	const char *name;		/* "kvm", "tcg" */

	/* Can it run on this host? If not, why says what the user can do. */
	bool (*available)(struct av_err *why);

	/*
	 * Create the VM: register guest RAM, create the interrupt controller
	 * at the board's addresses (vm->gic_version is resolved here when it
	 * was host/max/default) and map any device the accelerator owns on
	 * vm->bus (the emulated GIC for TCG).
	 */
	int (*vm_create)(struct vm *vm, struct av_err *err);

	/* Create vCPU idx (0..ncpus-1); vm->mpidr[idx] is filled here. */
	int (*vcpu_create)(struct vm *vm, unsigned int idx, struct av_err *err);

	/*
	 * Called once all vCPUs exist (KVM finalises the vGIC here). May be
	 * NULL.
	 */
	int (*vm_finalize)(struct vm *vm, struct av_err *err);

	/*
	 * Put every vCPU in its reset state: the boot CPU with regs, the
	 * secondaries powered off until PSCI CPU_ON.
	 */
	int (*vm_reset)(struct vm *vm, const struct boot_regs *regs,
			struct av_err *err);

	/*
	 * Run vCPU idx on the calling thread until vm_stop_requested(vm).
	 * Returns 0, or a negative errno for a host-side failure (err set).
	 */
	int (*vcpu_run)(struct vm *vm, unsigned int idx, struct av_err *err);

	/* Make vCPU idx leave guest code soon and look at the VM state. */
	void (*vcpu_kick)(struct vm *vm, unsigned int idx);

	/* Set a GIC input (SPI or PPI INTID) to level. */
	void (*irq_line)(struct vm *vm, unsigned int intid, int level);

	void (*vm_destroy)(struct vm *vm);

	/*
	 * A device wrote guest RAM behind the CPUs' back (virtio DMA): TCG
	 * drops translated code in those pages. May be NULL.
	 */
	void (*ram_written)(struct vm *vm, uint64_t gpa, uint64_t len);
};

extern const struct accel_ops accel_tcg_ops;
extern const struct accel_ops accel_kvm_ops;

/*
 * Pick the accelerator for kind (enum accel_kind): the asked-for one if
 * it can run, else an error saying why; for ACCEL_AUTO, KVM when it works
 * here, otherwise TCG.
 */
int accel_select(int kind, const struct accel_ops **out, struct av_err *err);

#endif
