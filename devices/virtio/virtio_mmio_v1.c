// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio-mmio register file, version 1 ("legacy") layout (virtio
 * 1.1, 4.2.4), chosen with -global virtio-mmio.force-legacy=on as QEMU
 * 7.2's virt board does by default. Against version 2 it has
 * GuestPageSize (0x028), QueueAlign (0x03c) and QueuePFN (0x040) in
 * place of QueueReady and the three 64-bit ring addresses, no
 * ConfigGeneration and no shared memory registers; feature words beyond
 * the first read 0 (a legacy device has 32 feature bits). Linux's
 * drivers/virtio/virtio_mmio.c (vm_dev->version == 1) is such a driver:
 * GuestPageSize once at probe, then per queue QueueSel, QueuePFN (must
 * read 0), QueueNumMax, QueueNum, QueueAlign, QueuePFN.
 */
#include <errno.h>

#include "virtio_priv.h"

#define VIRTIO_MMIO_GUEST_PAGE_SIZE	0x028
#define VIRTIO_MMIO_QUEUE_ALIGN		0x03c
#define VIRTIO_MMIO_QUEUE_PFN		0x040

static struct virtq *virtio_mmio_v1_queue(struct virtio_dev *vdev)
{
	return virtio_queue(vdev, vdev->queue_sel);
}

int virtio_mmio_v1_read_reg(struct virtio_dev *vdev, uint64_t off,
			    uint32_t *val)
{
	struct virtq *vq = virtio_mmio_v1_queue(vdev);

	switch (off) {
	case VIRTIO_MMIO_VERSION:
		*val = 1;
		return 0;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		*val = vdev->dev_features_sel ? 0 : virtio_legacy_host_features(vdev);
		return 0;
	case VIRTIO_MMIO_QUEUE_PFN:
		*val = vq ? vq->pfn : 0;
		return 0;
	default:
		return -EINVAL;
	}
}

static void virtio_mmio_v1_queue_num(struct virtio_dev *vdev, uint32_t val)
{
	struct virtq *vq = virtio_mmio_queue_to_program(vdev, "QueueNum");

	if (!vq)
		return;
	if (val > vdev->info.queue_max) {
		virtio_guest_error(vdev, "QueueNum %u exceeds QueueNumMax %u",
				   val, vdev->info.queue_max);
		val = 0;	/* QueuePFN is then refused */
	}
	vq->num = (uint16_t)val;
}

static void virtio_mmio_v1_queue_align(struct virtio_dev *vdev, uint32_t val)
{
	struct virtq *vq = virtio_mmio_queue_to_program(vdev, "QueueAlign");

	if (vq)
		vq->align = val;	/* checked when QueuePFN uses it */
}

static void virtio_mmio_v1_queue_pfn(struct virtio_dev *vdev, uint32_t val)
{
	struct virtq *vq = virtio_mmio_v1_queue(vdev);

	if (!vq) {
		virtio_guest_error(vdev, "QueuePFN: queue %u does not exist",
				   vdev->queue_sel);
		return;
	}
	virtio_legacy_queue_set(vq, val, vdev->guest_page_size, vq->align);
}

static void virtio_mmio_v1_guest_features(struct virtio_dev *vdev, uint32_t val)
{
	if (vdev->drv_features_sel == 0)
		virtio_legacy_set_guest_features(vdev, val);
	else if (val)
		virtio_guest_error(vdev, "guest features word %u: no such features",
				   vdev->drv_features_sel);
}

int virtio_mmio_v1_write_reg(struct virtio_dev *vdev, uint64_t off,
			     uint32_t val)
{
	switch (off) {
	case VIRTIO_MMIO_DRIVER_FEATURES:
		virtio_mmio_v1_guest_features(vdev, val);
		return 0;
	case VIRTIO_MMIO_GUEST_PAGE_SIZE:
		vdev->guest_page_size = val;	/* checked when QueuePFN uses it */
		return 0;
	case VIRTIO_MMIO_QUEUE_NUM:
		virtio_mmio_v1_queue_num(vdev, val);
		return 0;
	case VIRTIO_MMIO_QUEUE_ALIGN:
		virtio_mmio_v1_queue_align(vdev, val);
		return 0;
	case VIRTIO_MMIO_QUEUE_PFN:
		virtio_mmio_v1_queue_pfn(vdev, val);
		return 0;
	default:
		return -EINVAL;
	}
}
