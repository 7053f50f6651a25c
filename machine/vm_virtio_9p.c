// SPDX-License-Identifier: GPL-2.0
/*
 * -device virtio-9p-device,fsdev=ID,mount_tag=TAG (and -virtfs, which
 * cli/devices/fsdev.c turns into one): the -fsdev it names becomes a 9p server
 * (devices/9p/) on virtio-mmio or, as virtio-9p-pci, on PCI. The checks
 * and their words are QEMU's (hw/9pfs/9p.c v9fs_device_realize_common): the fsdev first,
 * then the tag.
 */
#include <errno.h>
#include <string.h>
#include <sys/resource.h>

#include "virtio_9p.h"
#include "vm_virtio.h"

static const struct config_fsdev *vm_fsdev_find(const struct vm_config *cfg,
						const char *id)
{
	for (unsigned int i = 0; i < cfg->nfsdevs; i++)
		if (!strcmp(cfg->fsdevs[i].id, id))
			return &cfg->fsdevs[i];
	return NULL;
}

static void vm_virtio_9p_free(void *model)
{
	virtio_9p_destroy(model);
}

static const enum p9_model vm_p9_models[] = {
	[FSDEV_PASSTHROUGH] = P9_MODEL_PASSTHROUGH,
	[FSDEV_MAPPED_XATTR] = P9_MODEL_MAPPED_XATTR,
	[FSDEV_NONE] = P9_MODEL_NONE,
};

/*
 * A share holds a host descriptor for each guest file in use (a guest
 * with cached dentries keeps thousands): raise the soft descriptor limit
 * to the hard one, as virtiofsd does, before the sandbox forbids it.
 */
static void vm_9p_raise_nofile(void)
{
	struct rlimit rl;

	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int vm_virtio_device_9p(struct vm *vm, const struct config_device *d,
			struct vm_drives *drives, struct av_err *err)
{
	const struct config_fsdev *f = vm_fsdev_find(vm->cfg, d->fsdev);
	struct vm_virtio_want want;
	struct vm_virtio_place pl;
	struct p9_export conf;
	struct virtio_9p *p9;
	int ret;

	(void)drives;
	if (!f)
		return vm_opt_err(&d->origin, err, ENOENT,
				  "9pfs device couldn't find fsdev with the id = %s",
				  *d->fsdev ? d->fsdev : "NULL");
	if (!*d->mount_tag)
		return vm_opt_err(&d->origin, err, EINVAL,
				  "fsdev with id %s needs mount_tag arguments", f->id);
	conf = (struct p9_export){
		.id = f->id, .path = f->path, .model = vm_p9_models[f->model],
		.readonly = f->readonly, .writeout_immediate = f->writeout_immediate,
		.fmode = f->fmode, .dmode = f->dmode,
	};
	if (vm_virtio_place(vm, &d->origin, vm_virtio_want_of(d, &want), &pl, err))
		return -err->code;
	vm_9p_raise_nofile();
	p9 = virtio_9p_create(&pl.host, &conf, d->mount_tag, &vm->sandbox, err);
	if (!p9) {
		vm_virtio_abandon(&pl);
		return vm_opt_prefix(&d->origin, err);
	}
	ret = vm_virtio_commit(vm, &d->origin, &pl, virtio_9p_dev(p9), p9,
			       vm_virtio_9p_free, err);
	vm_virtio_abandon(&pl);		/* nothing once committed */
	return ret;
}
