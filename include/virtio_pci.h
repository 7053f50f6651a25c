/* SPDX-License-Identifier: GPL-2.0 */
/*
 * virtio over PCI (virtio 1.1, 4.1), modern: the machine's side. A
 * device model is built on a virtio_host whose transport is the
 * virtio_pci (virtio_pci_host), then the pair is put on the bus.
 */
#ifndef ARMVISOR_VIRTIO_PCI_DEV_H
#define ARMVISOR_VIRTIO_PCI_DEV_H

#include <stddef.h>

#include "pci.h"
#include "virtio.h"

struct virtio_pci;

struct virtio_pci *virtio_pci_alloc(struct av_err *err);
/* Make host's transport the virtio_pci (fill the rest of host first). */
void virtio_pci_host(struct virtio_pci *vp, struct virtio_host *host);
/*
 * Build the function for vdev (IDs, capabilities, BARs, MSI-X with one
 * vectors as QEMU sizes them) and put it at devfn of the root bus, or of
 * upstream's secondary bus. msi_send delivers its MSI-X writes.
 */
int virtio_pci_realize(struct virtio_pci *vp, struct virtio_dev *vdev,
		       struct pci_host *host, struct pci_func *upstream,
		       unsigned int devfn,
		       int (*msi_send)(void *opaque, uint64_t addr,
				       uint32_t data, uint32_t devid),
		       void *msi_opaque, struct av_err *err);
void virtio_pci_free(struct virtio_pci *vp);
/*
 * Before realize: which interfaces the function has (QEMU's
 * disable-legacy / disable-modern; the default is modern only). legacy
 * adds the I/O BAR 0 and the transitional IDs (docs/virtio-legacy.md).
 */
void virtio_pci_set_interfaces(struct virtio_pci *vp, bool legacy, bool modern);
/* The transitional PCI Device ID of a virtio device type, 0 if it has none. */
uint16_t virtio_pci_legacy_device_id(uint32_t virtio_id);

/*
 * An accelerator's fast path for the notifies (machine/vm_virtio_accel.c):
 * notify_at(opaque, queue, addr) is called, with the device lock held,
 * whenever where a queue's notify register decodes may have changed: addr
 * while BAR 4 is assigned, memory decoding is on, the driver has set
 * DRIVER_OK and enabled the queue; else 0.
 */
struct virtio_pci_accel {
	void (*notify_at)(void *opaque, unsigned int queue, uint64_t addr);
};
/* Before the VM runs. */
void virtio_pci_set_accel(struct virtio_pci *vp, const struct virtio_pci_accel *ops,
			  void *opaque);
/* What a notify write of queue does (the transport's checks, its lock). */
void virtio_pci_queue_notify(struct virtio_pci *vp, unsigned int queue);
unsigned int virtio_pci_num_queues(const struct virtio_pci *vp);
/* "virtio-blk-pci 00:01.0", for log lines. */
void virtio_pci_describe(const struct virtio_pci *vp, char *buf, size_t len);
/* Its MSI-X (the accelerator hooks go there, before the VM runs). */
struct pci_msix *virtio_pci_msix(struct virtio_pci *vp);
struct pci_func *virtio_pci_func(struct virtio_pci *vp);
/* The PCI class QEMU gives each virtio device type (virtio-*-pci.c). */
uint16_t virtio_pci_class(uint32_t device_id);

#endif
