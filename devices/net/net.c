// SPDX-License-Identifier: GPL-2.0
/* What every -netdev back end shares: opening by kind, attaching a NIC, MACs. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "net.h"

int net_backend_open(const struct netdev_opts *opts, struct net_backend **out,
		     struct av_err *err)
{
	switch (opts->kind) {
	case NETDEV_USER:
		return net_slirp_open(opts, out, err);
	case NETDEV_TAP:
		return net_tap_open(opts, out, err);
	}
	return av_errf(err, EINVAL, "-netdev: unknown back end");
}

int net_backend_attach(struct net_backend *nb, net_rx_fn rx, void *opaque,
		       struct av_err *err)
{
	/* QEMU's hubless netdev takes one peer: a second NIC is an error. */
	if (nb->attached)
		return av_errf(err, EBUSY,
			       "netdev '%s' is already in use by another NIC",
			       nb->id);
	nb->rx = rx;
	nb->rx_opaque = opaque;
	nb->attached = true;
	return 0;
}

void net_backend_close(struct net_backend *nb)
{
	if (nb && nb->ops->close)
		nb->ops->close(nb);
}

/* QEMU (net/net.c qemu_macaddr_default_if_unset): 52:54:00:12:34:56 + n. */
void net_default_mac(unsigned int n, uint8_t mac[6])
{
	static const uint8_t base[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	unsigned int low = base[5] + n;

	for (int i = 0; i < 6; i++)
		mac[i] = base[i];
	mac[5] = (uint8_t)low;
	mac[4] = (uint8_t)(base[4] + (low >> 8));
}
