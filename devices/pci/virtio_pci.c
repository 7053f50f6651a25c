// SPDX-License-Identifier: GPL-2.0
/*
 * virtio over PCI, modern (virtio 1.1, 4.1), laid out as QEMU's
 * virtio-pci lays out a device: vendor 1af4, device 0x1040 + virtio ID,
 * revision 1 (4.1.2.1), the common, ISR, device and notify structures
 * in 64-bit prefetchable BAR 4 at 0x0, 0x1000, 0x2000 and 0x3000
 * (notify_off_multiplier 4, queue_notify_off = queue index), the PCI
 * configuration access capability (4.1.4.7), and MSI-X with its table
 * and PBA in BAR 1 (4.1.5.1.2). Without MSI-X the device raises INTA
 * while its ISR is not 0; reading the ISR clears it (4.1.4.5).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "virtio_pci_priv.h"

#define VIRTIO_PCI_DEVICE_BASE	0x1040
#define VIRTIO_ISR_VRING	0x1

/* QEMU's class per device (hw/virtio/virtio-*-pci.c class_id). */
uint16_t virtio_pci_class(uint32_t device_id)
{
	switch (device_id) {
	case VIRTIO_ID_NET:
		return 0x0200;		/* network, Ethernet */
	case VIRTIO_ID_BLOCK:
		return 0x0100;		/* mass storage, SCSI */
	case VIRTIO_ID_CONSOLE:
		return 0x0780;		/* communication, other */
	default:
		return 0x00ff;		/* unclassified, other */
	}
}

/*
 * MSI-X vectors as QEMU 7.2 sizes them (its "vectors" defaults): one per
 * queue + config for blk (num-queues = 1 here) and rng; virtio-net counts
 * 2 per queue pair + control + config (4, though we have no control
 * queue); virtio-serial-pci has 2. Linux shares vectors when fewer than
 * queues + 1 (vp_find_vqs).
 */
static unsigned int vpci_vectors(const struct virtio_dev *vdev)
{
	switch (vdev->info.device_id) {
	case VIRTIO_ID_NET:
		return 4;
	case VIRTIO_ID_CONSOLE:
		return 2;
	default:
		return vdev->info.num_queues + 1;
	}
}

/* ---- Interrupts (the transport ops; device lock held) ---- */

void virtio_pci_update_intx(struct virtio_pci *vp)
{
	pci_func_set_irq(&vp->func, !vp->msix.enabled && vp->vdev->isr != 0);
}

static void vpci_signal(void *opaque, int queue)
{
	struct virtio_pci *vp = opaque;
	uint16_t vec;

	if (!vp->msix.enabled) {
		virtio_pci_update_intx(vp);
		return;
	}
	vec = queue < 0 ? vp->config_vector : vp->queue_vector[queue];
	if (vec != PCI_MSI_NO_VECTOR)
		pci_msix_notify(&vp->msix, vec);
}

static void vpci_isr_cleared(void *opaque)
{
	virtio_pci_update_intx(opaque);
}

/* Device reset (4.1.4.3.1): vectors unmapped, queues back to full size. */
static void vpci_reset(void *opaque)
{
	struct virtio_pci *vp = opaque;
	struct virtio_dev *vdev = vp->vdev;

	if (!vdev || !vp->queue_vector)
		return;			/* not realized: nothing to reset */
	vp->config_vector = PCI_MSI_NO_VECTOR;
	for (unsigned int q = 0; q < vdev->info.num_queues; q++) {
		vp->queue_vector[q] = PCI_MSI_NO_VECTOR;
		vdev->queues[q].num = vdev->info.queue_max;
	}
}

static const struct virtio_transport_ops virtio_pci_transport = {
	.signal = vpci_signal,
	.isr_cleared = vpci_isr_cleared,
	.reset = vpci_reset,
};

/* ---- BAR 4: common, ISR, device, notify ---- */

