// SPDX-License-Identifier: GPL-2.0
/*
 * Split virtqueues (virtio 1.1, 2.6): the device side of the available
 * and used rings. The ring areas are checked once, when the driver makes
 * the queue ready, to be aligned and wholly in RAM (2.6 "Alignment
 * requirements"); every index read from them afterwards is checked
 * against the queue size before use.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "virtio_priv.h"
#include "virtqueue_ring.h"

int virtq_init(struct virtq *vq, struct virtio_dev *vdev, unsigned int index)
{
	vq->vdev = vdev;
	vq->index = index;
	vq->scratch = calloc(vdev->info.queue_max, sizeof(*vq->scratch));
	if (!vq->scratch)
		return -ENOMEM;
	virtq_reset(vq);
	return 0;
}

void virtq_fini(struct virtq *vq)
{
	free(vq->scratch);
	vq->scratch = NULL;
}

void virtq_reset(struct virtq *vq)
{
	vq->gen++;
	vq->ready = false;
	vq->broken = false;
	vq->num = vq->vdev->info.queue_max;
	vq->desc_gpa = vq->avail_gpa = vq->used_gpa = 0;
	vq->pfn = 0;
	vq->align = VIRTIO_LEGACY_ALIGN;
	vq->desc = vq->avail = vq->used = NULL;
	vq->last_avail = 0;
	vq->used_idx = 0;
	vq->signalled_used = 0;
	vq->signalled_valid = false;
}

static uint8_t *virtq_map(struct virtq *vq, const char *what, uint64_t gpa,
			  uint64_t size, uint64_t align)
{
	uint8_t *p = guest_ram_ptr(vq->vdev->host.ram, gpa, size);

	if (gpa % align)
		p = NULL;
	if (!p)
		virtio_guest_error(vq->vdev,
				   "queue %u: %s ring at 0x%llx (%llu bytes) is misaligned or outside RAM",
				   vq->index, what, (unsigned long long)gpa,
				   (unsigned long long)size);
	return p;
}

bool virtq_enable(struct virtq *vq)
{
	uint16_t num = vq->num;

	if (num == 0 || (num & (num - 1))) {
		virtio_guest_error(vq->vdev, "queue %u: size %u is not a power of two",
				   vq->index, num);
		return false;
	}
	vq->desc = virtq_map(vq, "descriptor", vq->desc_gpa,
			     (uint64_t)num * VQ_DESC_SIZE, 16);
	vq->avail = virtq_map(vq, "available", vq->avail_gpa,
			      vq_avail_size(num), 2);
	vq->used = virtq_map(vq, "used", vq->used_gpa, vq_used_size(num), 4);
	if (!vq->desc || !vq->avail || !vq->used) {
		vq->desc = vq->avail = vq->used = NULL;
		return false;
	}
	vq->last_avail = 0;
	vq->used_idx = 0;
	vq->signalled_valid = false;
	vq->broken = false;
	vq->ready = true;
	return true;
}

bool virtq_ready(const struct virtq *vq)
{
	return vq->ready && !vq->broken;
}

unsigned int virtq_index(const struct virtq *vq)
{
	return vq->index;
}

struct virtio_dev *virtq_dev(const struct virtq *vq)
{
	return vq->vdev;
}

static bool virtq_event_idx(const struct virtq *vq)
{
	return virtio_has_feature(vq->vdev, VIRTIO_F_EVENT_IDX);
}

/* avail_event: ask for a notification when the driver adds the next one (2.6.7.1). */
static void virtq_set_avail_event(struct virtq *vq)
{
	if (virtq_event_idx(vq))
		vq_store16(vq->used + VQ_USED_RING +
			   (uint64_t)VQ_USED_ELEM_SIZE * vq->num, vq->last_avail);
}

/* Entries the driver has made available; fails the queue if too many. */
static int virtq_pending(struct virtq *vq, uint16_t *count)
{
	uint16_t idx = vq_load16(vq->avail + VQ_AVAIL_IDX);

	/* Descriptors and ring entries were written before idx (2.6.13). */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	*count = (uint16_t)(idx - vq->last_avail);
	if (*count > vq->num) {
		vq->broken = true;
		virtio_set_needs_reset(vq->vdev,
				       "queue %u: available index jumped from %u to %u",
				       vq->index, vq->last_avail, idx);
		return -EIO;
	}
	return 0;
}

static struct virtq_elem *virtq_elem_new(struct virtq *vq, uint16_t head,
					 unsigned int nout, unsigned int nin)
{
	unsigned int n = nout + nin;
	struct virtq_elem *e = malloc(sizeof(*e) + n * sizeof(e->seg[0]));

	if (!e)
		return NULL;
	e->head = head;
	e->gen = vq->gen;
	e->nout = nout;
	e->nin = nin;
	e->out_len = e->in_len = 0;
	memcpy(e->seg, vq->scratch, n * sizeof(e->seg[0]));
	for (unsigned int i = 0; i < n; i++) {
		if (i < nout)
			e->out_len += e->seg[i].len;
		else
			e->in_len += e->seg[i].len;
	}
	return e;
}

