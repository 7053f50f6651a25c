// SPDX-License-Identifier: GPL-2.0
/*
 * The legacy (pre-1.0) virtio interface, the parts both transports share
 * (virtio 1.1, 4.2.4 "Legacy interface" for virtio-mmio version 1, 4.1.4.8
 * "Legacy Interfaces: A Note on PCI Device Layout" for virtio-pci's I/O
 * BAR): a single 32-bit feature word without VIRTIO_F_VERSION_1, no
 * FEATURES_OK step, and a queue given as one page frame number under
 * which the split ring lies in the legacy layout (2.6.2 "Legacy
 * Interfaces: A Note on Virtqueue Layout"): the descriptor table, then
 * the available ring, then the used ring at the next QueueAlign boundary.
 * Everything the guest gives is checked: page size and alignment powers
 * of two up to 64 KiB, the three areas wholly in RAM (virtq_enable).
 */
#include <errno.h>

#include "virtio_priv.h"
#include "virtqueue_ring.h"

uint32_t virtio_legacy_host_features(const struct virtio_dev *vdev)
{
	return (uint32_t)virtio_offered_features(vdev);
}

/*
 * A legacy driver has no FEATURES_OK to be refused at (3.1.2): what it
 * writes is what it uses; bits we never offered are dropped with a line.
 */
void virtio_legacy_set_guest_features(struct virtio_dev *vdev, uint32_t val)
{
	uint32_t offer = virtio_legacy_host_features(vdev);

	if (val & ~offer)
		virtio_guest_error(vdev, "guest features 0x%x: 0x%x never offered",
				   val, val & ~offer);
	vdev->drv_features = val & offer;
}

static bool virtio_legacy_pow2(uint32_t v)
{
	return v && !(v & (v - 1)) && v <= VIRTIO_LEGACY_ALIGN_MAX;
}

static uint64_t virtio_legacy_align_up(uint64_t v, uint32_t align)
{
	return (v + align - 1) & ~((uint64_t)align - 1);
}

int virtio_legacy_queue_set(struct virtq *vq, uint32_t pfn, uint32_t page,
			    uint32_t align)
{
	uint64_t desc;

	if (!pfn) {
		virtq_reset(vq);
		return 0;
	}
	if (vq->ready) {
		virtio_guest_error(vq->vdev, "QueuePFN: queue %u is in use", vq->index);
		return -EBUSY;
	}
	if (!virtio_legacy_pow2(page) || !virtio_legacy_pow2(align)) {
		virtio_guest_error(vq->vdev,
				   "queue %u: page size %u or alignment %u is not a power of two up to 64 KiB",
				   vq->index, page, align);
		return -EINVAL;
	}
	/* pfn < 2^32 and page <= 2^16: every address below fits in 49 bits. */
	desc = (uint64_t)pfn * page;
	vq->desc_gpa = desc;
	vq->avail_gpa = desc + (uint64_t)VQ_DESC_SIZE * vq->num;
	vq->used_gpa = virtio_legacy_align_up(vq->avail_gpa + vq_avail_size(vq->num),
					      align);
	if (!virtq_enable(vq))
		return -EINVAL;
	vq->pfn = pfn;
	return 0;
}