static int vpci_isr_read(struct virtio_pci *vp, uint64_t off, uint64_t *val)
{
	*val = 0;
	if (off != 0)
		return 0;
	*val = vp->vdev->isr & 0xff;
	virtio_ack(vp->vdev, ~0u);	/* 4.1.4.5.1: reading resets it */
	return 0;
}

/* The device region reads all-ones past the config space, as QEMU's. */
static int vpci_device_read(struct virtio_pci *vp, uint64_t off,
			    unsigned int size, uint64_t *val)
{
	if (virtio_config_read(vp->vdev, off, size, val))
		*val = size == 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
	return 0;
}

static void vpci_notify(struct virtio_pci *vp, uint64_t off)
{
	if (off % VPCI_NOTIFY_OFF_MULT) {
		virtio_guest_error(vp->vdev, "notify at 0x%x: not a queue's address",
				   (unsigned int)off);
		return;
	}
	virtio_queue_notify(vp->vdev, (unsigned int)(off / VPCI_NOTIFY_OFF_MULT));
}

static int vpci_bar4_read(void *opaque, uint64_t off, unsigned int size,
			  uint64_t *val)
{
	struct virtio_pci *vp = opaque;
	uint64_t in = off % VPCI_REGION_SIZE;
	int ret = 0;

	if (size == 0 || size > 8 || in % size)
		return -EINVAL;
	virtio_lock(vp->vdev);
	switch (off / VPCI_REGION_SIZE) {
	case VPCI_COMMON_OFF / VPCI_REGION_SIZE:
		ret = virtio_pci_common_read(vp, in, size, val);
		break;
	case VPCI_ISR_OFF / VPCI_REGION_SIZE:
		ret = vpci_isr_read(vp, in, val);
		break;
	case VPCI_DEVICE_OFF / VPCI_REGION_SIZE:
		ret = vpci_device_read(vp, in, size, val);
		break;
	default:
		*val = 0;		/* notify: write only */
		break;
	}
	virtio_unlock(vp->vdev);
	return ret;
}

static int vpci_bar4_write(void *opaque, uint64_t off, unsigned int size,
			   uint64_t val)
{
	struct virtio_pci *vp = opaque;
	uint64_t in = off % VPCI_REGION_SIZE;

	if (size == 0 || size > 8 || in % size)
		return -EINVAL;
	virtio_lock(vp->vdev);
	switch (off / VPCI_REGION_SIZE) {
	case VPCI_COMMON_OFF / VPCI_REGION_SIZE:
		virtio_pci_common_write(vp, in, size, val);
		virtio_pci_accel_sync(vp);	/* status, queue_enable */
		break;
	case VPCI_DEVICE_OFF / VPCI_REGION_SIZE:
		if (virtio_config_write(vp->vdev, in, size, val))
			virtio_guest_error(vp->vdev, "config write at 0x%x: outside",
					   (unsigned int)in);
		break;
	case VPCI_NOTIFY_OFF / VPCI_REGION_SIZE:
		vpci_notify(vp, in);
		break;
	default:
		break;			/* ISR: read only */
	}
	virtio_unlock(vp->vdev);
	return 0;
}

static const struct mmio_ops vpci_bar4_ops = {
	.read = vpci_bar4_read,
	.write = vpci_bar4_write,
};

/* ---- BAR 1: MSI-X table and PBA ---- */

static int vpci_msix_read(void *opaque, uint64_t off, unsigned int size,
			  uint64_t *val)
{
	struct virtio_pci *vp = opaque;
	int ret;

	virtio_lock(vp->vdev);
	if (off >= VPCI_MSIX_PBA_OFF)
		ret = pci_msix_pba_read(&vp->msix, off - VPCI_MSIX_PBA_OFF, size, val);
	else
		ret = pci_msix_table_read(&vp->msix, off, size, val);
	virtio_unlock(vp->vdev);
	return ret;
}

static int vpci_msix_write(void *opaque, uint64_t off, unsigned int size,
			   uint64_t val)
{
	struct virtio_pci *vp = opaque;
	int ret = 0;

	virtio_lock(vp->vdev);
	if (off < VPCI_MSIX_PBA_OFF)
		ret = pci_msix_table_write(&vp->msix, off, size, val);
	virtio_unlock(vp->vdev);
	return ret;
}

