// SPDX-License-Identifier: GPL-2.0
/*
 * Hand each virtio-mmio device to the accelerator's optional virtio_attach
 * (include/accel.h): under KVM, QueueNotify writes then reach the device
 * through ioeventfds and its interrupt goes through an irqfd. TCG has no
 * such op: its notifies stay MMIO accesses on the vCPU thread.
 */
#include "vm_virtio.h"

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

int vm_virtio_accel_attach(struct vm *vm, struct av_err *err)
{
	int ret = 0;

	if (!vm->accel->virtio_attach)
		return 0;
	for (unsigned int n = 0; !ret && n < VIRT_MMIO_SLOTS; n++)
		if (vm->virtio->slots[n].vdev)
			ret = vm_virtio_accel_slot(vm, n, vm->virtio->slots[n].vdev, err);
	return ret;
}
