// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target over everything a guest controls in a virtio device:
 * the transport registers, the split rings (descriptor chains, indirect
 * tables, ring indices) and virtio-blk / virtio-rng requests, over the
 * version 2 and the version 1 (legacy) virtio-mmio layouts. The input
 * is a small program for a hostile driver:
 *
 *   [0] device (blk, blk read-only, rng, legacy blk, legacy rng)
 *   [1] features (legacy: bits 2-5 log2 GuestPageSize, 6-7 QueueAlign)
 *   [2] log2 queue size
 *   [3..14] desc/avail/used addresses (may fall outside RAM; legacy:
 *   QueuePFN is desc / GuestPageSize)
 *   [15] number of 4-byte operations, then the operations, then the
 *   initial contents of the 64 KiB guest RAM.
 *
 * Guest RAM is a malloc'd block of exactly RAM_SIZE bytes, so AddressSanitizer
 * catches any access outside a descriptor's buffer that escapes RAM; the
 * DMA hook aborts on a range outside RAM. Build and run: make fuzz, then
 * build/fuzz/fuzz_virtqueue [-runs=N | -max_total_time=S] [corpus dir].
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "virtio.h"

#define RAM_BASE	0x40000000ULL
#define RAM_SIZE	0x10000ULL
#define DISK_SIZE	0x10000
#define HDR_SIZE	16

/*
 * The devices live for the whole run (creating an AIO context per input
 * would cost more than the input): each input resets them first.
 */
struct fuzz {
	struct guest_ram ram;
	struct virtio_blk *blk, *blk_ro, *blk_legacy;
	struct virtio_rng *rng, *rng_legacy;
	struct virtio_dev *vdev;	/* this input's device */
	struct virtio_blk *cur_blk;	/* its blk, or NULL */
	uint16_t num;
	uint64_t desc, avail, used, features;
	bool legacy;			/* this input's device is version 1 */
	uint32_t page, align;		/* legacy: GuestPageSize, QueueAlign */
};

static void fuzz_irq(void *opaque, unsigned int intid, int level)
{
	(void)opaque;
	(void)intid;
	(void)level;
}

static void fuzz_dma(void *opaque, uint64_t gpa, uint64_t len)
{
	struct fuzz *f = opaque;

	if (!guest_ram_contains(&f->ram, gpa, len))
		abort();
}

/* One backing file for the whole run: a memfd, opened by path like an image. */
static const char *fuzz_disk_path(void)
{
	static char path[64];
	int fd;

	if (path[0])
		return path;
	fd = memfd_create("fuzz-disk", 0);
	if (fd < 0 || ftruncate(fd, DISK_SIZE) < 0)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return path;
}

static uint64_t fuzz_addr(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	/* Mostly inside RAM, sometimes just below or beyond it. */
	return RAM_BASE - 0x800 + v % (RAM_SIZE + 0x1000);
}

static void fuzz_w(struct fuzz *f, uint64_t off, uint32_t val)
{
	virtio_mmio_ops.write(f->vdev, off, 4, val);
}

/* A version 1 driver (Linux's virtio_mmio.c, version 1) with the fuzzed values. */
static void fuzz_driver_init_legacy(struct fuzz *f)
{
	fuzz_w(f, VIRTIO_MMIO_STATUS, 0);
	fuzz_w(f, 0x028, f->page);			/* GuestPageSize */
	fuzz_w(f, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	fuzz_w(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	fuzz_w(f, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)f->features);
	fuzz_w(f, VIRTIO_MMIO_QUEUE_SEL, 0);
	fuzz_w(f, VIRTIO_MMIO_QUEUE_NUM, f->num);
	fuzz_w(f, 0x03c, f->align);			/* QueueAlign */
	fuzz_w(f, 0x040, (uint32_t)(f->desc / (f->page ? f->page : 1)));	/* QueuePFN */
	fuzz_w(f, VIRTIO_MMIO_STATUS, 0x07);
}

/* The driver's start-up sequence (virtio 1.1, 3.1.1) with the fuzzed values. */
static void fuzz_driver_init(struct fuzz *f)
{
	if (f->legacy) {
		fuzz_driver_init_legacy(f);
		return;
	}
	fuzz_w(f, VIRTIO_MMIO_STATUS, 0);
	fuzz_w(f, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	fuzz_w(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	fuzz_w(f, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)f->features);
	fuzz_w(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	fuzz_w(f, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(f->features >> 32));
	fuzz_w(f, VIRTIO_MMIO_STATUS, 0x0b);
	fuzz_w(f, VIRTIO_MMIO_QUEUE_SEL, 0);
	fuzz_w(f, VIRTIO_MMIO_QUEUE_NUM, f->num);
	fuzz_w(f, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)f->desc);
	fuzz_w(f, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)f->avail);
	fuzz_w(f, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)f->used);
	fuzz_w(f, VIRTIO_MMIO_QUEUE_READY, 1);
	fuzz_w(f, VIRTIO_MMIO_STATUS, 0x0f);
}

