// SPDX-License-Identifier: GPL-2.0
/*
 * A virtio-pci function's own state in a snapshot (docs/snapshot.md,
 * "PCI"), after its config bytes: the MSI-X table and PBA, the vectors
 * the driver bound to the configuration change and to each queue
 * (virtio 1.1, 4.1.4.3: msix_config, queue_msix_vector), then the
 * virtio device as on virtio-mmio (virtio_snap.c: status, features,
 * config space, queues). Both interfaces, modern and legacy, keep
 * everything else in those.
 *
 * The machine holds the device lock around a save and a load. After a
 * load the derived state is rebuilt from what was loaded: MSI-X enable
 * and mask from Message Control, which tells the accelerator the routes
 * of the restored vectors (msix.changed, KVM's GSI routes); where the
 * notify registers decode, from BAR 4 and Command (KVM's ioeventfds);
 * and INTx from the ISR.
 */
#include <errno.h>

#include "snap_stream.h"
#include "virtio_pci_priv.h"

void virtio_pci_snap_save(void *opaque, struct snap_wbuf *w)
{
	struct virtio_pci *vp = opaque;
	unsigned int nq = vp->vdev->info.num_queues;

	pci_msix_snap_save(&vp->msix, w);
	snap_put_u16(w, vp->config_vector);
	snap_put_u32(w, nq);
	for (unsigned int q = 0; q < nq; q++)
		snap_put_u16(w, vp->queue_vector[q]);
	virtio_snap_save(vp->vdev, w);
}

/* 4.1.5.1.2.1: a vector is one the table has, or NO_VECTOR. */
static bool vpci_snap_vector_ok(const struct virtio_pci *vp, uint16_t vec)
{
	return vec == PCI_MSI_NO_VECTOR || vec < vp->msix.nvec;
}

static int vpci_snap_vectors(struct virtio_pci *vp, struct snap_rbuf *r,
			     struct av_err *err)
{
	unsigned int nq = vp->vdev->info.num_queues;
	uint16_t cfg = snap_get_u16(r);
	uint32_t n = snap_get_u32(r);
	bool ok = vpci_snap_vector_ok(vp, cfg);

	if (r->bad || n != nq)
		return av_errf(err, EINVAL, "snapshot: %s has %u queues in the snapshot, %u here",
			       vp->name, n, nq);
	vp->config_vector = cfg;
	for (unsigned int q = 0; q < nq; q++) {
		vp->queue_vector[q] = snap_get_u16(r);
		ok &= vpci_snap_vector_ok(vp, vp->queue_vector[q]);
	}
	if (r->bad || !ok)
		return av_errf(err, EINVAL,
			       "snapshot: %s names an MSI-X vector beyond its %u", vp->name,
			       vp->msix.nvec);
	return 0;
}

int virtio_pci_snap_load(void *opaque, struct snap_rbuf *r, struct av_err *err)
{
	struct virtio_pci *vp = opaque;
	int ret = pci_msix_snap_load(&vp->msix, r, err);

	if (!ret)
		ret = vpci_snap_vectors(vp, r, err);
	if (!ret)
		ret = virtio_snap_load(vp->vdev, r, err);
	if (ret)
		return ret;
	pci_msix_config_written(&vp->msix);
	virtio_pci_accel_reload(vp);
	virtio_pci_update_intx(vp);
	return 0;
}
