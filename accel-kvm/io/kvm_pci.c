// SPDX-License-Identifier: GPL-2.0
/*
 * ioeventfds and MSI irqfds for virtio-pci devices (api.rst
 * "KVM_IOEVENTFD", "KVM_IRQFD", "KVM_SET_GSI_ROUTING").
 *
 * Notifies: every queue gets its eventfd (watched by the main loop) when
 * the device is attached, before vm_run; the guest decides where its
 * notify register is (BAR 4, Command.Memory, DRIVER_OK, queue_enable), so
 * the device tells us (kvm_pci_notify_at) and we move the KVM_IOEVENTFD
 * registration there, or remove it. A notify that finds no registration
 * exits as an MMIO write and takes the transport's path.
 *
 * MSI-X: every vector gets an irqfd on its own GSI. The GSI routing table
 * points the GSI at the vector's message while the vector is live
 * (enabled, unmasked) and goes to the vITS; kvm_route.c builds the whole
 * table, rewritten when the guest changes a vector. Masked vectors have
 * no route and are never fired: the device keeps their pending bit
 * (devices/pci/pci_msix.c) and sends on unmask, through the new route.
 * Anything we cannot route (no vITS: GICv2m, no KVM_CAP_IRQ_ROUTING, a
 * refused table) goes through accel_ops.msi_send (KVM_SIGNAL_MSI) as
 * before; the boot never fails for it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "board.h"
#include "config.h"
#include "kvm_eventfd.h"
#include "kvm_int.h"
#include "log.h"
#include "vm.h"

static void kvm_pci_log_queue(const struct kvm_efd_dev *d, unsigned int q,
			      const char *what, uint64_t addr)
{
	if (log_enabled(LOG_KVM))
		log_printf(LOG_KVM, "kvm: %s queue %u: %s 0x%010llx, len 2, datamatch %u\n",
			   d->info.name, q, what, (unsigned long long)addr, q);
}

/* Removing what KVM holds only fails when it does not hold it. */
static void kvm_pci_ioeventfd_remove(struct kvm_state *ks, struct kvm_queue_fd *qf)
{
	uint64_t addr = atomic_load(&qf->addr);
	struct kvm_ioeventfd req;

	if (!addr)
		return;
	kvm_ioeventfd_pci_req(&req, addr, qf->queue, qf->fd, true);
	ioctl(ks->vm_fd, KVM_IOEVENTFD, &req);
	atomic_store(&qf->addr, 0);
}

/*
 * The device lock is held, so the queue's registration changes one
 * caller at a time. A refused registration (EEXIST: the guest put two
 * BARs on one address) leaves the queue on MMIO exits.
 */
void kvm_pci_notify_at(struct vm *vm, void *handle, unsigned int queue,
		       uint64_t addr)
{
	struct kvm_state *ks = vm->accel_state;
	struct kvm_efd_dev *d = handle;
	struct kvm_queue_fd *qf;
	struct kvm_ioeventfd req;

	if (!d || queue >= d->info.num_queues)
		return;
	qf = &d->queues[queue];
	if (atomic_load(&qf->addr) == addr)
		return;
	if (qf->fd < 0) {	/* no eventfd: kept for -d kvm's exit counts only */
		atomic_store(&qf->addr, addr);
		return;
	}
	if (atomic_load(&qf->addr))
		kvm_pci_log_queue(d, queue, "ioeventfd removed from",
				  atomic_load(&qf->addr));
	kvm_pci_ioeventfd_remove(ks, qf);
	if (!addr)
		return;
	kvm_ioeventfd_pci_req(&req, addr, queue, qf->fd, false);
	if (ioctl(ks->vm_fd, KVM_IOEVENTFD, &req) < 0) {
		if (log_enabled(LOG_KVM))
			log_printf(LOG_KVM, "kvm: %s queue %u: notifies at 0x%010llx stay MMIO exits (KVM_IOEVENTFD: %s)\n",
				   d->info.name, queue, (unsigned long long)addr,
				   strerror(errno));
		return;
	}
	atomic_store(&qf->addr, addr);
	kvm_pci_log_queue(d, queue, "ioeventfd on notify", addr);
}

