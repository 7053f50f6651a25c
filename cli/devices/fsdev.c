// SPDX-License-Identifier: GPL-2.0
/*
 * -fsdev local,id=ID,path=DIR,security_model=M[,readonly=on]
 *        [,writeout=immediate][,fmode=MODE][,dmode=MODE][,multidevs=...]
 * and its shorthand -virtfs local,path=DIR,mount_tag=TAG,security_model=M
 * [,id=ID]..., which also adds the device (qemu-options.hx "-fsdev",
 * "-virtfs"; softmmu/vl.c QEMU_OPTION_virtfs; fsdev/qemu-fsdev.c and
 * hw/9pfs/9p-local.c local_parse_opts for the checks and their words).
 * -virtfs gives a virtio-9p-device (QEMU's virt plugs a virtio-9p-pci;
 * -device virtio-9p-pci is there for that).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../opts.h"
#include "../opts_at.h"
#include "../options.h"
#include "util.h"

static const char *const fsdev_keys[] = {
	"fsdriver", "path", "security_model", "readonly", "writeout",
	"fmode", "dmode", "multidevs", NULL,
};

#define FSDEV_MODELS "security_model=[passthrough|mapped-xattr|none]"

static int fsdev_model(struct config_fsdev *f, const char *m, struct av_err *err)
{
	if (!m)
		return av_errf(err, EINVAL, "security_model property not set; valid options are: "
			       FSDEV_MODELS);
	if (!strcmp(m, "passthrough"))
		f->model = FSDEV_PASSTHROUGH;
	else if (!strcmp(m, "mapped-xattr") || !strcmp(m, "mapped"))
		f->model = FSDEV_MAPPED_XATTR;
	else if (!strcmp(m, "none"))
		f->model = FSDEV_NONE;
	else if (!strcmp(m, "mapped-file"))
		return av_errf(err, ENOTSUP,
			       "security_model=mapped-file is not supported (use mapped-xattr)");
	else
		return av_errf(err, EINVAL,
			       "invalid security_model property '%s'; valid options are: "
			       FSDEV_MODELS, m);
	return 0;
}

/* fmode=/dmode=: a number (QEMU reads it with strtoull base 0), 0777 kept. */
static int fsdev_mode(const struct keyval_list *kv, const char *key,
		      bool mapped, unsigned int *out, struct av_err *err)
{
	const char *v = keyval_last(kv, key);
	char *end;
	unsigned long m;

	if (!v)
		return 0;
	if (!mapped)
		return av_errf(err, EINVAL, "%s is only valid for mapped security modes", key);
	errno = 0;
	m = strtoul(v, &end, 0);
	if (!*v || *end || errno)
		return av_errf(err, EINVAL, "Parameter '%s' expects a number", key);
	*out = (unsigned int)(m & 0777);
	return 0;
}

static int fsdev_flags(struct config_fsdev *f, const struct keyval_list *kv,
		       struct av_err *err)
{
	const char *ro = keyval_last(kv, "readonly"), *wo = keyval_last(kv, "writeout");
	const char *md = keyval_last(kv, "multidevs");
	int ret = 0;

	if (ro)
		ret = parse_bool("readonly", ro, &f->readonly, err);
	if (!ret && wo && strcmp(wo, "immediate"))
		ret = av_errf(err, EINVAL,
			      "invalid writeout property '%s' (only writeout=immediate exists)", wo);
	f->writeout_immediate = wo != NULL;
	/* Inodes of other file systems below path are always kept apart (remap). */
	if (!ret && md && strcmp(md, "remap") && strcmp(md, "forbid") && strcmp(md, "warn"))
		ret = av_errf(err, EINVAL,
			      "invalid multidevs property '%s'; valid options are: multidevs=[remap|forbid|warn]",
			      md);
	return ret;
}

static int fsdev_driver(const char *drv, struct av_err *err)
{
	if (!drv)
		return av_errf(err, EINVAL, "fsdev: No fsdriver specified");
	if (strcmp(drv, "local"))
		return av_errf(err, EINVAL, "fsdev: fsdriver %s not found (armvisor has 'local')",
			       drv);
	return 0;
}

/* Everything but the id, which -fsdev and -virtfs find differently. */
static int fsdev_fill(struct config_fsdev *f, const struct keyval_list *kv,
		      struct av_err *err)
{
	const char *path = keyval_last(kv, "path");
	int ret = fsdev_driver(keyval_last(kv, "fsdriver"), err);

	f->fmode = 0600;		/* QEMU's SM_LOCAL_MODE_BITS */
	f->dmode = 0700;		/* and SM_LOCAL_DIR_MODE_BITS */
	if (!ret)
		ret = fsdev_model(f, keyval_last(kv, "security_model"), err);
	if (!ret && !path)
		ret = av_errf(err, EINVAL, "path property not set");
	if (!ret && !*path)
		ret = av_errf(err, EINVAL, "path property is empty");
	if (!ret)
		ret = config_set_str(&f->path, path, err);
	if (!ret)
		ret = fsdev_flags(f, kv, err);
	if (!ret)
		ret = fsdev_mode(kv, "fmode", f->model == FSDEV_MAPPED_XATTR, &f->fmode, err);
	if (!ret)
		ret = fsdev_mode(kv, "dmode", f->model == FSDEV_MAPPED_XATTR, &f->dmode, err);
	return ret;
}

