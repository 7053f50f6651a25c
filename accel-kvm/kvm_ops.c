// SPDX-License-Identifier: GPL-2.0
/*
 * The KVM accelerator's table (include/accel.h), for aarch64 builds; the
 * Makefile builds kvm_none.c's instead elsewhere.
 */
#include <errno.h>

#include "accel.h"
#include "debug/kvm_debug.h"
#include "io/kvm_eventfd.h"
#include "kvm_int.h"
#include "snap/kvm_snap.h"
#include "vm.h"

static bool kvm_available(struct av_err *why)
{
	return kvm_host_check(why);
}

static int kvm_create(struct vm *vm, struct av_err *err)
{
	int ret = kvm_kick_signal_setup(err);

	return ret ? ret : kvm_vm_create(vm, err);
}

/* The vPMU's interrupt needs the vGIC initialised (kvm_pmu.c). */
static int kvm_finalize(struct vm *vm, struct av_err *err)
{
	int ret = kvm_gic_finalize(vm, vm->accel_state, err);

	return ret ? ret : kvm_pmu_init(vm->accel_state, err);
}

static bool kvm_has_pmu(const struct vm *vm)
{
	const struct kvm_state *ks = vm->accel_state;

	return ks && ks->pmu;
}

/* The vITS's reset is the GIC side of a machine reset (kvm_gic.c). */
static int kvm_reset(struct vm *vm, const struct boot_regs *regs,
		     struct av_err *err)
{
	int ret = kvm_its_reset(vm->accel_state, err);

	return ret ? ret : kvm_vm_reset(vm, regs, err);
}

static void kvm_io_flush(struct vm *vm)
{
	struct kvm_state *ks = vm->accel_state;

	kvm_eventfd_flush(ks->efd);
}

static void kvm_destroy(struct vm *vm)
{
	kvm_its_close(vm->accel_state);
	kvm_vm_destroy(vm);
}

const struct accel_ops accel_kvm_ops = {
	.name = "kvm",
	.has_pmu = kvm_has_pmu,
	.available = kvm_available,
	.vm_create = kvm_create,
	.vcpu_create = kvm_vcpu_create,
	.vm_finalize = kvm_finalize,
	.vm_reset = kvm_reset,
	.vcpu_run = kvm_vcpu_run,
	.vcpu_kick = kvm_vcpu_kick,
	.irq_line = kvm_irq_line,
	.vm_destroy = kvm_destroy,
	.debug = &kvm_debug_ops,	/* the gdbstub (kvm_debug.c) */
	.virtio_attach = kvm_virtio_attach,	/* ioeventfd, irqfd (kvm_eventfd.c) */
	.msi_send = kvm_msi_send,		/* vITS or v2m (kvm_gic.c) */
	.mmio_coalesce = kvm_mmio_coalesce,	/* the PL011's DR (kvm_coalesce.c) */
	.mmio_coalesce_flush = kvm_coalesce_drain,
	/* virtio-pci ioeventfds, MSI-X irqfds and GSI routes (kvm_pci.c) */
	.virtio_pci_attach = kvm_virtio_pci_attach,
	.pci_notify_at = kvm_pci_notify_at,
	.pci_msi_route = kvm_pci_msi_route,
	.pci_msi_fire = kvm_pci_msi_fire,
	.snap_save = kvm_snap_save,		/* snapshots (kvm_snap.c) */
	.snap_load = kvm_snap_load,
	.io_flush = kvm_io_flush,	/* notifies still in ioeventfds */
	.rom_mode = kvm_rom_mode,		/* flash memory slots (kvm_vm.c) */
};
