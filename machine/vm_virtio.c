// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio-mmio devices the user asked for (-drive, -device, -netdev,
 * -nic), each in one of the board's 32 slots; the other slots hold empty
 * transports, as QEMU's virt has (DeviceID 0: the guest's driver skips
 * them without complaint).
 *
 * Order, as QEMU 7.2 (softmmu/vl.c, blockdev.c drive_new()): the -device
 * options in command-line order, then one virtio-blk per -drive with
 * if=virtio, in -drive order (QEMU appends those to the -device list).
 * The first goes in the highest slot (see vm_virtio_next_slot).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "vm_virtio.h"

/* How each -device model is built, by enum device_model (config.h). */
static const vm_device_fn vm_virtio_models[] = {
	[DEVICE_VIRTIO_BLK] = vm_virtio_device_blk,
	[DEVICE_VIRTIO_RNG] = vm_virtio_device_rng,
	[DEVICE_VIRTIO_NET] = vm_virtio_device_net,
	[DEVICE_VIRTIO_SERIAL] = vm_virtio_device_serial,
	[DEVICE_VIRTCONSOLE] = vm_virtio_device_virtconsole,
	[DEVICE_VIRTIO_9P] = vm_virtio_device_9p,
	[DEVICE_PCIE_ROOT_PORT] = vm_pci_device_root_port,
};

static void vm_virtio_dma(void *opaque, uint64_t gpa, uint64_t len)
{
	vm_dma_written(opaque, gpa, len);
}

void vm_virtio_host(struct vm *vm, unsigned int n, struct virtio_host *host)
{
	int spi = virt_memmap[VIRT_MMIO].spi + (int)n;

	memset(host, 0, sizeof(*host));
	host->ram = &vm->ram;
	vm_irq_line_init(vm, &host->irq, virt_spi_intid(spi));
	host->dma_written = vm_virtio_dma;
	host->dma_opaque = vm;
	host->mmio_base = virt_mmio_slot_base(n);
	host->mmio_legacy = vm->cfg->virtio_mmio_legacy;
}

int vm_virtio_next_slot(struct vm *vm, const struct config_origin *o,
			unsigned int *n, struct av_err *err)
{
	if (vm->virtio->placed == VIRT_MMIO_SLOTS)
		return vm_opt_err(o, err, ENOSPC,
				 "no free virtio-mmio slot (the board has %d)",
				 VIRT_MMIO_SLOTS);
	*n = VIRT_MMIO_SLOTS - 1 - vm->virtio->placed++;
	return 0;
}

const struct vm_virtio_want *vm_virtio_want_of(const struct config_device *d,
					       struct vm_virtio_want *buf)
{
	if (!d->pci)
		return NULL;
	*buf = (struct vm_virtio_want){
		.pci = true, .devfn = d->pci_devfn, .bus = d->pci_bus,
		.legacy = d->pci_legacy, .no_modern = d->pci_no_modern,
	};
	return buf;
}

static int vm_virtio_place_pci(struct vm *vm, const struct config_origin *o,
			       const struct vm_virtio_want *want,
			       struct vm_virtio_place *pl, struct av_err *err)
{
	unsigned int devfn;
	int ret = vm_pci_choose(vm, o, want, &pl->upstream, &devfn, &pl->entry, err);

	if (ret)
		return ret;
	pl->vp = virtio_pci_alloc(err);
	if (!pl->vp)
		return -err->code;
	pl->devfn = devfn;
	virtio_pci_set_interfaces(pl->vp, want->legacy, !want->no_modern);
	/* RAM and DMA as a virtio-mmio device has; interrupts via the transport. */
	vm_virtio_host(vm, 0, &pl->host);
	memset(&pl->host.irq, 0, sizeof(pl->host.irq));
	pl->host.mmio_base = 0;
	pl->host.mmio_legacy = false;	/* force-legacy is virtio-mmio's */
	virtio_pci_host(pl->vp, &pl->host);
	return 0;
}

int vm_virtio_place(struct vm *vm, const struct config_origin *o,
		    const struct vm_virtio_want *want, struct vm_virtio_place *pl,
		    struct av_err *err)
{
	unsigned int n = 0;
	int ret;

	memset(pl, 0, sizeof(*pl));
	if (want && want->pci)
		return vm_virtio_place_pci(vm, o, want, pl, err);
	ret = vm_virtio_next_slot(vm, o, &n, err);
	if (ret)
		return ret;
	pl->entry = n;
	vm_virtio_host(vm, n, &pl->host);
	return 0;
}

