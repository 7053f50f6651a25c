/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ioeventfd and irqfd for the virtio-mmio devices (Linux
 * Documentation/virt/kvm/api.rst, "KVM_IOEVENTFD" and "KVM_IRQFD").
 *
 * A QueueNotify write (virtio 1.1, 4.2.2: the driver writes the queue
 * index) that matches an ioeventfd completes in the kernel: the vCPU does
 * not exit, the eventfd fires and the main loop notifies the queue. A
 * device's SPI goes through a resampling irqfd: raising the line writes
 * the irqfd. The board's DTB declares the virtio SPIs edge-rising, as
 * QEMU's virt does, so a Linux guest configures them edge-triggered and
 * each write is one edge. A guest that configures one level-sensitive
 * gets the resampling: at its EOI the kernel lowers the line and signals
 * the resample fd, and the main loop raises it again if the device still
 * holds it high (the vGIC asks for the EOI of level interrupts only).
 *
 * Three files: the ioctl request structs (kvm_eventfd_req.c) and the fd
 * side with its counters (kvm_eventfd_fd.c) need no /dev/kvm and are
 * built on every host (the unit tests use them); the ioctls, capability
 * checks and fallbacks (kvm_eventfd.c) are built for aarch64 only.
 * <linux/kvm.h>'s eventfd structs are the same on every architecture.
 */
#ifndef ACCEL_KVM_EVENTFD_H
#define ACCEL_KVM_EVENTFD_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/kvm.h>

#include "accel.h"

/* The virt board has 32 virtio-mmio slots (include/board.h). */
#define KVM_EFD_MAX_DEVS 32

/*
 * KVM_IOEVENTFD for queue of the device at base: a 4-byte write of the
 * value queue to base + QueueNotify (0x50), or its removal.
 */
void kvm_ioeventfd_req(struct kvm_ioeventfd *req, uint64_t base,
		       unsigned int queue, int fd, bool deassign);

/*
 * KVM_IRQFD for the SPI with INTID intid: gsi is the SPI number (INTID -
 * 32, the default routing the vGIC sets up), with a resample fd; or its
 * removal. False when intid is no SPI.
 */
bool kvm_irqfd_req(struct kvm_irqfd *req, unsigned int intid, int fd,
		   int resample_fd, bool deassign);

struct kvm_efd_dev;

/* One queue's notify eventfd; fd -1: its notifies are MMIO exits. */
struct kvm_queue_fd {
	int fd;
	unsigned int queue;
	struct kvm_efd_dev *dev;
};

/* A device's interrupt line; fd -1: it goes through KVM_IRQ_LINE. */
struct kvm_irq_fd {
	int fd;
	int resample_fd;
	_Atomic int level;		/* the device's level, as last set */
	_Atomic uint64_t injections;	/* writes to fd */
	_Atomic uint64_t resamples;	/* EOIs the kernel told us about */
};

struct kvm_efd_dev {
	struct accel_virtio_dev info;
	struct kvm_queue_fd *queues;	/* info.num_queues */
	struct kvm_irq_fd irq;
	_Atomic uint64_t fd_notifies;	/* notifies served from an ioeventfd */
	_Atomic uint64_t mmio_notifies;	/* QueueNotify writes that exited */
};

/* Per VM (struct kvm_state.efd). The device table is fixed before vm_run. */
struct kvm_eventfds {
	bool ioeventfd;			/* KVM_CAP_IOEVENTFD */
	bool irqfd;			/* KVM_CAP_IRQFD */
	bool resample;			/* KVM_CAP_IRQFD_RESAMPLE */
	struct kvm_efd_dev *devs[KVM_EFD_MAX_DEVS];
	unsigned int ndevs;
	_Atomic uint64_t mmio_exits;	/* every MMIO exit, for comparison */
};

/* ---- The fd side (kvm_eventfd_fd.c) ---- */

/* A device with no eventfds yet (every fd -1). NULL: out of memory. */
struct kvm_efd_dev *kvm_efd_dev_new(const struct accel_virtio_dev *info);
/* Close its fds and free it (the kernel's side is removed before). */
void kvm_efd_dev_free(struct kvm_efd_dev *d);

/* Make the eventfds (non-blocking); negative errno on failure. */
int kvm_queue_fd_open(struct kvm_queue_fd *q);
int kvm_irq_fd_open(struct kvm_irq_fd *l);
void kvm_irq_fd_close(struct kvm_irq_fd *l);

/* Main loop, the queue's eventfd is readable: notify the queue. */
void kvm_queue_fd_ready(void *opaque);

/* The device set its line to level: raising it writes the irqfd. */
void kvm_irq_fd_set(struct kvm_irq_fd *l, int level);
/* Main loop, the resample fd is readable: raise again if still high. */
void kvm_irq_fd_resample(void *opaque);

/* The device whose irqfd serves intid, or NULL (KVM_IRQ_LINE then). */
struct kvm_irq_fd *kvm_efd_irq_find(struct kvm_eventfds *e, unsigned int intid);
/* Count an MMIO exit; a QueueNotify write also counts for its device. */
void kvm_efd_count_mmio(struct kvm_eventfds *e, uint64_t addr, bool is_write);

/* The -d kvm lines at exit: one per device, then the totals. */
int kvm_efd_format_dev(const struct kvm_efd_dev *d, char *buf, size_t len);
int kvm_efd_format_totals(const struct kvm_eventfds *e, char *buf, size_t len);

struct vm;
struct kvm_state;

/* Look at the capabilities (kvm_vm_create); missing ones are not errors. */
int kvm_eventfd_init(struct kvm_state *ks, struct av_err *err);
/* accel_ops.virtio_attach. */
int kvm_virtio_attach(struct vm *vm, const struct accel_virtio_dev *dev,
		      struct av_err *err);
/* Machine reset: lower the lines of the irqfds whose device is low. */
void kvm_eventfd_reset(struct kvm_state *ks);
/* Log the counts (-d kvm), remove the eventfds from KVM, free. */
void kvm_eventfd_destroy(struct kvm_state *ks);

#endif
