// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio-mmio register file, version 2 ("modern") layout (virtio
 * 1.1, 4.2.2); a device made with host.mmio_legacy has the version 1
 * registers of virtio_mmio_v1.c instead, and the same config space. Control registers take 32-bit aligned accesses only
 * (4.2.2.2); the config space at 0x100 takes any aligned width. An access
 * the layout does not define is refused (-EINVAL: the bus logs it and a
 * read sees 0); a write the register file defines but the driver was not
 * allowed to make is ignored with a guest_errors line.
 */
#include <errno.h>
#include <string.h>

#include "virtio_priv.h"

static struct virtq *virtio_mmio_sel_queue(struct virtio_dev *vdev)
{
	return virtio_queue(vdev, vdev->queue_sel);
}

static uint32_t virtio_mmio_queue_num_max(struct virtio_dev *vdev)
{
	return virtio_mmio_sel_queue(vdev) ? vdev->info.queue_max : 0;
}

static uint32_t virtio_mmio_queue_ready(struct virtio_dev *vdev)
{
	struct virtq *vq = virtio_mmio_sel_queue(vdev);

	return vq && vq->ready;
}

static int virtio_mmio_read_common(struct virtio_dev *vdev, uint64_t off,
				   uint32_t *val)
{
	switch (off) {
	case VIRTIO_MMIO_MAGIC_VALUE:
		*val = VIRTIO_MMIO_MAGIC;
		return 0;
	case VIRTIO_MMIO_DEVICE_ID:
		*val = vdev->info.device_id;
		return 0;
	case VIRTIO_MMIO_VENDOR_ID:
		*val = VIRTIO_MMIO_VENDOR;
		return 0;
	case VIRTIO_MMIO_QUEUE_NUM_MAX:
		*val = virtio_mmio_queue_num_max(vdev);
		return 0;
	case VIRTIO_MMIO_INTERRUPT_STATUS:
		*val = vdev->isr;
		return 0;
	case VIRTIO_MMIO_STATUS:
		*val = vdev->status;
		return 0;
	default:
		return -ENOENT;
	}
}

static int virtio_mmio_read_reg(struct virtio_dev *vdev, uint64_t off,
				uint32_t *val)
{
	switch (off) {
	case VIRTIO_MMIO_VERSION:
		*val = 2;
		return 0;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		*val = virtio_features_word(vdev, vdev->dev_features_sel);
		return 0;
	case VIRTIO_MMIO_QUEUE_READY:
		*val = virtio_mmio_queue_ready(vdev);
		return 0;
	case VIRTIO_MMIO_SHM_LEN_LOW:
	case VIRTIO_MMIO_SHM_LEN_HIGH:
	case VIRTIO_MMIO_SHM_BASE_LOW:
	case VIRTIO_MMIO_SHM_BASE_HIGH:
		/* No shared memory regions: length -1 (4.2.2). */
		*val = 0xffffffffu;
		return 0;
	case VIRTIO_MMIO_CONFIG_GENERATION:
		*val = vdev->config_gen;
		return 0;
	default:
		return -EINVAL;
	}
}

/* A control register: the shared ones, else the device's layout's. */
static int virtio_mmio_read_ctrl(struct virtio_dev *vdev, uint64_t off, uint32_t *val)
{
	int ret = virtio_mmio_read_common(vdev, off, val);

	if (ret != -ENOENT)
		return ret;
	if (vdev->host.mmio_legacy)
		return virtio_mmio_v1_read_reg(vdev, off, val);
	return virtio_mmio_read_reg(vdev, off, val);
}

