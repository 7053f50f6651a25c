// SPDX-License-Identifier: GPL-2.0
/*
 * Where a virtio-pci queue's notify register is, for an accelerator that
 * serves notifies without a vCPU exit (KVM's ioeventfd). The address is
 * BAR 4 + the notify region + queue_notify_off * notify_off_multiplier
 * (virtio 1.1, 4.1.4.4; queue_notify_off is the queue index here). It
 * decodes while Command.Memory is set and BAR 4 is assigned (PCI Local
 * Bus spec 3.0, 6.2.2, 6.2.5); the accelerator is told only once the
 * driver has set DRIVER_OK and enabled the queue (virtio 1.1, 3.1.1: no
 * notify before DRIVER_OK), and told 0 again on reset.
 */
#include <stdio.h>

#include "virtio_pci_priv.h"

void virtio_pci_set_accel(struct virtio_pci *vp, const struct virtio_pci_accel *ops,
			  void *opaque)
{
	vp->accel = ops;
	vp->accel_opaque = opaque;
}

void virtio_pci_queue_notify(struct virtio_pci *vp, unsigned int queue)
{
	virtio_lock(vp->vdev);
	virtio_queue_notify(vp->vdev, queue);
	virtio_unlock(vp->vdev);
}

unsigned int virtio_pci_num_queues(const struct virtio_pci *vp)
{
	return vp->vdev->info.num_queues;
}

void virtio_pci_describe(const struct virtio_pci *vp, char *buf, size_t len)
{
	snprintf(buf, len, "%s %s", vp->name, vp->vdev->host.where);
}

struct pci_msix *virtio_pci_msix(struct virtio_pci *vp)
{
	return &vp->msix;
}

void virtio_pci_accel_sync(struct virtio_pci *vp)
{
	struct virtio_dev *vdev = vp->vdev;
	bool live;

	if (!vp->accel)
		return;
	live = vp->notify_base && (vdev->status & VIRTIO_STATUS_DRIVER_OK);
	for (unsigned int q = 0; q < vdev->info.num_queues; q++) {
		uint64_t addr = 0;

		if (live && vdev->queues[q].ready)
			addr = vp->notify_base + (uint64_t)q * VPCI_NOTIFY_OFF_MULT;
		vp->accel->notify_at(vp->accel_opaque, q, addr);
	}
}

/* BAR 4 (64-bit) as the guest programmed it, while memory decoding is on. */
static uint64_t vpci_notify_base(const struct pci_func *f)
{
	const uint8_t *bar = f->config + PCI_BASE_ADDRESS_0 + 4 * VPCI_MODERN_BAR;
	uint64_t base;

	if (!(pci_get_word(f->config + PCI_COMMAND) & PCI_COMMAND_MEMORY))
		return 0;
	base = (pci_get_long(bar) & ~0xfull) | (uint64_t)pci_get_long(bar + 4) << 32;
	if (!base || base > UINT64_MAX - VPCI_MODERN_BAR_SIZE)
		return 0;
	return base + VPCI_NOTIFY_OFF;
}

void virtio_pci_accel_config(struct virtio_pci *vp)
{
	if (!vp->accel)
		return;
	virtio_lock(vp->vdev);
	virtio_pci_accel_reload(vp);
	virtio_unlock(vp->vdev);
}

void virtio_pci_accel_reload(struct virtio_pci *vp)
{
	if (!vp->accel)
		return;
	vp->notify_base = vpci_notify_base(&vp->func);
	virtio_pci_accel_sync(vp);
}