static const struct mmio_ops vpci_msix_ops = {
	.read = vpci_msix_read,
	.write = vpci_msix_write,
};

/* ---- Config space hooks (host lock held) ---- */

/*
 * VIRTIO_PCI_CAP_PCI_CFG (4.1.4.7.2): an access to pci_cfg_data reaches
 * cap.length bytes at cap.offset of BAR cap.bar. Anything but BAR 4 with
 * a length of 1, 2 or 4 and an aligned offset does nothing (reads 0).
 */
static bool vpci_cfg_window(struct virtio_pci *vp, uint64_t *off,
			    unsigned int *len)
{
	const uint8_t *cap = vp->func.config + vp->cfg_cap;

	*off = pci_get_long(cap + VPCI_CAP_OFFSET);
	*len = pci_get_long(cap + VPCI_CAP_LENGTH);
	return cap[VPCI_CAP_BAR] == VPCI_MODERN_BAR &&
	       (*len == 1 || *len == 2 || *len == 4) && *off % *len == 0 &&
	       *off + *len <= VPCI_MODERN_BAR_SIZE;
}

static bool vpci_touches(uint32_t off, unsigned int size, uint32_t start,
			 uint32_t len)
{
	return off < start + len && start < off + size;
}

static void vpci_config_read(void *opaque, uint32_t off, unsigned int size)
{
	struct virtio_pci *vp = opaque;
	uint8_t *data = vp->func.config + vp->cfg_cap + VPCI_PCI_CFG_DATA;
	uint64_t bar_off, val = 0;
	unsigned int len;

	if (!vp->cfg_cap ||
	    !vpci_touches(off, size, vp->cfg_cap + VPCI_PCI_CFG_DATA, 4))
		return;
	if (vpci_cfg_window(vp, &bar_off, &len))
		vpci_bar4_read(vp, bar_off, len, &val);
	pci_set_long(data, (uint32_t)val);
}

static void vpci_cfg_data_write(struct virtio_pci *vp)
{
	const uint8_t *data = vp->func.config + vp->cfg_cap + VPCI_PCI_CFG_DATA;
	uint64_t bar_off;
	unsigned int len;

	if (vpci_cfg_window(vp, &bar_off, &len))
		vpci_bar4_write(vp, bar_off, len, pci_get_long(data));
}

static void vpci_config_write(void *opaque, uint32_t off, unsigned int size,
			      uint32_t val)
{
	struct virtio_pci *vp = opaque;

	(void)val;
	if (vp->cfg_cap &&
	    vpci_touches(off, size, vp->cfg_cap + VPCI_PCI_CFG_DATA, 4))
		vpci_cfg_data_write(vp);
	virtio_pci_accel_config(vp);	/* Command, BAR 4 */
	if (!vpci_touches(off, size, vp->msix.cap, 4))
		return;
	virtio_lock(vp->vdev);
	pci_msix_config_written(&vp->msix);
	/* 6.8.2: a function with MSI-X enabled does not use INTx. */
	virtio_pci_update_intx(vp);
	virtio_unlock(vp->vdev);
}

static void vpci_func_reset(void *opaque)
{
	struct virtio_pci *vp = opaque;

	virtio_lock(vp->vdev);
	pci_msix_reset(&vp->msix);
	virtio_unlock(vp->vdev);
	virtio_pci_accel_config(vp);	/* BAR 4 is unassigned again */
}

/* ---- Building the function ---- */

static uint8_t vpci_add_cap(struct virtio_pci *vp, uint8_t type,
			    uint32_t offset, uint32_t length, unsigned int len)
{
	uint8_t at = pci_func_add_cap(&vp->func, PCI_CAP_ID_VNDR, len);
	uint8_t *cap = vp->func.config + at;

	if (!at)
		return 0;
	cap[VPCI_CAP_LEN] = (uint8_t)len;
	cap[VPCI_CAP_CFG_TYPE] = type;
	cap[VPCI_CAP_BAR] = VPCI_MODERN_BAR;
	pci_set_long(cap + VPCI_CAP_OFFSET, offset);
	pci_set_long(cap + VPCI_CAP_LENGTH, length);
	return at;
}

