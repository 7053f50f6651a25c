/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtio devices on the virtio-mmio transport (virtio 1.1, OASIS
 * virtio-v1.1-cs01: section 2 basic facilities, 2.6 split virtqueues,
 * 4.2 virtio over MMIO, register layout version 2).
 *
 * A device model (virtio-blk, -rng, -net, -console) creates one
 * struct virtio_dev, names its queues and config space, and gets its
 * hooks called when the driver notifies a queue or resets the device.
 * It takes buffers with virtq_pop(), returns them with virtq_push() and
 * raises the interrupt with virtq_notify().
 *
 * Locking: one mutex per device. MMIO accesses (vCPU threads) take it and
 * call the hooks with it held; anything else that touches the device
 * (completions on the main thread) must wrap itself in virtio_lock() /
 * virtio_unlock(). The transport and queue functions below expect the
 * lock held, except create, destroy, machine reset and the lock calls
 * themselves; the device models' own entry points (virtio_blk_complete)
 * take it.
 */
#ifndef ARMVISOR_VIRTIO_H
#define ARMVISOR_VIRTIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "guestmem.h"
#include "irq.h"
#include "mmio.h"

/* Device IDs (5 Device Types). */
#define VIRTIO_ID_NET		1
#define VIRTIO_ID_BLOCK		2
#define VIRTIO_ID_CONSOLE	3
#define VIRTIO_ID_RNG		4

/* Device status bits (2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE	0x01
#define VIRTIO_STATUS_DRIVER		0x02
#define VIRTIO_STATUS_DRIVER_OK		0x04
#define VIRTIO_STATUS_FEATURES_OK	0x08
#define VIRTIO_STATUS_NEEDS_RESET	0x40
#define VIRTIO_STATUS_FAILED		0x80

/* Transport feature bits (6 Reserved Feature Bits), as bit numbers. */
#define VIRTIO_F_INDIRECT_DESC	28
#define VIRTIO_F_EVENT_IDX	29
#define VIRTIO_F_VERSION_1	32

/* virtio-mmio registers, version 2 layout (4.2.2). */
#define VIRTIO_MMIO_MAGIC_VALUE		0x000
#define VIRTIO_MMIO_VERSION		0x004
#define VIRTIO_MMIO_DEVICE_ID		0x008
#define VIRTIO_MMIO_VENDOR_ID		0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES	0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL	0x014
#define VIRTIO_MMIO_DRIVER_FEATURES	0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL	0x024
#define VIRTIO_MMIO_QUEUE_SEL		0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX	0x034
#define VIRTIO_MMIO_QUEUE_NUM		0x038
#define VIRTIO_MMIO_QUEUE_READY		0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY	0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS	0x060
#define VIRTIO_MMIO_INTERRUPT_ACK	0x064
#define VIRTIO_MMIO_STATUS		0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW	0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH	0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW	0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH	0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW	0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH	0x0a4
#define VIRTIO_MMIO_SHM_SEL		0x0ac
#define VIRTIO_MMIO_SHM_LEN_LOW		0x0b0
#define VIRTIO_MMIO_SHM_LEN_HIGH	0x0b4
#define VIRTIO_MMIO_SHM_BASE_LOW	0x0b8
#define VIRTIO_MMIO_SHM_BASE_HIGH	0x0bc
#define VIRTIO_MMIO_CONFIG_GENERATION	0x0fc
#define VIRTIO_MMIO_CONFIG		0x100

#define VIRTIO_MMIO_MAGIC	0x74726976u	/* "virt" */
#define VIRTIO_MMIO_VENDOR	0x554d4551u	/* "QEMU", as QEMU reports */

/* InterruptStatus bits (4.2.2). */
#define VIRTIO_MMIO_INT_VRING	0x1
#define VIRTIO_MMIO_INT_CONFIG	0x2

/* Split ring flags (2.6.5, 2.6.6, 2.6.8). */
#define VIRTQ_DESC_F_NEXT	1
#define VIRTQ_DESC_F_WRITE	2
#define VIRTQ_DESC_F_INDIRECT	4
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1
#define VIRTQ_USED_F_NO_NOTIFY	1

/* Largest queue a device may offer (2.6: Queue Size at most 32768). */
#define VIRTQ_MAX_SIZE		32768
/* Room for the device-specific config space (0x100..0x1ff). */
#define VIRTIO_CONFIG_MAX	0x100

struct virtio_dev;
struct virtq;

/* The configuration change "queue" of struct virtio_transport_ops.signal. */
#define VIRTIO_SIGNAL_CONFIG	(-1)

