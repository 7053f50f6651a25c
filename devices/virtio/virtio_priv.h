/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the virtio-mmio transport: the device and queue state shared by
 * virtio_mmio.c (registers), virtio_dev.c (status, reset, interrupts) and
 * virtqueue*.c (rings). Device models use include/virtio.h only.
 */
#ifndef ARMVISOR_VIRTIO_PRIV_H
#define ARMVISOR_VIRTIO_PRIV_H

#include <pthread.h>

#include "virtio.h"

struct virtq {
	struct virtio_dev *vdev;
	unsigned int index;

	/* Driver-programmed (4.2.2 QueueNum, QueueDesc/Driver/Device). */
	uint16_t num;
	bool ready;
	uint64_t desc_gpa, avail_gpa, used_gpa;
	/* Legacy interface (virtio 1.1, 4.2.4 / 4.1.4.8): QueuePFN, QueueAlign. */
	uint32_t pfn;
	uint32_t align;

	/* Host views of the rings, checked to lie in RAM when made ready. */
	uint8_t *desc;			/* num * 16 bytes */
	uint8_t *avail;			/* 6 + 2 * num bytes */
	uint8_t *used;			/* 6 + 8 * num bytes */

	uint16_t last_avail;		/* next avail ring entry to take */
	uint16_t used_idx;		/* our copy of used->idx */
	uint16_t signalled_used;	/* used_idx at the last interrupt */
	bool signalled_valid;
	bool broken;			/* malformed ring: nothing until reset */
	uint32_t gen;			/* bumped on every reset */
	struct virtq_seg *scratch;	/* queue_max segments for virtq_pop */
};

struct virtio_dev {
	pthread_mutex_t lock;
	struct virtio_dev_info info;
	struct virtio_dev_ops ops;
	void *opaque;
	struct virtio_host host;

	uint8_t status;
	uint32_t isr;			/* InterruptStatus */
	int irq_level;
	uint32_t dev_features_sel, drv_features_sel;
	uint64_t drv_features;
	uint32_t queue_sel;
	uint32_t config_gen;
	uint32_t guest_page_size;	/* virtio-mmio version 1: GuestPageSize */
	uint8_t config[VIRTIO_CONFIG_MAX];
	struct virtq *queues;		/* info.num_queues */
};

/* All features the transport offers for this device. */
uint64_t virtio_offered_features(const struct virtio_dev *vdev);

/* Driver wrote Status; handles reset (0) and FEATURES_OK checks. */
void virtio_write_status(struct virtio_dev *vdev, uint32_t val);

/* virtio-mmio: drive the line from InterruptStatus (after a snapshot load). */
void virtio_update_irq(struct virtio_dev *vdev);

/* Set InterruptStatus bits and signal through the transport. */
void virtio_raise_queue(struct virtio_dev *vdev, unsigned int queue);
void virtio_raise_config(struct virtio_dev *vdev);
/* InterruptACK (ISR read on PCI): clear bits and update the line. */
void virtio_ack(struct virtio_dev *vdev, uint32_t bits);

/* The driver notified queue (QueueNotify, or a PCI notify write): checked. */
void virtio_queue_notify(struct virtio_dev *vdev, unsigned int queue);
/* Feature word sel (0 or 1) of our offer; 0 beyond. */
uint32_t virtio_features_word(const struct virtio_dev *vdev, uint32_t sel);
/* Driver feature word sel: refused after FEATURES_OK. */
void virtio_set_driver_features(struct virtio_dev *vdev, uint32_t sel,
				uint32_t val);
/* Config space bytes for either transport; -EINVAL outside it. */
int virtio_config_read(struct virtio_dev *vdev, uint64_t off, unsigned int size,
		       uint64_t *val);
int virtio_config_write(struct virtio_dev *vdev, uint64_t off,
			unsigned int size, uint64_t val);

/* Queue setup and reset (virtqueue.c). */
int virtq_init(struct virtq *vq, struct virtio_dev *vdev, unsigned int index);
void virtq_fini(struct virtq *vq);
void virtq_reset(struct virtq *vq);
/* QueueReady written 1: check and map the rings; false if refused. */
bool virtq_enable(struct virtq *vq);

/* Tell the host that the device wrote guest RAM. */
void virtio_dma_written(struct virtio_dev *vdev, uint64_t gpa, uint64_t len);

/* ---- The legacy interface, shared by both transports (virtio_legacy.c) ---- */

/* QueueAlign before the driver writes one, and legacy virtio-pci's (4.1.4.8). */
#define VIRTIO_LEGACY_ALIGN		4096
/* Legacy virtio-pci: QUEUE_PFN counts 4 KiB pages (VIRTIO_PCI_QUEUE_ADDR_SHIFT). */
#define VIRTIO_LEGACY_PCI_PAGE		4096
/* Largest GuestPageSize / QueueAlign taken: arm64's largest page, 64 KiB. */
#define VIRTIO_LEGACY_ALIGN_MAX		0x10000

/* The 32 feature bits a legacy driver sees (no VIRTIO_F_VERSION_1). */
uint32_t virtio_legacy_host_features(const struct virtio_dev *vdev);
/* The legacy driver's feature word: taken as written, within our offer. */
void virtio_legacy_set_guest_features(struct virtio_dev *vdev, uint32_t val);
/*
 * QueuePFN written: pfn 0 disables the queue; else the rings start at
 * pfn * page, laid out as the legacy interface lays them out (2.6.2).
 * -EINVAL when refused (the queue stays off, QueuePFN reads 0).
 */
int virtio_legacy_queue_set(struct virtq *vq, uint32_t pfn, uint32_t page,
			    uint32_t align);

/*
 * virtio-mmio version 1 registers below the config space
 * (virtio_mmio_v1.c), those version 2 has elsewhere or not at all: the
 * transport (virtio_mmio.c) serves the ones both layouts share.
 */
/* The selected queue while it is off, or NULL with a guest_errors line. */
struct virtq *virtio_mmio_queue_to_program(struct virtio_dev *vdev, const char *reg);
int virtio_mmio_v1_read_reg(struct virtio_dev *vdev, uint64_t off,
			    uint32_t *val);
int virtio_mmio_v1_write_reg(struct virtio_dev *vdev, uint64_t off,
			     uint32_t val);

/* Walk one chain from head into vq->scratch (virtqueue_chain.c). */
int virtq_walk_chain(struct virtq *vq, uint16_t head, unsigned int *nout,
		     unsigned int *nin);

#endif
