// SPDX-License-Identifier: GPL-2.0
/*
 * The board's PCIe host bridge, where QEMU's virt puts it (hw/arm/virt.c
 * create_pcie()): ECAM at VIRT_PCIE_ECAM (buses 0..15) and at
 * VIRT_PCIE_ECAM_HIGH (buses 0..255, the one the DTB names), the 32-bit
 * and 64-bit memory windows at their own PCI addresses, the I/O window
 * as PCI I/O addresses 0..64K, and INTA..INTD on the four SPIs from
 * VIRT_PCIE_ECAM's. Each region is one entry of the MMIO bus; the host
 * finds the BAR behind a window access itself (devices/pci/).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pci_root_port.h"

#include "vm_virtio.h"

struct vm_pci_port {
	const char *id;			/* the -device's id= (the config's string) */
	struct pci_root_port *rp;
};

struct vm_pci {
	struct pci_host host;
	struct vm_pci_port ports[PCI_DEVFNS];
	unsigned int nports;
};

static int vm_pci_msi(void *opaque, uint64_t addr, uint32_t data,
		      uint32_t devid)
{
	return vm_msi_send(opaque, addr, data, devid);
}

static void vm_pci_windows(struct pci_host *host)
{
	host->windows[PCI_WIN_MMIO] = (struct pci_window_desc){
		.host = host, .pci_base = virt_memmap[VIRT_PCIE_MMIO].base,
	};
	host->windows[PCI_WIN_MMIO_HIGH] = (struct pci_window_desc){
		.host = host, .pci_base = virt_memmap[VIRT_PCIE_MMIO_HIGH].base,
	};
	host->windows[PCI_WIN_PIO] = (struct pci_window_desc){
		.host = host, .pci_base = 0, .io = true,
	};
}

static int vm_pci_map(struct vm *vm, enum virt_region region,
		      const struct mmio_ops *ops, void *opaque,
		      struct av_err *err)
{
	const struct board_region *r = &virt_memmap[region];

	return mmio_bus_add(&vm->bus, r->base, r->size, ops, opaque, r->name, err);
}

static int vm_pci_map_all(struct vm *vm, struct pci_host *host,
			  struct av_err *err)
{
	int ret;

	ret = vm_pci_map(vm, VIRT_PCIE_ECAM, &pci_ecam_ops, host, err);
	if (!ret)
		ret = vm_pci_map(vm, VIRT_PCIE_ECAM_HIGH, &pci_ecam_ops, host, err);
	if (!ret)
		ret = vm_pci_map(vm, VIRT_PCIE_MMIO, &pci_window_ops,
				 &host->windows[PCI_WIN_MMIO], err);
	if (!ret)
		ret = vm_pci_map(vm, VIRT_PCIE_MMIO_HIGH, &pci_window_ops,
				 &host->windows[PCI_WIN_MMIO_HIGH], err);
	if (!ret)
		ret = vm_pci_map(vm, VIRT_PCIE_PIO, &pci_window_ops,
				 &host->windows[PCI_WIN_PIO], err);
	return ret;
}

int vm_pci_create(struct vm *vm, struct av_err *err)
{
	struct irq_line intx[VIRT_PCIE_NUM_INTX];
	struct vm_pci *p = calloc(1, sizeof(*p));

	if (!p)
		return av_errf(err, ENOMEM, "out of memory");
	for (int i = 0; i < VIRT_PCIE_NUM_INTX; i++)
		vm_irq_line_init(vm, &intx[i],
				 virt_spi_intid(virt_memmap[VIRT_PCIE_ECAM].spi + i));
	pci_host_init(&p->host, intx);
	vm_pci_windows(&p->host);
	vm->virtio->pci = p;
	return vm_pci_map_all(vm, &p->host, err);
}

void vm_pci_reset(struct vm *vm)
{
	if (vm->virtio && vm->virtio->pci)
		pci_host_reset(&vm->virtio->pci->host);
}

struct pci_host *vm_pci_host(struct vm *vm)
{
	return vm->virtio && vm->virtio->pci ? &vm->virtio->pci->host : NULL;
}

void vm_pci_destroy(struct vm *vm)
{
	if (!vm->virtio || !vm->virtio->pci)
		return;
	for (unsigned int i = 0; i < vm->virtio->pci->nports; i++)
		pci_root_port_destroy(vm->virtio->pci->ports[i].rp);
	pci_host_fini(&vm->virtio->pci->host);
	free(vm->virtio->pci);
	vm->virtio->pci = NULL;
}

