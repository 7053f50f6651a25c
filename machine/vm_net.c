// SPDX-License-Identifier: GPL-2.0
/*
 * -device virtio-net-device,netdev=ID with its -netdev, and -nic (a back
 * end and a NIC in one option), as QEMU's net/net.c pairs them: each back
 * end serves one NIC. Both go in virtio-mmio slots (vm_virtio.c), built
 * from the typed options of struct vm_config.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "net.h"
#include "vm_virtio.h"

struct vm_nic {
	struct net_backend *nb;
	struct virtio_net *nic;
};

static void vm_nic_destroy(void *model)
{
	struct vm_nic *m = model;

	/* The back end's thread delivers into the NIC: stop it first. */
	net_backend_close(m->nb);
	virtio_net_destroy(m->nic);
	free(m);
}

/* The NICs made so far, for default MACs and one NIC per back end. */
static unsigned int vm_nic_count(const struct vm *vm, const char *netdev,
				 bool *in_use)
{
	unsigned int n = 0;

	*in_use = false;
	for (unsigned int i = 0; i < VM_VIRTIO_ENTRIES; i++) {
		const struct vm_virtio_slot *s = &vm->virtio->slots[i];

		if (s->destroy != vm_nic_destroy)
			continue;
		n++;
		*in_use |= !strcmp(((struct vm_nic *)s->model)->nb->id, netdev);
	}
	return n;
}

static const struct netdev_opts *vm_nic_find_netdev(const struct vm_config *cfg,
						    const char *id)
{
	for (unsigned int i = 0; i < cfg->nnetdevs; i++)
		if (!strcmp(cfg->netdevs[i].opts.id, id))
			return &cfg->netdevs[i].opts;
	return NULL;
}

/* Open nd's back end and build a NIC on it for pl's transport. */
static struct vm_nic *vm_nic_create(struct vm_virtio_place *pl, unsigned int index,
				    const struct netdev_opts *nd,
				    const struct nic_opts *nic, struct av_err *err)
{
	struct vm_nic *m = calloc(1, sizeof(*m));
	uint8_t mac[6];

	if (!m) {
		av_errf(err, ENOMEM, "out of memory");
		return NULL;
	}
	if (net_backend_open(nd, &m->nb, err)) {
		free(m);
		return NULL;
	}
	if (nic->has_mac)
		memcpy(mac, nic->mac, 6);
	else
		net_default_mac(index, mac);
	m->nic = virtio_net_create(&pl->host, m->nb, mac, err);
	if (!m->nic) {
		net_backend_close(m->nb);
		free(m);
		return NULL;
	}
	return m;
}

static int vm_nic_add(struct vm *vm, const struct config_origin *o,
		      const struct netdev_opts *nd, const struct nic_opts *nic,
		      const struct vm_virtio_want *want, struct av_err *err)
{
	struct vm_virtio_place pl;
	unsigned int index;
	struct vm_nic *m;
	bool in_use;
	int ret;

	index = vm_nic_count(vm, nd->id, &in_use);
	if (in_use)
		return vm_opt_err(o, err, EBUSY,
				  "netdev '%s' is already used by another NIC", nd->id);
	ret = vm_virtio_place(vm, o, want, &pl, err);
	if (ret)
		return ret;
	m = vm_nic_create(&pl, index, nd, nic, err);
	if (!m) {
		vm_virtio_abandon(&pl);
		return vm_opt_prefix(o, err);
	}
	ret = vm_virtio_commit(vm, o, &pl, virtio_net_dev(m->nic), m,
			       vm_nic_destroy, err);
	if (ret)
		return ret;
	/* Frames before the driver is ready are dropped: start now. */
	m->nb->sandbox = &vm->sandbox;
	return net_backend_start(m->nb, err) ? vm_opt_prefix(o, err) : 0;
}

int vm_virtio_device_net(struct vm *vm, const struct config_device *d,
			 struct vm_drives *drives, struct av_err *err)
{
	const struct netdev_opts *nd = vm_nic_find_netdev(vm->cfg, d->nic.netdev);
	struct vm_virtio_want want;

	(void)drives;
	if (!nd)
		return vm_opt_err(&d->origin, err, ENOENT, "no -netdev with id '%s'",
				  d->nic.netdev);
	return vm_nic_add(vm, &d->origin, nd, &d->nic, vm_virtio_want_of(d, &want),
			  err);
}

int vm_virtio_nics(struct vm *vm, bool pci, struct av_err *err)
{
	const struct vm_virtio_want want = { .pci = true, .devfn = -1 };
	const struct vm_config *cfg = vm->cfg;
	int ret = 0;

	for (unsigned int i = 0; !ret && i < cfg->nnics; i++)
		if (cfg->nics[i].nic.pci == pci)
			ret = vm_nic_add(vm, &cfg->nics[i].origin, &cfg->nics[i].netdev,
					 &cfg->nics[i].nic, pci ? &want : NULL, err);
	return ret;
}
