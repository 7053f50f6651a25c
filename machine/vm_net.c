// SPDX-License-Identifier: GPL-2.0
/*
 * -device virtio-net-device,netdev=ID with its -netdev, and -nic (a
 * back end and a NIC in one option), as QEMU's net/net.c pairs them:
 * each back end serves one NIC.
 */
#include <errno.h>
#include <string.h>

#include "netcon_priv.h"

static int net_find_netdev(const struct vm_config *cfg, const char *id,
			   struct netdev_opts *out, struct av_err *err)
{
	for (unsigned int i = 0; i < cfg->netdevs.count; i++) {
		int ret = netdev_parse(cfg->netdevs.items[i], out, err);

		if (ret)
			return ret;
		if (!strcmp(out->id, id))
			return 0;
	}
	return av_errf(err, ENOENT,
		       "-device virtio-net-device: no -netdev with id '%s'", id);
}

static int net_check_unused(const struct vm_netcon *nc, const char *id,
			    struct av_err *err)
{
	for (unsigned int i = 0; i < nc->nnic; i++)
		if (!strcmp(nc->nb[i]->id, id))
			return av_errf(err, EBUSY,
				       "netdev '%s' is already used by another NIC", id);
	return 0;
}

/* Open nd's back end and put a NIC on it in the next free slot. */
static int net_add_nic(struct vm *vm, struct vm_netcon *nc,
		       const struct netdev_opts *nd, const struct nic_opts *nic,
		       struct av_err *err)
{
	struct virtio_host host;
	struct net_backend *nb;
	struct virtio_net *n;
	unsigned int slot;
	uint8_t mac[6];
	int ret;

	ret = net_check_unused(nc, nd->id, err);
	if (!ret)
		ret = netcon_slot(vm, &host, &slot, err);
	if (!ret)
		ret = net_backend_open(nd, &nb, err);
	if (ret)
		return ret;
	if (nic->has_mac)
		memcpy(mac, nic->mac, 6);
	else
		net_default_mac(nc->nnic, mac);
	n = virtio_net_create(&host, nb, mac, err);
	if (!n) {
		net_backend_close(nb);
		return -err->code;
	}
	nc->nb[nc->nnic] = nb;
	nc->nic[nc->nnic++] = n;
	return netcon_plug(vm, slot, virtio_net_dev(n), err);
}

static int net_add_device(struct vm *vm, struct vm_netcon *nc,
			  const char *spec, struct av_err *err)
{
	struct netdev_opts nd;
	struct nic_opts nic;
	int ret;

	ret = net_device_parse(spec, &nic, err);
	if (!ret)
		ret = net_find_netdev(vm->cfg, nic.netdev, &nd, err);
	if (!ret)
		ret = net_add_nic(vm, nc, &nd, &nic, err);
	return ret;
}

int vm_net_create(struct vm *vm, struct vm_netcon *nc, struct av_err *err)
{
	const struct vm_config *cfg = vm->cfg;
	struct netdev_opts nd;
	struct nic_opts nic;
	char drv[32];
	int ret = 0;

	for (unsigned int i = 0; !ret && i < cfg->devices.count; i++) {
		netcon_driver(cfg->devices.items[i], drv, sizeof(drv));
		if (!strcmp(drv, "virtio-net-device"))
			ret = net_add_device(vm, nc, cfg->devices.items[i], err);
	}
	for (unsigned int i = 0; !ret && i < cfg->nics.count; i++) {
		if (!strcmp(cfg->nics.items[i], "none"))
			continue;
		ret = nic_parse(cfg->nics.items[i], i, &nd, &nic, err);
		if (!ret)
			ret = net_add_nic(vm, nc, &nd, &nic, err);
		if (ret)
			av_err_prefix(err, "-nic %s", cfg->nics.items[i]);
	}
	return ret;
}
