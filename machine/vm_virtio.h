/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside machine/vm_virtio*.c: the virtio-mmio slots of a VM and the
 * parsing of the -drive/-device option strings the CLI collected
 * (QemuOpts syntax: "driver,key=value,...", ",," is a literal comma).
 */
#ifndef ARMVISOR_VM_VIRTIO_H
#define ARMVISOR_VM_VIRTIO_H

#include <stdbool.h>

#include "board.h"
#include "virtio.h"
#include "vm.h"

/* ---- Option strings ---- */

#define VOPTS_MAX	32

struct vopt {
	const char *key;
	const char *value;
	bool used;
};

struct vopts {
	const char *option;		/* "-drive", "-device": for messages */
	const char *text;		/* the whole string, as given */
	const char *origin;		/* "FILE:LINE" of a -readconfig group, or NULL */
	char *buf;			/* keys and values point in here */
	struct vopt items[VOPTS_MAX];
	unsigned int count;
};

/*
 * Split s; a first element without '=' is the value of implied_key
 * (NULL: not allowed); a later bare "key" means "key=on", as QemuOpts.
 */
int vopts_parse(struct vopts *o, const char *option, const char *s,
		const char *implied_key, struct av_err *err);
/* The same for a string from origin (config_strlist_origin(), or NULL). */
int vopts_parse_at(struct vopts *o, const char *option, const char *s,
		   const char *implied_key, const char *origin,
		   struct av_err *err);
void vopts_free(struct vopts *o);
/* The last value given for key (marks it used), or NULL. */
const char *vopts_take(struct vopts *o, const char *key);
/* on/off/yes/no/true/false for key; def when absent. */
int vopts_take_bool(struct vopts *o, const char *key, bool def, bool *out,
		    struct av_err *err);
/* Fail naming the first property nobody took. */
int vopts_check_used(const struct vopts *o, struct av_err *err);
/* An error about this option string: "-device TEXT: why". */
int vopts_err(const struct vopts *o, struct av_err *err, int code,
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
int vm_virtio_next_slot(struct vm *vm, const struct vopts *o, unsigned int *n,
			struct av_err *err);

/* -drive: parsed drives, and the devices that use them. */
struct vm_drive {
	struct vopts opts;
	const char *id;
	const char *file;
	bool is_virtio;			/* if=virtio: a device of its own */
	bool used;
	struct virtio_blk_conf conf;
};

struct vm_drives {
	struct vm_drive *items;
	unsigned int count;
};

int vm_drives_parse(const struct vm_config *cfg, struct vm_drives *drives,
		    struct av_err *err);
void vm_drives_free(struct vm_drives *drives);

/* Create a virtio-blk in the next slot for drive d (serial may override). */
int vm_virtio_add_blk(struct vm *vm, struct vm_drive *d, const char *serial,
		      struct av_err *err);
/* -device virtio-blk-device,drive=ID[,serial=S] */
int vm_virtio_device_blk(struct vm *vm, struct vopts *o,
			 struct vm_drives *drives, struct av_err *err);
/* -device virtio-rng-device */
int vm_virtio_device_rng(struct vm *vm, struct vopts *o,
			 struct vm_drives *drives, struct av_err *err);
/* -device virtio-net-device,netdev=ID (machine/vm_net.c) */
int vm_virtio_device_net(struct vm *vm, struct vopts *o,
			 struct vm_drives *drives, struct av_err *err);
/* -nic: a back end and a virtio-net each, after the -device list */
int vm_virtio_nics(struct vm *vm, struct av_err *err);
/* -device virtio-serial-device, virtconsole (machine/vm_console.c) */
int vm_virtio_device_serial(struct vm *vm, struct vopts *o,
			    struct vm_drives *drives, struct av_err *err);
int vm_virtio_device_virtconsole(struct vm *vm, struct vopts *o,
				 struct vm_drives *drives, struct av_err *err);

#endif