/* QEMU's do_pci_register_device(): the first free slot from 1 (0 is the host's). */
static int vm_pci_choose_root(struct vm *vm, const struct config_origin *o,
			      const struct vm_virtio_want *want, unsigned int *devfn,
			      struct av_err *err)
{
	const struct pci_host *host = &vm->virtio->pci->host;
	int slot;

	if (want->devfn >= 0) {
		const struct pci_func *f = host->funcs[want->devfn];

		if (f)
			return vm_opt_err(o, err, EBUSY,
					  "PCI address 00:%02x.%x is taken by %s",
					  PCI_SLOT(want->devfn), PCI_FUNC(want->devfn),
					  f->name);
		*devfn = (unsigned int)want->devfn;
		return 0;
	}
	slot = pci_host_free_slot(host, 1);
	if (slot < 0)
		return vm_opt_err(o, err, ENOSPC, "no free slot on PCI bus pcie.0 (it has %d)",
				  PCI_SLOTS);
	*devfn = PCI_DEVFN((unsigned int)slot, 0);
	return 0;
}

static struct pci_func *vm_pci_find_port(struct vm *vm, const char *id)
{
	struct vm_pci *p = vm->virtio->pci;

	for (unsigned int i = 0; i < p->nports; i++)
		if (!strcmp(p->ports[i].id, id))
			return pci_root_port_func(p->ports[i].rp);
	return NULL;
}

/* Below a root port: slot 0 only (a PCIe link has one device). */
static int vm_pci_choose_below(struct vm *vm, const struct config_origin *o,
			       const struct vm_virtio_want *want, struct pci_func *port,
			       unsigned int *devfn, struct av_err *err)
{
	unsigned int d = want->devfn >= 0 ? (unsigned int)want->devfn : 0;

	(void)vm;
	if (PCI_SLOT(d) != 0)
		return vm_opt_err(o, err, EINVAL,
				  "PCI: slot %u is not valid for bus '%s', which only has slot 0",
				  PCI_SLOT(d), want->bus);
	if (port->below[d])
		return vm_opt_err(o, err, EBUSY, "PCI address 00.%x of bus '%s' is taken by %s",
				  PCI_FUNC(d), want->bus, port->below[d]->name);
	*devfn = d;
	return 0;
}

int vm_pci_choose(struct vm *vm, const struct config_origin *o,
		  const struct vm_virtio_want *want, struct pci_func **upstream,
		  unsigned int *devfn, unsigned int *entry, struct av_err *err)
{
	struct pci_func *port;
	int ret;

	*upstream = NULL;
	if (!want->bus || !want->bus[0]) {
		ret = vm_pci_choose_root(vm, o, want, devfn, err);
		*entry = VM_VIRTIO_PCI_FIRST + *devfn;
		return ret;
	}
	port = vm_pci_find_port(vm, want->bus);
	if (!port)
		return vm_opt_err(o, err, ENOENT,
				  "Bus '%s' not found (a pcie-root-port's id, or pcie.0)",
				  want->bus);
	ret = vm_pci_choose_below(vm, o, want, port, devfn, err);
	*upstream = port;
	*entry = VM_VIRTIO_BELOW_FIRST + port->devfn * PCI_FUNCS + *devfn;
	return ret;
}

int vm_pci_add_virtio(struct vm *vm, struct virtio_pci *vp,
		      struct virtio_dev *vdev, struct pci_func *upstream,
		      unsigned int devfn, struct av_err *err)
{
	return virtio_pci_realize(vp, vdev, &vm->virtio->pci->host, upstream, devfn,
				  vm_pci_msi, vm, err);
}

/*
 * -device pcie-root-port,id=ID: on the root bus like any function; the
 * devices that name it in bus= go below it, in command-line order after it.
 */
int vm_pci_device_root_port(struct vm *vm, const struct config_device *d,
			    struct vm_drives *drives, struct av_err *err)
{
	const struct vm_virtio_want want = { .pci = true, .devfn = d->pci_devfn };
	struct vm_pci *p = vm->virtio->pci;
	struct pci_root_port *rp;
	unsigned int devfn;
	int ret;

	(void)drives;
	if (vm_pci_find_port(vm, d->id))
		return vm_opt_err(&d->origin, err, EEXIST, "Duplicate ID '%s' for device", d->id);
	ret = vm_pci_choose_root(vm, &d->origin, &want, &devfn, err);
	if (ret)
		return ret;
	rp = pci_root_port_create(d->id, d->rp_slot, d->rp_port, err);
	if (!rp)
		return vm_opt_prefix(&d->origin, err);
	p->ports[p->nports].id = d->id;
	p->ports[p->nports++].rp = rp;
	if (pci_host_add(&p->host, pci_root_port_func(rp), devfn, err))
		return vm_opt_prefix(&d->origin, err);
	return 0;
}