/*
 * The transport's side of a device (virtio 1.1, 4: how interrupts and
 * resets reach the bus). virtio-mmio needs none: its line follows
 * InterruptStatus (ops NULL). virtio-pci (include/pci.h's host,
 * devices/pci/virtio_pci.c) routes each signal to the queue's MSI-X
 * vector, or to INTx. Each is called with the device lock held.
 */
struct virtio_transport_ops {
	/* ISR bits were set: a used buffer of queue q, or VIRTIO_SIGNAL_CONFIG. */
	void (*signal)(void *opaque, int queue);
	/* ISR bits were cleared (acknowledged, or reset). */
	void (*isr_cleared)(void *opaque);
	/* The device was reset (Status 0, or machine reset). */
	void (*reset)(void *opaque);
};

/* What the machine gives a device: RAM, its interrupt, DMA notification. */
struct virtio_host {
	struct guest_ram *ram;
	struct irq_line irq;		/* virtio-mmio's line */
	/* After the device wrote guest RAM (TCG drops stale code); may be NULL. */
	void (*dma_written)(void *opaque, uint64_t gpa, uint64_t len);
	void *dma_opaque;
	uint64_t mmio_base;		/* for log lines only */
	/* NULL: virtio-mmio. Else the transport's hooks and their opaque. */
	const struct virtio_transport_ops *transport;
	void *transport_opaque;
	char where[24];			/* log lines: "" = "0x<mmio_base>" */
};

/* The fixed description of a device type. */
struct virtio_dev_info {
	const char *name;		/* "virtio-blk", for log lines */
	uint32_t device_id;		/* VIRTIO_ID_* */
	uint64_t features;		/* device-specific offers (bits < 24) */
	unsigned int num_queues;
	uint16_t queue_max;		/* QueueNumMax: a power of two */
	uint32_t config_size;		/* at most VIRTIO_CONFIG_MAX */
};

/* Device hooks; each is called with the device lock held, and may be NULL. */
struct virtio_dev_ops {
	/* The driver wrote QueueNotify for a ready queue. */
	void (*notify)(void *opaque, unsigned int queue);
	/* Status written 0, or machine reset: forget all requests. */
	void (*reset)(void *opaque);
	/* DRIVER_OK was set. */
	void (*driver_ok)(void *opaque);
	/*
	 * The driver wrote len bytes of config space at off (already stored
	 * in virtio_config()). NULL: the config space is read only.
	 */
	void (*config_write)(void *opaque, uint32_t off, uint32_t len);
};

/* The MMIO side; the region's opaque is the struct virtio_dev. */
extern const struct mmio_ops virtio_mmio_ops;

/*
 * For an accelerator that catches QueueNotify writes itself (KVM's
 * ioeventfd): the device's queue count, and "the driver wrote queue to
 * QueueNotify", with the same checks as the register (queue not ready,
 * device needing reset). virtio_mmio_queue_notify takes the lock.
 */
unsigned int virtio_mmio_num_queues(const struct virtio_dev *vdev);
void virtio_mmio_queue_notify(struct virtio_dev *vdev, unsigned int queue);

struct virtio_dev *virtio_dev_create(const struct virtio_dev_info *info,
				     const struct virtio_dev_ops *ops,
				     void *opaque,
				     const struct virtio_host *host,
				     struct av_err *err);
void virtio_dev_destroy(struct virtio_dev *vdev);

/* Machine reset (takes the lock): as if the driver wrote Status 0. */
void virtio_dev_reset(struct virtio_dev *vdev);

void virtio_lock(struct virtio_dev *vdev);
void virtio_unlock(struct virtio_dev *vdev);

const char *virtio_name(const struct virtio_dev *vdev);
uint8_t virtio_status(const struct virtio_dev *vdev);
/* The features the driver accepted (valid once FEATURES_OK is set). */
uint64_t virtio_features(const struct virtio_dev *vdev);
bool virtio_has_feature(const struct virtio_dev *vdev, unsigned int bit);

/*
 * The device-specific config space, little-endian as the guest sees it
 * (info->config_size bytes). Change it under the lock, then call
 * virtio_config_changed() when the driver must re-read it.
 */
uint8_t *virtio_config(struct virtio_dev *vdev);
void virtio_config_changed(struct virtio_dev *vdev);

/*
 * The guest broke the device's rules beyond one request: log a
 * guest_errors line, set DEVICE_NEEDS_RESET and raise the config change
 * interrupt (2.1.2). Queues stop until the driver resets the device.
 */
