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

#include "vm_virtio.h"

/*
 * -device drivers. Network and console devices (virtio-net-device,
 * virtio-serial-device, virtconsole) add their entries here.
 */
static const struct vm_virtio_model {
	const char *driver;
	int (*create)(struct vm *vm, struct vopts *o, struct vm_drives *drives,
		      struct av_err *err);
} vm_virtio_models[] = {
	{ "virtio-blk-device", vm_virtio_device_blk },
	{ "virtio-rng-device", vm_virtio_device_rng },
	{ "virtio-net-device", vm_virtio_device_net },
	{ "virtio-serial-device", vm_virtio_device_serial },
	{ "virtconsole", vm_virtio_device_virtconsole },
	{ NULL, NULL },
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
}

int vm_virtio_next_slot(struct vm *vm, const struct vopts *o, unsigned int *n,
			struct av_err *err)
{
	if (vm->virtio->placed == VIRT_MMIO_SLOTS)
		return vopts_err(o, err, ENOSPC,
				 "no free virtio-mmio slot (the board has %d)",
				 VIRT_MMIO_SLOTS);
	*n = VIRT_MMIO_SLOTS - 1 - vm->virtio->placed++;
	return 0;
}

static int vm_virtio_device(struct vm *vm, const char *text,
			    const char *origin, struct vm_drives *drives,
			    struct av_err *err)
{
	struct vopts o;
	const char *driver;
	int ret = vopts_parse_at(&o, "-device", text, "driver", origin, err);

	driver = ret ? NULL : vopts_take(&o, "driver");
	if (!ret && !driver)
		ret = vopts_err(&o, err, EINVAL, "no device model named (driver=NAME)");
	for (unsigned int i = 0; !ret && vm_virtio_models[i].driver; i++)
		if (!strcmp(driver, vm_virtio_models[i].driver)) {
			ret = vm_virtio_models[i].create(vm, &o, drives, err);
			vopts_free(&o);
			return ret;
		}
	if (!ret)
		ret = vopts_err(&o, err, EINVAL, "'%s' is not a valid device model name",
				driver);
	vopts_free(&o);
	return ret;
}

static int vm_virtio_map(struct vm *vm, unsigned int n, struct av_err *err)
{
	struct virtio_dev *vdev = vm->virtio->slots[n].vdev;

	if (!vdev)
		return mmio_bus_add(&vm->bus, virt_mmio_slot_base(n), VIRT_MMIO_SLOT_SIZE,
				    &virtio_mmio_empty_ops, NULL, "virtio-mmio", err);
	return mmio_bus_add(&vm->bus, virt_mmio_slot_base(n), VIRT_MMIO_SLOT_SIZE,
			    &virtio_mmio_ops, vdev, "virtio-mmio", err);
}

static int vm_virtio_create_all(struct vm *vm, struct vm_drives *drives,
				struct av_err *err)
{
	const struct config_strlist *devs = &vm->cfg->devices;
	int ret = 0;

	for (unsigned int i = 0; !ret && i < devs->count; i++)
		ret = vm_virtio_device(vm, devs->items[i],
				       config_strlist_origin(devs, i), drives, err);
	for (unsigned int i = 0; !ret && i < drives->count; i++)
		if (drives->items[i].is_virtio)
			ret = vm_virtio_add_blk(vm, &drives->items[i], NULL, err);
	if (!ret)
		ret = vm_virtio_nics(vm, err);
	for (unsigned int n = 0; !ret && n < VIRT_MMIO_SLOTS; n++)
		ret = vm_virtio_map(vm, n, err);
	if (!ret)
		ret = vm_virtio_accel_attach(vm, err);
	return ret;
}

int vm_create_virtio(struct vm *vm, struct av_err *err)
{
	struct vm_drives drives;
	int ret;

	vm->virtio = calloc(1, sizeof(*vm->virtio));
	if (!vm->virtio)
		return av_errf(err, ENOMEM, "out of memory");
	ret = vm_drives_parse(vm->cfg, &drives, err);
	if (!ret)
		ret = vm_virtio_create_all(vm, &drives, err);
	vm_drives_free(&drives);
	return ret;
}

void vm_reset_virtio(struct vm *vm)
{
	if (!vm->virtio)
		return;
	for (unsigned int n = 0; n < VIRT_MMIO_SLOTS; n++)
		if (vm->virtio->slots[n].vdev)
			virtio_dev_reset(vm->virtio->slots[n].vdev);
}

void vm_destroy_virtio(struct vm *vm)
{
	if (!vm->virtio)
		return;
	for (unsigned int n = 0; n < VIRT_MMIO_SLOTS; n++)
		if (vm->virtio->slots[n].destroy)
			vm->virtio->slots[n].destroy(vm->virtio->slots[n].model);
	free(vm->virtio);
	vm->virtio = NULL;
}
