// SPDX-License-Identifier: GPL-2.0
/*
 * A virtio device's transport state in a snapshot (docs/snapshot.md,
 * "virtio"): device status, feature words and selectors, the config
 * space, and per queue the driver's programming (size, ready, ring
 * addresses) with our position in the rings. Requests in flight are
 * the device model's business: it completes them before a save
 * (virtio_blk_drain), so the rings in guest RAM and these indices agree.
 *
 * A load validates what the file says as the registers would have:
 * features the device does not offer, a queue larger than QueueNumMax,
 * rings outside RAM (virtq_enable's checks) are refused.
 */
#include <errno.h>
#include <string.h>

#include "snap_stream.h"
#include "virtio_priv.h"

void virtio_snap_save(struct virtio_dev *vdev, struct snap_wbuf *w)
{
	snap_put_u32(w, vdev->info.device_id);
	snap_put_u8(w, vdev->status);
	snap_put_u32(w, vdev->isr);
	snap_put_u32(w, vdev->dev_features_sel);
	snap_put_u32(w, vdev->drv_features_sel);
	snap_put_u64(w, vdev->drv_features);
	snap_put_u32(w, vdev->queue_sel);
	snap_put_u32(w, vdev->config_gen);
	snap_put_u32(w, vdev->info.config_size);
	snap_put_bytes(w, vdev->config, vdev->info.config_size);
	snap_put_u32(w, vdev->info.num_queues);
	for (unsigned int i = 0; i < vdev->info.num_queues; i++) {
		const struct virtq *vq = &vdev->queues[i];

		snap_put_u16(w, vq->num);
		snap_put_u8(w, vq->ready);
		snap_put_u64(w, vq->desc_gpa);
		snap_put_u64(w, vq->avail_gpa);
		snap_put_u64(w, vq->used_gpa);
		snap_put_u16(w, vq->last_avail);
		snap_put_u16(w, vq->used_idx);
		snap_put_u16(w, vq->signalled_used);
		snap_put_u8(w, vq->signalled_valid);
		snap_put_u8(w, vq->broken);
	}
}

static int queue_load(struct virtio_dev *vdev, struct virtq *vq, struct snap_rbuf *r,
		      struct av_err *err)
{
	bool ready;
	uint16_t last_avail, used_idx, signalled;
	bool sig_valid, broken;

	vq->num = snap_get_u16(r);
	ready = snap_get_u8(r);
	vq->desc_gpa = snap_get_u64(r);
	vq->avail_gpa = snap_get_u64(r);
	vq->used_gpa = snap_get_u64(r);
	last_avail = snap_get_u16(r);
	used_idx = snap_get_u16(r);
	signalled = snap_get_u16(r);
	sig_valid = snap_get_u8(r);
	broken = snap_get_u8(r);
	if (r->bad || vq->num > vdev->info.queue_max)
		return av_errf(err, EINVAL, "snapshot: %s queue %u is malformed",
			       vdev->info.name, vq->index);
	if (ready && !virtq_enable(vq))
		return av_errf(err, EINVAL,
			       "snapshot: %s queue %u has rings outside RAM or a bad size",
			       vdev->info.name, vq->index);
	vq->last_avail = last_avail;
	vq->used_idx = used_idx;
	vq->signalled_used = signalled;
	vq->signalled_valid = sig_valid;
	vq->broken = broken;
	return 0;
}

int virtio_snap_load(struct virtio_dev *vdev, struct snap_rbuf *r, struct av_err *err)
{
	uint32_t id = snap_get_u32(r), cfg_size, nq;
	int ret;

	if (id != vdev->info.device_id)
		return av_errf(err, EINVAL,
			       "snapshot: a virtio device of type %u where this machine has %s",
			       id, vdev->info.name);
	vdev->status = snap_get_u8(r);
	vdev->isr = snap_get_u32(r) & 3;	/* used buffer, config change (4.2.2) */
	vdev->dev_features_sel = snap_get_u32(r);
	vdev->drv_features_sel = snap_get_u32(r);
	vdev->drv_features = snap_get_u64(r);
	vdev->queue_sel = snap_get_u32(r);
	vdev->config_gen = snap_get_u32(r);
	cfg_size = snap_get_u32(r);
	if (r->bad || cfg_size != vdev->info.config_size)
		return av_errf(err, EINVAL, "snapshot: %s config space size differs",
			       vdev->info.name);
	snap_get_bytes(r, vdev->config, cfg_size);
	if (vdev->drv_features & ~virtio_offered_features(vdev))
		return av_errf(err, EINVAL,
			       "snapshot: %s: the driver accepted features this device does not offer",
			       vdev->info.name);
	nq = snap_get_u32(r);
	if (nq != vdev->info.num_queues)
		return av_errf(err, EINVAL, "snapshot: %s has %u queues in the snapshot, %u here",
			       vdev->info.name, nq, vdev->info.num_queues);
	for (unsigned int i = 0; i < nq; i++) {
		virtq_reset(&vdev->queues[i]);
		ret = queue_load(vdev, &vdev->queues[i], r, err);
		if (ret)
			return ret;
	}
	if (r->bad)
		return av_errf(err, EINVAL, "snapshot: %s state is truncated", vdev->info.name);
	/* virtio-mmio's line; a transport (PCI) rebuilds its own interrupt state. */
	if (!vdev->host.transport)
		virtio_update_irq(vdev);
	if ((vdev->status & VIRTIO_STATUS_DRIVER_OK) && vdev->ops.driver_ok)
		vdev->ops.driver_ok(vdev->opaque);
	return 0;
}
