// SPDX-License-Identifier: GPL-2.0
/*
 * -netdev tap,ifname=IF: frames to and from a host tap interface
 * (Documentation/networking/tuntap.rst). IFF_NO_PI: the fd carries bare
 * Ethernet frames; no IFF_VNET_HDR, since the NIC offers no offloads.
 *
 * The fd is non-blocking: a frame the kernel cannot take now is dropped
 * (the guest's vCPU never waits on the host network). A thread reads
 * frames for the guest and hands them to the NIC's rx.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "net.h"
#include "sandbox.h"

struct net_tap {
	struct net_backend nb;		/* first: ops get a struct net_backend * */
	int fd;
	int stop_fd[2];			/* a byte written to [1] stops the thread */
	pthread_t thread;
	bool running;
	uint8_t *frame;			/* NET_FRAME_MAX bytes */
};

static struct net_tap *to_tap(struct net_backend *nb)
{
	return (struct net_tap *)nb;
}

static void *tap_thread(void *opaque)
{
	struct net_tap *t = opaque;
	struct pollfd p[2] = {
		{ .fd = t->stop_fd[0], .events = POLLIN },
		{ .fd = t->fd, .events = POLLIN },
	};

	sandbox_enter(t->nb.sandbox, SANDBOX_NET);	/* a failure stops the VM */

	for (;;) {
		ssize_t n;

		if (poll(p, 2, -1) < 0 && errno != EINTR)
			break;
		if (p[0].revents)
			break;
		if (p[1].revents & (POLLERR | POLLNVAL))
			break;		/* the interface went away */
		while ((n = read(t->fd, t->frame, NET_FRAME_MAX)) > 0)
			if (t->nb.rx && n >= NET_ETH_HLEN)
				t->nb.rx(t->nb.rx_opaque, t->frame, (size_t)n);
	}
	return NULL;
}

static int tap_send(struct net_backend *nb, const uint8_t *frame, size_t len)
{
	struct net_tap *t = to_tap(nb);

	if (write(t->fd, frame, len) < 0) {
		atomic_fetch_add(&nb->tx_dropped, 1);
		return -errno;
	}
	return 0;
}

static int tap_start(struct net_backend *nb, struct av_err *err)
{
	struct net_tap *t = to_tap(nb);
	int ret = pthread_create(&t->thread, NULL, tap_thread, t);

	if (ret)
		return av_errf_errno(err, ret, "-netdev tap: cannot start its thread");
	t->running = true;
	return 0;
}

static void tap_close(struct net_backend *nb)
{
	struct net_tap *t = to_tap(nb);

	if (t->running) {
		if (write(t->stop_fd[1], "", 1) < 0) {
			/* a full pipe already holds a stop byte */
		}
		pthread_join(t->thread, NULL);
	}
	for (int i = 0; i < 2; i++)
		if (t->stop_fd[i] >= 0)
			close(t->stop_fd[i]);
	if (t->fd >= 0)
		close(t->fd);
	free(t->frame);
	free(t);
}

static const struct net_backend_ops tap_ops = {
	.send = tap_send,
	.start = tap_start,
	.close = tap_close,
};

/* Attach to (or create) the tap interface named in opts. */
static int tap_open_fd(const struct netdev_opts *opts, int *out,
		       struct av_err *err)
{
	struct ifreq ifr;
	int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return av_errf_errno(err, errno, "-netdev tap: cannot open /dev/net/tun");
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", opts->ifname);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		int e = errno;

		close(fd);
		return av_errf_errno(err, e, "-netdev tap: could not configure tap interface '%s'",
				     opts->ifname);
	}
	*out = fd;
	return 0;
}

int net_tap_open(const struct netdev_opts *opts, struct net_backend **out,
		 struct av_err *err)
{
	struct net_tap *t = calloc(1, sizeof(*t));
	int ret;

	if (!t)
		return av_errf(err, ENOMEM, "-netdev tap: out of memory");
	t->nb.ops = &tap_ops;
	t->fd = t->stop_fd[0] = t->stop_fd[1] = -1;
	snprintf(t->nb.id, sizeof(t->nb.id), "%s", opts->id);
	t->frame = malloc(NET_FRAME_MAX);
	if (!t->frame)
		ret = av_errf(err, ENOMEM, "-netdev tap: out of memory");
	else if (pipe2(t->stop_fd, O_CLOEXEC) < 0)
		ret = av_errf_errno(err, errno, "-netdev tap");
	else
		ret = tap_open_fd(opts, &t->fd, err);
	if (ret) {
		tap_close(&t->nb);
		return ret;
	}
	*out = &t->nb;
	return 0;
}
