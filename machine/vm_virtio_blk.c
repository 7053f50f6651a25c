// SPDX-License-Identifier: GPL-2.0
/*
 * The block and rng devices of -drive (cli/devices/drive.c parses it),
 * -device virtio-blk-device,drive=ID[,serial=S] and -device
 * virtio-rng-device. A -drive with if=virtio (virt's default) is a disk
 * of its own; one with if=none waits for a device to name it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vm_virtio.h"

int vm_drives_init(const struct vm_config *cfg, struct vm_drives *drives,
		   struct av_err *err)
{
	drives->items = cfg->drives;
	drives->count = cfg->ndrives;
	drives->used = calloc(cfg->ndrives ? cfg->ndrives : 1, sizeof(*drives->used));
	return drives->used ? 0 : av_errf(err, ENOMEM, "out of memory");
}

void vm_drives_free(struct vm_drives *drives)
{
	free(drives->used);
	drives->used = NULL;
	drives->count = 0;
}

static void vm_virtio_blk_free(void *model)
{
	virtio_blk_destroy(model);
}

int vm_virtio_add_blk(struct vm *vm, struct vm_drives *drives, unsigned int i,
		      const char *serial, const struct vm_virtio_want *want,
		      const struct config_origin *o, struct av_err *err)
{
	const struct config_drive *d = &drives->items[i];
	struct virtio_blk_conf conf = {
		.path = d->file, .readonly = d->readonly, .direct = d->direct,
		.serial = serial ? serial : d->serial, .probe = d->probe,
		.no_lock = d->no_lock, .writethrough = d->writethrough,
		.no_flush = d->no_flush, .snapshot = d->snapshot,
		.qcow2 = d->qcow2, .sandbox = &vm->sandbox,
	};
	struct vm_virtio_place pl;
	struct virtio_blk *blk;
	int ret = vm_virtio_place(vm, o, want, &pl, err);

	if (ret)
		return ret;
	blk = virtio_blk_create(&pl.host, &conf, err);
	if (!blk) {
		vm_virtio_abandon(&pl);
		return vm_opt_prefix(&d->origin, err);
	}
	drives->used[i] = true;
	ret = vm_virtio_commit(vm, o, &pl, virtio_blk_dev(blk), blk,
			       vm_virtio_blk_free, err);
	if (ret)
		return ret;
	return vm_watch_fd(vm, virtio_blk_event_fd(blk), virtio_blk_complete,
			   blk, err);
}

/* The index of the drive with id, or -1. */
static int vm_drive_find(const struct vm_drives *drives, const char *id)
{
	for (unsigned int i = 0; i < drives->count; i++)
		if (drives->items[i].id && !strcmp(drives->items[i].id, id))
			return (int)i;
	return -1;
}

int vm_virtio_device_blk(struct vm *vm, const struct config_device *d,
			 struct vm_drives *drives, struct av_err *err)
{
	int i = vm_drive_find(drives, d->drive);
	struct vm_virtio_want want;

	if (i < 0)
		return vm_opt_err(&d->origin, err, ENOENT, "no -drive has id '%s'",
				  d->drive);
	if (drives->used[i])
		return vm_opt_err(&d->origin, err, EBUSY, "drive '%s' is already in use",
				  d->drive);
	if (drives->items[i].is_virtio)
		return vm_opt_err(&d->origin, err, EBUSY,
				  "drive '%s' has a disk of its own (if=virtio): give it if=none",
				  d->drive);
	return vm_virtio_add_blk(vm, drives, (unsigned int)i, d->serial,
				 vm_virtio_want_of(d, &want), &d->origin, err);
}

static void vm_virtio_rng_free(void *model)
{
	virtio_rng_destroy(model);
}

int vm_virtio_device_rng(struct vm *vm, const struct config_device *d,
			 struct vm_drives *drives, struct av_err *err)
{
	struct vm_virtio_want want;
	struct vm_virtio_place pl;
	struct virtio_rng *rng;
	int ret;

	(void)drives;
	ret = vm_virtio_place(vm, &d->origin, vm_virtio_want_of(d, &want), &pl, err);
	if (ret)
		return ret;
	rng = virtio_rng_create(&pl.host, err);
	if (!rng) {
		vm_virtio_abandon(&pl);
		return -err->code;
	}
	return vm_virtio_commit(vm, &d->origin, &pl, virtio_rng_dev(rng), rng,
				vm_virtio_rng_free, err);
}
