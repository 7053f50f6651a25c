// SPDX-License-Identifier: GPL-2.0
/*
 * The GSI routing table for the virtio-pci MSI-X irqfds (api.rst
 * "KVM_SET_GSI_ROUTING", "KVM_IRQFD"). A pure function of the devices'
 * vectors, built on every host: the unit tests check the entries, and
 * kvm_pci.c installs them.
 *
 * KVM_SET_GSI_ROUTING replaces the whole table, including the default
 * one the arm64 vGIC installs (GSI n -> SPI n, virt/kvm/arm/vgic's
 * kvm_vgic_setup_default_irq_routing), through which the virtio-mmio
 * irqfds inject their SPIs: so the table starts with those entries.
 */
#include <string.h>

#include "kvm_eventfd.h"

bool kvm_route_msi_ok(const struct kvm_msi_vec *v, uint64_t doorbell)
{
	return v->fd >= 0 && v->msg.live && v->msg.addr == doorbell;
}

unsigned int kvm_route_max(const struct kvm_eventfds *e, unsigned int nr_spis)
{
	unsigned int n = nr_spis;

	for (unsigned int i = 0; i < e->ndevs; i++)
		if (e->devs[i]->pci)
			n += e->devs[i]->nvec;
	return n;
}

/* irqchip.pin is the SPI number: KVM adds 32 (api.rst, arm64). */
static void kvm_route_spi(struct kvm_irq_routing_entry *r, unsigned int spi)
{
	memset(r, 0, sizeof(*r));
	r->gsi = spi;
	r->type = KVM_IRQ_ROUTING_IRQCHIP;
	r->u.irqchip.irqchip = 0;
	r->u.irqchip.pin = spi;
}

/* The ITS needs the DeviceID: KVM_MSI_VALID_DEVID (api.rst, arm64). */
static void kvm_route_msi(struct kvm_irq_routing_entry *r, const struct kvm_msi_vec *v)
{
	memset(r, 0, sizeof(*r));
	r->gsi = v->gsi;
	r->type = KVM_IRQ_ROUTING_MSI;
	r->flags = KVM_MSI_VALID_DEVID;
	r->u.msi.address_lo = (uint32_t)v->msg.addr;
	r->u.msi.address_hi = (uint32_t)(v->msg.addr >> 32);
	r->u.msi.data = v->msg.data;
	r->u.msi.devid = v->msg.devid;
}

unsigned int kvm_route_build(struct kvm_irq_routing_entry *out,
			     const struct kvm_eventfds *e, unsigned int nr_spis,
			     uint64_t doorbell)
{
	unsigned int n = 0;

	for (unsigned int spi = 0; spi < nr_spis; spi++)
		kvm_route_spi(&out[n++], spi);
	for (unsigned int i = 0; i < e->ndevs; i++) {
		const struct kvm_efd_dev *d = e->devs[i];

		for (unsigned int v = 0; d->pci && v < d->nvec; v++)
			if (kvm_route_msi_ok(&d->vecs[v], doorbell))
				kvm_route_msi(&out[n++], &d->vecs[v]);
	}
	return n;
}

void kvm_route_mark(struct kvm_eventfds *e, uint64_t doorbell, bool ok)
{
	for (unsigned int i = 0; i < e->ndevs; i++) {
		struct kvm_efd_dev *d = e->devs[i];

		for (unsigned int v = 0; d->pci && v < d->nvec; v++)
			d->vecs[v].routed = ok && kvm_route_msi_ok(&d->vecs[v], doorbell);
	}
}

bool kvm_msi_msg_same(const struct accel_msi_msg *a, const struct accel_msi_msg *b)
{
	return a->live == b->live && a->addr == b->addr && a->data == b->data &&
	       a->devid == b->devid;
}

bool kvm_route_update(struct kvm_efd_dev *d, const struct accel_msi_msg *vecs)
{
	bool changed = false;

	for (unsigned int v = 0; v < d->nvec; v++) {
		struct accel_msi_msg m = vecs[v];

		if (!m.live)	/* a masked vector's message is not routed */
			m = (struct accel_msi_msg){ 0 };
		if (!kvm_msi_msg_same(&m, &d->vecs[v].msg)) {
			d->vecs[v].msg = m;
			changed = true;
		}
	}
	return changed;
}