void vm_virtio_abandon(struct vm_virtio_place *pl)
{
	virtio_pci_free(pl->vp);
	pl->vp = NULL;
}

/*
 * The entry owns the model from here on, also when putting it on the
 * bus fails (vm_destroy_virtio frees it).
 */
int vm_virtio_commit(struct vm *vm, const struct config_origin *o,
		     struct vm_virtio_place *pl, struct virtio_dev *vdev,
		     void *model, void (*destroy)(void *model),
		     struct av_err *err)
{
	struct vm_virtio_slot *slot = &vm->virtio->slots[pl->entry];

	*slot = (struct vm_virtio_slot){
		.vdev = vdev, .model = model, .destroy = destroy, .vp = pl->vp,
	};
	pl->vp = NULL;
	if (!slot->vp)
		return 0;
	if (vm_pci_add_virtio(vm, slot->vp, vdev, pl->upstream, pl->devfn, err))
		return vm_opt_prefix(o, err);
	return 0;
}

static int vm_virtio_device(struct vm *vm, const struct config_device *d,
			    struct vm_drives *drives, struct av_err *err)
{
	if ((size_t)d->model >= ARRAY_SIZE(vm_virtio_models))
		return vm_opt_err(&d->origin, err, EINVAL, "unknown device model");
	return vm_virtio_models[d->model](vm, d, drives, err);
}

static int vm_virtio_map(struct vm *vm, unsigned int n, struct av_err *err)
{
	struct virtio_dev *vdev = vm->virtio->slots[n].vdev;

	if (!vdev)
		return mmio_bus_add(&vm->bus, virt_mmio_slot_base(n), VIRT_MMIO_SLOT_SIZE,
				    vm->cfg->virtio_mmio_legacy ?
				    &virtio_mmio_empty_legacy_ops : &virtio_mmio_empty_ops,
				    NULL, "virtio-mmio", err);
	return mmio_bus_add(&vm->bus, virt_mmio_slot_base(n), VIRT_MMIO_SLOT_SIZE,
			    &virtio_mmio_ops, vdev, "virtio-mmio", err);
}

static int vm_virtio_create_all(struct vm *vm, struct vm_drives *drives,
				struct av_err *err)
{
	const struct vm_config *cfg = vm->cfg;
	int ret = vm_virtio_nics(vm, true, err);

	for (unsigned int i = 0; !ret && i < cfg->ndevices; i++)
		ret = vm_virtio_device(vm, &cfg->devices[i], drives, err);
	for (unsigned int i = 0; !ret && i < drives->count; i++)
		if (drives->items[i].is_virtio)
			ret = vm_virtio_add_blk(vm, drives, i, NULL, NULL,
						&drives->items[i].origin, err);
	if (!ret)
		ret = vm_virtio_nics(vm, false, err);
	for (unsigned int n = 0; !ret && n < VIRT_MMIO_SLOTS; n++)
		ret = vm_virtio_map(vm, n, err);
	if (!ret)
		ret = vm_virtio_accel_attach(vm, err);
	return ret;
}

int vm_create_virtio(struct vm *vm, struct av_err *err)
{
	struct vm_drives drives = { 0 };
	int ret;

	vm->virtio = calloc(1, sizeof(*vm->virtio));
	if (!vm->virtio)
		return av_errf(err, ENOMEM, "out of memory");
	ret = vm_pci_create(vm, err);
	if (!ret)
		ret = vm_drives_init(vm->cfg, &drives, err);
	if (!ret)
		ret = vm_virtio_create_all(vm, &drives, err);
	if (drives.used)
		vm_drives_free(&drives);
	return ret;
}

void vm_reset_virtio(struct vm *vm)
{
	if (!vm->virtio)
		return;
	for (unsigned int n = 0; n < VM_VIRTIO_ENTRIES; n++)
		if (vm->virtio->slots[n].vdev)
			virtio_dev_reset(vm->virtio->slots[n].vdev);
	vm_pci_reset(vm);
}

void vm_destroy_virtio(struct vm *vm)
{
	if (!vm->virtio)
		return;
	for (unsigned int n = 0; n < VM_VIRTIO_ENTRIES; n++) {
		struct vm_virtio_slot *s = &vm->virtio->slots[n];

		if (s->destroy)
			s->destroy(s->model);
		virtio_pci_free(s->vp);
		vm_virtio_accel_free(s->accel);
	}
	vm_pci_destroy(vm);
	free(vm->virtio);
	vm->virtio = NULL;
}