/* The vITS's doorbell, or an address no message matches. */
static uint64_t kvm_pci_doorbell(const struct kvm_state *ks)
{
	if (!ks->its)
		return UINT64_MAX;
	return virt_memmap[VIRT_GIC_ITS].base + KVM_GITS_TRANSLATER;
}

/* route_lock held: install the table for every device's vectors now. */
static void kvm_pci_routes_install(struct kvm_state *ks, struct kvm_eventfds *e)
{
	uint64_t doorbell = kvm_pci_doorbell(ks);
	unsigned int max = kvm_route_max(e, KVM_ROUTE_NR_SPIS);
	struct kvm_irq_routing *r;
	bool ok;

	r = calloc(1, sizeof(*r) + (size_t)max * sizeof(r->entries[0]));
	if (!r) {
		kvm_route_mark(e, doorbell, false);
		return;
	}
	r->nr = kvm_route_build(r->entries, e, KVM_ROUTE_NR_SPIS, doorbell);
	ok = ioctl(ks->vm_fd, KVM_SET_GSI_ROUTING, r) == 0;
	if (!ok && !e->route_failed) {
		e->route_failed = true;	/* logged once: the guest can repeat it */
		if (log_enabled(LOG_KVM))
			log_printf(LOG_KVM, "kvm: KVM_SET_GSI_ROUTING (%u entries): %s; MSI-X stays on msi_send\n",
				   r->nr, strerror(errno));
	} else if (ok && log_enabled(LOG_KVM)) {
		log_printf(LOG_KVM, "kvm: GSI routing: %u SPI entries, %u MSI entries\n",
			   KVM_ROUTE_NR_SPIS, r->nr - KVM_ROUTE_NR_SPIS);
	}
	kvm_route_mark(e, doorbell, ok);
	free(r);
}

void kvm_pci_msi_route(struct vm *vm, void *handle,
		       const struct accel_msi_msg *vecs)
{
	struct kvm_state *ks = vm->accel_state;
	struct kvm_eventfds *e = ks->efd;
	struct kvm_efd_dev *d = handle;

	if (!d || !e->routing)
		return;
	pthread_mutex_lock(&e->route_lock);
	if (kvm_route_update(d, vecs))
		kvm_pci_routes_install(ks, e);
	pthread_mutex_unlock(&e->route_lock);
}

bool kvm_pci_msi_fire(struct vm *vm, void *handle, unsigned int vec,
		      const struct accel_msi_msg *msg)
{
	struct kvm_state *ks = vm->accel_state;

	if (!handle)
		return false;
	return kvm_msi_vec_fire(ks->efd, handle, vec, msg);
}

/* The queue's eventfd, read by the main loop; KVM learns its address later. */
static void kvm_pci_queue_setup(struct vm *vm, struct kvm_state *ks,
				struct kvm_queue_fd *qf)
{
	struct av_err why = { 0 };
	int ret;

	if (vm->cfg && vm->cfg->virtio_ioeventfd_off)
		ret = av_errf(&why, ECANCELED, "-global virtio-mmio.ioeventfd=off");
	else if (!ks->efd->ioeventfd)
		ret = av_errf(&why, ENOTSUP, "no KVM_CAP_IOEVENTFD");
	else if ((ret = kvm_queue_fd_open(qf)) != 0)
		av_errf_errno(&why, -ret, "eventfd");
	else
		ret = vm_watch_fd(vm, qf->fd, kvm_queue_fd_ready, qf, &why);
	if (!ret)
		return;
	if (qf->fd >= 0)
		close(qf->fd);
	qf->fd = -1;
	if (log_enabled(LOG_KVM))
		log_printf(LOG_KVM, "kvm: %s queue %u: notifies stay MMIO exits (%s)\n",
			   qf->dev->info.name, qf->queue, why.msg);
}

