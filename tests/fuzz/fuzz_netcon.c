// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target over what a guest controls in virtio-net and
 * virtio-console: registers, both queues' rings, TX buffers of any shape,
 * RX buffers of any size, and frames / console input arriving at any
 * moment. The input is a small program for a hostile driver:
 *
 *   [0] device (net, console)   [1] features   [2] log2 queue size
 *   [3..26] desc/avail/used addresses of queues 0 and 1 (may miss RAM)
 *   [27] number of 4-byte operations, then the operations, then the
 *   initial contents of the 64 KiB guest RAM.
 *
 * Guest RAM is a malloc'd block of exactly RAM_SIZE bytes, so
 * AddressSanitizer catches any access that escapes it; the DMA hook
 * aborts on a range outside RAM; frames handed to the back end must be
 * Ethernet-sized. Build and run: make fuzz, then
 * build/fuzz/fuzz_netcon [-runs=N | -max_total_time=S] [corpus dir].
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "console.h"
#include "net.h"
#include "virtio.h"

#define RAM_BASE	0x40000000ULL
#define RAM_SIZE	0x10000ULL
#define HDR_SIZE	28

struct fuzz {
	struct guest_ram ram;
	struct net_backend nb;
	struct chardev chr;
	int pipefd[2];
	struct virtio_net *net;
	struct virtio_console *con;
	struct virtio_dev *vdev;	/* this input's device */
	uint16_t num;
	uint64_t addr[2][3];
	uint64_t features;
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

static int fuzz_send(struct net_backend *nb, const uint8_t *frame, size_t len)
{
	(void)nb;
	if (len < NET_ETH_HLEN || len > NET_FRAME_MAX)
		abort();
	/* Touch every byte: ASan checks the NIC's copy. */
	for (volatile size_t i = 0; i < len; i++)
		(void)frame[i];
	return 0;
}

static const struct net_backend_ops fuzz_nb_ops = { .send = fuzz_send };

static void fuzz_chr_write(struct chardev *chr, const uint8_t *buf, size_t len)
{
	(void)chr;
	for (volatile size_t i = 0; i < len; i++)
		(void)buf[i];
}

static const struct chardev_ops fuzz_chr_ops = { .write = fuzz_chr_write };

static struct fuzz *fuzz_state(void)
{
	static struct fuzz f;
	static const uint8_t mac[6] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 };
	struct virtio_host host = {
		.ram = &f.ram, .irq = { .set = fuzz_irq },
		.dma_written = fuzz_dma, .dma_opaque = &f,
	};
	struct av_err err;

	if (f.ram.host)
		return &f;
	f.ram = (struct guest_ram){ .host = malloc(RAM_SIZE), .base = RAM_BASE,
				    .size = RAM_SIZE };
	f.nb.ops = &fuzz_nb_ops;
	if (pipe2(f.pipefd, O_NONBLOCK) < 0)
		abort();
	f.chr.ops = &fuzz_chr_ops;
	f.chr.in_fd = f.pipefd[0];
	f.net = virtio_net_create(&host, &f.nb, mac, &err);
	f.con = virtio_console_create(&host, &f.chr, &err);
	if (!f.ram.host || !f.net || !f.con)
		abort();
	return &f;
}

static uint64_t fuzz_addr(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return RAM_BASE - 0x800 + v % (RAM_SIZE + 0x1000);
}

static void fuzz_w(struct fuzz *f, uint64_t off, uint32_t val)
{
	virtio_mmio_ops.write(f->vdev, off, 4, val);
}

/* The driver's start-up (virtio 1.1, 3.1.1), both queues, fuzzed values. */
static void fuzz_driver_init(struct fuzz *f)
{
	fuzz_w(f, VIRTIO_MMIO_STATUS, 0);
	fuzz_w(f, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	fuzz_w(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	fuzz_w(f, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)f->features);
	fuzz_w(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	fuzz_w(f, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(f->features >> 32));
	fuzz_w(f, VIRTIO_MMIO_STATUS, 0x0b);
	for (uint32_t q = 0; q < 2; q++) {
		fuzz_w(f, VIRTIO_MMIO_QUEUE_SEL, q);
		fuzz_w(f, VIRTIO_MMIO_QUEUE_NUM, f->num);
		fuzz_w(f, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)f->addr[q][0]);
		fuzz_w(f, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)f->addr[q][1]);
		fuzz_w(f, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)f->addr[q][2]);
		fuzz_w(f, VIRTIO_MMIO_QUEUE_READY, 1);
	}
	fuzz_w(f, VIRTIO_MMIO_STATUS, 0x0f);
}

/* Something arrives from outside: a frame of RAM bytes, or console input. */
static void fuzz_arrive(struct fuzz *f, const uint8_t *op)
{
	size_t len = ((size_t)op[1] << 8 | op[2]) % 1600;

	if (f->vdev == virtio_net_dev(f->net)) {
		virtio_net_receive(f->net, f->ram.host + op[3], len);
		return;
	}
	if (write(f->pipefd[1], op + 1, 3) < 0) {
		/* a full pipe: the device is holding input back */
	}
	virtio_console_input(f->con);
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
		fuzz_arrive(f, op);
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

/* Leave no console input behind for the next input. */
static void fuzz_drain(struct fuzz *f)
{
	uint8_t buf[256];

	while (read(f->pipefd[0], buf, sizeof(buf)) > 0)
		;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz *f = fuzz_state();
	size_t nops, ram_len;

	if (size < HDR_SIZE)
		return 0;
	f->vdev = data[0] & 1 ? virtio_console_dev(f->con) : virtio_net_dev(f->net);
	fuzz_drain(f);
	virtio_dev_reset(f->vdev);
	f->features = 1ULL << VIRTIO_F_VERSION_1 | (uint64_t)(data[1] & 0x3f) |
		      (uint64_t)(data[1] >> 6 & 1) << 16 |
		      (data[1] >> 7 & 1ULL) << VIRTIO_F_EVENT_IDX;
	f->num = (uint16_t)(1u << (data[2] % 9));
	for (int q = 0; q < 2; q++)
		for (int i = 0; i < 3; i++)
			f->addr[q][i] = fuzz_addr(data + 3 + 12 * q + 4 * i);
	nops = data[27];
	data += HDR_SIZE;
	size -= HDR_SIZE;
	if (nops * 4 > size)
		nops = size / 4;
	ram_len = size - nops * 4 < RAM_SIZE ? size - nops * 4 : RAM_SIZE;
	memset(f->ram.host, 0, RAM_SIZE);
	memcpy(f->ram.host, data + nops * 4, ram_len);

	fuzz_driver_init(f);
	for (size_t i = 0; i < nops; i++)
		fuzz_op(f, data + 4 * i);
	return 0;
}
