// SPDX-License-Identifier: GPL-2.0
/*
 * -chardev socket: TCP (host=,port=) or unix (path=), as a server
 * (server=on, one client at a time) or a client.
 *
 * The connected fd changes as clients come and go, but the main loop
 * watches one fixed fd: in_fd is an epoll fd of our own holding the
 * listening socket and the client, readable whenever either is. The
 * reader (main thread) accepts and receives in chardev_read(); guest
 * output (vCPU threads) goes to the client without blocking, and is
 * dropped when nobody is connected or the client does not keep up, as a
 * serial line would.
 *
 * While the console pauses input (it waits for guest buffers), the client
 * is watched for hangup only (EPOLLRDHUP; EPOLLHUP and EPOLLERR always
 * report, epoll_ctl(2)) and the listening socket as before: a client that
 * leaves is closed and the next one accepted, as QEMU's server=on chardev
 * does with its always-active G_IO_HUP watch (tcp_chr_hup). Input the
 * guest had not taken yet goes with the client, as there.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "console.h"

struct chardev_socket {
	struct chardev chr;		/* first: ops get a struct chardev * */
	pthread_mutex_t lock;		/* conn_fd: reader vs. writers */
	int listen_fd;			/* -1 for a client */
	int conn_fd;			/* -1 when nobody is connected */
	bool paused;			/* watch conn_fd for hangup only */
	char unix_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
};

static struct chardev_socket *to_sock(struct chardev *chr)
{
	return (struct chardev_socket *)chr;
}

static int sock_watch(struct chardev_socket *s, int fd, int op)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd };

	if (fd != s->listen_fd)
		ev.events = s->paused ? EPOLLRDHUP : EPOLLIN | EPOLLRDHUP;
	return epoll_ctl(s->chr.in_fd, op, fd, &ev);
}

/* Lock held. */
static void sock_drop_client(struct chardev_socket *s)
{
	if (s->conn_fd < 0)
		return;
	sock_watch(s, s->conn_fd, EPOLL_CTL_DEL);
	close(s->conn_fd);
	s->conn_fd = -1;
}

/* Lock held: take a waiting client, or turn it away if one is connected. */
static void sock_accept(struct chardev_socket *s)
{
	int fd = accept4(s->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

	if (fd < 0)
		return;
	if (s->conn_fd >= 0 || sock_watch(s, fd, EPOLL_CTL_ADD) < 0) {
		close(fd);
		return;
	}
	s->conn_fd = fd;
	atomic_fetch_add(&s->chr.connects, 1);
}

/* Lock held: the peer is gone. A client's is gone for good; a server waits for the next. */
static ssize_t sock_peer_gone(struct chardev_socket *s)
{
	sock_drop_client(s);
	return s->listen_fd >= 0 ? 0 : -EPIPE;
}

/* Lock held: input from the client. */
static ssize_t sock_recv(struct chardev_socket *s, uint8_t *buf, size_t len)
{
	ssize_t n = recv(s->conn_fd, buf, len, MSG_DONTWAIT);

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
		return sock_peer_gone(s);
	return n < 0 ? 0 : n;
}

/* Lock held, input paused: close the client if it has hung up. */
static ssize_t sock_check_hangup(struct chardev_socket *s)
{
	struct pollfd p = { .fd = s->conn_fd, .events = POLLRDHUP };

	if (poll(&p, 1, 0) == 1 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)))
		return sock_peer_gone(s);
	return 0;
}

static ssize_t sock_read(struct chardev *chr, uint8_t *buf, size_t len)
{
	struct chardev_socket *s = to_sock(chr);
	ssize_t n = 0;

	pthread_mutex_lock(&s->lock);
	if (s->conn_fd >= 0)
		n = len ? sock_recv(s, buf, len) : sock_check_hangup(s);
	/* After the client: one that just left makes room for the next. */
	if (s->listen_fd >= 0)
		sock_accept(s);
	pthread_mutex_unlock(&s->lock);
	return n;
}

static void sock_pause_input(struct chardev *chr, bool paused)
{
	struct chardev_socket *s = to_sock(chr);

	pthread_mutex_lock(&s->lock);
	s->paused = paused;
	if (s->conn_fd >= 0)
		sock_watch(s, s->conn_fd, EPOLL_CTL_MOD);
	pthread_mutex_unlock(&s->lock);
}

static void sock_write(struct chardev *chr, const uint8_t *buf, size_t len)
{
	struct chardev_socket *s = to_sock(chr);

	pthread_mutex_lock(&s->lock);
	while (s->conn_fd >= 0 && len) {
		ssize_t n = send(s->conn_fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);

		if (n > 0) {
			buf += n;
			len -= (size_t)n;
		} else if (n < 0 && errno == EINTR) {
			continue;
		} else {
			/* EAGAIN: the client does not keep up; anything else: gone. */
			if (!(n < 0 && errno == EAGAIN))
				sock_drop_client(s);
			break;
		}
	}
	pthread_mutex_unlock(&s->lock);
}

