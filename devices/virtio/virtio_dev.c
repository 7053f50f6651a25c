// SPDX-License-Identifier: GPL-2.0
/*
 * A virtio device's transport-independent state: lifetime, device status
 * and reset (virtio 1.1, 2.1 and 3.1), feature negotiation (2.2), config
 * space (2.4) and the interrupt line (4.2.2 InterruptStatus: the line is
 * high while any InterruptStatus bit is set).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "virtio_priv.h"

static bool virtio_info_valid(const struct virtio_dev_info *info)
{
	uint16_t max = info->queue_max;

	return info->num_queues > 0 && max > 0 && (max & (max - 1)) == 0 &&
	       info->config_size <= VIRTIO_CONFIG_MAX;
}

static int virtio_dev_init_queues(struct virtio_dev *vdev, struct av_err *err)
{
	vdev->queues = calloc(vdev->info.num_queues, sizeof(*vdev->queues));
	if (!vdev->queues)
		return av_errf(err, ENOMEM, "%s: out of memory", vdev->info.name);
	for (unsigned int i = 0; i < vdev->info.num_queues; i++)
		if (virtq_init(&vdev->queues[i], vdev, i))
			return av_errf(err, ENOMEM, "%s: out of memory",
				       vdev->info.name);
	return 0;
}

struct virtio_dev *virtio_dev_create(const struct virtio_dev_info *info,
				     const struct virtio_dev_ops *ops,
				     void *opaque,
				     const struct virtio_host *host,
				     struct av_err *err)
{
	struct virtio_dev *vdev;

	if (!virtio_info_valid(info)) {
		av_errf(err, EINVAL, "%s: invalid virtio device description",
			info->name);
		return NULL;
	}
	vdev = calloc(1, sizeof(*vdev));
	if (!vdev) {
		av_errf(err, ENOMEM, "%s: out of memory", info->name);
		return NULL;
	}
	pthread_mutex_init(&vdev->lock, NULL);
	vdev->info = *info;
	if (ops)
		vdev->ops = *ops;
	vdev->opaque = opaque;
	vdev->host = *host;
	if (virtio_dev_init_queues(vdev, err)) {
		virtio_dev_destroy(vdev);
		return NULL;
	}
	return vdev;
}

void virtio_dev_destroy(struct virtio_dev *vdev)
{
	if (!vdev)
		return;
	if (vdev->queues)
		for (unsigned int i = 0; i < vdev->info.num_queues; i++)
			virtq_fini(&vdev->queues[i]);
	free(vdev->queues);
	pthread_mutex_destroy(&vdev->lock);
	free(vdev);
}

void virtio_lock(struct virtio_dev *vdev)
{
	pthread_mutex_lock(&vdev->lock);
}

void virtio_unlock(struct virtio_dev *vdev)
{
	pthread_mutex_unlock(&vdev->lock);
}

const char *virtio_name(const struct virtio_dev *vdev)
{
	return vdev->info.name;
}

uint8_t virtio_status(const struct virtio_dev *vdev)
{
	return vdev->status;
}

uint64_t virtio_features(const struct virtio_dev *vdev)
{
	return vdev->drv_features;
}

bool virtio_has_feature(const struct virtio_dev *vdev, unsigned int bit)
{
	return bit < 64 && (vdev->drv_features >> bit) & 1;
}

/* Indirect descriptors and event idx are ours to offer (2.6.5.3, 2.6.7). */
uint64_t virtio_offered_features(const struct virtio_dev *vdev)
{
	return vdev->info.features | 1ULL << VIRTIO_F_VERSION_1 |
	       1ULL << VIRTIO_F_INDIRECT_DESC | 1ULL << VIRTIO_F_EVENT_IDX;
}

uint8_t *virtio_config(struct virtio_dev *vdev)
{
	return vdev->config;
}

/* virtio-mmio: the line is high while InterruptStatus is not 0 (4.2.2). */
void virtio_update_irq(struct virtio_dev *vdev)
{
	int level = vdev->isr != 0;

	if (level != vdev->irq_level) {
		vdev->irq_level = level;
		irq_line_set(&vdev->host.irq, level);
	}
}

