// SPDX-License-Identifier: GPL-2.0
/*
 * -drive file=PATH[,if=virtio|none][,id=ID][,format=raw][,readonly=on]
 *        [,cache=none|writeback][,serial=S][,file.locking=on|off|auto]
 *        (qemu-options.hx "-drive")
 * into a struct config_drive. The virt board's default interface is
 * virtio (hw/arm/virt.c block_default_type), so a -drive without if= gets
 * its own virtio-blk. QEMU 7.2 parses -drive with QemuOpts (blockdev.c
 * drive_def()), so a bare "readonly" is "readonly=on". The image itself
 * is opened when the machine is built (machine/vm_virtio_blk.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"
#include "opts_at.h"
#include "options.h"
#include "util.h"

static const char *const drive_keys[] = {
	"id", "file", "serial", "if", "cache", "format", "media", "aio",
	"readonly", "file.locking", "locking", NULL,
};

static int drive_iface(struct config_drive *d, const char *v,
		       struct av_err *err)
{
	d->is_virtio = !v || !strcmp(v, "virtio");
	if (d->is_virtio || !strcmp(v, "none"))
		return 0;
	return av_errf(err, EINVAL, "if=%s is not supported (virtio, none)", v);
}

static int drive_cache(struct config_drive *d, const char *v,
		       struct av_err *err)
{
	if (!v || !strcmp(v, "writeback"))
		return 0;
	if (!strcmp(v, "none")) {
		d->direct = true;
		return 0;
	}
	return av_errf(err, EINVAL, "cache=%s is not supported (none, writeback)", v);
}

static int drive_format(struct config_drive *d, const char *v,
			struct av_err *err)
{
	d->probe = !v;
	if (!v || !strcmp(v, "raw"))
		return 0;
	return av_errf(err, EINVAL, "%s: format '%s' is not supported (raw only)",
		       d->file, v);
}

/* Accepted as QEMU spells them, with nothing for us to do. */
static int drive_accepted(const struct keyval_list *kv, struct av_err *err)
{
	const char *media = keyval_last(kv, "media");
	const char *aio = keyval_last(kv, "aio");

	if (media && strcmp(media, "disk"))
		return av_errf(err, EINVAL, "media=%s is not supported (disk)", media);
	if (aio && strcmp(aio, "native") && strcmp(aio, "threads"))
		return av_errf(err, EINVAL, "aio=%s is not supported (native, threads)",
			       aio);
	return 0;
}

/*
 * QEMU's file.locking=on|off|auto of the file protocol (block/file-posix.c
 * "locking"); also taken as locking=. auto is on: OFD locks are in every
 * kernel we run on (Linux 3.15+).
 */
static int drive_locking(struct config_drive *d, const struct keyval_list *kv,
			 struct av_err *err)
{
	const char *name = "file.locking", *v = keyval_last(kv, name);
	bool on = true;
	int ret;

	if (!v) {
		name = "locking";
		v = keyval_last(kv, name);
	}
	if (!v || !strcmp(v, "auto"))
		return 0;
	ret = parse_bool(name, v, &on, err);
	d->no_lock = !on;
	return ret;
}

static int drive_fill(struct config_drive *d, const struct keyval_list *kv,
		      struct av_err *err)
{
	const char *unknown = keyval_unknown(kv, drive_keys, false);
	const char *readonly = keyval_last(kv, "readonly");
	/* QEMU's qemu_opts_create(): an id, when given, is well formed. */
	int ret = opts_check_id(keyval_last(kv, "id"), err);

	if (!ret)
		ret = keyval_copy_last(&d->id, kv, "id", err);
	if (!ret)
		ret = keyval_copy_last(&d->file, kv, "file", err);
	if (!ret)
		ret = keyval_copy_last(&d->serial, kv, "serial", err);
	if (!ret)
		ret = drive_iface(d, keyval_last(kv, "if"), err);
	if (!ret)
		ret = drive_cache(d, keyval_last(kv, "cache"), err);
	if (!ret && !d->file)
		ret = av_errf(err, EINVAL, "a disk image is needed: file=PATH");
	if (!ret)
		ret = drive_format(d, keyval_last(kv, "format"), err);
	if (!ret)
		ret = drive_accepted(kv, err);
	if (!ret && readonly)
		ret = parse_bool("readonly", readonly, &d->readonly, err);
	if (!ret)
		ret = drive_locking(d, kv, err);
	if (!ret && unknown)
		ret = av_errf(err, EINVAL, "unknown property '%s'", unknown);
	return ret;
}

int config_parse_drive(const char *s, struct config_drive *out,
		       struct av_err *err)
{
	struct keyval_list kv;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = qemuopts_parse(s, NULL, &kv, err);
	if (ret)
		return ret;
	ret = drive_fill(out, &kv, err);
	if (ret)
		config_drive_free(out);
	keyval_free(&kv);
	return ret;
}

static int drive_check_unique(const struct vm_config *cfg, const char *id,
			      struct av_err *err)
{
	for (unsigned int i = 0; id && i < cfg->ndrives; i++)
		if (cfg->drives[i].id && !strcmp(cfg->drives[i].id, id))
			return av_errf(err, EINVAL, "duplicate drive id '%s'", id);
	return 0;
}

int opt_drive_at(struct vm_config *cfg, const char *arg, const char *origin,
		 struct av_err *err)
{
	struct config_drive d;
	int ret = config_parse_drive(arg, &d, err);

	if (ret)
		return ret;
	ret = drive_check_unique(cfg, d.id, err);
	if (!ret)
		ret = config_list_add(&cfg->drives, &cfg->ndrives, &d, sizeof(d),
				      &d.origin, "-drive", arg, origin, err);
	if (ret)
		config_drive_free(&d);
	return ret;
}

int opt_drive(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	return opt_drive_at(cfg, arg, NULL, err);
}
