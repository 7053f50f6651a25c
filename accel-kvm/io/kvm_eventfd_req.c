// SPDX-License-Identifier: GPL-2.0
/*
 * The KVM_IOEVENTFD and KVM_IRQFD requests for a virtio-mmio device
 * (api.rst "KVM_IOEVENTFD", "KVM_IRQFD"). Built on every host: the
 * structs are architecture-independent, and the unit tests check them.
 */
#include <string.h>

#include "board.h"
#include "kvm_eventfd.h"
#include "virtio.h"

/* A notify write of len bytes at addr whose value is queue signals fd. */
static void ioeventfd_fill(struct kvm_ioeventfd *req, uint64_t addr, uint32_t len,
			   unsigned int queue, int fd, bool deassign)
{
	memset(req, 0, sizeof(*req));
	req->addr = addr;
	req->len = len;
	req->fd = fd;
	req->datamatch = queue;
	req->flags = KVM_IOEVENTFD_FLAG_DATAMATCH;
	if (deassign)
		req->flags |= KVM_IOEVENTFD_FLAG_DEASSIGN;
}

/*
 * The driver notifies queue n by writing n to QueueNotify, 32 bits
 * (virtio 1.1, 4.2.2 and 4.2.3.3), so one ioeventfd per queue matches
 * that value: another value still exits to the transport, which refuses
 * it the way it always did.
 */
void kvm_ioeventfd_req(struct kvm_ioeventfd *req, uint64_t base,
		       unsigned int queue, int fd, bool deassign)
{
	ioeventfd_fill(req, base + VIRTIO_MMIO_QUEUE_NOTIFY, 4, queue, fd, deassign);
}

/*
 * On arm64 an irqfd's gsi goes through the routing table; the vGIC's
 * default table maps gsi n to SPI n, i.e. INTID 32 + n (api.rst
 * "KVM_IRQFD": irqchip.pin + 32 is the injected SPI ID). A level line
 * needs the resample fd (the kernel lowers it at EOI); removal names the
 * same fd and gsi, without RESAMPLE.
 */
bool kvm_irqfd_req(struct kvm_irqfd *req, unsigned int intid, int fd,
		   int resample_fd, bool deassign)
{
	memset(req, 0, sizeof(*req));
	if (intid < GIC_SPI_BASE || intid > 1019)	/* SPIs: 32..1019 */
		return false;
	req->fd = (uint32_t)fd;
	req->gsi = intid - GIC_SPI_BASE;
	if (deassign) {
		req->flags = KVM_IRQFD_FLAG_DEASSIGN;
	} else {
		req->flags = KVM_IRQFD_FLAG_RESAMPLE;
		req->resamplefd = (uint32_t)resample_fd;
	}
	return true;
}

/*
 * A modern virtio-pci driver notifies queue n by a 16-bit write of n to
 * that queue's own address in the notify region (virtio 1.1, 4.1.4.4 and
 * 4.1.5.2; Linux's vp_notify uses iowrite16). Matching the value as well
 * keeps every other write on the transport's path, which logs and drops
 * it as before.
 */
void kvm_ioeventfd_pci_req(struct kvm_ioeventfd *req, uint64_t addr,
			   unsigned int queue, int fd, bool deassign)
{
	ioeventfd_fill(req, addr, 2, queue, fd, deassign);
}

/* An MSI is an edge: no resample fd (api.rst "KVM_IRQFD"). */
void kvm_irqfd_msi_req(struct kvm_irqfd *req, uint32_t gsi, int fd,
		       bool deassign)
{
	memset(req, 0, sizeof(*req));
	req->fd = (uint32_t)fd;
	req->gsi = gsi;
	req->flags = deassign ? KVM_IRQFD_FLAG_DEASSIGN : 0;
}
