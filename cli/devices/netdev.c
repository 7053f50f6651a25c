// SPDX-License-Identifier: GPL-2.0
/*
 * -netdev and -nic strings, in QEMU's spelling (qemu-options.hx "-netdev
 * user", "-netdev tap", "-nic"): "user,id=n0,hostfwd=tcp::8080-:80".
 * The NIC side (-device virtio-net-device) is in cli/devices/device.c.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../opts.h"
#include "../opts_at.h"
#include "util.h"

/* What was given explicitly, so that net= can move the other defaults. */
struct netdev_given {
	bool host, dhcp, dns, ifname;
};

static int netdev_port(const char *s, size_t len, uint16_t *out)
{
	unsigned long v = 0;

	if (!len || len > 5)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v == 0 || v > 65535)
		return -EINVAL;
	*out = (uint16_t)v;
	return 0;
}

/* An IPv4 address of len characters; empty means "any" (0). */
static int netdev_addr(const char *s, size_t len, struct in_addr *out)
{
	char buf[INET_ADDRSTRLEN];

	out->s_addr = 0;
	if (!len)
		return 0;
	if (len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return inet_pton(AF_INET, buf, out) == 1 ? 0 : -EINVAL;
}

/* [tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport (net/slirp.c). */
static int netdev_hostfwd(const char *s, struct net_hostfwd *f)
{
	const char *p = s, *colon, *dash;

	memset(f, 0, sizeof(*f));
	colon = strchr(p, ':');
	if (!colon)
		return -EINVAL;
	if ((colon - p == 3 && !strncmp(p, "udp", 3)))
		f->udp = true;
	else if (colon != p && !(colon - p == 3 && !strncmp(p, "tcp", 3)))
		return -EINVAL;
	p = colon + 1;
	colon = strchr(p, ':');
	dash = strchr(p, '-');
	if (!colon || !dash || colon > dash ||
	    netdev_addr(p, (size_t)(colon - p), &f->host_addr) ||
	    netdev_port(colon + 1, (size_t)(dash - colon - 1), &f->host_port))
		return -EINVAL;
	p = dash + 1;
	colon = strchr(p, ':');
	if (!colon || netdev_addr(p, (size_t)(colon - p), &f->guest_addr) ||
	    netdev_port(colon + 1, strlen(colon + 1), &f->guest_port))
		return -EINVAL;
	return 0;
}

/* net=ADDR[/BITS|/MASK]; QEMU's default prefix is /24. */
static int netdev_net(const char *s, struct netdev_opts *o)
{
	const char *slash = strchr(s, '/');
	size_t len = slash ? (size_t)(slash - s) : strlen(s);
	unsigned int bits = 24;
	uint16_t b;

	if (netdev_addr(s, len, &o->net) || !len)
		return -EINVAL;
	if (slash && !netdev_addr(slash + 1, strlen(slash + 1), &o->mask) &&
	    strchr(slash + 1, '.')) {
		o->net.s_addr &= o->mask.s_addr;
		return 0;
	}
	if (slash) {
		if (!strcmp(slash + 1, "0") || netdev_port(slash + 1, strlen(slash + 1), &b) ||
		    b > 32)
			return -EINVAL;
		bits = b;
	}
	o->mask.s_addr = htonl(bits ? ~0u << (32 - bits) : 0);
	o->net.s_addr &= o->mask.s_addr;
	return 0;
}

static int netdev_set_id(struct netdev_opts *o, const char *v,
			 struct av_err *err)
{
	if (!opts_id_wellformed(v) || strlen(v) >= sizeof(o->id))
		return av_errf(err, EINVAL,
			       "Parameter 'id' expects an identifier (a letter, then letters, digits, '-', '.', '_'; at most %zu)",
			       sizeof(o->id) - 1);
	strcpy(o->id, v);
	return 0;
}

static int netdev_set_user(struct netdev_opts *o, struct netdev_given *g,
			   const char *k, const char *v, struct av_err *err)
{
	bool b;

	if (!strcmp(k, "hostfwd")) {
		if (o->nfwd == NET_MAX_HOSTFWD)
			return av_errf(err, E2BIG, "at most %d hostfwd rules",
				       NET_MAX_HOSTFWD);
		if (netdev_hostfwd(v, &o->fwd[o->nfwd]))
			return av_errf(err, EINVAL,
				       "invalid host forwarding rule '%s' (expected [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT)",
				       v);
		o->nfwd++;
		return 0;
	}
	if (!strcmp(k, "net"))
		return netdev_net(v, o) ?
		       av_errf(err, EINVAL, "invalid net= '%s' (expected ADDR[/BITS])", v) : 0;
	if (!strcmp(k, "host") || !strcmp(k, "dhcpstart") || !strcmp(k, "dns")) {
		struct in_addr *a = k[0] == 'h' ? &o->host :
				    k[1] == 'h' ? &o->dhcp_start : &o->dns;

		*(k[0] == 'h' ? &g->host : k[1] == 'h' ? &g->dhcp : &g->dns) = true;
		return netdev_addr(v, strlen(v), a) || !a->s_addr ?
		       av_errf(err, EINVAL, "invalid %s= address '%s'", k, v) : 0;
	}
	if (!strcmp(k, "restrict") || !strcmp(k, "ipv6") || !strcmp(k, "ipv4")) {
		if (parse_bool(k, v, &b, err))
			return -EINVAL;
		if (k[0] == 'r')
			o->restrict_net = b;
		else if (k[3] == '6')
			o->ipv6 = b;
		else if (!b)
			return av_errf(err, ENOTSUP, "ipv4=off is not supported");
		return 0;
	}
	return av_errf(err, EINVAL, "Invalid parameter '%s' for -netdev user", k);
}

static int netdev_set_tap(struct netdev_opts *o, struct netdev_given *g,
			  const char *k, const char *v, struct av_err *err)
{
	if (!strcmp(k, "ifname")) {
		if (!*v || strlen(v) >= sizeof(o->ifname) || strchr(v, '/'))
			return av_errf(err, EINVAL, "invalid interface name '%s'", v);
		strcpy(o->ifname, v);
		g->ifname = true;
		return 0;
	}
	/* We never run scripts: only their absence can be asked for. */
	if (!strcmp(k, "script") || !strcmp(k, "downscript")) {
		if (strcmp(v, "no"))
			return av_errf(err, ENOTSUP,
				       "%s=%s: network scripts are not supported; configure the interface beforehand and use %s=no",
				       k, v, k);
		return 0;
	}
	return av_errf(err, EINVAL, "Invalid parameter '%s' for -netdev tap", k);
}

static int netdev_set_type(struct netdev_opts *o, const char *v,
			   struct av_err *err)
{
	if (!strcmp(v, "user"))
		o->kind = NETDEV_USER;
	else if (!strcmp(v, "tap"))
		o->kind = NETDEV_TAP;
	else
		return av_errf(err, EINVAL,
			       "Parameter 'type' expects a netdev backend type (user, tap), not '%s'",
			       v);
	return 0;
}

/* QEMU's user-net defaults, relative to the network (net/slirp.c). */
static void netdev_defaults(struct netdev_opts *o)
{
	memset(o, 0, sizeof(*o));
	inet_pton(AF_INET, "10.0.2.0", &o->net);
	o->mask.s_addr = htonl(0xffffff00u);
	o->ipv6 = true;
}

static void netdev_finish_user(struct netdev_opts *o,
			       const struct netdev_given *g)
{
	uint32_t net = ntohl(o->net.s_addr);

	if (!g->host)
		o->host.s_addr = htonl(net | 2);
	if (!g->dhcp)
		o->dhcp_start.s_addr = htonl(net | 15);
	if (!g->dns)
		o->dns.s_addr = htonl(net | 3);
}

static int netdev_finish(struct netdev_opts *o, const struct netdev_given *g,
			 struct av_err *err)
{
	if (!o->id[0])
		return av_errf(err, EINVAL, "Parameter 'id' is missing");
	if (o->kind == NETDEV_TAP && !g->ifname)
		return av_errf(err, EINVAL,
			       "-netdev tap needs ifname=IF (armvisor does not create interfaces with scripts)");
	if (o->kind == NETDEV_USER)
		netdev_finish_user(o, g);
	return 0;
}

/* The back-end keys of one element (type and id are done by the caller). */
static int netdev_set(struct netdev_opts *o, struct netdev_given *g,
		      const char *k, const char *v, struct av_err *err)
{
	if (o->kind == NETDEV_USER)
		return netdev_set_user(o, g, k, v, err);
	return netdev_set_tap(o, g, k, v, err);
}

/* Parse s; keys named in skip (NULL-terminated) are left for the caller. */
static int netdev_parse_kv(const struct keyval_list *kv, struct netdev_opts *o,
			   struct netdev_given *g, const char *const *skip,
			   struct av_err *err)
{
	int ret = netdev_set_type(o, kv->items[0].value, err);

	for (unsigned int i = 1; !ret && i < kv->count; i++) {
		const char *k = kv->items[i].key, *v = kv->items[i].value;
		bool skipped = false;

		for (unsigned int j = 0; skip && skip[j]; j++)
			skipped |= !strcmp(k, skip[j]);
		if (skipped)
			continue;
		if (!strcmp(k, "type"))
			ret = av_errf(err, EINVAL, "Parameter 'type' given twice");
		else if (!strcmp(k, "id"))
			ret = netdev_set_id(o, v, err);
		else
			ret = netdev_set(o, g, k, v, err);
	}
	return ret;
}

int netdev_parse(const char *s, struct netdev_opts *out, struct av_err *err)
{
	struct netdev_given given = { 0 };
	struct keyval_list kv;
	int ret;

	netdev_defaults(out);
	ret = qemuopts_parse(s, "type", &kv, err);
	if (ret)
		return ret;
	if (strcmp(kv.items[0].key, "type"))
		ret = av_errf(err, EINVAL, "Parameter 'type' is missing");
	if (!ret)
		ret = netdev_parse_kv(&kv, out, &given, NULL, err);
	if (!ret)
		ret = netdev_finish(out, &given, err);
	keyval_free(&kv);
	return ret;
}

/* -nic's NIC keys: mac= and model= (only our one model). */
static int nic_set(struct nic_opts *nic, const char *k, const char *v,
		   struct av_err *err)
{
	if (!strcmp(k, "mac")) {
		if (net_parse_mac(v, nic->mac))
			return av_errf(err, EINVAL,
				       "Property 'mac' expects a MAC address like 52:54:00:12:34:56, not '%s'",
				       v);
		nic->has_mac = true;
		return 0;
	}
	nic->pci = nic_model_is_pci(v);
	return nic_check_model(v, err);
}

/*
 * model=virtio: QEMU's virt makes that virtio-net-pci; ours stays the
 * virtio-mmio NIC it has always been (existing command lines keep their
 * guest's view), which the guest's virtio_net drives the same.
 * model=virtio-net-pci puts the NIC on the PCIe bus.
 */
int nic_check_model(const char *v, struct av_err *err)
{
	if (!strcmp(v, "virtio-net-device") || !strcmp(v, "virtio") ||
	    nic_model_is_pci(v))
		return 0;
	if (cli_model_needs_pci(v))
		return av_errf(err, ENOTSUP,
			       "NIC model '%s' is not emulated (armvisor's NICs: virtio-net-device, virtio-net-pci)",
			       v);
	return av_errf(err, EINVAL,
		       "unsupported NIC model '%s' (armvisor has virtio-net-device and virtio-net-pci)",
		       v);
}

bool nic_model_is_pci(const char *v)
{
	return !strcmp(v, "virtio-net-pci");
}

int nic_parse(const char *s, unsigned int index, struct netdev_opts *nd,
	      struct nic_opts *nic, struct av_err *err)
{
	static const char *const nic_keys[] = { "mac", "model", NULL };
	struct netdev_given given = { 0 };
	struct keyval_list kv;
	int ret;

	netdev_defaults(nd);
	memset(nic, 0, sizeof(*nic));
	ret = qemuopts_parse(s, "type", &kv, err);
	if (ret)
		return ret;
	if (strcmp(kv.items[0].key, "type"))
		ret = av_errf(err, EINVAL, "Parameter 'type' is missing");
	if (!ret)
		ret = netdev_parse_kv(&kv, nd, &given, nic_keys, err);
	for (unsigned int i = 1; !ret && i < kv.count; i++)
		if (!strcmp(kv.items[i].key, "mac") || !strcmp(kv.items[i].key, "model"))
			ret = nic_set(nic, kv.items[i].key, kv.items[i].value, err);
	/* -nic's own id names nothing we can reach: use a private one. */
	snprintf(nd->id, sizeof(nd->id), "__nic%u", index);
	snprintf(nic->netdev, sizeof(nic->netdev), "%s", nd->id);
	if (!ret)
		ret = netdev_finish(nd, &given, err);
	keyval_free(&kv);
	return ret;
}
