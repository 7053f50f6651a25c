// SPDX-License-Identifier: GPL-2.0
/*
 * -drive and the block and rng devices (qemu-options.hx "-drive"):
 *   -drive file=PATH[,if=virtio|none][,id=ID][,format=raw][,readonly=on]
 *          [,cache=none|writeback][,serial=S]
 *   -device virtio-blk-device,drive=ID[,serial=S]
 *   -device virtio-rng-device
 * The virt board's default interface is virtio (hw/arm/virt.c
 * block_default_type), so a -drive without if= gets its own virtio-blk.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vm_virtio.h"

static int vm_drive_iface(struct vm_drive *d, struct av_err *err)
{
	const char *v = vopts_take(&d->opts, "if");

	d->is_virtio = !v || !strcmp(v, "virtio");
	if (d->is_virtio || !strcmp(v, "none"))
		return 0;
	return vopts_err(&d->opts, err, EINVAL,
			 "if=%s is not supported (virtio, none)", v);
}

static int vm_drive_cache(struct vm_drive *d, struct av_err *err)
{
	const char *v = vopts_take(&d->opts, "cache");

	if (!v || !strcmp(v, "writeback"))
		return 0;
	if (!strcmp(v, "none")) {
		d->conf.direct = true;
		return 0;
	}
	return vopts_err(&d->opts, err, EINVAL,
			 "cache=%s is not supported (none, writeback)", v);
}

static int vm_drive_format(struct vm_drive *d, struct av_err *err)
{
	const char *v = vopts_take(&d->opts, "format");

	d->conf.probe = !v;
	if (!v || !strcmp(v, "raw"))
		return 0;
	return vopts_err(&d->opts, err, EINVAL,
			 "%s: format '%s' is not supported (raw only)", d->file, v);
}

/* Accepted as QEMU spells them, with nothing for us to do. */
static int vm_drive_accepted(struct vm_drive *d, struct av_err *err)
{
	const char *media = vopts_take(&d->opts, "media");
	const char *aio = vopts_take(&d->opts, "aio");

	if (media && strcmp(media, "disk"))
		return vopts_err(&d->opts, err, EINVAL,
				 "media=%s is not supported (disk)", media);
	if (aio && strcmp(aio, "native") && strcmp(aio, "threads"))
		return vopts_err(&d->opts, err, EINVAL,
				 "aio=%s is not supported (native, threads)", aio);
	return 0;
}

static int vm_drive_parse(struct vm_drive *d, const char *text,
			  const char *origin, struct av_err *err)
{
	int ret = vopts_parse_at(&d->opts, "-drive", text, NULL, origin, err);

	if (ret)
		return ret;
	d->id = vopts_take(&d->opts, "id");
	d->file = vopts_take(&d->opts, "file");
	d->conf.path = d->file;
	d->conf.serial = vopts_take(&d->opts, "serial");
	ret = vm_drive_iface(d, err);
	if (!ret)
		ret = vm_drive_cache(d, err);
	if (!ret && !d->file)
		ret = vopts_err(&d->opts, err, EINVAL, "a disk image is needed: file=PATH");
	if (!ret)
		ret = vm_drive_format(d, err);
	if (!ret)
		ret = vm_drive_accepted(d, err);
	if (!ret)
		ret = vopts_take_bool(&d->opts, "readonly", false, &d->conf.readonly, err);
	if (!ret)
		ret = vopts_check_used(&d->opts, err);
	return ret;
}

static int vm_drives_check_ids(struct vm_drives *drives, struct av_err *err)
{
	for (unsigned int i = 0; i < drives->count; i++)
		for (unsigned int j = 0; j < i && drives->items[i].id; j++)
			if (drives->items[j].id &&
			    !strcmp(drives->items[i].id, drives->items[j].id))
				return vopts_err(&drives->items[i].opts, err, EINVAL,
						 "duplicate drive id '%s'",
						 drives->items[i].id);
	return 0;
}

int vm_drives_parse(const struct vm_config *cfg, struct vm_drives *drives,
		    struct av_err *err)
{
	unsigned int n = cfg->drives.count;
	int ret = 0;

