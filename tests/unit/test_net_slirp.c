// SPDX-License-Identifier: GPL-2.0
/*
 * The -netdev user back end with libslirp, without a guest: frames in
 * through net_send(), frames out through the attached rx on the back
 * end's thread. An ARP request for the gateway gets slirp's answer; a
 * connection to a hostfwd port on 127.0.0.1 makes slirp look for the
 * guest (an ARP request for 10.0.2.15); close stops the thread.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "check_run.h"
#include "net.h"

#define WAIT_SECONDS 10		/* a bound for a hang, never a timing check */

struct rx_log {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	uint8_t frame[1600];
	size_t len;
	unsigned int count;
};

static void rx_record(void *opaque, const uint8_t *frame, size_t len)
{
	struct rx_log *l = opaque;

	pthread_mutex_lock(&l->lock);
	if (len <= sizeof(l->frame)) {
		memcpy(l->frame, frame, len);
		l->len = len;
		l->count++;
	}
	pthread_cond_broadcast(&l->cond);
	pthread_mutex_unlock(&l->lock);
}

/* Wait for an ARP frame with this opcode and target IP; false on timeout. */
static bool rx_wait_arp(struct rx_log *l, uint16_t op, const char *target)
{
	struct timespec until;
	struct in_addr want;
	bool found = false;

	inet_pton(AF_INET, target, &want);
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += WAIT_SECONDS;
	pthread_mutex_lock(&l->lock);
	while (!found) {
		found = l->len >= 42 && l->frame[12] == 0x08 && l->frame[13] == 0x06 &&
			l->frame[21] == op && !memcmp(l->frame + 38, &want, 4);
		if (!found && pthread_cond_timedwait(&l->cond, &l->lock, &until))
			break;
	}
	pthread_mutex_unlock(&l->lock);
	return found;
}

static const uint8_t guest_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

/* ARP who-has target tell 10.0.2.15 (RFC 826 over Ethernet). */
static size_t arp_request(uint8_t *f, const char *target)
{
	static const uint8_t hdr[8] = { 0, 1, 8, 0, 6, 4, 0, 1 };
	struct in_addr a;

	memset(f, 0, 60);
	memset(f, 0xff, 6);
	memcpy(f + 6, guest_mac, 6);
	f[12] = 0x08;
	f[13] = 0x06;
	memcpy(f + 14, hdr, 8);
	memcpy(f + 22, guest_mac, 6);
	inet_pton(AF_INET, "10.0.2.15", &a);
	memcpy(f + 28, &a, 4);
	inet_pton(AF_INET, target, &a);
	memcpy(f + 38, &a, 4);
	return 60;
}

static struct rx_log rx = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.cond = PTHREAD_COND_INITIALIZER,
};

static struct net_backend *open_user(const char *spec)
{
	struct netdev_opts o;
	struct av_err err = { 0 };
	struct net_backend *nb;

	ck_assert_int_eq(netdev_parse(spec, &o, &err), 0);
	ck_assert_msg(net_backend_open(&o, &nb, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(net_backend_attach(nb, rx_record, &rx, &err), 0);
	ck_assert_int_eq(net_backend_start(nb, &err), 0);
	return nb;
}

START_TEST(arp_gateway)
{
	struct net_backend *nb;
	uint8_t f[60];

	nb = open_user("user,id=n0");
	ck_assert_int_eq(net_send(nb, f, arp_request(f, "10.0.2.2")), 0);
	ck_assert_msg(rx_wait_arp(&rx, 2, "10.0.2.15"), "no ARP reply from 10.0.2.2");
	/* Sender protocol address: the gateway. */
	ck_assert_uint_eq(rx.frame[28], 10);
	ck_assert_uint_eq(rx.frame[31], 2);
	ck_assert_mem_eq(rx.frame, guest_mac, 6);
	net_backend_close(nb);
}
END_TEST

/* A free TCP port on 127.0.0.1 (the kernel picks; we close it again). */
static uint16_t free_port(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	close(fd);
	return ntohs(sa.sin_port);
}

START_TEST(hostfwd_reaches_guest)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct net_backend *nb;
	char spec[96];
	int fd;

	sa.sin_port = htons(free_port());
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	snprintf(spec, sizeof(spec), "user,id=n0,hostfwd=tcp:127.0.0.1:%u-:80",
		 ntohs(sa.sin_port));
	nb = open_user(spec);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ck_assert_int_ge(fd, 0);
	connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	ck_assert_msg(rx_wait_arp(&rx, 1, "10.0.2.15"),
		      "slirp did not look for the guest after a hostfwd connection");
	close(fd);
	net_backend_close(nb);
}
END_TEST

START_TEST(hostfwd_port_taken)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	struct netdev_opts o;
	struct av_err err = { 0 };
	struct net_backend *nb;
	char spec[96];
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(listen(fd, 1), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	snprintf(spec, sizeof(spec), "user,id=n0,hostfwd=tcp:127.0.0.1:%u-:80",
		 ntohs(sa.sin_port));
	ck_assert_int_eq(netdev_parse(spec, &o, &err), 0);
	ck_assert_int_lt(net_backend_open(&o, &nb, &err), 0);
	ck_assert_msg(strstr(err.msg, "host forwarding rule"), "%s", err.msg);
	close(fd);
}
END_TEST

/* What the NIC hands over is never too short for slirp to parse safely. */
START_TEST(runt_frames)
{
	struct net_backend *nb;
	uint8_t f[60] = { 0 };

	nb = open_user("user,id=n0");
	for (size_t len = 0; len < sizeof(f); len++)
		net_send(nb, f, len);
	ck_assert_int_eq(net_send(nb, f, arp_request(f, "10.0.2.2")), 0);
	ck_assert(rx_wait_arp(&rx, 2, "10.0.2.15"));
	net_backend_close(nb);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("net_slirp");
	TCase *tc = tcase_create("user");

	if (!net_have_slirp())	/* -netdev user is refused: nothing to test */
		return check_skip("built without libslirp");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, arp_gateway);
	tcase_add_test(tc, hostfwd_reaches_guest);
	tcase_add_test(tc, hostfwd_port_taken);
	tcase_add_test(tc, runt_frames);
	suite_add_tcase(s, tc);
	return check_run(s);
}
