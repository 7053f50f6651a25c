// SPDX-License-Identifier: GPL-2.0
/*
 * The -netdev tap back end against the host kernel, inside a network
 * namespace of the test's own (unshare(CLONE_NEWNET) in Check's forked
 * child, so nothing outside changes): the tap interface is created,
 * given 192.168.77.1/24 and brought up; an ARP request sent as the guest
 * 192.168.77.2 gets the kernel's ARP reply through the back end's
 * thread. Where namespaces or /dev/net/tun are not available, the
 * program says so and tests nothing.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check_run.h"
#include "net.h"

#define TAP_NAME	"avtap0"
#define WAIT_SECONDS	10	/* a bound for a hang, never a timing check */

static pthread_mutex_t rx_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t rx_cond = PTHREAD_COND_INITIALIZER;
static bool got_reply;

static const uint8_t guest_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

/* An ARP reply for our guest from 192.168.77.1 (RFC 826 layout). */
static void rx_check(void *opaque, const uint8_t *f, size_t len)
{
	(void)opaque;
	pthread_mutex_lock(&rx_lock);
	if (len >= 42 && f[12] == 0x08 && f[13] == 0x06 && f[21] == 2 &&
	    f[28] == 192 && f[29] == 168 && f[30] == 77 && f[31] == 1 &&
	    !memcmp(f, guest_mac, 6))
		got_reply = true;
	pthread_cond_broadcast(&rx_cond);
	pthread_mutex_unlock(&rx_lock);
}

static size_t arp_request(uint8_t *f)
{
	static const uint8_t hdr[8] = { 0, 1, 8, 0, 6, 4, 0, 1 };
	static const uint8_t spa[4] = { 192, 168, 77, 2 };
	static const uint8_t tpa[4] = { 192, 168, 77, 1 };

	memset(f, 0, 60);
	memset(f, 0xff, 6);
	memcpy(f + 6, guest_mac, 6);
	f[12] = 0x08;
	f[13] = 0x06;
	memcpy(f + 14, hdr, 8);
	memcpy(f + 22, guest_mac, 6);
	memcpy(f + 28, spa, 4);
	memcpy(f + 38, tpa, 4);
	return 60;
}

/* ifconfig TAP_NAME 192.168.77.1 netmask 255.255.255.0 up */
static void tap_configure(void)
{
	struct ifreq ifr;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	ck_assert_int_ge(fd, 0);
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, TAP_NAME);
	sin->sin_family = AF_INET;
	inet_pton(AF_INET, "192.168.77.1", &sin->sin_addr);
	ck_assert_int_eq(ioctl(fd, SIOCSIFADDR, &ifr), 0);
	inet_pton(AF_INET, "255.255.255.0", &sin->sin_addr);
	ck_assert_int_eq(ioctl(fd, SIOCSIFNETMASK, &ifr), 0);
	ck_assert_int_eq(ioctl(fd, SIOCGIFFLAGS, &ifr), 0);
	ifr.ifr_flags |= IFF_UP;
	ck_assert_int_eq(ioctl(fd, SIOCSIFFLAGS, &ifr), 0);
	close(fd);
}

static struct net_backend *tap_open(void)
{
	struct netdev_opts o;
	struct av_err err = { 0 };
	struct net_backend *nb;

	ck_assert_int_eq(netdev_parse("tap,id=t0,ifname=" TAP_NAME ",script=no,downscript=no",
				      &o, &err), 0);
	ck_assert_msg(net_backend_open(&o, &nb, &err) == 0, "%s", err.msg);
	return nb;
}

START_TEST(arp_through_tap)
{
	struct av_err err = { 0 };
	struct net_backend *nb;
	struct timespec until;
	uint8_t f[60];

	ck_assert_int_eq(unshare(CLONE_NEWNET), 0);
	nb = tap_open();
	tap_configure();
	ck_assert_int_eq(net_backend_attach(nb, rx_check, NULL, &err), 0);
	ck_assert_int_eq(net_backend_start(nb, &err), 0);
	ck_assert_int_eq(net_send(nb, f, arp_request(f)), 0);
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += WAIT_SECONDS;
	pthread_mutex_lock(&rx_lock);
	while (!got_reply && !pthread_cond_timedwait(&rx_cond, &rx_lock, &until))
		;
	pthread_mutex_unlock(&rx_lock);
	ck_assert_msg(got_reply, "no ARP reply from the host through the tap");
	net_backend_close(nb);
}
END_TEST

/* A name the kernel refuses: a clear error, nothing half-open. */
START_TEST(bad_interface)
{
	struct netdev_opts o;
	struct av_err err = { 0 };
	struct net_backend *nb;

	ck_assert_int_eq(unshare(CLONE_NEWNET), 0);
	ck_assert_int_eq(netdev_parse("tap,id=t0,ifname=lo", &o, &err), 0);
	ck_assert_int_lt(net_backend_open(&o, &nb, &err), 0);
	ck_assert_msg(strstr(err.msg, "could not configure tap interface 'lo'"), "%s",
		      err.msg);
}
END_TEST

/* Can this process make a namespace with a tap in it? Tried in a child. */
static bool tap_possible(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		int fd;

		if (unshare(CLONE_NEWNET) < 0)
			_exit(1);
		fd = open("/dev/net/tun", O_RDWR);
		_exit(fd < 0 ? 1 : 0);
	}
	return pid > 0 && waitpid(pid, &status, 0) == pid &&
	       WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(void)
{
	Suite *s = suite_create("net_tap");
	TCase *tc = tcase_create("namespace");
	SRunner *sr;
	int failed;

	if (!tap_possible())
		return check_skip("no network namespace with /dev/net/tun here (needs root)");
	tcase_add_test(tc, arp_through_tap);
	tcase_add_test(tc, bad_interface);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	/* Each test must run in its own child: it leaves the namespace. */
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
