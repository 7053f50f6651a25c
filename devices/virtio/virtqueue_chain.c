// SPDX-License-Identifier: GPL-2.0
/*
 * Walking one descriptor chain of a split ring (virtio 1.1, 2.6.5) into
 * the queue's scratch segments. Everything here is guest controlled, so
 * each rule the driver must follow is checked, and a chain that breaks
 * one puts the device in DEVICE_NEEDS_RESET (2.1.2):
 *  - every buffer lies wholly in guest RAM;
 *  - next indices stay inside their table, and no table is walked more
 *    times than it has entries (a loop);
 *  - the chain has at most Queue Size descriptors (2.6.5.2);
 *  - device-writable buffers follow all device-readable ones (2.6.4.2);
 *  - indirect tables only when negotiated, not nested, not combined
 *    with NEXT, a whole number of descriptors (2.6.5.3.1).
 */
#include <errno.h>

#include "virtio_priv.h"
#include "virtqueue_ring.h"

struct vq_walk {
	struct virtq *vq;
	const uint8_t *table;		/* the ring's table, or an indirect one */
	uint32_t table_num;
	uint32_t visited;		/* descriptors read from this table */
	bool indirect;
	unsigned int nout, nin;
};

static int vq_walk_fail(struct vq_walk *w, uint16_t head, const char *why,
			unsigned long long what)
{
	struct virtq *vq = w->vq;

	vq->broken = true;
	virtio_set_needs_reset(vq->vdev, "queue %u, chain at %u: %s (0x%llx)",
			       vq->index, head, why, what);
	return -EIO;
}

/* Switch to the indirect table described by d. */
static int vq_walk_enter_indirect(struct vq_walk *w, uint16_t head,
				  const struct vq_desc *d)
{
	struct virtq *vq = w->vq;
	const uint8_t *table;

	if (!virtio_has_feature(vq->vdev, VIRTIO_F_INDIRECT_DESC))
		return vq_walk_fail(w, head, "indirect descriptor not negotiated",
				    d->flags);
	if (w->indirect)
		return vq_walk_fail(w, head, "nested indirect table", d->addr);
	if (d->flags & VIRTQ_DESC_F_NEXT)
		return vq_walk_fail(w, head, "indirect descriptor with NEXT",
				    d->flags);
	if (d->len == 0 || d->len % VQ_DESC_SIZE)
		return vq_walk_fail(w, head, "indirect table length", d->len);
	table = guest_ram_ptr(vq->vdev->host.ram, d->addr, d->len);
	if (!table)
		return vq_walk_fail(w, head, "indirect table outside RAM", d->addr);
	w->table = table;
	w->table_num = d->len / VQ_DESC_SIZE;
	w->visited = 0;
	w->indirect = true;
	return 0;
}

/* Record one buffer as the next segment. */
static int vq_walk_add(struct vq_walk *w, uint16_t head, const struct vq_desc *d)
{
	struct virtq *vq = w->vq;
	void *host = guest_ram_ptr(vq->vdev->host.ram, d->addr, d->len);
	unsigned int n = w->nout + w->nin;

	if (!host)
		return vq_walk_fail(w, head, "buffer outside RAM", d->addr);
	if (n >= vq->num)
		return vq_walk_fail(w, head, "chain longer than the queue", n);
	if (d->flags & VIRTQ_DESC_F_WRITE) {
		w->nin++;
	} else if (w->nin) {
		return vq_walk_fail(w, head, "readable buffer after a writable one",
				    d->addr);
	} else {
		w->nout++;
	}
	vq->scratch[n] = (struct virtq_seg){
		.host = host, .gpa = d->addr, .len = d->len,
	};
	return 0;
}

int virtq_walk_chain(struct virtq *vq, uint16_t head, unsigned int *nout,
		     unsigned int *nin)
{
	struct vq_walk w = {
		.vq = vq, .table = vq->desc, .table_num = vq->num,
	};
	uint32_t i = head;
	struct vq_desc d;
	int ret;

	for (;;) {
		if (++w.visited > w.table_num)
			return vq_walk_fail(&w, head, "descriptor loop", i);
		vq_read_desc(w.table, i, &d);
		if (d.flags & VIRTQ_DESC_F_INDIRECT) {
			ret = vq_walk_enter_indirect(&w, head, &d);
			if (ret)
				return ret;
			i = 0;
			continue;
		}
		ret = vq_walk_add(&w, head, &d);
		if (ret)
			return ret;
		if (!(d.flags & VIRTQ_DESC_F_NEXT))
			break;
		if (d.next >= w.table_num)
			return vq_walk_fail(&w, head, "next index out of range",
					    d.next);
		i = d.next;
	}
	*nout = w.nout;
	*nin = w.nin;
	return 0;
}
