// SPDX-License-Identifier: GPL-2.0
/*
 * Registering the virtio ioeventfds and irqfds with KVM (kvm_eventfd.h),
 * with a fallback for each: without KVM_CAP_IOEVENTFD, or with the main
 * loop's watch table full, a queue's notifies stay MMIO exits; without
 * KVM_CAP_IRQFD and KVM_CAP_IRQFD_RESAMPLE, the line stays on
 * KVM_IRQ_LINE. A fallback is a -d kvm line, never a failed boot.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "board.h"
#include "kvm_eventfd.h"
#include "kvm_int.h"
#include "log.h"
#include "virtio.h"
#include "vm.h"

static bool kvm_efd_cap(struct kvm_state *ks, int cap)
{
	return ioctl(ks->kvm_fd, KVM_CHECK_EXTENSION, cap) > 0;
}

int kvm_eventfd_init(struct kvm_state *ks, struct av_err *err)
{
	struct kvm_eventfds *e = calloc(1, sizeof(*e));

	if (!e)
		return av_errf(err, ENOMEM, "out of memory");
	e->ioeventfd = kvm_efd_cap(ks, KVM_CAP_IOEVENTFD);
	e->irqfd = kvm_efd_cap(ks, KVM_CAP_IRQFD);
	e->resample = kvm_efd_cap(ks, KVM_CAP_IRQFD_RESAMPLE);
	e->routing = kvm_efd_cap(ks, KVM_CAP_IRQ_ROUTING) && e->irqfd;
	e->next_gsi = KVM_ROUTE_NR_SPIS;
	pthread_mutex_init(&e->route_lock, NULL);
	ks->efd = e;
	if (log_enabled(LOG_KVM))
		log_printf(LOG_KVM,
			   "kvm: KVM_CAP_IOEVENTFD %s, KVM_CAP_IRQFD %s, KVM_CAP_IRQFD_RESAMPLE %s, KVM_CAP_IRQ_ROUTING %s\n",
			   e->ioeventfd ? "yes" : "no", e->irqfd ? "yes" : "no",
			   e->resample ? "yes" : "no",
			   kvm_efd_cap(ks, KVM_CAP_IRQ_ROUTING) ? "yes" : "no");
	return 0;
}

/* Removal only fails for an fd KVM does not hold: nothing to undo then. */
static void kvm_efd_ioeventfd_remove(struct kvm_state *ks,
				     const struct kvm_queue_fd *q)
{
	struct kvm_ioeventfd req;

	kvm_ioeventfd_req(&req, q->dev->info.mmio_base, q->queue, q->fd, true);
	ioctl(ks->vm_fd, KVM_IOEVENTFD, &req);
}

/* An eventfd KVM signals on QueueNotify == queue, read by the main loop. */
static int kvm_efd_queue_register(struct vm *vm, struct kvm_state *ks,
				  struct kvm_queue_fd *q, struct av_err *why)
{
	struct kvm_ioeventfd req;
	int ret;

	if (vm->cfg && vm->cfg->virtio_ioeventfd_off)
		return av_errf(why, ECANCELED, "-global virtio-mmio.ioeventfd=off");
	if (!ks->efd->ioeventfd)
		return av_errf(why, ENOTSUP, "no KVM_CAP_IOEVENTFD");
	ret = kvm_queue_fd_open(q);
	if (ret)
		return av_errf_errno(why, -ret, "eventfd");
	kvm_ioeventfd_req(&req, q->dev->info.mmio_base, q->queue, q->fd, false);
	if (ioctl(ks->vm_fd, KVM_IOEVENTFD, &req) < 0)
		return av_errf_errno(why, errno, "KVM_IOEVENTFD");
	ret = vm_watch_fd(vm, q->fd, kvm_queue_fd_ready, q, why);
	if (ret)	/* nobody would read it: take it back */
		kvm_efd_ioeventfd_remove(ks, q);
	return ret;
}

static void kvm_efd_queue_setup(struct vm *vm, struct kvm_state *ks,
				struct kvm_queue_fd *q)
{
	const struct accel_virtio_dev *info = &q->dev->info;
	struct av_err why = { 0 };

	if (!kvm_efd_queue_register(vm, ks, q, &why)) {
		if (log_enabled(LOG_KVM))
			log_printf(LOG_KVM,
				   "kvm: %s@0x%08llx queue %u: ioeventfd on QueueNotify 0x%08llx, len 4, datamatch %u\n",
				   info->name, (unsigned long long)info->mmio_base,
				   q->queue,
				   (unsigned long long)(info->mmio_base + VIRTIO_MMIO_QUEUE_NOTIFY),
				   q->queue);
		return;
	}
	if (q->fd >= 0)
		close(q->fd);
	q->fd = -1;
	if (log_enabled(LOG_KVM))
		log_printf(LOG_KVM, "kvm: %s@0x%08llx queue %u: notifies stay MMIO exits (%s)\n",
			   info->name, (unsigned long long)info->mmio_base, q->queue,
			   why.msg);
}

static void kvm_efd_irqfd_remove(struct kvm_state *ks, const struct kvm_efd_dev *d)
{
	struct kvm_irqfd req;

	if (kvm_irqfd_req(&req, d->info.intid, d->irq.fd, -1, true))
		ioctl(ks->vm_fd, KVM_IRQFD, &req);
}

