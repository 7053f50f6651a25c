// SPDX-License-Identifier: GPL-2.0
/*
 * Network cards and virtio consoles on the board: slots, reset, teardown
 * (the devices themselves are built in vm_net.c and vm_console.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "netcon_priv.h"

static void netcon_dma_written(void *opaque, uint64_t gpa, uint64_t len)
{
	vm_dma_written(opaque, gpa, len);
}

/*
 * QEMU plugs -device virtio-* into the last free virtio-mmio bus first
 * (slot 31 at 0x0a003e00, then 30, ...): do the same, so a guest sees
 * its devices where it would under QEMU.
 */
int netcon_slot(struct vm *vm, struct virtio_host *host, unsigned int *slot,
		struct av_err *err)
{
	for (unsigned int n = VIRT_MMIO_SLOTS; n-- > 0;) {
		uint64_t base = virt_mmio_slot_base(n);

		if (mmio_bus_find(&vm->bus, base))
			continue;
		memset(host, 0, sizeof(*host));
		host->ram = &vm->ram;
		vm_irq_line_init(vm, &host->irq,
				 virt_spi_intid(virt_memmap[VIRT_MMIO].spi + (int)n));
		host->dma_written = netcon_dma_written;
		host->dma_opaque = vm;
		host->mmio_base = base;
		*slot = n;
		return 0;
	}
	return av_errf(err, ENOSPC, "no free virtio-mmio slot (the board has %d)",
		       VIRT_MMIO_SLOTS);
}

int netcon_plug(struct vm *vm, unsigned int slot, struct virtio_dev *vdev,
		struct av_err *err)
{
	return mmio_bus_add(&vm->bus, virt_mmio_slot_base(slot),
			    VIRT_MMIO_SLOT_SIZE, &virtio_mmio_ops, vdev,
			    "virtio-mmio", err);
}

void netcon_driver(const char *spec, char *out, size_t size)
{
	size_t len;

	if (!strncmp(spec, "driver=", 7))
		spec += 7;
	len = strcspn(spec, ",");
	if (len >= size)
		len = size - 1;
	memcpy(out, spec, len);
	out[len] = '\0';
}

bool netcon_device_is_ours(const char *spec)
{
	char drv[32];

	netcon_driver(spec, drv, sizeof(drv));
	return !strcmp(drv, "virtio-net-device") ||
	       !strcmp(drv, "virtio-serial-device") ||
	       !strcmp(drv, "virtconsole");
}

int netcon_device_check(const char *spec, struct av_err *err)
{
	char drv[32], chardev[CHARDEV_ID_MAX];
	struct nic_opts nic;
	bool is_port;

	netcon_driver(spec, drv, sizeof(drv));
	if (!strcmp(drv, "virtio-net-device"))
		return net_device_parse(spec, &nic, err);
	return console_device_parse(spec, &is_port, chardev, err);
}

int vm_netcon_create(struct vm *vm, struct vm_netcon **out,
		     struct av_err *err)
{
	struct vm_netcon *nc = calloc(1, sizeof(*nc));
	int ret;

	if (!nc)
		return av_errf(err, ENOMEM, "out of memory");
	*out = nc;
	ret = vm_net_create(vm, nc, err);
	if (!ret)
		ret = vm_console_create(vm, nc, err);
	for (unsigned int i = 0; !ret && i < nc->nnic; i++)
		ret = net_backend_start(nc->nb[i], err);
	return ret;
}

void vm_netcon_reset(struct vm_netcon *nc)
{
	if (!nc)
		return;
	for (unsigned int i = 0; i < nc->nnic; i++)
		virtio_dev_reset(virtio_net_dev(nc->nic[i]));
	for (unsigned int i = 0; i < nc->ncon; i++)
		virtio_dev_reset(virtio_console_dev(nc->con[i]));
}

void vm_netcon_destroy(struct vm_netcon *nc)
{
	if (!nc)
		return;
	/* Back-end threads deliver into the NICs: stop them first. */
	for (unsigned int i = 0; i < nc->nnic; i++)
		net_backend_close(nc->nb[i]);
	for (unsigned int i = 0; i < nc->nnic; i++)
		virtio_net_destroy(nc->nic[i]);
	for (unsigned int i = 0; i < nc->ncon; i++) {
		virtio_console_destroy(nc->con[i]);
		chardev_close(nc->chr[i]);
	}
	free(nc);
}