static void sock_close(struct chardev *chr)
{
	struct chardev_socket *s = to_sock(chr);

	if (s->conn_fd >= 0)
		close(s->conn_fd);
	if (s->listen_fd >= 0)
		close(s->listen_fd);
	/* Refused once the main thread is sandboxed: the next bind removes it. */
	if (s->unix_path[0])
		unlink(s->unix_path);
	if (s->chr.in_fd >= 0)
		close(s->chr.in_fd);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

static const struct chardev_ops sock_ops = {
	.write = sock_write,
	.close = sock_close,
	.read = sock_read,
	.pause_input = sock_pause_input,
};

/* The address to bind or connect: "" is any (server) or localhost (client). */
static int sock_resolve(const struct chardev_opts *o, struct addrinfo **res,
			struct av_err *err)
{
	struct addrinfo hints = {
		.ai_family = AF_UNSPEC,
		.ai_socktype = SOCK_STREAM,
		.ai_flags = o->server ? AI_PASSIVE : 0,
	};
	char port[8];
	int ret;

	snprintf(port, sizeof(port), "%u", o->port);
	ret = getaddrinfo(o->host[0] ? o->host : NULL, port, &hints, res);
	if (ret)
		return av_errf(err, EINVAL, "chardev '%s': address '%s:%u': %s",
			       o->id, o->host, o->port, gai_strerror(ret));
	return 0;
}

static int sock_fill_unix(const struct chardev_opts *o, struct sockaddr_un *sun,
			  struct av_err *err)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (strlen(o->path) >= sizeof(sun->sun_path))
		return av_errf(err, ENAMETOOLONG,
			       "chardev '%s': socket path '%s' is too long", o->id,
			       o->path);
	strcpy(sun->sun_path, o->path);
	return 0;
}

/* Bind and listen, or connect, on one address; the fd or -errno. */
static int sock_setup_addr(const struct chardev_opts *o,
			   const struct sockaddr *sa, socklen_t len)
{
	int fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1, ret;

	if (fd < 0)
		return -errno;
	if (o->server) {
		if (sa->sa_family != AF_UNIX)
			setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		ret = bind(fd, sa, len) < 0 || listen(fd, 1) < 0 ? -errno : 0;
	} else {
		ret = connect(fd, sa, len) < 0 ? -errno : 0;
	}
	if (ret) {
		close(fd);
		return ret;
	}
	return fd;
}

static int sock_error(const struct chardev_opts *o, int code,
		      struct av_err *err)
{
	const char *verb = o->server ? "listen on" : "connect to";

	if (o->path[0])
		return av_errf_errno(err, code, "chardev '%s': cannot %s %s", o->id, verb, o->path);
	return av_errf_errno(err, code, "chardev '%s': cannot %s %s:%u", o->id,
			     verb, o->host[0] ? o->host : "*", o->port);
}

static int sock_setup(struct chardev_socket *s, const struct chardev_opts *o,
		      struct av_err *err)
{
	struct addrinfo *res = NULL, *ai;
	struct sockaddr_un sun;
	int fd = -EINVAL;

	if (o->path[0]) {
		if (sock_fill_unix(o, &sun, err))
			return -ENAMETOOLONG;
		if (o->server)
			unlink(o->path);	/* a stale socket from an earlier run */
		fd = sock_setup_addr(o, (struct sockaddr *)&sun, sizeof(sun));
		if (fd >= 0 && o->server)
			strcpy(s->unix_path, o->path);
	} else if (!sock_resolve(o, &res, err)) {
		for (ai = res; ai && fd < 0; ai = ai->ai_next)
			fd = sock_setup_addr(o, ai->ai_addr, ai->ai_addrlen);
		freeaddrinfo(res);
	} else {
		return -EINVAL;
	}
	if (fd < 0)
		return sock_error(o, -fd, err);
	if (o->server) {
		s->listen_fd = fd;
	} else {
		s->conn_fd = fd;
		atomic_fetch_add(&s->chr.connects, 1);
	}
	return 0;
}

/* wait=on: hold start-up until the first client connects, as QEMU does. */
static int sock_wait_client(struct chardev_socket *s, struct av_err *err)
{
	int fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		return av_errf_errno(err, errno, "chardev: accept");
	s->conn_fd = fd;
	atomic_fetch_add(&s->chr.connects, 1);
	return 0;
}

static int sock_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static int sock_alloc(struct chardev_socket **out, struct av_err *err)
{
	struct chardev_socket *s = calloc(1, sizeof(*s));

	if (!s)
		return av_errf(err, ENOMEM, "chardev: out of memory");
	s->chr.ops = &sock_ops;
	s->listen_fd = s->conn_fd = -1;
	s->chr.in_fd = epoll_create1(EPOLL_CLOEXEC);
	pthread_mutex_init(&s->lock, NULL);
	*out = s;
	if (s->chr.in_fd < 0)
		return av_errf_errno(err, errno, "chardev: epoll");
	return 0;
}

int chardev_open_socket(const struct chardev_opts *opts, struct chardev **out,
			struct av_err *err)
{
	struct chardev_socket *s = NULL;
	int ret = sock_alloc(&s, err);

	if (!ret)
		ret = sock_setup(s, opts, err);
	if (!ret && opts->server && opts->wait)
		ret = sock_wait_client(s, err);
	/* Non-blocking from here on: neither side may stall on the other. */
	if (!ret && s->conn_fd >= 0 &&
	    (sock_nonblock(s->conn_fd) < 0 || sock_watch(s, s->conn_fd, EPOLL_CTL_ADD) < 0))
		ret = av_errf_errno(err, errno, "chardev");
	if (!ret && s->listen_fd >= 0 &&
	    (sock_nonblock(s->listen_fd) < 0 || sock_watch(s, s->listen_fd, EPOLL_CTL_ADD) < 0))
		ret = av_errf_errno(err, errno, "chardev");
	if (ret) {
		if (s)
			sock_close(&s->chr);
		return ret;
	}
	*out = &s->chr;
	return 0;
}
