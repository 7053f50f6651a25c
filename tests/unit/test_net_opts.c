// SPDX-License-Identifier: GPL-2.0
/*
 * -netdev, -nic and -device virtio-net-device strings as a user types
 * them: QEMU's user-net defaults, hostfwd rules, tap, MAC addresses, and
 * the messages for what is wrong.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check_run.h"
#include "cli_test.h"
#include "net.h"

static const char *ip(struct in_addr a)
{
	static char buf[4][INET_ADDRSTRLEN];
	static unsigned int n;

	return inet_ntop(AF_INET, &a, buf[n++ % 4], INET_ADDRSTRLEN);
}

START_TEST(user_defaults)
{
	struct netdev_opts o;
	struct av_err err = { 0 };

	ck_assert_int_eq(netdev_parse("user,id=n0", &o, &err), 0);
	ck_assert_int_eq(o.kind, NETDEV_USER);
	ck_assert_str_eq(o.id, "n0");
	ck_assert_str_eq(ip(o.net), "10.0.2.0");
	ck_assert_str_eq(ip(o.mask), "255.255.255.0");
	ck_assert_str_eq(ip(o.host), "10.0.2.2");
	ck_assert_str_eq(ip(o.dhcp_start), "10.0.2.15");
	ck_assert_str_eq(ip(o.dns), "10.0.2.3");
	ck_assert_uint_eq(o.nfwd, 0);
	ck_assert(!o.restrict_net);
}
END_TEST

START_TEST(user_net_moves_defaults)
{
	struct netdev_opts o;
	struct av_err err = { 0 };

	ck_assert_int_eq(netdev_parse("user,id=a,net=192.168.76.9/16,dns=192.168.1.1",
				      &o, &err), 0);
	ck_assert_str_eq(ip(o.net), "192.168.0.0");
	ck_assert_str_eq(ip(o.mask), "255.255.0.0");
	ck_assert_str_eq(ip(o.host), "192.168.0.2");
	ck_assert_str_eq(ip(o.dhcp_start), "192.168.0.15");
	ck_assert_str_eq(ip(o.dns), "192.168.1.1");
}
END_TEST

START_TEST(hostfwd_rules)
{
	struct netdev_opts o;
	struct av_err err = { 0 };

	ck_assert_int_eq(netdev_parse("user,id=n,hostfwd=tcp:127.0.0.1:8080-:80,"
				      "hostfwd=udp::5353-10.0.2.20:53,hostfwd=::2222-:22",
				      &o, &err), 0);
	ck_assert_uint_eq(o.nfwd, 3);
	ck_assert(!o.fwd[0].udp);
	ck_assert_str_eq(ip(o.fwd[0].host_addr), "127.0.0.1");
	ck_assert_uint_eq(o.fwd[0].host_port, 8080);
	ck_assert_uint_eq(o.fwd[0].guest_addr.s_addr, 0);
	ck_assert_uint_eq(o.fwd[0].guest_port, 80);
	ck_assert(o.fwd[1].udp);
	ck_assert_str_eq(ip(o.fwd[1].host_addr), "0.0.0.0");
	ck_assert_str_eq(ip(o.fwd[1].guest_addr), "10.0.2.20");
	ck_assert_uint_eq(o.fwd[1].guest_port, 53);
	ck_assert(!o.fwd[2].udp);
	ck_assert_uint_eq(o.fwd[2].host_port, 2222);
}
END_TEST

static const char *const bad_hostfwd[] = {
	"tcp:8080-:80", "tcp::0-:80", "tcp::70000-:80", "sctp::1-:2",
	"tcp::80:81", "tcp::80-:", "tcp:1.2.3:80-:81", "tcp::8x-:80",
	"tcp::80-:81x", "", "tcp::-:80",
};

START_TEST(hostfwd_bad)
{
	char spec[128];
	struct netdev_opts o;
	struct av_err err = { 0 };

	snprintf(spec, sizeof(spec), "user,id=n,hostfwd=%s", bad_hostfwd[_i]);
	ck_assert_int_eq(netdev_parse(spec, &o, &err), -EINVAL);
	ck_assert_msg(strstr(err.msg, "host forwarding rule"), "%s: %s",
		      spec, err.msg);
}
END_TEST

static const struct {
	const char *spec, *msg;
} bad_netdevs[] = {
	{ "user", "'id' is missing" },
	{ "id=n0", "'type' is missing" },
	{ "socket,id=n0", "netdev backend type" },
	{ "user,id=0n", "identifier" },
	{ "user,id=n0,bogus=1", "Invalid parameter 'bogus'" },
	{ "user,id=n0,restrict=maybe", "'on' or 'off'" },
	{ "user,id=n0,net=10.0.2.0/33", "invalid net=" },
	{ "user,id=n0,dns=x", "invalid dns=" },
	{ "tap,id=t0", "ifname" },
	{ "tap,id=t0,ifname=tap0,script=/etc/qemu-ifup", "scripts are not supported" },
	{ "tap,id=t0,ifname=a/b", "invalid interface name" },
	{ "tap,id=t0,ifname=abcdefghijklmnopq", "invalid interface name" },
	{ "user,id=n0,type=tap", "given twice" },
};

START_TEST(netdev_bad)
{
	struct netdev_opts o;
	struct av_err err = { 0 };

	ck_assert_int_lt(netdev_parse(bad_netdevs[_i].spec, &o, &err), 0);
	ck_assert_msg(strstr(err.msg, bad_netdevs[_i].msg), "%s: '%s'",
		      bad_netdevs[_i].spec, err.msg);
}
END_TEST

START_TEST(tap_ok)
{
	struct netdev_opts o;
	struct av_err err = { 0 };

	ck_assert_int_eq(netdev_parse("tap,id=t0,ifname=tap0,script=no,downscript=no",
				      &o, &err), 0);
	ck_assert_int_eq(o.kind, NETDEV_TAP);
	ck_assert_str_eq(o.ifname, "tap0");
}
END_TEST

START_TEST(nic_user)
{
	struct netdev_opts nd;
	struct nic_opts nic;
	struct av_err err = { 0 };

	ck_assert_int_eq(nic_parse("user,mac=52:54:00:AA:bb:0c,hostfwd=tcp::2222-:22,model=virtio-net-device",
				   2, &nd, &nic, &err), 0);
	ck_assert_int_eq(nd.kind, NETDEV_USER);
	ck_assert_str_eq(nd.id, "__nic2");
	ck_assert_str_eq(nic.netdev, "__nic2");
	ck_assert_uint_eq(nd.nfwd, 1);
	ck_assert(nic.has_mac);
	ck_assert_uint_eq(nic.mac[3], 0xaa);
	ck_assert_uint_eq(nic.mac[5], 0x0c);
	ck_assert_int_lt(nic_parse("user,model=e1000", 0, &nd, &nic, &err), 0);
	ck_assert(strstr(err.msg, "e1000"));
	ck_assert_int_lt(nic_parse("user,mac=52:54:00", 0, &nd, &nic, &err), 0);
	ck_assert(strstr(err.msg, "MAC address"));
}
END_TEST

START_TEST(device_parse)
{
	struct config_device d;
	struct av_err err = { 0 };

	ck_assert_int_eq(config_parse_device("virtio-net-device,netdev=n0,id=eth", &d, &err), 0);
	ck_assert_int_eq(d.model, DEVICE_VIRTIO_NET);
	ck_assert_str_eq(d.nic.netdev, "n0");
	ck_assert_str_eq(d.id, "eth");
	ck_assert(!d.nic.has_mac);
	config_device_free(&d);
	ck_assert_int_eq(config_parse_device("driver=virtio-net-device,mac=02:00:00:00:00:01,netdev=x",
					     &d, &err), 0);
	ck_assert(d.nic.has_mac);
	ck_assert_uint_eq(d.nic.mac[0], 2);
	config_device_free(&d);
	ck_assert_int_lt(config_parse_device("virtio-net-device", &d, &err), 0);
	ck_assert(strstr(err.msg, "netdev=ID"));
	ck_assert_int_lt(config_parse_device("virtio-net-device,netdev=n,speed=10", &d, &err), 0);
	ck_assert(strstr(err.msg, "virtio-net-device.speed"));
	ck_assert_int_lt(config_parse_device("virtio-net-device,netdev=n,mac=52:54", &d, &err), 0);
	ck_assert(strstr(err.msg, "MAC address"));
}
END_TEST

static const char *const bad_macs[] = {
	"", "52:54:00:12:34", "52:54:00:12:34:56:", "52-54-00-12-34-56",
	"5:54:00:12:34:567", "52:54:00:12:34:5g", "+2:54:00:12:34:56",
	"52:54:00:12:34:56:78",
};

START_TEST(mac_bad)
{
	uint8_t mac[6] = { 1, 2, 3, 4, 5, 6 };

	ck_assert_int_eq(net_parse_mac(bad_macs[_i], mac), -EINVAL);
	ck_assert_uint_eq(mac[0], 1);
}
END_TEST

START_TEST(mac_default)
{
	uint8_t mac[6];

	net_default_mac(0, mac);
	ck_assert_mem_eq(mac, "\x52\x54\x00\x12\x34\x56", 6);
	net_default_mac(1, mac);
	ck_assert_uint_eq(mac[5], 0x57);
	net_default_mac(0xaa, mac);	/* 0x56 + 0xaa carries into byte 4 */
	ck_assert_uint_eq(mac[5], 0x00);
	ck_assert_uint_eq(mac[4], 0x35);
}
END_TEST

