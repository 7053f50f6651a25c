// SPDX-License-Identifier: GPL-2.0
/*
 * Handlers for -netdev, -nic and -chardev. Each string is parsed whole
 * here, so a typo stops start-up with the option named, and kept typed
 * in the config, with where it came from, for the machine to build from
 * (machine/vm_net.c, vm_console.c).
 */
#include <errno.h>
#include <string.h>

#include "net.h"
#include "../opts.h"
#include "../opts_at.h"
#include "../options.h"

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
	struct config_netdev nd = { 0 };
	int ret = netdev_parse(arg, &nd.opts, err);

	if (!ret)
		ret = opt_check_slirp(&nd.opts, err);
	for (unsigned int i = 0; !ret && i < cfg->nnetdevs; i++)
		if (!strcmp(cfg->netdevs[i].opts.id, nd.opts.id))
			ret = av_errf(err, EEXIST, "Duplicate ID '%s' for netdev", nd.opts.id);
	return ret ? ret : config_list_add(&cfg->netdevs, &cfg->nnetdevs, &nd, sizeof(nd),
					   &nd.origin, "-netdev", arg, origin, err);
}

/* "-nic none" (no default NIC) adds nothing: armvisor has none anyway. */
int opt_nic_at(struct vm_config *cfg, const char *arg, const char *origin,
	       struct av_err *err)
{
	struct config_nic nic = { 0 };
	int ret;

	if (!strcmp(arg, "none"))
		return 0;
	ret = nic_parse(arg, cfg->nnics, &nic.netdev, &nic.nic, err);
	if (!ret)
		ret = opt_check_slirp(&nic.netdev, err);
	return ret ? ret : config_list_add(&cfg->nics, &cfg->nnics, &nic, sizeof(nic),
					   &nic.origin, "-nic", arg, origin, err);
}

int opt_chardev_at(struct vm_config *cfg, const char *arg, const char *origin,
		   struct av_err *err)
{
	struct config_chardev chr = { 0 };
	int ret;

	if (opts_is_help(arg)) {
		cfg->list_requests |= CONFIG_LIST_CHARDEVS;
		return 0;
	}
	ret = chardev_parse(arg, &chr.opts, err);

	for (unsigned int i = 0; !ret && i < cfg->nchardevs; i++)
		if (!strcmp(cfg->chardevs[i].opts.id, chr.opts.id))
			ret = av_errf(err, EEXIST, "Duplicate ID '%s' for chardev", chr.opts.id);
	return ret ? ret : config_list_add(&cfg->chardevs, &cfg->nchardevs, &chr, sizeof(chr),
					   &chr.origin, "-chardev", arg, origin, err);
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
