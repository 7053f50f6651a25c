// SPDX-License-Identifier: GPL-2.0
/*
 * -netdev user: QEMU's user-mode network, on libslirp.
 *
 * libslirp is not thread-safe, so every call into it happens on one
 * thread of ours. Frames from the guest (a vCPU thread, under the NIC's
 * lock) travel there through a datagram socketpair, which keeps frame
 * boundaries, never blocks the sender (a full socket drops the frame) and
 * wakes the thread. The thread polls slirp's sockets, refilling the fd
 * list every round (slirp_pollfds_fill), and runs its timers; frames
 * slirp sends to the guest go straight to the NIC's rx from this thread.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "net.h"
#include "sandbox.h"

#ifdef HAVE_SLIRP
#include <libslirp.h>

#define SLIRP_POLL_INIT 16
#define SLIRP_TX_BUF (1 << 20)

/* A timer slirp asked for (only the IPv6 router advertisement one). */
struct slirp_timer {
	struct slirp_timer *next;
	SlirpTimerId id;
	void *cb_opaque;
	int64_t expire_ms;		/* -1: not armed */
};

struct net_slirp {
	struct net_backend nb;		/* first: ops get a struct net_backend * */
	Slirp *slirp;
	int tx_fd[2];			/* [0]: vCPUs write frames, [1]: the thread reads */
	int stop_fd[2];			/* a byte written to [1] stops the thread */
	pthread_t thread;
	bool running;
	struct pollfd *pfd;
	unsigned int npfd, cap;
	struct slirp_timer *timers;
	uint8_t *frame;			/* NET_FRAME_MAX bytes */
};

static struct net_slirp *to_slirp(struct net_backend *nb)
{
	return (struct net_slirp *)nb;
}

static int64_t slirp_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- callbacks from libslirp (on our thread) ---- */

static ssize_t slirp_cb_send(const void *buf, size_t len, void *opaque)
{
	struct net_slirp *s = opaque;

	if (s->nb.rx)
		s->nb.rx(s->nb.rx_opaque, buf, len);
	return (ssize_t)len;
}

/* slirp already dropped what the guest sent: say so under -d guest_errors. */
static void slirp_cb_guest_error(const char *msg, void *opaque)
{
	struct net_slirp *s = opaque;

	if (log_enabled(LOG_GUEST_ERRORS))
		log_printf(LOG_GUEST_ERRORS, "netdev %s: %s\n", s->nb.id, msg);
}

static int64_t slirp_cb_clock_ns(void *opaque)
{
	struct timespec ts;

	(void)opaque;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void *slirp_cb_timer_new(SlirpTimerId id, void *cb_opaque, void *opaque)
{
	struct net_slirp *s = opaque;
	struct slirp_timer *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->id = id;
	t->cb_opaque = cb_opaque;
	t->expire_ms = -1;
	t->next = s->timers;
	s->timers = t;
	return t;
}

static void slirp_cb_timer_free(void *timer, void *opaque)
{
	struct net_slirp *s = opaque;
	struct slirp_timer **p;

	for (p = &s->timers; *p; p = &(*p)->next) {
		if (*p == timer) {
			*p = (*p)->next;
			free(timer);
			return;
		}
	}
}

static void slirp_cb_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
	struct slirp_timer *t = timer;

	(void)opaque;
	if (t)
		t->expire_ms = expire_ms;
}

static void slirp_cb_poll_fd(int fd, void *opaque)
{
	/* We hand slirp's fds to poll() afresh every round. */
	(void)fd;
	(void)opaque;
}

static void slirp_cb_notify(void *opaque)
{
	/* Called on our thread: the next round refills the fd list anyway. */
	(void)opaque;
}

static const SlirpCb slirp_callbacks = {
	.send_packet = slirp_cb_send,
	.guest_error = slirp_cb_guest_error,
	.clock_get_ns = slirp_cb_clock_ns,
	.timer_free = slirp_cb_timer_free,
	.timer_mod = slirp_cb_timer_mod,
	.register_poll_fd = slirp_cb_poll_fd,
	.unregister_poll_fd = slirp_cb_poll_fd,
	.notify = slirp_cb_notify,
	.timer_new_opaque = slirp_cb_timer_new,
};

/* ---- the poll loop ---- */

static int slirp_add_poll(int fd, int events, void *opaque)
{
	struct net_slirp *s = opaque;
	struct pollfd *p;
	short ev = 0;

	if (s->npfd == s->cap) {
		p = realloc(s->pfd, 2 * s->cap * sizeof(*p));
		if (!p)
			return -1;	/* slirp_get_revents(-1) reports nothing */
		s->pfd = p;
		s->cap *= 2;
	}
	if (events & SLIRP_POLL_IN)
		ev |= POLLIN;
	if (events & SLIRP_POLL_OUT)
		ev |= POLLOUT;
	if (events & SLIRP_POLL_PRI)
		ev |= POLLPRI;
	s->pfd[s->npfd] = (struct pollfd){ .fd = fd, .events = ev };
	return (int)s->npfd++;
}

