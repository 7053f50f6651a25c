// SPDX-License-Identifier: GPL-2.0
/*
 * The legacy interface of a transitional virtio-pci device (virtio 1.1,
 * 4.1.4.8 "Legacy Interfaces: A Note on PCI Device Layout"): the
 * registers in I/O BAR 0, as QEMU's virtio-pci gives a device with
 * disable-legacy=off, and the transitional PCI IDs (4.1.2.1, 4.1.2.3).
 *
 *   0x00 HOST_FEATURES  R  32   our feature bits 0..31 (no VERSION_1)
 *   0x04 GUEST_FEATURES RW 32   the driver's
 *   0x08 QUEUE_PFN      RW 32   ring address >> 12; 0 disables the queue
 *   0x0c QUEUE_NUM      R  16   the selected queue's size (fixed)
 *   0x0e QUEUE_SEL      RW 16
 *   0x10 QUEUE_NOTIFY   RW 16
 *   0x12 STATUS         RW  8   0 resets the device
 *   0x13 ISR            R   8   reading clears it
 *   0x14 MSI config vector, 0x16 MSI queue vector (RW 16), only while
 *        MSI-X is enabled (4.1.5.1.2); the device config space follows
 *        at 0x18 then, else at 0x14.
 *
 * Linux's virtio_pci_legacy_dev.c drives exactly this (iowrite32/16/8 at
 * each register's width). The rings are laid out by virtio_legacy.c with
 * 4 KiB pages and 4 KiB used ring alignment (VIRTIO_PCI_VRING_ALIGN).
 */
#include <errno.h>

#include "virtio_pci_priv.h"

#define VLEG_HOST_FEATURES	0x00
#define VLEG_GUEST_FEATURES	0x04
#define VLEG_QUEUE_PFN		0x08
#define VLEG_QUEUE_NUM		0x0c
#define VLEG_QUEUE_SEL		0x0e
#define VLEG_QUEUE_NOTIFY	0x10
#define VLEG_STATUS		0x12
#define VLEG_ISR		0x13
#define VLEG_MSI_CONFIG		0x14
#define VLEG_MSI_QUEUE		0x16
#define VLEG_CONFIG_MSIX	0x18
#define VLEG_CONFIG_NO_MSIX	0x14

/* 4.1.2.1 "Legacy Interfaces": transitional PCI Device IDs per device type. */
uint16_t virtio_pci_legacy_device_id(uint32_t virtio_id)
{
	switch (virtio_id) {
	case VIRTIO_ID_NET:
		return 0x1000;
	case VIRTIO_ID_BLOCK:
		return 0x1001;
	case VIRTIO_ID_CONSOLE:
		return 0x1003;
	case VIRTIO_ID_RNG:
		return 0x1005;
	case 9:				/* 9P transport */
		return 0x1009;
	default:
		return 0;		/* no transitional ID: modern only */
	}
}

/* BAR 0's size: registers plus config space, a power of two (QEMU's sizing). */
uint32_t virtio_pci_legacy_bar_size(const struct virtio_dev *vdev)
{
	uint32_t need = VLEG_CONFIG_MSIX + vdev->info.config_size, size = 32;

	while (size < need)
		size <<= 1;
	return size;
}

static uint32_t vleg_config_off(const struct virtio_pci *vp)
{
	return vp->msix.enabled ? VLEG_CONFIG_MSIX : VLEG_CONFIG_NO_MSIX;
}

/* The register starting at off and its width; 0 if none starts there. */
static unsigned int vleg_reg_size(const struct virtio_pci *vp, uint64_t off)
{
	switch (off) {
	case VLEG_HOST_FEATURES:
	case VLEG_GUEST_FEATURES:
	case VLEG_QUEUE_PFN:
		return 4;
	case VLEG_QUEUE_NUM:
	case VLEG_QUEUE_SEL:
	case VLEG_QUEUE_NOTIFY:
		return 2;
	case VLEG_STATUS:
	case VLEG_ISR:
		return 1;
	case VLEG_MSI_CONFIG:
	case VLEG_MSI_QUEUE:
		return vp->msix.enabled ? 2 : 0;
	default:
		return 0;
	}
}

static struct virtq *vleg_queue(struct virtio_pci *vp)
{
	return virtio_queue(vp->vdev, vp->vdev->queue_sel);
}

