// SPDX-License-Identifier: GPL-2.0
/* -device virtio-net-device,netdev=ID[,mac=MAC][,id=NAME] (QEMU's spelling). */
#include <errno.h>
#include <string.h>

#include "net.h"
#include "opts.h"

static int net_device_set(struct nic_opts *out, const char *k, const char *v,
			  struct av_err *err)
{
	if (!strcmp(k, "netdev")) {
		if (!*v || strlen(v) >= sizeof(out->netdev))
			return av_errf(err, EINVAL, "invalid netdev id '%s'", v);
		strcpy(out->netdev, v);
		return 0;
	}
	if (!strcmp(k, "mac")) {
		if (net_parse_mac(v, out->mac))
			return av_errf(err, EINVAL,
				       "Property 'mac' expects a MAC address like 52:54:00:12:34:56, not '%s'",
				       v);
		out->has_mac = true;
		return 0;
	}
	/* The device's own name: nothing refers to it yet. */
	if (!strcmp(k, "id"))
		return 0;
	return av_errf(err, EINVAL,
		       "Property 'virtio-net-device.%s' not found", k);
}

int net_device_parse(const char *s, struct nic_opts *out, struct av_err *err)
{
	struct keyval_list kv;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = qemuopts_parse(s, "driver", &kv, err);
	if (ret)
		return ret;
	if (strcmp(kv.items[0].key, "driver") ||
	    strcmp(kv.items[0].value, "virtio-net-device"))
		ret = av_errf(err, EINVAL, "not a virtio-net-device");
	for (unsigned int i = 1; !ret && i < kv.count; i++)
		ret = net_device_set(out, kv.items[i].key, kv.items[i].value, err);
	if (!ret && !out->netdev[0])
		ret = av_errf(err, EINVAL,
			      "virtio-net-device needs netdev=ID (a -netdev's id)");
	keyval_free(&kv);
	return ret;
}