void virtio_set_needs_reset(struct virtio_dev *vdev, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A guest_errors log line naming the device. */
void virtio_guest_error(const struct virtio_dev *vdev, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

struct virtq *virtio_queue(struct virtio_dev *vdev, unsigned int n);

/*
 * Snapshots (virtio_snap.c, docs/snapshot.md): the transport and queue
 * state, with the device lock held (virtio_lock) and the device's
 * requests completed. A load checks it against this device and its RAM.
 */
struct snap_wbuf;
struct snap_rbuf;
void virtio_snap_save(struct virtio_dev *vdev, struct snap_wbuf *w);
int virtio_snap_load(struct virtio_dev *vdev, struct snap_rbuf *r, struct av_err *err);

/* ---- Virtqueues (2.6 split rings) ---- */

/* One buffer of a chain, checked to lie wholly in guest RAM. */
struct virtq_seg {
	void *host;
	uint64_t gpa;
	uint32_t len;
};

/*
 * A request: the chain starting at descriptor head, device-readable
 * segments first (seg[0..nout)), then device-writable (seg[nout..]).
 */
struct virtq_elem {
	uint16_t head;
	uint32_t gen;			/* the queue's reset count when popped */
	unsigned int nout, nin;
	uint64_t out_len, in_len;	/* bytes in each direction */
	struct virtq_seg seg[];
};

bool virtq_ready(const struct virtq *vq);
unsigned int virtq_index(const struct virtq *vq);
struct virtio_dev *virtq_dev(const struct virtq *vq);

/*
 * Take the next available chain. Returns 1 with *elem set (malloc'd),
 * 0 when the ring is empty, or a negative errno when the ring is
 * malformed (loop, too long, outside RAM, bad indirect table, writable
 * before readable, ...): the device is then in DEVICE_NEEDS_RESET and
 * the queue yields nothing more until reset.
 */
int virtq_pop(struct virtq *vq, struct virtq_elem **elem);

/*
 * Put elem in the used ring with "written" bytes written by the device
 * (clamped to in_len), and free it. An element popped before the last
 * reset is only freed.
 */
void virtq_push(struct virtq *vq, struct virtq_elem *elem, uint32_t written);

/* Free an element without returning it to the driver. */
void virtq_elem_free(struct virtq_elem *elem);

/* Raise the used-buffer interrupt if the driver asked for one (2.6.7, 2.6.10). */
void virtq_notify(struct virtq *vq);

/* Copy from the readable segments, starting off bytes in; returns bytes copied. */
size_t virtq_elem_read(const struct virtq_elem *elem, uint64_t off,
		       void *buf, size_t len);
/* Copy into the writable segments, starting off bytes in; returns bytes copied. */
size_t virtq_elem_write(const struct virtq_elem *elem, uint64_t off,
			const void *buf, size_t len);

/*
 * Empty virtio-mmio slots, as QEMU's transports with no device: magic,
 * version and vendor read back, DeviceID reads 0 (the driver skips the
 * slot), everything else reads 0 and ignores writes. opaque is unused.
 */
extern const struct mmio_ops virtio_mmio_empty_ops;

/* ---- Device models ---- */

/* virtio-rng (5.4): random bytes from the host's getrandom(). */
struct virtio_rng;

struct virtio_rng *virtio_rng_create(const struct virtio_host *host,
				     struct av_err *err);
void virtio_rng_destroy(struct virtio_rng *rng);
struct virtio_dev *virtio_rng_dev(struct virtio_rng *rng);

/* virtio-blk (5.2) on a raw image file, with Linux native AIO. */
struct virtio_blk;

struct virtio_blk_conf {
	const char *path;
	bool readonly;			/* VIRTIO_BLK_F_RO; writes fail with IOERR */
	bool direct;			/* cache=none|directsync: O_DIRECT */
	bool writethrough;		/* cache=writethrough|directsync: writes stable */
	bool no_flush;			/* cache=unsafe: FLUSH completes at once */
	bool snapshot;			/* -snapshot: writes to a discarded overlay */
	const char *serial;		/* GET_ID answer (at most 20 bytes), or NULL */
	bool probe;			/* no format given: refuse known non-raw images */
	bool no_lock;			/* file.locking=off: no OFD image locks */
};

struct virtio_blk *virtio_blk_create(const struct virtio_host *host,
				     const struct virtio_blk_conf *conf,
				     struct av_err *err);
void virtio_blk_destroy(struct virtio_blk *blk);
struct virtio_dev *virtio_blk_dev(struct virtio_blk *blk);
/* The completion eventfd: have the main loop call virtio_blk_complete on it. */
int virtio_blk_event_fd(const struct virtio_blk *blk);
void virtio_blk_complete(void *blk);
/* Complete every request in flight (device lock held): before a snapshot. */
void virtio_blk_drain(struct virtio_blk *blk);

struct virtio_blk_stats {
	/* Writes completed only once on stable storage (write-through). */
	uint64_t stable_writes;
};
void virtio_blk_get_stats(const struct virtio_blk *blk,
			  struct virtio_blk_stats *st);

#endif