/* Vector v's irqfd on the next free GSI; no route yet (so no effect). */
static int kvm_pci_vec_setup(struct kvm_state *ks, struct kvm_msi_vec *v,
			     struct av_err *why)
{
	struct kvm_eventfds *e = ks->efd;
	struct kvm_irqfd req;
	int fd;

	if (e->next_gsi >= KVM_ROUTE_MAX)
		return av_errf(why, ENOSPC, "no GSI left (%u routes)", KVM_ROUTE_MAX);
	fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (fd < 0)
		return av_errf_errno(why, errno, "eventfd");
	kvm_irqfd_msi_req(&req, e->next_gsi, fd, false);
	if (ioctl(ks->vm_fd, KVM_IRQFD, &req) < 0) {
		int code = errno;

		close(fd);
		return av_errf_errno(why, code, "KVM_IRQFD");
	}
	v->fd = fd;
	v->gsi = e->next_gsi++;
	return 0;
}

static void kvm_pci_msi_setup(struct kvm_state *ks, struct kvm_efd_dev *d)
{
	struct av_err why = { 0 };
	unsigned int v;

	if (!ks->efd->routing)
		av_errf(&why, ENOTSUP, "no KVM_CAP_IRQ_ROUTING or KVM_CAP_IRQFD");
	for (v = 0; ks->efd->routing && v < d->nvec; v++)
		if (kvm_pci_vec_setup(ks, &d->vecs[v], &why))
			break;
	if (!log_enabled(LOG_KVM))
		return;
	if (v == d->nvec)
		log_printf(LOG_KVM, "kvm: %s: MSI-X vectors 0..%u: irqfds on GSIs %u..%u, routed while live\n",
			   d->info.name, d->nvec - 1, d->vecs[0].gsi,
			   d->vecs[d->nvec - 1].gsi);
	else
		log_printf(LOG_KVM, "kvm: %s: MSI-X vectors %u..%u stay on msi_send (%s)\n",
			   d->info.name, v, d->nvec - 1, why.msg);
}

int kvm_virtio_pci_attach(struct vm *vm, const struct accel_virtio_pci_dev *info,
			  void **handle, struct av_err *err)
{
	struct kvm_state *ks = vm->accel_state;
	struct kvm_eventfds *e = ks->efd;
	struct kvm_efd_dev *d;

	*handle = NULL;
	if (e->ndevs == KVM_EFD_MAX_DEVS) {
		if (log_enabled(LOG_KVM))
			log_printf(LOG_KVM, "kvm: %s: no fast paths (%u devices have them)\n",
				   info->name, KVM_EFD_MAX_DEVS);
		return 0;
	}
	d = kvm_efd_pci_dev_new(info);
	if (!d)
		return av_errf(err, ENOMEM, "out of memory");
	e->devs[e->ndevs++] = d;
	for (unsigned int q = 0; q < info->num_queues; q++)
		kvm_pci_queue_setup(vm, ks, &d->queues[q]);
	if (d->nvec)
		kvm_pci_msi_setup(ks, d);
	*handle = d;
	return 0;
}

void kvm_pci_release(struct kvm_state *ks, struct kvm_efd_dev *d)
{
	struct kvm_irqfd req;

	for (unsigned int q = 0; q < d->info.num_queues; q++)
		if (d->queues[q].fd >= 0)
			kvm_pci_ioeventfd_remove(ks, &d->queues[q]);
	for (unsigned int v = 0; v < d->nvec; v++) {
		if (d->vecs[v].fd < 0)
			continue;
		kvm_irqfd_msi_req(&req, d->vecs[v].gsi, d->vecs[v].fd, true);
		ioctl(ks->vm_fd, KVM_IRQFD, &req);
	}
}
