// SPDX-License-Identifier: GPL-2.0
/*
 * The user-space side of the virtio ioeventfds and irqfds: the eventfds,
 * what the main loop does when one fires, and the counters -d kvm prints.
 * Nothing here needs /dev/kvm (kvm_eventfd.c registers the fds with KVM),
 * so it is built on every host and unit-tested with plain eventfds.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "kvm_eventfd.h"
#include "virtio.h"

struct kvm_efd_dev *kvm_efd_dev_new(const struct accel_virtio_dev *info)
{
	struct kvm_efd_dev *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->queues = calloc(info->num_queues ? info->num_queues : 1,
			   sizeof(*d->queues));
	if (!d->queues) {
		free(d);
		return NULL;
	}
	d->info = *info;
	/*
	 * Ours: the caller's name (a virtio-pci device's description) is
	 * freed with the device, before the -d kvm counts at destroy.
	 */
	snprintf(d->name, sizeof(d->name), "%s", info->name ? info->name : "");
	d->info.name = d->name;
	for (unsigned int i = 0; i < info->num_queues; i++)
		d->queues[i] = (struct kvm_queue_fd){ .fd = -1, .queue = i, .dev = d };
	d->irq.fd = d->irq.resample_fd = -1;
	return d;
}

struct kvm_efd_dev *kvm_efd_pci_dev_new(const struct accel_virtio_pci_dev *info)
{
	const struct accel_virtio_dev base = {
		.name = info->name,
		.num_queues = info->num_queues,
		.notify = info->notify,
		.opaque = info->opaque,
	};
	struct kvm_efd_dev *d = kvm_efd_dev_new(&base);

	if (!d)
		return NULL;
	d->pci = true;
	d->vecs = calloc(info->nvec ? info->nvec : 1, sizeof(*d->vecs));
	if (!d->vecs) {
		kvm_efd_dev_free(d);
		return NULL;
	}
	d->nvec = info->nvec;
	for (unsigned int v = 0; v < d->nvec; v++)
		d->vecs[v].fd = -1;
	return d;
}

void kvm_efd_dev_free(struct kvm_efd_dev *d)
{
	if (!d)
		return;
	for (unsigned int i = 0; i < d->info.num_queues; i++)
		if (d->queues[i].fd >= 0)
			close(d->queues[i].fd);
	for (unsigned int v = 0; d->vecs && v < d->nvec; v++)
		if (d->vecs[v].fd >= 0)
			close(d->vecs[v].fd);
	kvm_irq_fd_close(&d->irq);
	free(d->vecs);
	free(d->queues);
	free(d);
}

static int kvm_efd_new_fd(int *fd)
{
	*fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	return *fd < 0 ? -errno : 0;
}

int kvm_queue_fd_open(struct kvm_queue_fd *q)
{
	return kvm_efd_new_fd(&q->fd);
}

int kvm_irq_fd_open(struct kvm_irq_fd *l)
{
	int ret = kvm_efd_new_fd(&l->fd);

	if (!ret)
		ret = kvm_efd_new_fd(&l->resample_fd);
	if (ret)
		kvm_irq_fd_close(l);
	return ret;
}

void kvm_irq_fd_close(struct kvm_irq_fd *l)
{
	if (l->fd >= 0)
		close(l->fd);
	if (l->resample_fd >= 0)
		close(l->resample_fd);
	l->fd = l->resample_fd = -1;
}

/* An eventfd read returns and clears the count of writes since the last. */
static uint64_t kvm_efd_drain(int fd)
{
	uint64_t n;

	return read(fd, &n, sizeof(n)) == sizeof(n) ? n : 0;
}

/*
 * Several QueueNotify writes may have fired before we looked: one notify
 * serves them all, as the device takes every available buffer (virtio
 * 1.1, 2.6.13: a notification only says "look at the ring").
 */