/* The PCI cfg cap's bar, offset, length and data are the driver's (4.1.4.7). */
static void vpci_add_cfg_cap(struct virtio_pci *vp)
{
	uint8_t at = vpci_add_cap(vp, VIRTIO_PCI_CAP_PCI_CFG, 0, 0,
				  VPCI_CAP_SIZE + 4);

	vp->cfg_cap = at;
	vp->func.config[at + VPCI_CAP_BAR] = 0;
	vp->func.wmask[at + VPCI_CAP_BAR] = 0xff;
	memset(vp->func.wmask + at + VPCI_CAP_OFFSET, 0xff, 12);
}

static void vpci_add_caps(struct virtio_pci *vp)
{
	uint8_t notify;

	vpci_add_cap(vp, VIRTIO_PCI_CAP_COMMON_CFG, VPCI_COMMON_OFF,
		     VPCI_REGION_SIZE, VPCI_CAP_SIZE);
	vpci_add_cap(vp, VIRTIO_PCI_CAP_ISR_CFG, VPCI_ISR_OFF,
		     VPCI_REGION_SIZE, VPCI_CAP_SIZE);
	vpci_add_cap(vp, VIRTIO_PCI_CAP_DEVICE_CFG, VPCI_DEVICE_OFF,
		     VPCI_REGION_SIZE, VPCI_CAP_SIZE);
	notify = vpci_add_cap(vp, VIRTIO_PCI_CAP_NOTIFY_CFG, VPCI_NOTIFY_OFF,
			      VPCI_REGION_SIZE, VPCI_CAP_SIZE + 4);
	pci_set_long(vp->func.config + notify + VPCI_NOTIFY_MULT,
		     VPCI_NOTIFY_OFF_MULT);
	vpci_add_cfg_cap(vp);
}

static void vpci_set_bars(struct virtio_pci *vp)
{
	const struct pci_bar msix = {
		.size = VPCI_MSIX_BAR_SIZE, .ops = &vpci_msix_ops, .opaque = vp,
	};
	const struct pci_bar modern = {
		.size = VPCI_MODERN_BAR_SIZE, .mem64 = true, .prefetch = true,
		.ops = &vpci_bar4_ops, .opaque = vp,
	};
	const struct pci_bar legacy = {
		.size = virtio_pci_legacy_bar_size(vp->vdev), .io = true,
		.ops = &virtio_pci_legacy_ops, .opaque = vp,
	};

	pci_func_set_bar(&vp->func, VPCI_MSIX_BAR, &msix);
	if (!vp->no_modern)
		pci_func_set_bar(&vp->func, VPCI_MODERN_BAR, &modern);
	if (vp->legacy)
		pci_func_set_bar(&vp->func, VPCI_LEGACY_BAR, &legacy);
}

void virtio_pci_set_interfaces(struct virtio_pci *vp, bool legacy, bool modern)
{
	vp->legacy = legacy;
	vp->no_modern = !modern;
}

/*
 * The IDs (4.1.2.1): modern only, 0x1040 + ID, revision 1 and QEMU's
 * default subsystem; transitional, the legacy device ID, revision 0 and
 * the virtio ID as subsystem device (4.1.2.3), as QEMU's
 * virtio_pci_device_plugged() sets them.
 */
