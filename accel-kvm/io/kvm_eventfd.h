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

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/kvm.h>

#include "accel.h"

/*
 * The virt board has 32 virtio-mmio slots (include/board.h); virtio-pci
 * functions past the rest of the table stay on the ordinary paths.
 */
#define KVM_EFD_MAX_DEVS 96

/*
 * MSI routes take the GSIs after the SPIs' (the vGIC's default routing
 * maps GSI n to SPI n for its 256 SPIs, kvm_gic.c), up to KVM's table
 * size (KVM_MAX_IRQ_ROUTES in include/linux/kvm_host.h).
 */
#define KVM_ROUTE_NR_SPIS	256
#define KVM_ROUTE_MAX		4096

/*
 * KVM_IOEVENTFD for queue of the device at base: a 4-byte write of the
 * value queue to base + QueueNotify (0x50), or its removal.
 */
void kvm_ioeventfd_req(struct kvm_ioeventfd *req, uint64_t base,
		       unsigned int queue, int fd, bool deassign);

/*
 * KVM_IOEVENTFD for a virtio-pci queue whose notify register is at addr:
 * a 2-byte write of the queue index (virtio 1.1, 4.1.5.2), or its removal.
 */
void kvm_ioeventfd_pci_req(struct kvm_ioeventfd *req, uint64_t addr,
			   unsigned int queue, int fd, bool deassign);

/* KVM_IRQFD with no resampling for gsi (an MSI route), or its removal. */
void kvm_irqfd_msi_req(struct kvm_irqfd *req, uint32_t gsi, int fd,
		       bool deassign);

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
	/*
	 * virtio-pci: where its notify register decodes now (0: nowhere);
	 * KVM matches it there when fd >= 0.
	 */
	_Atomic uint64_t addr;
};

/*
 * One MSI-X vector of a virtio-pci device: an irqfd on its own GSI,
 * which the routing table points at the vector's message while it is
 * live (kvm_route_build). Guarded by kvm_eventfds.route_lock.
 */
struct kvm_msi_vec {
	int fd;				/* -1: messages go through msi_send */
	uint32_t gsi;
	struct accel_msi_msg msg;	/* as the device last reported it */
	bool routed;			/* the installed table routes msg */
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
	struct accel_virtio_dev info;	/* info.name points at name */
	char name[64];
	struct kvm_queue_fd *queues;	/* info.num_queues */
	struct kvm_irq_fd irq;
	_Atomic uint64_t fd_notifies;	/* notifies served from an ioeventfd */
	_Atomic uint64_t mmio_notifies;	/* QueueNotify writes that exited */
	/* virtio-pci (info.mmio_base and info.intid unused): */
	bool pci;
	unsigned int nvec;
	struct kvm_msi_vec *vecs;	/* nvec */
	_Atomic uint64_t msi_irqfd;	/* MSI-X messages written to an irqfd */
	_Atomic uint64_t msi_signal;	/* ...and left to msi_send (KVM_SIGNAL_MSI, v2m) */
};

/* Per VM (struct kvm_state.efd). The device table is fixed before vm_run. */
struct kvm_eventfds {
	bool ioeventfd;			/* KVM_CAP_IOEVENTFD */
	bool irqfd;			/* KVM_CAP_IRQFD */
	bool resample;			/* KVM_CAP_IRQFD_RESAMPLE */
	struct kvm_efd_dev *devs[KVM_EFD_MAX_DEVS];
	unsigned int ndevs;
	_Atomic uint64_t mmio_exits;	/* every MMIO exit, for comparison */
	/* MSI routing (kvm_pci.c): KVM_CAP_IRQ_ROUTING and KVM_CAP_MSI_DEVID. */
	bool routing;
	pthread_mutex_t route_lock;	/* the vecs, the table; a leaf lock */
	uint32_t next_gsi;
	struct kvm_irq_routing *routes;	/* as installed; NULL: the vGIC's default */
	bool route_failed;		/* KVM_SET_GSI_ROUTING refused once */
};

/* ---- The fd side (kvm_eventfd_fd.c) ---- */

/* A device with no eventfds yet (every fd -1). NULL: out of memory. */
struct kvm_efd_dev *kvm_efd_dev_new(const struct accel_virtio_dev *info);
/* A virtio-pci device: its queues' and vectors' fds all -1. */
struct kvm_efd_dev *kvm_efd_pci_dev_new(const struct accel_virtio_pci_dev *info);
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

