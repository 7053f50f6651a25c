/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside machine/vm_virtio*.c: the virtio-mmio slots of a VM, built from
 * the typed -drive/-device/-netdev/-nic/-chardev of struct vm_config.
 */
#ifndef ARMVISOR_VM_VIRTIO_H
#define ARMVISOR_VM_VIRTIO_H

#include <stdbool.h>

#include "board.h"
#include "pci.h"
#include "virtio.h"
#include "virtio_pci.h"
#include "vm.h"

/* ---- Errors about an option ---- */

/* Prefix err's message with "[FILE:LINE: ]-option TEXT: "; returns -code. */
int vm_opt_prefix(const struct config_origin *o, struct av_err *err);
/* An error about this option: "[FILE:LINE: ]-device TEXT: why". */
int vm_opt_err(const struct config_origin *o, struct av_err *err, int code,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* ---- Slots ---- */

/*
 * Entries 0..31: virtio-mmio slots; then one per PCI devfn of bus 0;
 * then the 8 functions below each root port, by the port's devfn.
 */
#define VM_VIRTIO_PCI_FIRST	VIRT_MMIO_SLOTS
#define VM_VIRTIO_BELOW_FIRST	(VM_VIRTIO_PCI_FIRST + PCI_DEVFNS)
#define VM_VIRTIO_ENTRIES	(VM_VIRTIO_BELOW_FIRST + PCI_DEVFNS * PCI_FUNCS)

struct vm_virtio_slot {
	struct virtio_dev *vdev;	/* NULL: empty */
	void *model;
	void (*destroy)(void *model);
	struct virtio_pci *vp;		/* PCI entries: the transport */
	struct vm_pci_accel *accel;	/* PCI: the accelerator's hooks (vm_virtio_accel.c) */
};

struct vm_pci;
struct vm_pci_accel;
struct vm_drives;

struct vm_virtio {
	struct vm_virtio_slot slots[VM_VIRTIO_ENTRIES];
	unsigned int placed;		/* devices so far, from the top slot down */
	struct vm_pci *pci;		/* the PCIe host bridge (machine/vm_pci.c) */
};

/* Where a device asked to go: a virtio-mmio slot, or PCI (devfn or -1). */
struct vm_virtio_want {
	bool pci;
	int devfn;			/* -1: the first free slot */
	const char *bus;		/* NULL or "": pcie.0, else a root port's id */
	bool legacy, no_modern;		/* the interfaces (default: modern only) */
};

/* A device being built: its entry and its transport's host. */
struct vm_virtio_place {
	unsigned int entry;		/* index in slots[] */
	struct pci_func *upstream;	/* PCI below a root port: the port */
	unsigned int devfn;		/* PCI: on its bus */
	struct virtio_pci *vp;		/* PCI: the transport, until committed */
	struct virtio_host host;
};

/*
 * Choose the entry for the next device (want NULL: virtio-mmio) and fill
 * pl->host for the model's create; then vm_virtio_commit() with the model,
 * or vm_virtio_abandon() when the model could not be built.
 */
int vm_virtio_place(struct vm *vm, const struct config_origin *o,
		    const struct vm_virtio_want *want, struct vm_virtio_place *pl,
		    struct av_err *err);
int vm_virtio_commit(struct vm *vm, const struct config_origin *o,
		     struct vm_virtio_place *pl, struct virtio_dev *vdev,
		     void *model, void (*destroy)(void *model),
		     struct av_err *err);
void vm_virtio_abandon(struct vm_virtio_place *pl);

/* The transport's connection to the machine for slot n. */
void vm_virtio_host(struct vm *vm, unsigned int n, struct virtio_host *host);

/*
 * Offer every device to the accelerator's virtio_attach, if it has one
 * (machine/vm_virtio_accel.c); after all slots are mapped.
 */
int vm_virtio_accel_attach(struct vm *vm, struct av_err *err);
void vm_virtio_accel_free(struct vm_pci_accel *a);

/*
 * The slot the next device goes in: QEMU 7.2's virt plugs -device
 * options into virtio-mmio transports from the highest address down
 * (hw/arm/virt.c create_virtio_devices()), so the first device on the
 * command line is at 0x0a003e00, SPI 47.
 */
int vm_virtio_next_slot(struct vm *vm, const struct config_origin *o,
			unsigned int *n, struct av_err *err);

/* ---- PCI (machine/vm_pci.c) ---- */

/* The host bridge: ECAM (low and high), windows, INTx; no devices yet. */
int vm_pci_create(struct vm *vm, struct av_err *err);
void vm_pci_reset(struct vm *vm);
/* The host bridge, NULL before vm_pci_create (snapshots walk its functions). */
struct pci_host *vm_pci_host(struct vm *vm);
void vm_pci_destroy(struct vm *vm);
/*
 * Where a device goes: want->bus's port (*upstream) or the root bus
 * (*upstream NULL), at want->devfn if free, else the first free slot;
 * *entry is its index in vm->virtio->slots.
 */
int vm_pci_choose(struct vm *vm, const struct config_origin *o,
		  const struct vm_virtio_want *want, struct pci_func **upstream,
		  unsigned int *devfn, unsigned int *entry, struct av_err *err);
/* Put vp (built around vdev) at devfn, below upstream or on the root bus. */
int vm_pci_add_virtio(struct vm *vm, struct virtio_pci *vp,
		      struct virtio_dev *vdev, struct pci_func *upstream,
		      unsigned int devfn, struct av_err *err);
/* -device pcie-root-port (machine/vm_pci.c) */
int vm_pci_device_root_port(struct vm *vm, const struct config_device *d,
			    struct vm_drives *drives, struct av_err *err);

/* -drive: the config's drives, and which a device uses already. */
struct vm_drives {
	const struct config_drive *items;	/* cfg->drives */
	bool *used;
	unsigned int count;
};

int vm_drives_init(const struct vm_config *cfg, struct vm_drives *drives,
		   struct av_err *err);
void vm_drives_free(struct vm_drives *drives);

/*
 * Create a virtio-blk for drive i (serial may override) where want says
 * (NULL: the next virtio-mmio slot); o: the option placement errors name.
 */
int vm_virtio_add_blk(struct vm *vm, struct vm_drives *drives, unsigned int i,
		      const char *serial, const struct vm_virtio_want *want,
		      const struct config_origin *o, struct av_err *err);
/* What -device d asks for: NULL for the virtio-mmio models. */
const struct vm_virtio_want *vm_virtio_want_of(const struct config_device *d,
					       struct vm_virtio_want *buf);

/* -device models (machine/vm_virtio_blk.c, vm_net.c, vm_console.c) */
typedef int (*vm_device_fn)(struct vm *vm, const struct config_device *d,
			    struct vm_drives *drives, struct av_err *err);
int vm_virtio_device_blk(struct vm *vm, const struct config_device *d,
			 struct vm_drives *drives, struct av_err *err);
int vm_virtio_device_rng(struct vm *vm, const struct config_device *d,
			 struct vm_drives *drives, struct av_err *err);
int vm_virtio_device_net(struct vm *vm, const struct config_device *d,
			 struct vm_drives *drives, struct av_err *err);
int vm_virtio_device_serial(struct vm *vm, const struct config_device *d,
			    struct vm_drives *drives, struct av_err *err);
int vm_virtio_device_virtconsole(struct vm *vm, const struct config_device *d,
				 struct vm_drives *drives, struct av_err *err);
int vm_virtio_device_9p(struct vm *vm, const struct config_device *d,
			struct vm_drives *drives, struct av_err *err);
/*
 * -nic: a back end and a virtio-net each. The virtio-net-pci ones (pci)
 * come first, as QEMU's virt creates its NICs in create_pcie(), before
 * any -device; the virtio-mmio ones after the -device list.
 */
int vm_virtio_nics(struct vm *vm, bool pci, struct av_err *err);

#endif