static int fsdev_set_id(struct config_fsdev *f, const char *id, struct av_err *err)
{
	int ret;

	if (!id)
		return av_errf(err, EINVAL, "fsdev: No id specified");
	ret = opts_check_id(id, err);
	if (!ret && strlen(id) >= sizeof(f->id))
		ret = av_errf(err, EINVAL, "fsdev id '%s' is too long (at most %zu characters)",
			      id, sizeof(f->id) - 1);
	if (!ret)
		strcpy(f->id, id);
	return ret;
}

static int fsdev_unknown(const struct keyval_list *kv, const char *extra,
			 struct av_err *err)
{
	for (unsigned int i = 0; i < kv->count; i++) {
		const char *k = kv->items[i].key ? kv->items[i].key : "fsdriver";
		bool known = !strcmp(k, "id") || (extra && !strcmp(k, extra));

		for (unsigned int j = 0; !known && fsdev_keys[j]; j++)
			known = !strcmp(k, fsdev_keys[j]);
		if (!known)
			return av_errf(err, EINVAL, "Invalid parameter '%s'", k);
	}
	return 0;
}

void config_fsdev_free(struct config_fsdev *f)
{
	config_origin_free(&f->origin);
	free(f->path);
	memset(f, 0, sizeof(*f));
}

void fsdev_free_all(struct vm_config *cfg)
{
	for (unsigned int i = 0; i < cfg->nfsdevs; i++)
		config_fsdev_free(&cfg->fsdevs[i]);
	free(cfg->fsdevs);
	cfg->fsdevs = NULL;
	cfg->nfsdevs = 0;
}

int config_parse_fsdev(const char *s, struct config_fsdev *out,
		       struct av_err *err)
{
	struct keyval_list kv;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = qemuopts_parse(s, "fsdriver", &kv, err);
	if (ret)
		return ret;
	ret = fsdev_unknown(&kv, NULL, err);
	if (!ret)
		ret = fsdev_set_id(out, keyval_last(&kv, "id"), err);
	if (!ret)
		ret = fsdev_fill(out, &kv, err);
	if (ret)
		config_fsdev_free(out);
	keyval_free(&kv);
	return ret;
}

/* Ids are unique (QEMU: "Duplicate ID 'f' for fsdev"); append f. */
static int fsdev_add(struct vm_config *cfg, struct config_fsdev *f,
		     const char *option, const char *text, struct av_err *err)
{
	int ret = 0;

	for (unsigned int i = 0; !ret && i < cfg->nfsdevs; i++)
		if (!strcmp(cfg->fsdevs[i].id, f->id))
			ret = av_errf(err, EEXIST, "Duplicate ID '%s' for fsdev", f->id);
	if (!ret)
		ret = config_list_add(&cfg->fsdevs, &cfg->nfsdevs, f, sizeof(*f),
				      &f->origin, option, text, NULL, err);
	if (ret)
		config_fsdev_free(f);
	return ret;
}

int opt_fsdev(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	struct config_fsdev f;
	int ret = config_parse_fsdev(arg, &f, err);

	return ret ? ret : fsdev_add(cfg, &f, "-fsdev", arg, err);
}

/* -virtfs's device: a virtio-9p-device on the fsdev it made. */
static int virtfs_device(struct vm_config *cfg, const char *arg, const char *id,
			 const char *tag, struct av_err *err)
{
	struct config_device d = { .model = DEVICE_VIRTIO_9P };
	int ret;

	strcpy(d.fsdev, id);
	if (strlen(tag) >= sizeof(d.mount_tag))
		return av_errf(err, EINVAL, "mount tag '%s' is longer than maximum (%zu bytes)",
			       tag, sizeof(d.mount_tag) - 1);
	strcpy(d.mount_tag, tag);
	ret = config_list_add(&cfg->devices, &cfg->ndevices, &d, sizeof(d),
			      &d.origin, "-virtfs", arg, NULL, err);
	if (ret)
		config_device_free(&d);
	return ret;
}

int opt_virtfs(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	struct keyval_list kv;
	struct config_fsdev f = { 0 };
	const char *tag, *id;
	int ret = qemuopts_parse(arg, "fsdriver", &kv, err);

	if (ret)
		return ret;
	tag = keyval_last(&kv, "mount_tag");
	id = keyval_last(&kv, "id");
	ret = fsdev_unknown(&kv, "mount_tag", err);
	if (!ret && (!keyval_last(&kv, "fsdriver") || !tag))
		ret = av_errf(err, EINVAL, "Usage: -virtfs fsdriver,mount_tag=tag");
	/* QEMU names the fsdev after the tag unless id= is given. */
	if (!ret)
		ret = fsdev_set_id(&f, id ? id : tag, err);
	if (!ret)
		ret = fsdev_fill(&f, &kv, err);
	if (!ret)
		ret = fsdev_add(cfg, &f, "-virtfs", arg, err);
	else
		config_fsdev_free(&f);
	if (!ret)
		ret = virtfs_device(cfg, arg, cfg->fsdevs[cfg->nfsdevs - 1].id, tag, err);
	keyval_free(&kv);
	return ret;
}