/* A resampling irqfd for the device's SPI, its resample fd watched. */
static int kvm_efd_irq_register(struct vm *vm, struct kvm_state *ks,
				struct kvm_efd_dev *d, struct av_err *why)
{
	struct kvm_irqfd req;
	int ret;

	if (!ks->efd->irqfd)
		return av_errf(why, ENOTSUP, "no KVM_CAP_IRQFD");
	if (!ks->efd->resample)
		return av_errf(why, ENOTSUP, "no KVM_CAP_IRQFD_RESAMPLE");
	ret = kvm_irq_fd_open(&d->irq);
	if (ret)
		return av_errf_errno(why, -ret, "eventfd");
	if (!kvm_irqfd_req(&req, d->info.intid, d->irq.fd, d->irq.resample_fd, false))
		return av_errf(why, EINVAL, "INTID %u is no SPI", d->info.intid);
	if (ioctl(ks->vm_fd, KVM_IRQFD, &req) < 0)
		return av_errf_errno(why, errno, "KVM_IRQFD");
	ret = vm_watch_fd(vm, d->irq.resample_fd, kvm_irq_fd_resample, &d->irq, why);
	if (ret)
		kvm_efd_irqfd_remove(ks, d);
	return ret;
}

static void kvm_efd_irq_setup(struct vm *vm, struct kvm_state *ks,
			      struct kvm_efd_dev *d)
{
	struct av_err why = { 0 };

	if (!kvm_efd_irq_register(vm, ks, d, &why)) {
		if (log_enabled(LOG_KVM))
			log_printf(LOG_KVM, "kvm: %s@0x%08llx: irqfd for INTID %u (gsi %u), resampled at EOI\n",
				   d->info.name, (unsigned long long)d->info.mmio_base,
				   d->info.intid, d->info.intid - GIC_SPI_BASE);
		return;
	}
	kvm_irq_fd_close(&d->irq);
	if (log_enabled(LOG_KVM))
		log_printf(LOG_KVM, "kvm: %s@0x%08llx: interrupt stays on KVM_IRQ_LINE (%s)\n",
			   d->info.name, (unsigned long long)d->info.mmio_base, why.msg);
}

int kvm_virtio_attach(struct vm *vm, const struct accel_virtio_dev *info,
		      struct av_err *err)
{
	struct kvm_state *ks = vm->accel_state;
	struct kvm_eventfds *e = ks->efd;
	struct kvm_efd_dev *d;

	if (e->ndevs == KVM_EFD_MAX_DEVS)
		return 0;	/* more devices than the board has slots: cannot be */
	d = kvm_efd_dev_new(info);
	if (!d)
		return av_errf(err, ENOMEM, "out of memory");
	e->devs[e->ndevs++] = d;
	for (unsigned int q = 0; q < info->num_queues; q++)
		kvm_efd_queue_setup(vm, ks, &d->queues[q]);
	kvm_efd_irq_setup(vm, ks, d);
	return 0;
}

/*
 * A line the guest had not yet EOI'd when the machine reset stays
 * asserted in the vGIC (only an EOI lowers an irqfd's line): lower the
 * ones whose device is low, so the next boot sees no stale interrupt.
 */
void kvm_eventfd_reset(struct kvm_state *ks)
{
	struct kvm_eventfds *e = ks->efd;
	struct kvm_irq_level irq = { .level = 0 };

	for (unsigned int i = 0; e && i < e->ndevs; i++) {
		if (e->devs[i]->irq.fd < 0 || atomic_load(&e->devs[i]->irq.level) ||
		    !kvm_irq_line_encode(e->devs[i]->info.intid, 0, &irq.irq))
			continue;
		if (ioctl(ks->vm_fd, KVM_IRQ_LINE, &irq) < 0 && log_enabled(LOG_KVM))
			log_printf(LOG_KVM, "kvm: KVM_IRQ_LINE %u: %s\n",
				   e->devs[i]->info.intid, strerror(errno));
	}
}

static void kvm_efd_log_counts(const struct kvm_eventfds *e)
{
	char line[256];

	for (unsigned int i = 0; i < e->ndevs; i++) {
		kvm_efd_format_dev(e->devs[i], line, sizeof(line));
		log_printf(LOG_KVM, "%s", line);
	}
	kvm_efd_format_totals(e, line, sizeof(line));
	log_printf(LOG_KVM, "%s", line);
	kvm_efd_format_pci_totals(e, line, sizeof(line));
	log_printf(LOG_KVM, "%s", line);
}

void kvm_eventfd_destroy(struct kvm_state *ks)
{
	struct kvm_eventfds *e = ks->efd;

	if (!e)
		return;
	if (log_enabled(LOG_KVM))
		kvm_efd_log_counts(e);
	for (unsigned int i = 0; i < e->ndevs; i++) {
		struct kvm_efd_dev *d = e->devs[i];

		if (d->pci)
			kvm_pci_release(ks, d);
		for (unsigned int q = 0; !d->pci && q < d->info.num_queues; q++)
			if (d->queues[q].fd >= 0)
				kvm_efd_ioeventfd_remove(ks, &d->queues[q]);
		if (d->irq.fd >= 0)
			kvm_efd_irqfd_remove(ks, d);
		kvm_efd_dev_free(d);
	}
	pthread_mutex_destroy(&e->route_lock);
	free(e);
	ks->efd = NULL;
}