/* The command line keeps the options typed, and names the option on error. */
START_TEST(cli_options)
{
	struct vm_config cfg;
	struct av_err err = { 0 };

	/* tap: parsing opens nothing, and needs no libslirp. */
	ck_assert_int_eq(cli_test_parse(&cfg, &err, "-netdev", "tap,id=n0,ifname=t0",
					"-device", "virtio-net-device,netdev=n0",
					"-nic", "tap,ifname=t1,mac=52:54:00:00:00:01", NULL), 0);
	ck_assert_uint_eq(cfg.nnetdevs, 1);
	ck_assert_str_eq(cfg.netdevs[0].opts.ifname, "t0");
	ck_assert_uint_eq(cfg.ndevices, 1);
	ck_assert_str_eq(cfg.devices[0].nic.netdev, "n0");
	ck_assert_uint_eq(cfg.nnics, 1);
	ck_assert_str_eq(cfg.nics[0].netdev.ifname, "t1");
	ck_assert_str_eq(cfg.nics[0].nic.netdev, "__nic0");
	ck_assert(cfg.nics[0].nic.has_mac);
	ck_assert_str_eq(cfg.nics[0].origin.text, "tap,ifname=t1,mac=52:54:00:00:00:01");
	config_free(&cfg);
	ck_assert_int_lt(cli_test_parse(&cfg, &err, "-netdev", "tap,id=n0,ifname=a",
					"-netdev", "tap,id=n0,ifname=b", NULL), 0);
	ck_assert_msg(strstr(err.msg, "-netdev tap,id=n0,ifname=b: Duplicate ID"), "%s", err.msg);
	config_free(&cfg);
	ck_assert_int_lt(cli_test_parse(&cfg, &err, "-nic", "user,mac=1", NULL), 0);
	ck_assert_msg(strstr(err.msg, "-nic user,mac=1: "), "%s", err.msg);
	config_free(&cfg);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("net_opts");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, user_defaults);
	tcase_add_test(tc, user_net_moves_defaults);
	tcase_add_test(tc, hostfwd_rules);
	tcase_add_loop_test(tc, hostfwd_bad, 0,
			    sizeof(bad_hostfwd) / sizeof(bad_hostfwd[0]));
	tcase_add_loop_test(tc, netdev_bad, 0,
			    sizeof(bad_netdevs) / sizeof(bad_netdevs[0]));
	tcase_add_test(tc, tap_ok);
	tcase_add_test(tc, nic_user);
	tcase_add_test(tc, device_parse);
	tcase_add_loop_test(tc, mac_bad, 0, sizeof(bad_macs) / sizeof(bad_macs[0]));
	tcase_add_test(tc, mac_default);
	tcase_add_test(tc, cli_options);
	suite_add_tcase(s, tc);
	return check_run(s);
}