static void vpci_set_ids(struct virtio_pci *vp, uint32_t id)
{
	if (!vp->legacy) {
		pci_func_init(&vp->func, vp->name, PCI_VENDOR_QUMRANET,
			      (uint16_t)(VIRTIO_PCI_DEVICE_BASE + id),
			      virtio_pci_class(id), 1);
		pci_func_set_subsystem(&vp->func, PCI_VENDOR_QUMRANET,
				       PCI_SUBDEVICE_QEMU);
		return;
	}
	pci_func_init(&vp->func, vp->name, PCI_VENDOR_QUMRANET,
		      virtio_pci_legacy_device_id(id), virtio_pci_class(id), 0);
	pci_func_set_subsystem(&vp->func, PCI_VENDOR_QUMRANET, (uint16_t)id);
}

struct virtio_pci *virtio_pci_alloc(struct av_err *err)
{
	struct virtio_pci *vp = calloc(1, sizeof(*vp));

	if (!vp)
		av_errf(err, ENOMEM, "out of memory");
	return vp;
}

void virtio_pci_host(struct virtio_pci *vp, struct virtio_host *host)
{
	host->transport = &virtio_pci_transport;
	host->transport_opaque = vp;
}

/* Log lines name it by slot: "00:03.0", or "00:04.0/00.0" below a port. */
static void vpci_where(struct virtio_dev *vdev, const struct pci_func *upstream,
		       unsigned int devfn)
{
	char *w = vdev->host.where;
	size_t n = sizeof(vdev->host.where);

	if (upstream)
		snprintf(w, n, "00:%02x.%x/00.%x", PCI_SLOT(upstream->devfn),
			 PCI_FUNC(upstream->devfn), PCI_FUNC(devfn));
	else
		snprintf(w, n, "00:%02x.%x", PCI_SLOT(devfn), PCI_FUNC(devfn));
}

static int vpci_build(struct virtio_pci *vp, struct virtio_dev *vdev,
		      const struct pci_func *upstream, unsigned int devfn,
		      struct av_err *err)
{
	uint32_t id = vdev->info.device_id;

	snprintf(vp->name, sizeof(vp->name), "%s-pci", vdev->info.name);
	vpci_where(vdev, upstream, devfn);
	if (vp->legacy && !virtio_pci_legacy_device_id(id))
		return av_errf(err, EINVAL, "%s: no legacy interface for this device type",
			       vp->name);
	vpci_set_ids(vp, id);
	pci_func_set_pin(&vp->func, 1);
	vp->func.ops = (struct pci_func_ops){
		.config_write = vpci_config_write,
		.config_read = vpci_config_read,
		.reset = vpci_func_reset,
		.snap_save = virtio_pci_snap_save,
		.snap_load = virtio_pci_snap_load,
	};
	vp->func.opaque = vp;
	if (!vp->no_modern)
		vpci_add_caps(vp);
	vpci_set_bars(vp);
	vp->queue_vector = calloc(vdev->info.num_queues, sizeof(*vp->queue_vector));
	if (!vp->queue_vector)
		return av_errf(err, ENOMEM, "out of memory");
	return pci_msix_init(&vp->msix, &vp->func, vpci_vectors(vdev),
			     VPCI_MSIX_BAR, 0, VPCI_MSIX_PBA_OFF, err);
}

int virtio_pci_realize(struct virtio_pci *vp, struct virtio_dev *vdev,
		       struct pci_host *host, struct pci_func *upstream,
		       unsigned int devfn,
		       int (*msi_send)(void *opaque, uint64_t addr,
				       uint32_t data, uint32_t devid),
		       void *msi_opaque, struct av_err *err)
{
	int ret;

	vp->vdev = vdev;
	ret = vpci_build(vp, vdev, upstream, devfn, err);
	if (ret)
		return ret;
	vp->msix.send = msi_send;
	vp->msix.send_opaque = msi_opaque;
	vpci_reset(vp);
	if (upstream)
		return pci_host_add_below(host, upstream, &vp->func, devfn, err);
	return pci_host_add(host, &vp->func, devfn, err);
}

void virtio_pci_free(struct virtio_pci *vp)
{
	if (!vp)
		return;
	pci_msix_fini(&vp->msix);
	free(vp->queue_vector);
	free(vp);
}

struct pci_func *virtio_pci_func(struct virtio_pci *vp)
{
	return &vp->func;
}
