/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A virtio driver for unit tests: a test guest RAM over a malloc'd
 * buffer, one virtio_dev on it, and helpers that program the transport
 * and build split rings by hand (virtio 1.1, 2.6 and 4.2.3).
 */
#ifndef TESTS_VIRTIO_RIG_H
#define TESTS_VIRTIO_RIG_H

#include <stdint.h>

#include "virtio.h"

#define VRIG_RAM_BASE	0x40000000ULL
#define VRIG_RAM_SIZE	(1ULL << 20)
#define VRIG_MAX_QUEUES	4

struct vrig_queue {
	uint16_t num;
	uint64_t desc, avail, used;
	uint16_t avail_idx;
};

struct vrig {
	struct guest_ram ram;
	struct virtio_dev *vdev;
	int irq_level;
	unsigned int irq_raises;
	uint64_t dma_bytes;		/* reported through dma_written */
	struct vrig_queue q[VRIG_MAX_QUEUES];
};

/* Create the device on a zeroed test RAM; fails the test on error. */
void vrig_init(struct vrig *r, const struct virtio_dev_info *info,
	      const struct virtio_dev_ops *ops, void *opaque);
void vrig_fini(struct vrig *r);
/* For device models that create their own virtio_dev: RAM and host only. */
void vrig_init_ram(struct vrig *r);
void vrig_host(struct vrig *r, struct virtio_host *host);
void vrig_fini_ram(struct vrig *r);

uint32_t vrig_read(struct vrig *r, uint64_t off);
void vrig_write(struct vrig *r, uint64_t off, uint32_t val);
/* Raw access result (0 or -EINVAL) for width/offset tests. */
int vrig_access(struct vrig *r, bool write, uint64_t off, unsigned int size,
	       uint64_t *val);

/* 3.1.1 steps 1-6 with these driver features; returns the final Status. */
uint32_t vrig_negotiate(struct vrig *r, uint64_t features);
/* Rings for queue q at fixed RAM offsets; returns QueueReady as read back. */
uint32_t vrig_queue_setup(struct vrig *r, unsigned int q, uint16_t num);
/* Program queue q with explicit addresses; returns QueueReady. */
uint32_t vrig_queue_setup_at(struct vrig *r, unsigned int q, uint16_t num,
			    uint64_t desc, uint64_t avail, uint64_t used);
void vrig_driver_ok(struct vrig *r);
/* vrig_negotiate + vrig_queue_setup for queues 0..nq-1 + DRIVER_OK. */
void vrig_start(struct vrig *r, uint64_t features, unsigned int nq, uint16_t num);

void *vrig_ptr(struct vrig *r, uint64_t gpa);
/* A data buffer: the n-th 4 KiB page of the data area. */
uint64_t vrig_buf(unsigned int n);

void vrig_desc_at(uint8_t *table, uint16_t i, uint64_t addr, uint32_t len,
		 uint16_t flags, uint16_t next);
void vrig_desc(struct vrig *r, unsigned int q, uint16_t i, uint64_t addr,
	      uint32_t len, uint16_t flags, uint16_t next);
/* Make head available and notify queue q. */
void vrig_kick(struct vrig *r, unsigned int q, uint16_t head);
/* Make head available without notifying. */
void vrig_avail_add(struct vrig *r, unsigned int q, uint16_t head);
void vrig_set_avail_idx(struct vrig *r, unsigned int q, uint16_t idx);
void vrig_set_avail_flags(struct vrig *r, unsigned int q, uint16_t flags);
void vrig_set_used_event(struct vrig *r, unsigned int q, uint16_t ev);
uint16_t vrig_avail_event(struct vrig *r, unsigned int q);

uint16_t vrig_used_idx(struct vrig *r, unsigned int q);
void vrig_used_elem(struct vrig *r, unsigned int q, uint16_t i, uint32_t *id,
		   uint32_t *len);

#endif
