// SPDX-License-Identifier: GPL-2.0
/*
 * The unit tests' virtio driver (see virtio_rig.h). Ring areas for queue
 * q sit at q * 64 KiB in the test RAM; data pages from 512 KiB on.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "virtio_rig.h"

#define VRIG_QUEUE_AREA	0x10000ULL
#define VRIG_AVAIL_OFF	0x8000ULL
#define VRIG_USED_OFF	0xa000ULL
#define VRIG_DATA_OFF	0x80000ULL

static void vrig_irq_set(void *opaque, unsigned int intid, int level)
{
	struct vrig *r = opaque;

	(void)intid;
	if (level && !r->irq_level)
		r->irq_raises++;
	r->irq_level = level;
}

static void vrig_dma(void *opaque, uint64_t gpa, uint64_t len)
{
	struct vrig *r = opaque;

	ck_assert(guest_ram_contains(&r->ram, gpa, len));
	r->dma_bytes += len;
}

void vrig_init_ram(struct vrig *r)
{
	memset(r, 0, sizeof(*r));
	r->ram.host = aligned_alloc(4096, VRIG_RAM_SIZE);
	ck_assert(r->ram.host);
	memset(r->ram.host, 0, VRIG_RAM_SIZE);
	r->ram.base = VRIG_RAM_BASE;
	r->ram.size = VRIG_RAM_SIZE;
}

void vrig_host(struct vrig *r, struct virtio_host *host)
{
	*host = (struct virtio_host){
		.ram = &r->ram,
		.irq = { .set = vrig_irq_set, .opaque = r, .intid = 48 },
		.dma_written = vrig_dma,
		.dma_opaque = r,
		.mmio_base = 0x0a000000,
	};
}

void vrig_init(struct vrig *r, const struct virtio_dev_info *info,
	       const struct virtio_dev_ops *ops, void *opaque)
{
	struct av_err err = { 0 };
	struct virtio_host host;

	vrig_init_ram(r);
	vrig_host(r, &host);
	r->vdev = virtio_dev_create(info, ops, opaque, &host, &err);
	ck_assert_msg(r->vdev, "virtio_dev_create: %s", err.msg);
}

void vrig_fini(struct vrig *r)
{
	virtio_dev_destroy(r->vdev);
	free(r->ram.host);
}

void vrig_fini_ram(struct vrig *r)
{
	free(r->ram.host);
}

int vrig_access(struct vrig *r, bool write, uint64_t off, unsigned int size,
	       uint64_t *val)
{
	if (write)
		return virtio_mmio_ops.write(r->vdev, off, size, *val);
	return virtio_mmio_ops.read(r->vdev, off, size, val);
}

uint32_t vrig_read(struct vrig *r, uint64_t off)
{
	uint64_t v = 0;

	ck_assert_int_eq(vrig_access(r, false, off, 4, &v), 0);
	return (uint32_t)v;
}

void vrig_write(struct vrig *r, uint64_t off, uint32_t val)
{
	uint64_t v = val;

	ck_assert_int_eq(vrig_access(r, true, off, 4, &v), 0);
}

uint32_t vrig_negotiate(struct vrig *r, uint64_t features)
{
	vrig_write(r, VIRTIO_MMIO_STATUS, 0);
	vrig_write(r, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	vrig_write(r, VIRTIO_MMIO_STATUS,
		  VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	vrig_write(r, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	vrig_write(r, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)features);
	vrig_write(r, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	vrig_write(r, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(features >> 32));
	vrig_write(r, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
		  VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
	return vrig_read(r, VIRTIO_MMIO_STATUS);
}

uint32_t vrig_queue_setup_at(struct vrig *r, unsigned int q, uint16_t num,
			    uint64_t desc, uint64_t avail, uint64_t used)
{
	struct vrig_queue *rq = &r->q[q];

	rq->num = num;
	rq->desc = desc;
	rq->avail = avail;
	rq->used = used;
	rq->avail_idx = 0;
	vrig_write(r, VIRTIO_MMIO_QUEUE_SEL, q);
	vrig_write(r, VIRTIO_MMIO_QUEUE_NUM, num);
	vrig_write(r, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)desc);
	vrig_write(r, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(desc >> 32));
	vrig_write(r, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)avail);
	vrig_write(r, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(avail >> 32));
	vrig_write(r, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)used);
	vrig_write(r, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(used >> 32));
	vrig_write(r, VIRTIO_MMIO_QUEUE_READY, 1);
	return vrig_read(r, VIRTIO_MMIO_QUEUE_READY);
}

uint32_t vrig_queue_setup(struct vrig *r, unsigned int q, uint16_t num)
{
	uint64_t area = VRIG_RAM_BASE + q * VRIG_QUEUE_AREA;

	return vrig_queue_setup_at(r, q, num, area, area + VRIG_AVAIL_OFF,
				  area + VRIG_USED_OFF);
}

void vrig_driver_ok(struct vrig *r)
{
	vrig_write(r, VIRTIO_MMIO_STATUS, vrig_read(r, VIRTIO_MMIO_STATUS) |
		  VIRTIO_STATUS_DRIVER_OK);
}

void vrig_start(struct vrig *r, uint64_t features, unsigned int nq, uint16_t num)
{
	ck_assert(vrig_negotiate(r, features) & VIRTIO_STATUS_FEATURES_OK);
	for (unsigned int q = 0; q < nq; q++)
		ck_assert_uint_eq(vrig_queue_setup(r, q, num), 1);
	vrig_driver_ok(r);
}

void *vrig_ptr(struct vrig *r, uint64_t gpa)
{
	ck_assert(guest_ram_contains(&r->ram, gpa, 1));
	return r->ram.host + (gpa - VRIG_RAM_BASE);
}

uint64_t vrig_buf(unsigned int n)
{
	return VRIG_RAM_BASE + VRIG_DATA_OFF + n * 4096ULL;
}

static void vrig_put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, 2);
}

static uint16_t vrig_get16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return v;
}

void vrig_desc_at(uint8_t *table, uint16_t i, uint64_t addr, uint32_t len,
		 uint16_t flags, uint16_t next)
{
	uint8_t *d = table + 16 * i;

	memcpy(d, &addr, 8);
	memcpy(d + 8, &len, 4);
	vrig_put16(d + 12, flags);
	vrig_put16(d + 14, next);
}

void vrig_desc(struct vrig *r, unsigned int q, uint16_t i, uint64_t addr,
	      uint32_t len, uint16_t flags, uint16_t next)
{
	vrig_desc_at(vrig_ptr(r, r->q[q].desc), i, addr, len, flags, next);
}

void vrig_set_avail_idx(struct vrig *r, unsigned int q, uint16_t idx)
{
	r->q[q].avail_idx = idx;
	vrig_put16(vrig_ptr(r, r->q[q].avail + 2), idx);
}

void vrig_avail_add(struct vrig *r, unsigned int q, uint16_t head)
{
	struct vrig_queue *rq = &r->q[q];

	vrig_put16(vrig_ptr(r, rq->avail + 4 + 2 * (rq->avail_idx % rq->num)), head);
	vrig_set_avail_idx(r, q, rq->avail_idx + 1);
}

void vrig_kick(struct vrig *r, unsigned int q, uint16_t head)
{
	vrig_avail_add(r, q, head);
	vrig_write(r, VIRTIO_MMIO_QUEUE_NOTIFY, q);
}

void vrig_set_avail_flags(struct vrig *r, unsigned int q, uint16_t flags)
{
	vrig_put16(vrig_ptr(r, r->q[q].avail), flags);
}

void vrig_set_used_event(struct vrig *r, unsigned int q, uint16_t ev)
{
	vrig_put16(vrig_ptr(r, r->q[q].avail + 4 + 2 * r->q[q].num), ev);
}

uint16_t vrig_avail_event(struct vrig *r, unsigned int q)
{
	return vrig_get16(vrig_ptr(r, r->q[q].used + 4 + 8 * r->q[q].num));
}

uint16_t vrig_used_idx(struct vrig *r, unsigned int q)
{
	return vrig_get16(vrig_ptr(r, r->q[q].used + 2));
}

void vrig_used_elem(struct vrig *r, unsigned int q, uint16_t i, uint32_t *id,
		   uint32_t *len)
{
	uint8_t *e = vrig_ptr(r, r->q[q].used + 4 + 8 * (i % r->q[q].num));

	memcpy(id, e, 4);
	memcpy(len, e + 4, 4);
}