static int virtio_mmio_read(void *opaque, uint64_t off, unsigned int size,
			    uint64_t *val)
{
	struct virtio_dev *vdev = opaque;
	uint32_t v = 0;
	int ret;

	if (size == 0 || size > 8 || off % size)
		return -EINVAL;
	virtio_lock(vdev);
	if (off >= VIRTIO_MMIO_CONFIG) {
		ret = virtio_config_read(vdev, off - VIRTIO_MMIO_CONFIG, size, val);
	} else if (size != 4) {
		ret = -EINVAL;
	} else {
		ret = virtio_mmio_read_ctrl(vdev, off, &v);
		*val = v;
	}
	virtio_unlock(vdev);
	return ret;
}

static void virtio_mmio_set_half(uint64_t *reg, bool high, uint32_t val)
{
	if (high)
		*reg = (*reg & 0xffffffffULL) | (uint64_t)val << 32;
	else
		*reg = (*reg & ~0xffffffffULL) | val;
}

/*
 * QueueNum and the ring addresses (v1: QueueNum, QueueAlign) only change
 * while the queue is off.
 */
struct virtq *virtio_mmio_queue_to_program(struct virtio_dev *vdev, const char *reg)
{
	struct virtq *vq = virtio_mmio_sel_queue(vdev);

	if (!vq) {
		virtio_guest_error(vdev, "%s: queue %u does not exist", reg,
				   vdev->queue_sel);
		return NULL;
	}
	if (vq->ready) {
		virtio_guest_error(vdev, "%s: queue %u is in use", reg, vq->index);
		return NULL;
	}
	return vq;
}

static void virtio_mmio_queue_addr(struct virtio_dev *vdev, uint64_t off,
				   uint32_t val)
{
	struct virtq *vq = virtio_mmio_queue_to_program(vdev, "queue address");
	bool high = off & 4;

	if (!vq)
		return;
	switch (off & ~4ULL) {
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
		virtio_mmio_set_half(&vq->desc_gpa, high, val);
		break;
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
		virtio_mmio_set_half(&vq->avail_gpa, high, val);
		break;
	default:
		virtio_mmio_set_half(&vq->used_gpa, high, val);
		break;
	}
}

static void virtio_mmio_queue_num(struct virtio_dev *vdev, uint32_t val)
{
	struct virtq *vq = virtio_mmio_queue_to_program(vdev, "QueueNum");

	if (vq)
		vq->num = val > vdev->info.queue_max ? 0 : (uint16_t)val;
	if (vq && val > vdev->info.queue_max)
		virtio_guest_error(vdev, "QueueNum %u exceeds QueueNumMax %u",
				   val, vdev->info.queue_max);
}

static void virtio_mmio_queue_ready_write(struct virtio_dev *vdev, uint32_t val)
{
	struct virtq *vq = virtio_mmio_sel_queue(vdev);

	if (!vq) {
		virtio_guest_error(vdev, "QueueReady: queue %u does not exist",
				   vdev->queue_sel);
		return;
	}
	if (!val) {
		virtq_reset(vq);
		return;
	}
	if (!vq->ready && !virtq_enable(vq))
		virtio_set_needs_reset(vdev, "queue %u: rings refused", vq->index);
}

static int virtio_mmio_write_common(struct virtio_dev *vdev, uint64_t off,
				    uint32_t val)
{
	switch (off) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
		vdev->dev_features_sel = val;
		return 0;
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
		vdev->drv_features_sel = val;
		return 0;
	case VIRTIO_MMIO_QUEUE_SEL:
		vdev->queue_sel = val;
		return 0;
	case VIRTIO_MMIO_QUEUE_NOTIFY:
		virtio_queue_notify(vdev, val);
		return 0;
	case VIRTIO_MMIO_INTERRUPT_ACK:
		virtio_ack(vdev, val);
		return 0;
	case VIRTIO_MMIO_STATUS:
		virtio_write_status(vdev, val);
		return 0;
	default:
		return -ENOENT;
	}
}