/*
 * Serve every queue notify and resample waiting in e's fds, as the main
 * loop would on waking (accel_ops.io_flush: a snapshot must not leave a
 * notify behind in an eventfd of a VM that will not run again).
 */
void kvm_eventfd_flush(struct kvm_eventfds *e);
/* The device whose irqfd serves intid, or NULL (KVM_IRQ_LINE then). */
struct kvm_irq_fd *kvm_efd_irq_find(struct kvm_eventfds *e, unsigned int intid);
/* Count an MMIO exit; a QueueNotify write also counts for its device. */
void kvm_efd_count_mmio(struct kvm_eventfds *e, uint64_t addr, bool is_write);

/* The -d kvm lines at exit: one per device, then the totals. */
int kvm_efd_format_dev(const struct kvm_efd_dev *d, char *buf, size_t len);
int kvm_efd_format_totals(const struct kvm_eventfds *e, char *buf, size_t len);
int kvm_efd_format_pci_totals(const struct kvm_eventfds *e, char *buf, size_t len);

/* ---- MSI routes (kvm_route.c, built everywhere) ---- */

/*
 * Whether vector v can go through its irqfd: it has one, its message is
 * live, and goes to doorbell (the vITS's GITS_TRANSLATER; the GICv2m
 * frame is ours in userspace, so its messages stay on msi_send).
 */
bool kvm_route_msi_ok(const struct kvm_msi_vec *v, uint64_t doorbell);
/* Entries kvm_route_build may write for e's devices. */
unsigned int kvm_route_max(const struct kvm_eventfds *e, unsigned int nr_spis);
/*
 * The whole table (api.rst "KVM_SET_GSI_ROUTING"): GSI n -> SPI n for
 * n < nr_spis, as the vGIC's default table, so the virtio-mmio irqfds keep
 * working; then one KVM_IRQ_ROUTING_MSI entry, with the requester ID as
 * KVM_MSI_VALID_DEVID's devid, for each vector kvm_route_msi_ok takes.
 * out has kvm_route_max entries; returns how many it wrote.
 */
unsigned int kvm_route_build(struct kvm_irq_routing_entry *out,
			     const struct kvm_eventfds *e, unsigned int nr_spis,
			     uint64_t doorbell);
/* After installing the table built with doorbell (ok) or failing to. */
void kvm_route_mark(struct kvm_eventfds *e, uint64_t doorbell, bool ok);
bool kvm_msi_msg_same(const struct accel_msi_msg *a, const struct accel_msi_msg *b);
/* Copy the device's vectors in (route_lock held); true when any changed. */
bool kvm_route_update(struct kvm_efd_dev *d, const struct accel_msi_msg *vecs);
/*
 * accel_ops.pci_msi_fire's core: write vector vec's irqfd when the
 * installed table routes exactly msg; false leaves it to msi_send.
 */
bool kvm_msi_vec_fire(struct kvm_eventfds *e, struct kvm_efd_dev *d,
		      unsigned int vec, const struct accel_msi_msg *msg);

struct vm;
struct kvm_state;

/* Look at the capabilities (kvm_vm_create); missing ones are not errors. */
int kvm_eventfd_init(struct kvm_state *ks, struct av_err *err);
/* accel_ops.virtio_attach. */
int kvm_virtio_attach(struct vm *vm, const struct accel_virtio_dev *dev,
		      struct av_err *err);

/* ---- virtio-pci (kvm_pci.c, aarch64) ---- */

int kvm_virtio_pci_attach(struct vm *vm, const struct accel_virtio_pci_dev *dev,
			  void **handle, struct av_err *err);
void kvm_pci_notify_at(struct vm *vm, void *handle, unsigned int queue,
		       uint64_t addr);
void kvm_pci_msi_route(struct vm *vm, void *handle,
		       const struct accel_msi_msg *vecs);
bool kvm_pci_msi_fire(struct vm *vm, void *handle, unsigned int vec,
		      const struct accel_msi_msg *msg);
/* Remove a device's ioeventfds and irqfds from KVM (destroy). */
void kvm_pci_release(struct kvm_state *ks, struct kvm_efd_dev *d);
/* Machine reset: lower the lines of the irqfds whose device is low. */
void kvm_eventfd_reset(struct kvm_state *ks);
/* Log the counts (-d kvm), remove the eventfds from KVM, free. */
void kvm_eventfd_destroy(struct kvm_state *ks);

#endif