int virtq_pop(struct virtq *vq, struct virtq_elem **elem)
{
	unsigned int nout, nin;
	uint16_t count, head;
	int ret;

	if (!virtq_ready(vq))
		return vq->broken ? -EIO : 0;
	ret = virtq_pending(vq, &count);
	if (ret || !count)
		return ret;
	head = vq_load16(vq->avail + VQ_AVAIL_RING +
			 2ULL * (vq->last_avail % vq->num));
	if (head >= vq->num) {
		vq->broken = true;
		virtio_set_needs_reset(vq->vdev, "queue %u: head index %u out of range",
				       vq->index, head);
		return -EIO;
	}
	ret = virtq_walk_chain(vq, head, &nout, &nin);
	if (ret)
		return ret;
	*elem = virtq_elem_new(vq, head, nout, nin);
	if (!*elem)
		return -ENOMEM;
	vq->last_avail++;
	virtq_set_avail_event(vq);
	return 1;
}

void virtq_elem_free(struct virtq_elem *elem)
{
	free(elem);
}

/* The device wrote the first "written" bytes of the writable buffers. */
static void virtq_report_dma(struct virtq *vq, const struct virtq_elem *e,
			     uint64_t written)
{
	for (unsigned int i = e->nout; i < e->nout + e->nin && written; i++) {
		uint64_t len = e->seg[i].len < written ? e->seg[i].len : written;

		virtio_dma_written(vq->vdev, e->seg[i].gpa, len);
		written -= len;
	}
}

void virtq_push(struct virtq *vq, struct virtq_elem *elem, uint32_t written)
{
	uint64_t slot;

	if (elem->gen != vq->gen || !vq->ready) {
		free(elem);
		return;
	}
	if (written > elem->in_len)
		written = (uint32_t)elem->in_len;
	virtq_report_dma(vq, elem, written);
	slot = VQ_USED_RING + (uint64_t)VQ_USED_ELEM_SIZE * (vq->used_idx % vq->num);
	vq_store32(vq->used + slot, elem->head);
	vq_store32(vq->used + slot + 4, written);
	/* The element is visible before the index that publishes it (2.6.8). */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	vq->used_idx++;
	vq_store16(vq->used + VQ_USED_IDX, vq->used_idx);
	virtio_dma_written(vq->vdev, vq->used_gpa, vq_used_size(vq->num));
	free(elem);
}

/* 2.6.7.2: interrupt when used_event lies in (old, new]. */
static bool virtq_need_event(uint16_t event, uint16_t new_idx, uint16_t old)
{
	return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old);
}

static bool virtq_should_signal(struct virtq *vq)
{
	uint16_t old = vq->signalled_used;
	bool valid = vq->signalled_valid;
	uint16_t event;

	/* Our used idx store is ordered before reading the driver's wish. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	vq->signalled_used = vq->used_idx;
	vq->signalled_valid = true;
	if (!virtq_event_idx(vq))
		return !(vq_load16(vq->avail + VQ_AVAIL_FLAGS) &
			 VIRTQ_AVAIL_F_NO_INTERRUPT);
	event = vq_load16(vq->avail + VQ_AVAIL_RING + 2ULL * vq->num);
	return !valid || virtq_need_event(event, vq->used_idx, old);
}

void virtq_notify(struct virtq *vq)
{
	if (!vq->ready)
		return;
	if (virtq_should_signal(vq))
		virtio_raise_queue(vq->vdev, vq->index);
}

size_t virtq_elem_read(const struct virtq_elem *elem, uint64_t off,
		       void *buf, size_t len)
{
	size_t done = 0;

	for (unsigned int i = 0; i < elem->nout && done < len; i++) {
		const struct virtq_seg *s = &elem->seg[i];
		size_t n;

		if (off >= s->len) {
			off -= s->len;
			continue;
		}
		n = s->len - off < len - done ? s->len - off : len - done;
		memcpy((uint8_t *)buf + done, (uint8_t *)s->host + off, n);
		done += n;
		off = 0;
	}
	return done;
}

size_t virtq_elem_write(const struct virtq_elem *elem, uint64_t off,
			const void *buf, size_t len)
{
	size_t done = 0;

	for (unsigned int i = elem->nout; i < elem->nout + elem->nin &&
	     done < len; i++) {
		const struct virtq_seg *s = &elem->seg[i];
		size_t n;

		if (off >= s->len) {
			off -= s->len;
			continue;
		}
		n = s->len - off < len - done ? s->len - off : len - done;
		memcpy((uint8_t *)s->host + off, (const uint8_t *)buf + done, n);
		done += n;
		off = 0;
	}
	return done;
}