static struct virtio_blk *fuzz_blk(struct fuzz *f, bool readonly, bool legacy)
{
	struct virtio_blk_conf conf = {
		.path = fuzz_disk_path(), .serial = "fuzz", .readonly = readonly,
		/* The rw and the ro disk share one file: an image lock would refuse it. */
		.no_lock = true,
	};
	struct virtio_host host = {
		.ram = &f->ram,
		.irq = { .set = fuzz_irq },
		.dma_written = fuzz_dma,
		.dma_opaque = f,
		.mmio_legacy = legacy,
	};
	struct av_err err;
	struct virtio_blk *blk = virtio_blk_create(&host, &conf, &err);

	if (!blk)
		abort();
	return blk;
}

static struct fuzz *fuzz_state(void)
{
	static struct fuzz f;
	struct virtio_host host = {
		.ram = &f.ram, .irq = { .set = fuzz_irq },
		.dma_written = fuzz_dma, .dma_opaque = &f,
	};
	struct av_err err;

	if (f.ram.host)
		return &f;
	f.ram = (struct guest_ram){ .host = malloc(RAM_SIZE), .base = RAM_BASE,
				    .size = RAM_SIZE };
	f.blk = fuzz_blk(&f, false, false);
	f.blk_ro = fuzz_blk(&f, true, false);
	f.blk_legacy = fuzz_blk(&f, false, true);
	f.rng = virtio_rng_create(&host, &err);
	host.mmio_legacy = true;
	f.rng_legacy = virtio_rng_create(&host, &err);
	if (!f.ram.host || !f.rng || !f.rng_legacy)
		abort();
	return &f;
}

static void fuzz_pick(struct fuzz *f, uint8_t which)
{
	static const unsigned int kinds = 5;

	f->cur_blk = NULL;
	f->legacy = false;
	switch (which % kinds) {
	case 0:
		f->cur_blk = f->blk;
		break;
	case 1:
		f->cur_blk = f->blk_ro;
		break;
	case 3:
		f->cur_blk = f->blk_legacy;
		f->legacy = true;
		break;
	case 4:
		f->vdev = virtio_rng_dev(f->rng_legacy);
		f->legacy = true;
		return;
	default:
		f->vdev = virtio_rng_dev(f->rng);
		return;
	}
	f->vdev = virtio_blk_dev(f->cur_blk);
}

static void fuzz_complete(struct fuzz *f)
{
	if (f->cur_blk)
		virtio_blk_complete(f->cur_blk);
}

static void fuzz_op(struct fuzz *f, const uint8_t *op)
{
	uint32_t off = ((uint32_t)op[1] << 8 | op[2]) % RAM_SIZE;
	uint64_t val = 0;

	switch (op[0] % 6) {
	case 0:
		fuzz_w(f, VIRTIO_MMIO_QUEUE_NOTIFY, op[1] % 3);
		break;
	case 1:
		f->ram.host[off] = op[3];
		break;
	case 2:
		fuzz_complete(f);
		break;
	case 3:
		virtio_mmio_ops.write(f->vdev, (uint32_t)(op[1] << 1) & 0x1ff,
				      1u << (op[3] & 3), (uint64_t)op[2] * 0x01010101u);
		break;
	case 4:
		virtio_mmio_ops.read(f->vdev, (uint32_t)(op[1] << 1) & 0x1ff,
				     1u << (op[3] & 3), &val);
		break;
	default:
		fuzz_driver_init(f);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz *f = fuzz_state();
	size_t nops, ram_len;

	if (size < HDR_SIZE)
		return 0;
	fuzz_pick(f, data[0]);
	virtio_dev_reset(f->vdev);
	f->features = 1ULL << VIRTIO_F_VERSION_1 |
		      (data[1] & 1ULL) << VIRTIO_F_INDIRECT_DESC |
		      (data[1] >> 1 & 1ULL) << VIRTIO_F_EVENT_IDX;
	f->num = (uint16_t)(1u << (data[2] % 10));
	/* Legacy: 1 KiB..32 KiB pages with 1..15 a non-power-of-two; align 4..4096. */
	f->page = (data[1] >> 2 & 15) == 15 ? 3000 : 1u << (10 + (data[1] >> 2 & 15) % 6);
	f->align = 4u << 5 * (data[1] >> 6) % 12;
	f->desc = fuzz_addr(data + 3);
	f->avail = fuzz_addr(data + 7);
	f->used = fuzz_addr(data + 11);
	nops = data[15];
	data += HDR_SIZE;
	size -= HDR_SIZE;
	if (nops * 4 > size)
		nops = size / 4;
	ram_len = size - nops * 4 < RAM_SIZE ? size - nops * 4 : RAM_SIZE;
	memset(f->ram.host, 0, RAM_SIZE);
	memcpy(f->ram.host, data + nops * 4, ram_len);

	fuzz_driver_init(f);
	fuzz_w(f, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	for (size_t i = 0; i < nops; i++)
		fuzz_op(f, data + 4 * i);
	fuzz_complete(f);
	return 0;
}
