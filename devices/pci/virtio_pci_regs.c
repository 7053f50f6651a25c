// SPDX-License-Identifier: GPL-2.0
/*
 * The common configuration structure of a modern virtio-pci device
 * (virtio 1.1, 4.1.4.3). Reads see a snapshot of the fields at any
 * width inside them; writes must be the field's width, or a 32-bit half
 * of a 64-bit queue address (Linux's vp_iowrite64_twopart). A write the
 * driver was not allowed to make is ignored with a guest_errors line.
 */
#include <string.h>

#include "virtio_pci_priv.h"

static struct virtq *vpci_sel_queue(struct virtio_pci *vp)
{
	return virtio_queue(vp->vdev, vp->vdev->queue_sel);
}

static void vpci_fill_queue(struct virtio_pci *vp, uint8_t *img)
{
	struct virtq *vq = vpci_sel_queue(vp);

	if (!vq)
		return;			/* 4.1.4.3: size 0, the queue is unavailable */
	pci_set_word(img + VPCI_COMMON_Q_SIZE, vq->num);
	pci_set_word(img + VPCI_COMMON_Q_MSIX, vp->queue_vector[vq->index]);
	pci_set_word(img + VPCI_COMMON_Q_ENABLE, vq->ready);
	pci_set_word(img + VPCI_COMMON_Q_NOFF, (uint16_t)vq->index);
	pci_set_long(img + VPCI_COMMON_Q_DESCLO, (uint32_t)vq->desc_gpa);
	pci_set_long(img + VPCI_COMMON_Q_DESCHI, (uint32_t)(vq->desc_gpa >> 32));
	pci_set_long(img + VPCI_COMMON_Q_AVAILLO, (uint32_t)vq->avail_gpa);
	pci_set_long(img + VPCI_COMMON_Q_AVAILHI, (uint32_t)(vq->avail_gpa >> 32));
	pci_set_long(img + VPCI_COMMON_Q_USEDLO, (uint32_t)vq->used_gpa);
	pci_set_long(img + VPCI_COMMON_Q_USEDHI, (uint32_t)(vq->used_gpa >> 32));
}

int virtio_pci_common_read(struct virtio_pci *vp, uint64_t off,
			   unsigned int size, uint64_t *val)
{
	struct virtio_dev *vdev = vp->vdev;
	uint8_t img[VPCI_COMMON_SIZE] = { 0 };
	uint64_t v = 0;

	if (off >= VPCI_COMMON_SIZE || size > VPCI_COMMON_SIZE - off) {
		*val = 0;		/* the rest of the region reads 0, as QEMU's */
		return 0;
	}
	pci_set_long(img + VPCI_COMMON_DFSELECT, vdev->dev_features_sel);
	pci_set_long(img + VPCI_COMMON_DF,
		     virtio_features_word(vdev, vdev->dev_features_sel));
	pci_set_long(img + VPCI_COMMON_GFSELECT, vdev->drv_features_sel);
	pci_set_long(img + VPCI_COMMON_GF, vdev->drv_features_sel > 1 ? 0 :
		     (uint32_t)(vdev->drv_features >> (32 * vdev->drv_features_sel)));
	pci_set_word(img + VPCI_COMMON_MSIX, vp->config_vector);
	pci_set_word(img + VPCI_COMMON_NUMQ, (uint16_t)vdev->info.num_queues);
	img[VPCI_COMMON_STATUS] = vdev->status;
	img[VPCI_COMMON_CFGGEN] = (uint8_t)vdev->config_gen;
	pci_set_word(img + VPCI_COMMON_Q_SELECT, (uint16_t)vdev->queue_sel);
	vpci_fill_queue(vp, img);
	memcpy(&v, img + off, size);	/* little-endian host */
	*val = v;
	return 0;
}

/* 4.1.5.1.2.1: a vector the table lacks maps to NO_VECTOR. */
static uint16_t vpci_vector(const struct virtio_pci *vp, uint64_t val)
{
	return val < vp->msix.nvec ? (uint16_t)val : PCI_MSI_NO_VECTOR;
}

/* The queue fields only change while the queue is off (4.1.4.3.2). */
static struct virtq *vpci_queue_to_program(struct virtio_pci *vp,
					   const char *field)
{
	struct virtq *vq = vpci_sel_queue(vp);

	if (!vq) {
		virtio_guest_error(vp->vdev, "%s: queue %u does not exist", field,
				   vp->vdev->queue_sel);
		return NULL;
	}
	if (vq->ready) {
		virtio_guest_error(vp->vdev, "%s: queue %u is enabled", field,
				   vq->index);
		return NULL;
	}
	return vq;
}

static void vpci_set_bits(uint64_t *reg, unsigned int shift, unsigned int size,
			  uint64_t val)
{
	uint64_t mask = size == 8 ? ~0ULL : ((1ULL << (8 * size)) - 1) << shift;

	*reg = (*reg & ~mask) | ((val << shift) & mask);
}