static int slirp_get_revents(int idx, void *opaque)
{
	struct net_slirp *s = opaque;
	short rev;
	int out = 0;

	if (idx < 0 || (unsigned int)idx >= s->npfd)
		return 0;
	rev = s->pfd[idx].revents;
	if (rev & POLLIN)
		out |= SLIRP_POLL_IN;
	if (rev & POLLOUT)
		out |= SLIRP_POLL_OUT;
	if (rev & POLLPRI)
		out |= SLIRP_POLL_PRI;
	if (rev & POLLERR)
		out |= SLIRP_POLL_ERR;
	if (rev & POLLHUP)
		out |= SLIRP_POLL_HUP;
	return out;
}

/* Milliseconds until the next armed timer, at most limit. */
static uint32_t slirp_timer_wait(struct net_slirp *s, uint32_t limit)
{
	int64_t now = slirp_clock_ms();

	for (struct slirp_timer *t = s->timers; t; t = t->next) {
		if (t->expire_ms < 0)
			continue;
		if (t->expire_ms <= now)
			return 0;
		if (t->expire_ms - now < limit)
			limit = (uint32_t)(t->expire_ms - now);
	}
	return limit;
}

static void slirp_run_timers(struct net_slirp *s)
{
	int64_t now = slirp_clock_ms();
	bool again = true;

	/* A handler may free or re-arm timers: rescan after each one. */
	while (again) {
		again = false;
		for (struct slirp_timer *t = s->timers; t; t = t->next) {
			if (t->expire_ms >= 0 && t->expire_ms <= now) {
				t->expire_ms = -1;
				slirp_handle_timer(s->slirp, t->id, t->cb_opaque);
				again = true;
				break;
			}
		}
	}
}

/* Hand every queued guest frame to slirp. */
static void slirp_drain_tx(struct net_slirp *s)
{
	ssize_t n;

	while ((n = recv(s->tx_fd[1], s->frame, NET_FRAME_MAX,
			 MSG_DONTWAIT)) > 0)
		slirp_input(s->slirp, s->frame, (int)n);
}

/* pfd[0] is the stop pipe, pfd[1] the guest's frames; slirp's follow. */
static void *slirp_thread(void *opaque)
{
	struct net_slirp *s = opaque;

	sandbox_enter(s->nb.sandbox, SANDBOX_NET);	/* a failure stops the VM */
	for (;;) {
		uint32_t timeout = UINT32_MAX;
		int n;

		s->npfd = 0;
		slirp_add_poll(s->stop_fd[0], SLIRP_POLL_IN, s);
		slirp_add_poll(s->tx_fd[1], SLIRP_POLL_IN, s);
		slirp_pollfds_fill(s->slirp, &timeout, slirp_add_poll, s);
		timeout = slirp_timer_wait(s, timeout);
		n = poll(s->pfd, s->npfd,
			 timeout == UINT32_MAX ? -1 : (int)timeout);
		if (n > 0 && s->pfd[0].revents)
			break;
		if (n > 0 && s->pfd[1].revents)
			slirp_drain_tx(s);
		slirp_pollfds_poll(s->slirp, n < 0, slirp_get_revents, s);
		slirp_run_timers(s);
	}
	return NULL;
}

/* ---- back end ops ---- */

static int slirp_send(struct net_backend *nb, const uint8_t *frame, size_t len)
{
	struct net_slirp *s = to_slirp(nb);

	/* Nothing shorter than an Ethernet header is a frame. */
	if (len < NET_ETH_HLEN || len > NET_FRAME_MAX) {
		atomic_fetch_add(&nb->tx_dropped, 1);
		return -EINVAL;
	}
	if (send(s->tx_fd[0], frame, len, MSG_DONTWAIT | MSG_NOSIGNAL) < 0) {
		atomic_fetch_add(&nb->tx_dropped, 1);
		return -errno;
	}
	return 0;
}

static int slirp_start(struct net_backend *nb, struct av_err *err)
{
	struct net_slirp *s = to_slirp(nb);
	int ret = pthread_create(&s->thread, NULL, slirp_thread, s);

	if (ret)
		return av_errf_errno(err, ret, "-netdev user: cannot start its thread");
	s->running = true;
	return 0;
}

static void slirp_close_fds(int fd[2])
{
	for (int i = 0; i < 2; i++)
		if (fd[i] >= 0)
			close(fd[i]);
}

