/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Split ring layout (virtio 1.1, 2.6): field offsets and the loads and
 * stores the device makes on memory the guest changes concurrently.
 * Little-endian, as virtio 1.x rings are (2.4); the host is too (x86-64,
 * arm64).
 */
#ifndef ARMVISOR_VIRTQUEUE_RING_H
#define ARMVISOR_VIRTQUEUE_RING_H

#include <stdint.h>
#include <string.h>

/* struct virtq_desc: le64 addr, le32 len, le16 flags, le16 next (2.6.5). */
#define VQ_DESC_SIZE		16
#define VQ_DESC_ADDR		0
#define VQ_DESC_LEN		8
#define VQ_DESC_FLAGS		12
#define VQ_DESC_NEXT		14

/* struct virtq_avail: le16 flags, le16 idx, le16 ring[num], le16 used_event (2.6.6). */
#define VQ_AVAIL_FLAGS		0
#define VQ_AVAIL_IDX		2
#define VQ_AVAIL_RING		4

/* struct virtq_used: le16 flags, le16 idx, {le32 id, le32 len}[num], le16 avail_event (2.6.8). */
#define VQ_USED_FLAGS		0
#define VQ_USED_IDX		2
#define VQ_USED_RING		4
#define VQ_USED_ELEM_SIZE	8

static inline uint64_t vq_avail_size(uint16_t num)
{
	return VQ_AVAIL_RING + 2ULL * num + 2;
}

static inline uint64_t vq_used_size(uint16_t num)
{
	return VQ_USED_RING + (uint64_t)VQ_USED_ELEM_SIZE * num + 2;
}

/* Ring indices and flags: single aligned loads, never torn. */
static inline uint16_t vq_load16(const uint8_t *p)
{
	return __atomic_load_n((const uint16_t *)(const void *)p, __ATOMIC_RELAXED);
}

static inline void vq_store16(uint8_t *p, uint16_t v)
{
	__atomic_store_n((uint16_t *)(void *)p, v, __ATOMIC_RELAXED);
}

static inline void vq_store32(uint8_t *p, uint32_t v)
{
	__atomic_store_n((uint32_t *)(void *)p, v, __ATOMIC_RELAXED);
}

/* A descriptor, read once: the guest may rewrite it while we look. */
struct vq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

static inline void vq_read_desc(const uint8_t *table, uint32_t i,
				struct vq_desc *d)
{
	uint8_t raw[VQ_DESC_SIZE];

	memcpy(raw, table + (uint64_t)i * VQ_DESC_SIZE, sizeof(raw));
	memcpy(&d->addr, raw + VQ_DESC_ADDR, 8);
	memcpy(&d->len, raw + VQ_DESC_LEN, 4);
	memcpy(&d->flags, raw + VQ_DESC_FLAGS, 2);
	memcpy(&d->next, raw + VQ_DESC_NEXT, 2);
}

#endif