void kvm_queue_fd_ready(void *opaque)
{
	struct kvm_queue_fd *q = opaque;
	struct kvm_efd_dev *d = q->dev;
	uint64_t n = kvm_efd_drain(q->fd);

	if (!n)
		return;
	atomic_fetch_add(&d->fd_notifies, n);
	d->info.notify(d->info.opaque, q->queue);
}

static void kvm_irq_fd_fire(struct kvm_irq_fd *l)
{
	uint64_t one = 1;

	/* Only a counter at 2^64 - 2 refuses a write: never in practice. */
	if (write(l->fd, &one, sizeof(one)) == (ssize_t)sizeof(one))
		atomic_fetch_add(&l->injections, 1);
}

/*
 * Lowering needs no write: an edge-configured SPI has no level to lower,
 * and a level one is lowered by the kernel at the guest's EOI (resample
 * mode), by which time the driver has acknowledged the status.
 */
void kvm_irq_fd_set(struct kvm_irq_fd *l, int level)
{
	atomic_store(&l->level, level ? 1 : 0);
	if (level)
		kvm_irq_fd_fire(l);
}

/*
 * The kernel de-asserted the line before signalling us; "it is the
 * user's responsibility to re-queue the interrupt if the device still
 * requires service" (api.rst "KVM_IRQFD"). A level set high meanwhile
 * wrote the irqfd itself, so reading a stale 0 here loses nothing.
 */
void kvm_irq_fd_resample(void *opaque)
{
	struct kvm_irq_fd *l = opaque;

	if (!kvm_efd_drain(l->resample_fd))
		return;
	atomic_fetch_add(&l->resamples, 1);
	if (atomic_load(&l->level))
		kvm_irq_fd_fire(l);
}

void kvm_eventfd_flush(struct kvm_eventfds *e)
{
	for (unsigned int i = 0; e && i < e->ndevs; i++) {
		struct kvm_efd_dev *d = e->devs[i];

		for (unsigned int q = 0; q < d->info.num_queues; q++)
			if (d->queues[q].fd >= 0)
				kvm_queue_fd_ready(&d->queues[q]);
		if (d->irq.resample_fd >= 0)
			kvm_irq_fd_resample(&d->irq);
	}
}

struct kvm_irq_fd *kvm_efd_irq_find(struct kvm_eventfds *e, unsigned int intid)
{
	for (unsigned int i = 0; i < e->ndevs; i++)
		if (e->devs[i]->info.intid == intid && e->devs[i]->irq.fd >= 0)
			return &e->devs[i]->irq;
	return NULL;
}

/*
 * A virtio-pci notify that exited: a write to a queue's notify register
 * where the device said it decodes (DRIVER_OK, queue enabled) that KVM
 * did not match: the queue has no ioeventfd, or the value was not the
 * queue's index.
 */
static bool kvm_efd_pci_notify_exit(struct kvm_efd_dev *d, uint64_t addr)
{
	for (unsigned int q = 0; q < d->info.num_queues; q++)
		if (atomic_load(&d->queues[q].addr) == addr)
			return true;
	return false;
}

void kvm_efd_count_mmio(struct kvm_eventfds *e, uint64_t addr, bool is_write)
{
	atomic_fetch_add_explicit(&e->mmio_exits, 1, memory_order_relaxed);
	if (!is_write)
		return;
	for (unsigned int i = 0; i < e->ndevs; i++) {
		struct kvm_efd_dev *d = e->devs[i];

		if (d->pci ? kvm_efd_pci_notify_exit(d, addr) :
			     d->info.mmio_base + VIRTIO_MMIO_QUEUE_NOTIFY == addr) {
			atomic_fetch_add(&d->mmio_notifies, 1);
			return;
		}
	}
}