	drives->count = 0;
	drives->items = calloc(n ? n : 1, sizeof(*drives->items));
	if (!drives->items)
		return av_errf(err, ENOMEM, "out of memory");
	for (unsigned int i = 0; !ret && i < n; i++) {
		drives->count++;
		ret = vm_drive_parse(&drives->items[i], cfg->drives.items[i],
				     config_strlist_origin(&cfg->drives, i), err);
	}
	if (!ret)
		ret = vm_drives_check_ids(drives, err);
	return ret;
}

void vm_drives_free(struct vm_drives *drives)
{
	for (unsigned int i = 0; i < drives->count; i++)
		vopts_free(&drives->items[i].opts);
	free(drives->items);
	drives->items = NULL;
	drives->count = 0;
}

static void vm_virtio_blk_free(void *model)
{
	virtio_blk_destroy(model);
}

int vm_virtio_add_blk(struct vm *vm, struct vm_drive *d, const char *serial,
		      struct av_err *err)
{
	struct virtio_blk_conf conf = d->conf;
	struct vm_virtio_slot *slot;
	struct virtio_host host;
	struct virtio_blk *blk;
	unsigned int n;
	int ret = vm_virtio_next_slot(vm, &d->opts, &n, err);

	if (ret)
		return ret;
	if (serial)
		conf.serial = serial;
	vm_virtio_host(vm, n, &host);
	blk = virtio_blk_create(&host, &conf, err);
	if (!blk) {
		av_err_prefix(err, "%s%s%s %s", d->opts.origin ? d->opts.origin : "",
			      d->opts.origin ? ": " : "", d->opts.option, d->opts.text);
		return -err->code;
	}
	slot = &vm->virtio->slots[n];
	*slot = (struct vm_virtio_slot){
		.vdev = virtio_blk_dev(blk), .model = blk,
		.destroy = vm_virtio_blk_free,
	};
	d->used = true;
	return vm_watch_fd(vm, virtio_blk_event_fd(blk), virtio_blk_complete,
			   blk, err);
}

static struct vm_drive *vm_drive_find(struct vm_drives *drives, const char *id)
{
	for (unsigned int i = 0; i < drives->count; i++)
		if (drives->items[i].id && !strcmp(drives->items[i].id, id))
			return &drives->items[i];
	return NULL;
}

int vm_virtio_device_blk(struct vm *vm, struct vopts *o,
			 struct vm_drives *drives, struct av_err *err)
{
	const char *id = vopts_take(o, "drive");
	const char *serial = vopts_take(o, "serial");
	struct vm_drive *d;
	int ret;

	vopts_take(o, "id");
	ret = vopts_check_used(o, err);
	if (ret)
		return ret;
	if (!id)
		return vopts_err(o, err, EINVAL, "drive property not set");
	d = vm_drive_find(drives, id);
	if (!d)
		return vopts_err(o, err, ENOENT, "no -drive has id '%s'", id);
	if (d->used)
		return vopts_err(o, err, EBUSY, "drive '%s' is already in use", id);
	if (d->is_virtio)
		return vopts_err(o, err, EBUSY,
				 "drive '%s' has a disk of its own (if=virtio): give it if=none",
				 id);
	return vm_virtio_add_blk(vm, d, serial, err);
}

static void vm_virtio_rng_free(void *model)
{
	virtio_rng_destroy(model);
}

int vm_virtio_device_rng(struct vm *vm, struct vopts *o,
			 struct vm_drives *drives, struct av_err *err)
{
	struct virtio_host host;
	struct virtio_rng *rng;
	unsigned int n;
	int ret;

	(void)drives;
	vopts_take(o, "id");
	ret = vopts_check_used(o, err);
	if (!ret)
		ret = vm_virtio_next_slot(vm, o, &n, err);
	if (ret)
		return ret;
	vm_virtio_host(vm, n, &host);
	rng = virtio_rng_create(&host, err);
	if (!rng)
		return -err->code;
	vm->virtio->slots[n] = (struct vm_virtio_slot){
		.vdev = virtio_rng_dev(rng), .model = rng,
		.destroy = vm_virtio_rng_free,
	};
	return 0;
}