static void slirp_close(struct net_backend *nb)
{
	struct net_slirp *s = to_slirp(nb);

	if (s->running) {
		if (write(s->stop_fd[1], "", 1) < 0) {
			/* a full pipe already holds a stop byte */
		}
		pthread_join(s->thread, NULL);
	}
	if (s->slirp)
		slirp_cleanup(s->slirp);
	while (s->timers)
		slirp_cb_timer_free(s->timers, s);
	slirp_close_fds(s->tx_fd);
	slirp_close_fds(s->stop_fd);
	free(s->pfd);
	free(s->frame);
	free(s);
}

static const struct net_backend_ops slirp_ops = {
	.send = slirp_send,
	.start = slirp_start,
	.close = slirp_close,
};

/* QEMU's IPv6 defaults (net/slirp.c): fec0::/64, host ::2, DNS ::3. */
static void slirp_config_ipv6(SlirpConfig *cfg)
{
	inet_pton(AF_INET6, "fec0::", &cfg->vprefix_addr6);
	cfg->vprefix_len = 64;
	inet_pton(AF_INET6, "fec0::2", &cfg->vhost6);
	inet_pton(AF_INET6, "fec0::3", &cfg->vnameserver6);
}

static void slirp_config(const struct netdev_opts *o, SlirpConfig *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->version = 4;		/* has timer_new_opaque */
	cfg->restricted = o->restrict_net;
	cfg->in_enabled = true;
	cfg->vnetwork = o->net;
	cfg->vnetmask = o->mask;
	cfg->vhost = o->host;
	cfg->in6_enabled = o->ipv6;
	slirp_config_ipv6(cfg);
	cfg->vdhcp_start = o->dhcp_start;
	cfg->vnameserver = o->dns;
}

static int slirp_add_fwds(struct net_slirp *s, const struct netdev_opts *o,
			  struct av_err *err)
{
	for (unsigned int i = 0; i < o->nfwd; i++) {
		const struct net_hostfwd *f = &o->fwd[i];
		struct in_addr guest = f->guest_addr;

		if (!guest.s_addr)
			guest = o->dhcp_start;
		if (slirp_add_hostfwd(s->slirp, f->udp, f->host_addr,
				      f->host_port, guest, f->guest_port) < 0)
			return av_errf(err, EADDRINUSE,
				       "-netdev user: could not set up host forwarding rule for %s port %u (in use?)",
				       f->udp ? "udp" : "tcp", f->host_port);
	}
	return 0;
}

static int slirp_alloc(struct net_slirp **out, struct av_err *err)
{
	struct net_slirp *s = calloc(1, sizeof(*s));
	int sndbuf = SLIRP_TX_BUF;

	if (!s)
		return av_errf(err, ENOMEM, "-netdev user: out of memory");
	s->nb.ops = &slirp_ops;
	s->tx_fd[0] = s->tx_fd[1] = s->stop_fd[0] = s->stop_fd[1] = -1;
	*out = s;
	s->cap = SLIRP_POLL_INIT;
	s->pfd = calloc(s->cap, sizeof(*s->pfd));
	s->frame = malloc(NET_FRAME_MAX);
	if (!s->pfd || !s->frame)
		return av_errf(err, ENOMEM, "-netdev user: out of memory");
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, s->tx_fd) < 0 ||
	    pipe2(s->stop_fd, O_CLOEXEC) < 0)
		return av_errf_errno(err, errno, "-netdev user");
	/* Room for a burst of frames; the kernel caps it at wmem_max. */
	setsockopt(s->tx_fd[0], SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	return 0;
}

int net_slirp_open(const struct netdev_opts *opts, struct net_backend **out,
		   struct av_err *err)
{
	struct net_slirp *s = NULL;
	SlirpConfig cfg;
	int ret;

	ret = slirp_alloc(&s, err);
	if (!ret) {
		snprintf(s->nb.id, sizeof(s->nb.id), "%s", opts->id);
		slirp_config(opts, &cfg);
		s->slirp = slirp_new(&cfg, &slirp_callbacks, s);
		if (!s->slirp)
			ret = av_errf(err, EINVAL,
				      "-netdev user: libslirp refused the network configuration");
	}
	if (!ret)
		ret = slirp_add_fwds(s, opts, err);
	if (ret) {
		if (s)
			slirp_close(&s->nb);
		return ret;
	}
	*out = &s->nb;
	return 0;
}

bool net_have_slirp(void)
{
	return true;
}

#else /* !HAVE_SLIRP */

bool net_have_slirp(void)
{
	return false;
}

int net_slirp_open(const struct netdev_opts *opts, struct net_backend **out,
		   struct av_err *err)
{
	(void)opts;
	(void)out;
	return av_errf(err, ENOTSUP,
		       "-netdev user: this armvisor was built without libslirp (install libslirp-dev and rebuild)");
}

#endif
