/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside machine/vm_virtio*.c: the virtio-mmio slots of a VM, built from
 * the typed -drive/-device/-netdev/-nic/-chardev of struct vm_config.
 */
#ifndef ARMVISOR_VM_VIRTIO_H
#define ARMVISOR_VM_VIRTIO_H

#include <stdbool.h>

#include "board.h"
#include "virtio.h"
#include "vm.h"

/* ---- Errors about an option ---- */

/* Prefix err's message with "[FILE:LINE: ]-option TEXT: "; returns -code. */
int vm_opt_prefix(const struct config_origin *o, struct av_err *err);
/* An error about this option: "[FILE:LINE: ]-device TEXT: why". */
int vm_opt_err(const struct config_origin *o, struct av_err *err, int code,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* ---- Slots ---- */

struct vm_virtio_slot {
	struct virtio_dev *vdev;	/* NULL: empty */
	void *model;
	void (*destroy)(void *model);
};

struct vm_virtio {
	struct vm_virtio_slot slots[VIRT_MMIO_SLOTS];
	unsigned int placed;		/* devices so far, from the top slot down */
};

/* The transport's connection to the machine for slot n. */
void vm_virtio_host(struct vm *vm, unsigned int n, struct virtio_host *host);

/*
 * Offer every device to the accelerator's virtio_attach, if it has one
 * (machine/vm_virtio_accel.c); after all slots are mapped.
 */
int vm_virtio_accel_attach(struct vm *vm, struct av_err *err);

/*
 * The slot the next device goes in: QEMU 7.2's virt plugs -device
 * options into virtio-mmio transports from the highest address down
 * (hw/arm/virt.c create_virtio_devices()), so the first device on the
 * command line is at 0x0a003e00, SPI 47.
 */
int vm_virtio_next_slot(struct vm *vm, const struct config_origin *o,
			unsigned int *n, struct av_err *err);

/* -drive: the config's drives, and which a device uses already. */
struct vm_drives {
	const struct config_drive *items;	/* cfg->drives */
	bool *used;
	unsigned int count;
};

int vm_drives_init(const struct vm_config *cfg, struct vm_drives *drives,
		   struct av_err *err);
void vm_drives_free(struct vm_drives *drives);

/* Create a virtio-blk in the next slot for drive i (serial may override). */
int vm_virtio_add_blk(struct vm *vm, struct vm_drives *drives, unsigned int i,
		      const char *serial, struct av_err *err);

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
/* -nic: a back end and a virtio-net each, after the -device list */
int vm_virtio_nics(struct vm *vm, struct av_err *err);

#endif