static void virtio_signal(struct virtio_dev *vdev, uint32_t bits, int queue)
{
	const struct virtio_transport_ops *t = vdev->host.transport;

	vdev->isr |= bits;
	if (t && t->signal)
		t->signal(vdev->host.transport_opaque, queue);
	else if (!t)
		virtio_update_irq(vdev);
}

void virtio_raise_queue(struct virtio_dev *vdev, unsigned int queue)
{
	virtio_signal(vdev, VIRTIO_MMIO_INT_VRING, (int)queue);
}

void virtio_raise_config(struct virtio_dev *vdev)
{
	virtio_signal(vdev, VIRTIO_MMIO_INT_CONFIG, VIRTIO_SIGNAL_CONFIG);
}

void virtio_ack(struct virtio_dev *vdev, uint32_t bits)
{
	const struct virtio_transport_ops *t = vdev->host.transport;

	vdev->isr &= ~bits;
	if (t && t->isr_cleared)
		t->isr_cleared(vdev->host.transport_opaque);
	else if (!t)
		virtio_update_irq(vdev);
}

void virtio_config_changed(struct virtio_dev *vdev)
{
	vdev->config_gen++;
	if (vdev->status & VIRTIO_STATUS_DRIVER_OK)
		virtio_raise_config(vdev);
}

void virtio_dma_written(struct virtio_dev *vdev, uint64_t gpa, uint64_t len)
{
	if (vdev->host.dma_written && len)
		vdev->host.dma_written(vdev->host.dma_opaque, gpa, len);
}

static void virtio_vlog(const struct virtio_dev *vdev, const char *fmt,
			va_list ap)
{
	char msg[256];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (vdev->host.where[0])
		log_printf(LOG_GUEST_ERRORS, "%s@%s: %s\n", vdev->info.name,
			   vdev->host.where, msg);
	else
		log_printf(LOG_GUEST_ERRORS, "%s@0x%llx: %s\n", vdev->info.name,
			   (unsigned long long)vdev->host.mmio_base, msg);
}

void virtio_guest_error(const struct virtio_dev *vdev, const char *fmt, ...)
{
	va_list ap;

	if (!log_enabled(LOG_GUEST_ERRORS))
		return;
	va_start(ap, fmt);
	virtio_vlog(vdev, fmt, ap);
	va_end(ap);
}

void virtio_set_needs_reset(struct virtio_dev *vdev, const char *fmt, ...)
{
	va_list ap;

	if (log_enabled(LOG_GUEST_ERRORS)) {
		va_start(ap, fmt);
		virtio_vlog(vdev, fmt, ap);
		va_end(ap);
	}
	if (vdev->status & VIRTIO_STATUS_NEEDS_RESET)
		return;
	vdev->status |= VIRTIO_STATUS_NEEDS_RESET;
	/* 2.1.2: the device must send a config change notification. */
	if (vdev->status & VIRTIO_STATUS_DRIVER_OK)
		virtio_raise_config(vdev);
}

struct virtq *virtio_queue(struct virtio_dev *vdev, unsigned int n)
{
	return n < vdev->info.num_queues ? &vdev->queues[n] : NULL;
}

/* 4.2.3.1 and 3.1.1: writing 0 to Status resets the device. */
static void virtio_reset_locked(struct virtio_dev *vdev)
{
	if (vdev->ops.reset)
		vdev->ops.reset(vdev->opaque);
	for (unsigned int i = 0; i < vdev->info.num_queues; i++)
		virtq_reset(&vdev->queues[i]);
	vdev->status = 0;
	vdev->drv_features = 0;
	vdev->dev_features_sel = 0;
	vdev->drv_features_sel = 0;
	vdev->queue_sel = 0;
	virtio_ack(vdev, ~0u);
	if (vdev->host.transport && vdev->host.transport->reset)
		vdev->host.transport->reset(vdev->host.transport_opaque);
}

void virtio_dev_reset(struct virtio_dev *vdev)
{
	virtio_lock(vdev);
	virtio_reset_locked(vdev);
	virtio_unlock(vdev);
}

