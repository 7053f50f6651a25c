// SPDX-License-Identifier: GPL-2.0
/*
 * Handlers for -netdev, -nic, -chardev and -device. Each string is
 * checked whole here, so a typo stops start-up with the option named,
 * and kept in the config for the machine to build from (vm_netcon.c).
 */
#include <errno.h>
#include <string.h>

#include "console.h"
#include "net.h"
#include "netcon.h"
#include "opts.h"
#include "opts_at.h"
#include "options.h"

/* Said at once rather than when the machine is built. */
static int opt_check_slirp(const struct netdev_opts *nd, struct av_err *err)
{
	if (nd->kind == NETDEV_USER && !net_have_slirp())
		return av_errf(err, ENOTSUP,
			       "user networking is not available: armvisor was built without libslirp (install libslirp-dev and rebuild)");
	return 0;
}

int opt_netdev_at(struct vm_config *cfg, const char *arg, const char *origin,
		  struct av_err *err)
{
	struct netdev_opts nd, other;
	int ret = netdev_parse(arg, &nd, err);

	if (!ret)
		ret = opt_check_slirp(&nd, err);

	for (unsigned int i = 0; !ret && i < cfg->netdevs.count; i++)
		if (!netdev_parse(cfg->netdevs.items[i], &other, NULL) &&
		    !strcmp(other.id, nd.id))
			ret = av_errf(err, EEXIST, "Duplicate ID '%s' for netdev", nd.id);
	return ret ? ret : config_strlist_add_at(&cfg->netdevs, arg, origin, err);
}

int opt_nic_at(struct vm_config *cfg, const char *arg, const char *origin,
	       struct av_err *err)
{
	struct netdev_opts nd;
	struct nic_opts nic;
	int ret = 0;

	if (strcmp(arg, "none"))
		ret = nic_parse(arg, cfg->nics.count, &nd, &nic, err);
	if (!ret && strcmp(arg, "none"))
		ret = opt_check_slirp(&nd, err);
	return ret ? ret : config_strlist_add_at(&cfg->nics, arg, origin, err);
}

int opt_chardev_at(struct vm_config *cfg, const char *arg, const char *origin,
		   struct av_err *err)
{
	struct chardev_opts o, other;
	int ret = chardev_parse(arg, &o, err);

	for (unsigned int i = 0; !ret && i < cfg->chardevs.count; i++)
		if (!chardev_parse(cfg->chardevs.items[i], &other, NULL) &&
		    !strcmp(other.id, o.id))
			ret = av_errf(err, EEXIST, "Duplicate ID '%s' for chardev", o.id);
	return ret ? ret : config_strlist_add_at(&cfg->chardevs, arg, origin, err);
}

/* QEMU's qemu_opts_create(): a device's id is well formed and unique. */
static int opt_device_check_id(const struct vm_config *cfg, const char *arg,
			       struct av_err *err)
{
	struct keyval_list kv, other;
	const char *id, *oid;
	int ret = qemuopts_parse(arg, "driver", &kv, err);

	id = ret ? NULL : keyval_last(&kv, "id");
	if (!ret)
		ret = opts_check_id(id, err);
	for (unsigned int i = 0; !ret && id && i < cfg->devices.count; i++) {
		if (qemuopts_parse(cfg->devices.items[i], "driver", &other, NULL))
			continue;
		oid = keyval_last(&other, "id");
		if (oid && !strcmp(oid, id))
			ret = av_errf(err, EEXIST, "Duplicate ID '%s' for device", id);
		keyval_free(&other);
	}
	keyval_free(&kv);
	return ret;
}

/*
 * Our drivers are checked here; the others (virtio-blk-device, ...) when
 * the machine builds them (machine/vm_virtio.c), which names the option.
 */
int opt_device_at(struct vm_config *cfg, const char *arg, const char *origin,
		  struct av_err *err)
{
	int ret = opt_device_check_id(cfg, arg, err);

	if (!ret && netcon_device_is_ours(arg))
		ret = netcon_device_check(arg, err);
	return ret ? ret : config_strlist_add_at(&cfg->devices, arg, origin, err);
}

int opt_netdev(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	return opt_netdev_at(cfg, arg, NULL, err);
}

int opt_nic(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	return opt_nic_at(cfg, arg, NULL, err);
}

int opt_chardev(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	return opt_chardev_at(cfg, arg, NULL, err);
}

int opt_device(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	return opt_device_at(cfg, arg, NULL, err);
}
