// SPDX-License-Identifier: GPL-2.0
/* Which -device strings are a NIC's or a console's, and their checks. */
#include <string.h>

#include "console.h"
#include "net.h"
#include "netcon.h"

void netcon_driver(const char *spec, char *out, size_t size)
{
	size_t len;

	if (!strncmp(spec, "driver=", 7))
		spec += 7;
	len = strcspn(spec, ",");
	if (len >= size)
		len = size - 1;
	memcpy(out, spec, len);
	out[len] = '\0';
}

bool netcon_device_is_ours(const char *spec)
{
	char drv[32];

	netcon_driver(spec, drv, sizeof(drv));
	return !strcmp(drv, "virtio-net-device") ||
	       !strcmp(drv, "virtio-serial-device") ||
	       !strcmp(drv, "virtconsole");
}

int netcon_device_check(const char *spec, struct av_err *err)
{
	char drv[32], chardev[CHARDEV_ID_MAX];
	struct nic_opts nic;
	bool is_port;

	netcon_driver(spec, drv, sizeof(drv));
	if (!strcmp(drv, "virtio-net-device"))
		return net_device_parse(spec, &nic, err);
	return console_device_parse(spec, &is_port, chardev, err);
}
