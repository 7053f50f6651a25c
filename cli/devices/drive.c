// SPDX-License-Identifier: GPL-2.0
/*
 * -drive file=PATH[,if=virtio|none|pflash][,id=ID][,format=raw|qcow2][,readonly=on]
 *        [,unit=N]
 *        [,cache=MODE][,serial=S][,file.locking=on|off|auto][,index=N]
 *        [,snapshot=on|off] (qemu-options.hx "-drive")
 * into a struct config_drive. The virt board's default interface is
 * virtio (hw/arm/virt.c block_default_type), so a -drive without if= gets
 * its own virtio-blk. QEMU 7.2 parses -drive with QemuOpts (blockdev.c
 * drive_def()), so a bare "readonly" is "readonly=on". The image itself
 * is opened when the machine is built (machine/vm_virtio_blk.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../opts.h"
#include "../opts_at.h"
#include "../options.h"
#include "util.h"

static const char *const drive_keys[] = {
	"id", "file", "serial", "if", "cache", "format", "media", "aio",
	"readonly", "file.locking", "locking", "index", "snapshot", "unit", NULL,
};

static int drive_iface(struct config_drive *d, const char *v,
		       struct av_err *err)
{
	d->is_virtio = !v || !strcmp(v, "virtio");
	d->is_pflash = v && !strcmp(v, "pflash");
	if (d->is_virtio || d->is_pflash || !strcmp(v, "none"))
		return 0;
	return av_errf(err, EINVAL, "if=%s is not supported (virtio, none, pflash)", v);
}

/*
 * QEMU's cache modes (qemu-options.hx "-drive", the cache= table) are
 * three switches: the host page cache bypassed (O_DIRECT), the guest's
 * writes stable when they complete (no write cache), flushes ignored.
 * Ours map onto the blk back end: O_DIRECT, RWF_DSYNC on every write,
 * FLUSH completed without fdatasync (docs/ARCHITECTURE.md, virtio-blk).
 */
static const struct {
	const char *name;
	bool direct, writethrough, no_flush;
} drive_cache_modes[] = {
	{ "writeback", false, false, false },
	{ "none", true, false, false },
	{ "writethrough", false, true, false },
	{ "directsync", true, true, false },
	{ "unsafe", false, false, true },
};

static int drive_cache(struct config_drive *d, const char *v,
		       struct av_err *err)
{
	for (size_t i = 0; v && i < ARRAY_SIZE(drive_cache_modes); i++) {
		if (strcmp(v, drive_cache_modes[i].name))
			continue;
		d->direct = drive_cache_modes[i].direct;
		d->writethrough = drive_cache_modes[i].writethrough;
		d->no_flush = drive_cache_modes[i].no_flush;
		return 0;
	}
	if (!v)
		return 0;
	return av_errf(err, EINVAL,
		       "cache=%s is not supported (writeback, none, writethrough, directsync, unsafe)",
		       v);
}

/* index=N: only told apart, to refuse two drives at one index as QEMU does. */
static int drive_index(struct config_drive *d, const char *v,
		       struct av_err *err)
{
	unsigned int n;

	d->index = -1;
	if (!v)
		return 0;
	if (config_parse_uint(v, &n) || n > 255)
		return av_errf(err, EINVAL, "invalid index=%s (0 to 255)", v);
	d->index = (int)n;
	return 0;
}

/*
 * unit=N: the unit on the interface's bus. virt's pflash interface has one
 * unit per bus (QEMU's drive_new(): max_devs 0), so unit is the index.
 */
static int drive_unit(struct config_drive *d, const char *v,
		      struct av_err *err)
{
	unsigned int n;

	if (!v)
		return 0;
	if (config_parse_uint(v, &n) || n > 255)
		return av_errf(err, EINVAL, "invalid unit=%s (0 to 255)", v);
	if (d->index >= 0 && d->index != (int)n)
		return av_errf(err, EINVAL, "index=%d and unit=%u disagree", d->index, n);
	d->index = (int)n;
	return 0;
}