static uint32_t vleg_read_reg(struct virtio_pci *vp, uint64_t off)
{
	struct virtio_dev *vdev = vp->vdev;
	struct virtq *vq = vleg_queue(vp);
	uint32_t isr;

	switch (off) {
	case VLEG_HOST_FEATURES:
		return virtio_legacy_host_features(vdev);
	case VLEG_GUEST_FEATURES:
		return (uint32_t)vdev->drv_features;
	case VLEG_QUEUE_PFN:
		return vq ? vq->pfn : 0;
	case VLEG_QUEUE_NUM:
		return vq ? vq->num : 0;
	case VLEG_QUEUE_SEL:
		return vdev->queue_sel;
	case VLEG_STATUS:
		return vdev->status;
	case VLEG_ISR:
		isr = vdev->isr & 0xff;
		virtio_ack(vdev, ~0u);	/* 4.1.4.5.1: reading resets it */
		return isr;
	case VLEG_MSI_CONFIG:
		return vp->config_vector;
	case VLEG_MSI_QUEUE:
		return vq ? vp->queue_vector[vq->index] : PCI_MSI_NO_VECTOR;
	default:
		return 0;		/* QUEUE_NOTIFY */
	}
}

/* 4.1.5.1.2.1: a vector the table lacks maps to NO_VECTOR (read back so). */
static uint16_t vleg_vector(const struct virtio_pci *vp, uint32_t val)
{
	return val < vp->msix.nvec ? (uint16_t)val : PCI_MSI_NO_VECTOR;
}

static void vleg_queue_pfn(struct virtio_pci *vp, uint32_t val)
{
	struct virtq *vq = vleg_queue(vp);

	if (!vq) {
		virtio_guest_error(vp->vdev, "QUEUE_PFN: queue %u does not exist",
				   vp->vdev->queue_sel);
		return;
	}
	virtio_legacy_queue_set(vq, val, VIRTIO_LEGACY_PCI_PAGE,
				VIRTIO_LEGACY_ALIGN);
}

static void vleg_write_reg(struct virtio_pci *vp, uint64_t off, uint32_t val)
{
	struct virtq *vq = vleg_queue(vp);

	switch (off) {
	case VLEG_GUEST_FEATURES:
		virtio_legacy_set_guest_features(vp->vdev, val);
		break;
	case VLEG_QUEUE_PFN:
		vleg_queue_pfn(vp, val);
		break;
	case VLEG_QUEUE_SEL:
		vp->vdev->queue_sel = val;
		break;
	case VLEG_QUEUE_NOTIFY:
		virtio_queue_notify(vp->vdev, val);
		break;
	case VLEG_STATUS:
		virtio_write_status(vp->vdev, val);
		break;
	case VLEG_MSI_CONFIG:
		vp->config_vector = vleg_vector(vp, val);
		break;
	case VLEG_MSI_QUEUE:
		if (vq)
			vp->queue_vector[vq->index] = vleg_vector(vp, val);
		break;
	default:
		virtio_guest_error(vp->vdev, "legacy register 0x%x is read only",
				   (unsigned int)off);
		break;
	}
}

static int vleg_read(void *opaque, uint64_t off, unsigned int size,
		     uint64_t *val)
{
	struct virtio_pci *vp = opaque;
	uint32_t cfg;
	int ret = 0;

	if (size == 0 || size > 4 || off % size)
		return -EINVAL;
	virtio_lock(vp->vdev);
	cfg = vleg_config_off(vp);
	if (off >= cfg) {
		if (virtio_config_read(vp->vdev, off - cfg, size, val))
			*val = (1ULL << (8 * size)) - 1;	/* past it: all-ones */
	} else if (vleg_reg_size(vp, off) == size) {
		*val = vleg_read_reg(vp, off);
	} else {
		ret = -EINVAL;
	}
	virtio_unlock(vp->vdev);
	return ret;
}

static int vleg_write(void *opaque, uint64_t off, unsigned int size,
		      uint64_t val)
{
	struct virtio_pci *vp = opaque;
	uint32_t cfg;
	int ret = 0;

	if (size == 0 || size > 4 || off % size)
		return -EINVAL;
	virtio_lock(vp->vdev);
	cfg = vleg_config_off(vp);
	if (off >= cfg) {
		if (virtio_config_write(vp->vdev, off - cfg, size, val))
			virtio_guest_error(vp->vdev, "config write at 0x%x: outside",
					   (unsigned int)(off - cfg));
	} else if (vleg_reg_size(vp, off) == size) {
		vleg_write_reg(vp, off, (uint32_t)val);
	} else {
		ret = -EINVAL;
	}
	virtio_unlock(vp->vdev);
	return ret;
}

const struct mmio_ops virtio_pci_legacy_ops = {
	.read = vleg_read,
	.write = vleg_write,
};