static void vpci_queue_addr(struct virtio_pci *vp, uint64_t off,
			    unsigned int size, uint64_t val)
{
	struct virtq *vq = vpci_queue_to_program(vp, "queue address");
	unsigned int shift = off & 4 ? 32 : 0;

	if (!vq)
		return;
	switch (off & ~7ULL) {
	case VPCI_COMMON_Q_DESCLO:
		vpci_set_bits(&vq->desc_gpa, shift, size, val);
		break;
	case VPCI_COMMON_Q_AVAILLO:
		vpci_set_bits(&vq->avail_gpa, shift, size, val);
		break;
	default:
		vpci_set_bits(&vq->used_gpa, shift, size, val);
		break;
	}
}

static void vpci_queue_size(struct virtio_pci *vp, uint64_t val)
{
	struct virtq *vq = vpci_queue_to_program(vp, "queue_size");

	if (!vq)
		return;
	if (val == 0 || val > vp->vdev->info.queue_max) {
		virtio_guest_error(vp->vdev, "queue_size %u: the queue takes 1 to %u",
				   (unsigned int)val, vp->vdev->info.queue_max);
		return;
	}
	vq->num = (uint16_t)val;
}

/* 4.1.4.3.2: the driver must not write 0; enabling maps the rings. */
static void vpci_queue_enable(struct virtio_pci *vp, uint64_t val)
{
	struct virtq *vq = vpci_sel_queue(vp);

	if (!vq || val != 1) {
		virtio_guest_error(vp->vdev, "queue_enable %u for queue %u refused",
				   (unsigned int)val, vp->vdev->queue_sel);
		return;
	}
	if (!vq->ready && !virtq_enable(vq))
		virtio_set_needs_reset(vp->vdev, "queue %u: rings refused", vq->index);
}

static void vpci_queue_vector(struct virtio_pci *vp, uint64_t val)
{
	struct virtq *vq = vpci_sel_queue(vp);

	if (vq)
		vp->queue_vector[vq->index] = vpci_vector(vp, val);
}

/* The field at off and its width, or 0 when off starts no field. */
static unsigned int vpci_field_size(uint64_t off)
{
	if (off < VPCI_COMMON_MSIX)
		return off % 4 ? 0 : 4;
	if (off == VPCI_COMMON_STATUS || off == VPCI_COMMON_CFGGEN)
		return 1;
	if (off < VPCI_COMMON_Q_DESCLO)
		return off % 2 ? 0 : 2;
	return off % 4 ? 0 : 8;
}

static bool vpci_write_size_ok(uint64_t off, unsigned int size)
{
	unsigned int field = off < VPCI_COMMON_SIZE ? vpci_field_size(off) : 0;

	if (field == 8)
		return size == 4 || (size == 8 && off % 8 == 0);
	return field && size == field;
}

static void vpci_common_write_field(struct virtio_pci *vp, uint64_t off,
				    unsigned int size, uint64_t val)
{
	struct virtio_dev *vdev = vp->vdev;

	switch (off) {
	case VPCI_COMMON_DFSELECT:
		vdev->dev_features_sel = (uint32_t)val;
		break;
	case VPCI_COMMON_GFSELECT:
		vdev->drv_features_sel = (uint32_t)val;
		break;
	case VPCI_COMMON_GF:
		virtio_set_driver_features(vdev, vdev->drv_features_sel, (uint32_t)val);
		break;
	case VPCI_COMMON_MSIX:
		vp->config_vector = vpci_vector(vp, val);
		break;
	case VPCI_COMMON_STATUS:
		virtio_write_status(vdev, (uint32_t)val);
		break;
	case VPCI_COMMON_Q_SELECT:
		vdev->queue_sel = (uint32_t)val;
		break;
	case VPCI_COMMON_Q_SIZE:
		vpci_queue_size(vp, val);
		break;
	case VPCI_COMMON_Q_MSIX:
		vpci_queue_vector(vp, val);
		break;
	case VPCI_COMMON_Q_ENABLE:
		vpci_queue_enable(vp, val);
		break;
	default:
		if (off >= VPCI_COMMON_Q_DESCLO)
			vpci_queue_addr(vp, off, size, val);
		else
			virtio_guest_error(vdev, "common config 0x%x is read only",
					   (unsigned int)off);
		break;
	}
}

void virtio_pci_common_write(struct virtio_pci *vp, uint64_t off,
			     unsigned int size, uint64_t val)
{
	if (!vpci_write_size_ok(off, size)) {
		virtio_guest_error(vp->vdev, "common config write of %u bytes at 0x%x ignored",
				   size, (unsigned int)off);
		return;
	}
	vpci_common_write_field(vp, off, size, val);
}