/* snapshot=on: writes go to a temporary overlay (-snapshot for every drive). */
static int drive_snapshot(struct config_drive *d, const char *v,
			  struct av_err *err)
{
	d->snapshot_given = v != NULL;
	return v ? parse_bool("snapshot", v, &d->snapshot, err) : 0;
}

static int drive_format(struct config_drive *d, const char *v,
			struct av_err *err)
{
	d->probe = !v;
	d->qcow2 = v && !strcmp(v, "qcow2");
	if (!v || d->qcow2 || !strcmp(v, "raw"))
		return 0;
	return av_errf(err, EINVAL, "%s: format '%s' is not supported (raw and qcow2 are)",
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
	if (!ret)
		ret = drive_index(d, keyval_last(kv, "index"), err);
	if (!ret)
		ret = drive_unit(d, keyval_last(kv, "unit"), err);
	if (!ret)
		ret = drive_snapshot(d, keyval_last(kv, "snapshot"), err);
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

/* QEMU's qemu_opts_create() (ids) and drive_new() (one drive per index). */
static int drive_check_unique(const struct vm_config *cfg,
			      const struct config_drive *d, struct av_err *err)
{
	for (unsigned int i = 0; i < cfg->ndrives; i++) {
		const struct config_drive *o = &cfg->drives[i];

		if (d->id && o->id && !strcmp(o->id, d->id))
			return av_errf(err, EINVAL, "duplicate drive id '%s'", d->id);
		if (d->index >= 0 && o->index == d->index &&
		    o->is_virtio == d->is_virtio && o->is_pflash == d->is_pflash)
			return av_errf(err, EINVAL, "a drive with index=%d exists", d->index);
	}
	return 0;
}

/*
 * virt has two flash banks (hw/arm/virt.c virt_flash_create()): a pflash
 * drive without unit= takes the first free one, as QEMU's drive_new().
 */
static int drive_pflash_unit(const struct vm_config *cfg, struct config_drive *d,
			     struct av_err *err)
{
	bool used[CONFIG_PFLASH_UNITS] = { false };
	unsigned int i;

	if (!d->is_pflash)
		return 0;
	if (d->snapshot)
		return av_errf(err, EINVAL, "snapshot=on is not supported for if=pflash");
	if (d->qcow2)
		return av_errf(err, EINVAL,
			       "format=qcow2 is not supported for if=pflash (flash images are raw)");
	for (i = 0; i < cfg->ndrives; i++)
		if (cfg->drives[i].is_pflash && cfg->drives[i].index >= 0 &&
		    cfg->drives[i].index < CONFIG_PFLASH_UNITS)
			used[cfg->drives[i].index] = true;
	for (i = 0; d->index < 0 && i < CONFIG_PFLASH_UNITS; i++)
		if (!used[i])
			d->index = (int)i;
	if (d->index < 0)
		return av_errf(err, EINVAL, "too many pflash drives: the virt board has %d",
			       CONFIG_PFLASH_UNITS);
	if (d->index >= CONFIG_PFLASH_UNITS)
		return av_errf(err, EINVAL, "unit=%d: the virt board's flash units are 0 and 1",
			       d->index);
	return 0;
}

int drive_add(struct vm_config *cfg, struct config_drive *d, const char *option,
	      const char *text, const char *origin, struct av_err *err)
{
	int ret = drive_pflash_unit(cfg, d, err);

	if (!ret)
		ret = drive_check_unique(cfg, d, err);
	if (!ret)
		ret = config_list_add(&cfg->drives, &cfg->ndrives, d, sizeof(*d),
				      &d->origin, option, text, origin, err);
	if (ret)
		config_drive_free(d);
	return ret;
}

int opt_drive_at(struct vm_config *cfg, const char *arg, const char *origin,
		 struct av_err *err)
{
	struct config_drive d;
	int ret = config_parse_drive(arg, &d, err);

	return ret ? ret : drive_add(cfg, &d, "-drive", arg, origin, err);
}

int opt_drive(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	return opt_drive_at(cfg, arg, NULL, err);
}
