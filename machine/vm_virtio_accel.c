// SPDX-License-Identifier: GPL-2.0
/*
 * Hand each virtio device to the accelerator's optional fast paths
 * (include/accel.h). virtio-mmio devices go to virtio_attach: under KVM,
 * QueueNotify writes then reach the device through ioeventfds and its
 * interrupt goes through an irqfd. virtio-pci devices go to
 * virtio_pci_attach; their notify addresses follow the guest's BAR and
 * its driver (virtio_pci_accel.c tells us, we tell the accelerator), and
 * their MSI-X vectors are handed over whenever the guest changes one, so
 * the accelerator can route them (KVM: GSI routes and irqfds). TCG has
 * none of these ops: notifies stay MMIO accesses on the vCPU thread and
 * messages go through msi_send.
 */
#include <errno.h>
#include <stdlib.h>

#include "vm_virtio.h"

/* One virtio-pci device's connection to the accelerator. */
struct vm_pci_accel {
	struct vm *vm;
	struct virtio_pci *vp;
	void *handle;			/* the accelerator's */
	unsigned int nvec;
	struct accel_msi_msg *msgs;	/* nvec; the device lock guards them */
	char name[48];
};

void vm_virtio_accel_free(struct vm_pci_accel *a)
{
	if (!a)
		return;
	free(a->msgs);
	free(a);
}

/* What a QueueNotify write would do: the transport's checks, its lock. */
static void vm_virtio_accel_notify(void *opaque, unsigned int queue)
{
	virtio_mmio_queue_notify(opaque, queue);
}

static int vm_virtio_accel_slot(struct vm *vm, unsigned int n,
				struct virtio_dev *vdev, struct av_err *err)
{
	struct virtio_host host;
	struct accel_virtio_dev d;

	/* The same base and INTID the device was built with. */
	vm_virtio_host(vm, n, &host);
	d = (struct accel_virtio_dev){
		.name = virtio_name(vdev),
		.mmio_base = host.mmio_base,
		.num_queues = virtio_mmio_num_queues(vdev),
		.intid = host.irq.intid,
		.notify = vm_virtio_accel_notify,
		.opaque = vdev,
	};
	return vm->accel->virtio_attach(vm, &d, err);
}

/* ---- virtio-pci ---- */

static void vm_pci_accel_notify(void *opaque, unsigned int queue)
{
	struct vm_pci_accel *a = opaque;

	virtio_pci_queue_notify(a->vp, queue);
}

/*
 * A BAR outside the host bridge's memory windows decodes nothing (the
 * windows are the only way to PCI memory, vm_pci.c): no registration
 * there, which could shadow another device's registers.
 */
static bool vm_pci_in_window(uint64_t addr, uint64_t len)
{
	static const enum virt_region win[] = { VIRT_PCIE_MMIO, VIRT_PCIE_MMIO_HIGH };

	for (unsigned int i = 0; i < sizeof(win) / sizeof(win[0]); i++) {
		const struct board_region *r = &virt_memmap[win[i]];

		if (addr >= r->base && addr - r->base < r->size &&
		    len <= r->size - (addr - r->base))
			return true;
	}
	return false;
}

static void vm_pci_accel_notify_at(void *opaque, unsigned int queue, uint64_t addr)
{
	struct vm_pci_accel *a = opaque;

	if (addr && !vm_pci_in_window(addr, 2))
		addr = 0;
	a->vm->accel->pci_notify_at(a->vm, a->handle, queue, addr);
}

static const struct virtio_pci_accel vm_pci_accel_ops = {
	.notify_at = vm_pci_accel_notify_at,
};

/* The MSI-X table, a mask or the enable changed (device lock held). */
static void vm_pci_accel_msix_changed(void *opaque)
{
	struct vm_pci_accel *a = opaque;
	struct pci_msix *m = virtio_pci_msix(a->vp);
	uint32_t devid = pci_func_requester_id(m->func);

	for (unsigned int v = 0; v < a->nvec; v++) {
		a->msgs[v].live = pci_msix_vector_msg(m, v, &a->msgs[v].addr,
						      &a->msgs[v].data);
		a->msgs[v].devid = devid;
	}
	a->vm->accel->pci_msi_route(a->vm, a->handle, a->msgs);
}

static bool vm_pci_accel_fast_send(void *opaque, unsigned int vec, uint64_t addr,
				   uint32_t data, uint32_t devid)
{
	struct vm_pci_accel *a = opaque;
	const struct accel_msi_msg msg = {
		.live = true, .addr = addr, .data = data, .devid = devid,
	};

	return a->vm->accel->pci_msi_fire(a->vm, a->handle, vec, &msg);
}

static int vm_virtio_accel_pci(struct vm *vm, struct vm_virtio_slot *s,
			       struct av_err *err)
{
	struct pci_msix *m = virtio_pci_msix(s->vp);
	struct accel_virtio_pci_dev d;
	struct vm_pci_accel *a = calloc(1, sizeof(*a));
	int ret;

	if (!a || !(a->msgs = calloc(m->nvec ? m->nvec : 1, sizeof(*a->msgs)))) {
		vm_virtio_accel_free(a);
		return av_errf(err, ENOMEM, "out of memory");
	}
	*a = (struct vm_pci_accel){ .vm = vm, .vp = s->vp, .nvec = m->nvec,
				    .msgs = a->msgs };
	s->accel = a;
	virtio_pci_describe(s->vp, a->name, sizeof(a->name));
	d = (struct accel_virtio_pci_dev){
		.name = a->name,
		.num_queues = virtio_pci_num_queues(s->vp),
		.nvec = m->nvec,
		.notify = vm_pci_accel_notify,
		.opaque = a,
	};
	ret = vm->accel->virtio_pci_attach(vm, &d, &a->handle, err);
	if (ret || !a->handle)
		return ret;
	/* The VM does not run yet: nothing else looks at these. */
	virtio_pci_set_accel(s->vp, &vm_pci_accel_ops, a);
	m->changed = vm_pci_accel_msix_changed;
	m->fast_send = vm_pci_accel_fast_send;
	m->hook_opaque = a;
	return 0;
}

int vm_virtio_accel_attach(struct vm *vm, struct av_err *err)
{
	int ret = 0;

	if (vm->accel->virtio_attach)
		for (unsigned int n = 0; !ret && n < VIRT_MMIO_SLOTS; n++)
			if (vm->virtio->slots[n].vdev)
				ret = vm_virtio_accel_slot(vm, n, vm->virtio->slots[n].vdev,
							   err);
	if (!vm->accel->virtio_pci_attach)
		return ret;
	for (unsigned int n = VM_VIRTIO_PCI_FIRST; !ret && n < VM_VIRTIO_ENTRIES; n++)
		if (vm->virtio->slots[n].vp && vm->virtio->slots[n].vdev)
			ret = vm_virtio_accel_pci(vm, &vm->virtio->slots[n], err);
	return ret;
}