static int virtio_mmio_write_reg(struct virtio_dev *vdev, uint64_t off,
				 uint32_t val)
{
	switch (off) {
	case VIRTIO_MMIO_DRIVER_FEATURES:
		virtio_set_driver_features(vdev, vdev->drv_features_sel, val);
		return 0;
	case VIRTIO_MMIO_QUEUE_NUM:
		virtio_mmio_queue_num(vdev, val);
		return 0;
	case VIRTIO_MMIO_QUEUE_READY:
		virtio_mmio_queue_ready_write(vdev, val);
		return 0;
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
		virtio_mmio_queue_addr(vdev, off, val);
		return 0;
	case VIRTIO_MMIO_SHM_SEL:
		return 0;		/* no regions: every selector reads -1 */
	default:
		return -EINVAL;
	}
}

static int virtio_mmio_write_ctrl(struct virtio_dev *vdev, uint64_t off, uint32_t val)
{
	int ret = virtio_mmio_write_common(vdev, off, val);

	if (ret != -ENOENT)
		return ret;
	if (vdev->host.mmio_legacy)
		return virtio_mmio_v1_write_reg(vdev, off, val);
	return virtio_mmio_write_reg(vdev, off, val);
}

static int virtio_mmio_write(void *opaque, uint64_t off, unsigned int size,
			     uint64_t val)
{
	struct virtio_dev *vdev = opaque;
	int ret;

	if (size == 0 || size > 8 || off % size)
		return -EINVAL;
	virtio_lock(vdev);
	if (off >= VIRTIO_MMIO_CONFIG)
		ret = virtio_config_write(vdev, off - VIRTIO_MMIO_CONFIG, size, val);
	else if (size != 4)
		ret = -EINVAL;
	else
		ret = virtio_mmio_write_ctrl(vdev, off, (uint32_t)val);
	virtio_unlock(vdev);
	return ret;
}

const struct mmio_ops virtio_mmio_ops = {
	.read = virtio_mmio_read,
	.write = virtio_mmio_write,
};

unsigned int virtio_mmio_num_queues(const struct virtio_dev *vdev)
{
	return vdev->info.num_queues;
}

void virtio_mmio_queue_notify(struct virtio_dev *vdev, unsigned int queue)
{
	virtio_lock(vdev);
	virtio_queue_notify(vdev, queue);
	virtio_unlock(vdev);
}

/*
 * An empty slot (QEMU's virtio_mmio_read() with no backend): its Version
 * follows force-legacy, as QEMU's does.
 */
static int virtio_mmio_empty_read_as(unsigned int version, uint64_t off,
				     unsigned int size, uint64_t *val)
{
	if (size != 4 || off % 4)
		return -EINVAL;
	switch (off) {
	case VIRTIO_MMIO_MAGIC_VALUE:
		*val = VIRTIO_MMIO_MAGIC;
		break;
	case VIRTIO_MMIO_VERSION:
		*val = version;
		break;
	case VIRTIO_MMIO_VENDOR_ID:
		*val = VIRTIO_MMIO_VENDOR;
		break;
	default:
		*val = 0;
		break;
	}
	return 0;
}

static int virtio_mmio_empty_read(void *opaque, uint64_t off, unsigned int size,
				  uint64_t *val)
{
	(void)opaque;
	return virtio_mmio_empty_read_as(2, off, size, val);
}

static int virtio_mmio_empty_legacy_read(void *opaque, uint64_t off,
					 unsigned int size, uint64_t *val)
{
	(void)opaque;
	return virtio_mmio_empty_read_as(1, off, size, val);
}

static int virtio_mmio_empty_write(void *opaque, uint64_t off,
				   unsigned int size, uint64_t val)
{
	(void)opaque;
	(void)val;
	return size != 4 || off % 4 ? -EINVAL : 0;
}

const struct mmio_ops virtio_mmio_empty_ops = {
	.read = virtio_mmio_empty_read,
	.write = virtio_mmio_empty_write,
};

const struct mmio_ops virtio_mmio_empty_legacy_ops = {
	.read = virtio_mmio_empty_legacy_read,
	.write = virtio_mmio_empty_write,
};