static int kvm_efd_format_pci(const struct kvm_efd_dev *d, char *buf, size_t len)
{
	return snprintf(buf, len,
			"kvm: %s: queue notifies %llu by ioeventfd, %llu by MMIO exit; MSI-X messages %llu by irqfd, %llu by msi_send\n",
			d->info.name,
			(unsigned long long)atomic_load(&d->fd_notifies),
			(unsigned long long)atomic_load(&d->mmio_notifies),
			(unsigned long long)atomic_load(&d->msi_irqfd),
			(unsigned long long)atomic_load(&d->msi_signal));
}

int kvm_efd_format_dev(const struct kvm_efd_dev *d, char *buf, size_t len)
{
	if (d->pci)
		return kvm_efd_format_pci(d, buf, len);
	return snprintf(buf, len,
			"kvm: %s@0x%08llx: queue notifies %llu by ioeventfd, %llu by MMIO exit; irqfd injections %llu, resamples %llu\n",
			d->info.name, (unsigned long long)d->info.mmio_base,
			(unsigned long long)atomic_load(&d->fd_notifies),
			(unsigned long long)atomic_load(&d->mmio_notifies),
			(unsigned long long)atomic_load(&d->irq.injections),
			(unsigned long long)atomic_load(&d->irq.resamples));
}

int kvm_efd_format_totals(const struct kvm_eventfds *e, char *buf, size_t len)
{
	unsigned long long fd = 0, mmio = 0, inj = 0, res = 0;

	for (unsigned int i = 0; i < e->ndevs; i++) {
		if (e->devs[i]->pci)
			continue;	/* their own line */
		fd += atomic_load(&e->devs[i]->fd_notifies);
		mmio += atomic_load(&e->devs[i]->mmio_notifies);
		inj += atomic_load(&e->devs[i]->irq.injections);
		res += atomic_load(&e->devs[i]->irq.resamples);
	}
	return snprintf(buf, len,
			"kvm: totals: queue notifies %llu by ioeventfd, %llu by MMIO exit; irqfd injections %llu, resamples %llu; MMIO exits %llu\n",
			fd, mmio, inj, res,
			(unsigned long long)atomic_load(&e->mmio_exits));
}

int kvm_efd_format_pci_totals(const struct kvm_eventfds *e, char *buf, size_t len)
{
	unsigned long long fd = 0, mmio = 0, irqfd = 0, sig = 0;

	for (unsigned int i = 0; i < e->ndevs; i++) {
		if (!e->devs[i]->pci)
			continue;
		fd += atomic_load(&e->devs[i]->fd_notifies);
		mmio += atomic_load(&e->devs[i]->mmio_notifies);
		irqfd += atomic_load(&e->devs[i]->msi_irqfd);
		sig += atomic_load(&e->devs[i]->msi_signal);
	}
	return snprintf(buf, len,
			"kvm: pci totals: queue notifies %llu by ioeventfd, %llu by MMIO exit; MSI-X messages %llu by irqfd, %llu by msi_send\n",
			fd, mmio, irqfd, sig);
}

/*
 * The message must be the one the table routes: a bridge's bus number
 * (the requester ID) can change with no MSI-X write, and a vector the
 * table no longer routes would be dropped by KVM, not left pending.
 */
bool kvm_msi_vec_fire(struct kvm_eventfds *e, struct kvm_efd_dev *d,
		      unsigned int vec, const struct accel_msi_msg *msg)
{
	uint64_t one = 1;
	bool ok;
	int fd;

	if (vec >= d->nvec)
		return false;
	pthread_mutex_lock(&e->route_lock);
	ok = d->vecs[vec].routed && kvm_msi_msg_same(&d->vecs[vec].msg, msg);
	fd = d->vecs[vec].fd;
	pthread_mutex_unlock(&e->route_lock);
	if (ok && write(fd, &one, sizeof(one)) == (ssize_t)sizeof(one)) {
		atomic_fetch_add(&d->msi_irqfd, 1);
		return true;
	}
	atomic_fetch_add(&d->msi_signal, 1);
	return false;
}
