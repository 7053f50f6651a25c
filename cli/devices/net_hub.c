// SPDX-License-Identifier: GPL-2.0
/*
 * The old -net option (qemu-options.hx "-net"): "-net nic[,model=M]
 * [,macaddr=MAC]" puts a NIC on hub 0, "-net user[,hostfwd=...]" (or tap)
 * a back end, and QEMU's hub passes frames between everything on it.
 * Recipes use one of each, which is a -nic; that is the case taken here
 * (also "-net nic,netdev=ID", a NIC on a -netdev of its own). A second
 * NIC or back end on the hub would need the hub itself, and is refused.
 * QEMU only warns about a hub with a NIC and no back end or the reverse;
 * a machine without working network is refused here, since nothing could
 * use it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../opts.h"
#include "../options.h"

static const char *const net_nic_keys[] = { "type", "macaddr", "model", "netdev", "name", NULL };

static int net_nic(struct config_net_hub *hub, const struct keyval_list *kv,
		   struct av_err *err)
{
	const char *unknown = keyval_unknown(kv, net_nic_keys, true);
	const char *mac = keyval_last(kv, "macaddr"), *model = keyval_last(kv, "model");
	const char *netdev = keyval_last(kv, "netdev");

	if (unknown)
		return av_errf(err, EINVAL, "Invalid parameter '%s' for -net nic", unknown);
	if (hub->has_nic)
		return av_errf(err, ENOTSUP,
			       "a second -net nic: armvisor joins one NIC and one back end (use -nic or -netdev/-device for more)");
	if (model && nic_check_model(model, err))
		return -err->code;
	if (mac && net_parse_mac(mac, hub->nic.mac))
		return av_errf(err, EINVAL,
			       "Property 'macaddr' expects a MAC address like 52:54:00:12:34:56, not '%s'",
			       mac);
	if (netdev && (!*netdev || strlen(netdev) >= sizeof(hub->nic.netdev)))
		return av_errf(err, EINVAL, "invalid netdev id '%s'", netdev);
	if (netdev)
		strcpy(hub->nic.netdev, netdev);
	hub->nic.has_mac = mac != NULL;
	hub->nic.pci = model && nic_model_is_pci(model);
	hub->has_nic = true;
	return 0;
}

static int net_backend(struct config_net_hub *hub, const char *arg,
		       struct av_err *err)
{
	struct nic_opts unused;

	if (hub->has_backend)
		return av_errf(err, ENOTSUP,
			       "a second -net back end: armvisor joins one NIC and one back end (use -nic or -netdev for more)");
	/* -nic's parser takes the same back-end keys; the hub has its own id. */
	if (nic_parse(arg, 0, &hub->backend, &unused, err))
		return -err->code;
	strcpy(hub->backend.id, "__net0");
	hub->has_backend = true;
	return 0;
}

int opt_net(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	struct config_net_hub *hub = &cfg->net_hub;
	struct keyval_list kv;
	const char *type;
	char **text;
	int ret = qemuopts_parse(arg, "type", &kv, err);

	if (ret)
		return ret;
	type = keyval_last(&kv, "type");
	if (!type)
		ret = av_errf(err, EINVAL, "Parameter 'type' is missing");
	else if (!strcmp(type, "nic"))
		ret = net_nic(hub, &kv, err);
	else if (!strcmp(type, "none"))
		ret = 0;
	else
		ret = net_backend(hub, arg, err);
	text = type && !strcmp(type, "nic") ? &hub->nic_text : &hub->backend_text;
	if (!ret && type && strcmp(type, "none"))
		ret = config_set_str(text, arg, err);
	keyval_free(&kv);
	return ret;
}

/* "-net nic,netdev=ID": the -device virtio-net-device,netdev=ID it means. */
static int net_hub_device(struct vm_config *cfg, struct config_net_hub *hub,
			  struct av_err *err)
{
	struct config_device d = { .model = DEVICE_VIRTIO_NET, .nic = hub->nic,
				   .pci = hub->nic.pci, .pci_devfn = -1 };

	if (hub->has_backend)
		return av_errf(err, EINVAL,
			       "-net %s: the -net nic is on netdev '%s', nothing joins this back end",
			       hub->backend_text, hub->nic.netdev);
	return config_list_add(&cfg->devices, &cfg->ndevices, &d, sizeof(d), &d.origin,
			       "-net", hub->nic_text, NULL, err);
}

int net_hub_finish(struct vm_config *cfg, struct av_err *err)
{
	struct config_net_hub *hub = &cfg->net_hub;
	struct config_nic nic = { 0 };

	if (hub->has_nic && hub->nic.netdev[0])
		return net_hub_device(cfg, hub, err);
	if (hub->has_nic != hub->has_backend)
		return av_errf(err, EINVAL, "-net %s: %s",
			       hub->has_nic ? hub->nic_text : hub->backend_text,
			       hub->has_nic ? "no -net user or -net tap to connect this NIC to" :
			       "no -net nic to connect this back end to");
	if (!hub->has_nic)
		return 0;
	nic.netdev = hub->backend;
	nic.nic = hub->nic;
	strcpy(nic.nic.netdev, hub->backend.id);
	return config_list_add(&cfg->nics, &cfg->nnics, &nic, sizeof(nic), &nic.origin,
			       "-net", hub->nic_text, NULL, err);
}