/*
 * FEATURES_OK sticks only for a subset of our offer that includes
 * VERSION_1: this is a modern-only device (2.2.1, 3.1.1 step 6).
 */
static bool virtio_features_acceptable(const struct virtio_dev *vdev)
{
	uint64_t f = vdev->drv_features;

	if (f & ~virtio_offered_features(vdev))
		return false;
	return (f >> VIRTIO_F_VERSION_1) & 1;
}

void virtio_write_status(struct virtio_dev *vdev, uint32_t val)
{
	uint8_t old = vdev->status;
	uint8_t status = val & 0xff;

	if (status == 0) {
		virtio_reset_locked(vdev);
		return;
	}
	/* NEEDS_RESET is the device's to set; only a reset clears it. */
	status = (status & ~VIRTIO_STATUS_NEEDS_RESET) |
		 (old & VIRTIO_STATUS_NEEDS_RESET);
	if ((status & VIRTIO_STATUS_FEATURES_OK) &&
	    !(old & VIRTIO_STATUS_FEATURES_OK) &&
	    !virtio_features_acceptable(vdev)) {
		virtio_guest_error(vdev, "features 0x%llx refused",
				   (unsigned long long)vdev->drv_features);
		status &= ~VIRTIO_STATUS_FEATURES_OK;
	}
	vdev->status = status;
	if ((status & VIRTIO_STATUS_DRIVER_OK) &&
	    !(old & VIRTIO_STATUS_DRIVER_OK) && vdev->ops.driver_ok)
		vdev->ops.driver_ok(vdev->opaque);
}

/* 4.2.3.3 / 4.1.4.4: a notify for a queue that is not ready is ignored. */
void virtio_queue_notify(struct virtio_dev *vdev, unsigned int queue)
{
	struct virtq *vq = virtio_queue(vdev, queue);

	if (!vq || !vq->ready) {
		virtio_guest_error(vdev, "notify: queue %u is not ready", queue);
		return;
	}
	if (vq->broken || (vdev->status & VIRTIO_STATUS_NEEDS_RESET))
		return;
	if (vdev->ops.notify)
		vdev->ops.notify(vdev->opaque, vq->index);
}

uint32_t virtio_features_word(const struct virtio_dev *vdev, uint32_t sel)
{
	uint64_t f = virtio_offered_features(vdev);

	return sel > 1 ? 0 : (uint32_t)(f >> (32 * sel));
}

void virtio_set_driver_features(struct virtio_dev *vdev, uint32_t sel,
				uint32_t val)
{
	uint64_t mask = 0xffffffffULL << (32 * (sel & 1));

	if (vdev->status & VIRTIO_STATUS_FEATURES_OK) {
		virtio_guest_error(vdev, "driver features written after FEATURES_OK");
		return;
	}
	if (sel > 1) {
		if (val)
			virtio_guest_error(vdev, "driver features word %u: no such features",
					   sel);
		return;
	}
	vdev->drv_features = (vdev->drv_features & ~mask) |
			     ((uint64_t)val << (32 * sel));
}

int virtio_config_read(struct virtio_dev *vdev, uint64_t off, unsigned int size,
		       uint64_t *val)
{
	uint64_t v = 0;

	if (size == 0 || size > 8 || off >= vdev->info.config_size ||
	    size > vdev->info.config_size - off)
		return -EINVAL;
	memcpy(&v, vdev->config + off, size);	/* little-endian host */
	*val = v;
	return 0;
}

int virtio_config_write(struct virtio_dev *vdev, uint64_t off,
			unsigned int size, uint64_t val)
{
	if (size == 0 || size > 8 || off >= vdev->info.config_size ||
	    size > vdev->info.config_size - off)
		return -EINVAL;
	if (!vdev->ops.config_write) {
		virtio_guest_error(vdev, "config write at 0x%llx: read only",
				   (unsigned long long)off);
		return 0;
	}
	memcpy(vdev->config + off, &val, size);	/* little-endian host */
	vdev->ops.config_write(vdev->opaque, (uint32_t)off, size);
	return 0;
}
