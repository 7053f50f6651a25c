// SPDX-License-Identifier: GPL-2.0
/*
 * The gdbstub server: a listening socket and a thread that serves one
 * gdb at a time. Why a thread of its own rather than the main loop: the
 * loop's fds are fixed when it starts (vm_watch_fd), while a debugger
 * connects and goes at any time; and the stub waits for vCPUs to park,
 * which must not hold up the console or device completions.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gdbstub_priv.h"
#include "vm.h"

/* Called on a vCPU thread when it stopped for gdb: wake the server. */
static void gdbstub_notify(void *opaque)
{
	struct gdbstub *gs = opaque;
	uint64_t one = 1;

	if (write(gs->event_fd, &one, sizeof(one)) < 0) {
		/* EAGAIN: the counter is already set, the server will wake */
	}
}

static void gdbstub_drain(int fd)
{
	uint64_t v;

	if (read(fd, &v, sizeof(v)) < 0) {
		/* EAGAIN: nothing to drain */
	}
}

static void *gdbstub_thread(void *opaque)
{
	struct gdbstub *gs = opaque;
	struct pollfd pfd[3];

	sandbox_enter(&gs->vm->sandbox, SANDBOX_GDB);	/* a failure stops the VM */
	for (;;) {
		pfd[0] = (struct pollfd){ .fd = gs->quit_fd, .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = gs->event_fd, .events = POLLIN };
		pfd[2] = (struct pollfd){
			.fd = gs->conn_fd >= 0 ? gs->conn_fd : gs->listen_fd,
			.events = POLLIN,
		};
		if (poll(pfd, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[0].revents)
			break;
		if (pfd[1].revents) {
			gdbstub_drain(gs->event_fd);
			gdbstub_on_event(gs);
		}
		if (pfd[2].revents & (POLLIN | POLLHUP | POLLERR)) {
			if (gs->conn_fd >= 0)
				gdbstub_read(gs);
			else
				gdbstub_accept(gs);
		}
	}
	return NULL;
}

static int gdbstub_resolve(const char *host, unsigned int port,
			   struct sockaddr_in *sa, struct av_err *err)
{
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM };
	struct addrinfo *res;
	int ret;

	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (!host[0]) {
		sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		return 0;
	}
	/* Numbers need no resolver (nor NSS in a static build). */
	if (inet_pton(AF_INET, host, &sa->sin_addr) == 1)
		return 0;
	ret = getaddrinfo(host, NULL, &hints, &res);
	if (ret)
		return av_errf(err, EINVAL, "-gdb: cannot resolve '%s': %s", host,
			       gai_strerror(ret));
	sa->sin_addr = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
	freeaddrinfo(res);
	return 0;
}

static int gdbstub_listen(struct gdbstub *gs, const struct config_gdb *cfg,
			  struct av_err *err)
{
	struct sockaddr_in sa;
	int one = 1, ret;

	ret = gdbstub_resolve(cfg->host, cfg->port, &sa, err);
	if (ret)
		return ret;
	gs->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (gs->listen_fd < 0)
		return av_errf_errno(err, errno, "-gdb: socket");
	setsockopt(gs->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(gs->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(gs->listen_fd, 1) < 0)
		return av_errf_errno(err, errno, "-gdb %s: cannot listen", cfg->spec);
	return 0;
}

static void gdbstub_free(struct gdbstub *gs)
{
	if (gs->conn_fd >= 0)
		close(gs->conn_fd);
	if (gs->listen_fd >= 0)
		close(gs->listen_fd);
	if (gs->event_fd >= 0)
		close(gs->event_fd);
	if (gs->quit_fd >= 0)
		close(gs->quit_fd);
	free(gs);
}

static int gdbstub_setup(struct gdbstub *gs, struct vm *vm, const struct config_gdb *cfg,
			 struct av_err *err)
{
	int ret;

	gs->ops = vm->accel->debug;
	if (!gs->ops)
		return av_errf(err, ENOTSUP, "-gdb: the %s accelerator cannot debug the guest",
			       vm->accel->name);
	ret = gdbstub_listen(gs, cfg, err);
	if (ret)
		return ret;
	gs->event_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	gs->quit_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (gs->event_fd < 0 || gs->quit_fd < 0)
		return av_errf_errno(err, errno, "-gdb: eventfd");
	return gs->ops->attach(vm, cfg->wait, gdbstub_notify, gs, err);
}

int gdbstub_start(struct vm *vm, const struct config_gdb *cfg,
		  struct gdbstub **out, struct av_err *err)
{
	struct gdbstub *gs = calloc(1, sizeof(*gs));
	int ret;

	if (!gs)
		return av_errf(err, ENOMEM, "out of memory for the gdbstub");
	gs->vm = vm;
	gs->listen_fd = gs->conn_fd = gs->event_fd = gs->quit_fd = -1;
	gs->s = (struct gdb_session){ .vm = vm, .ncpus = vm->ncpus, .c_cpu = -1 };
	ret = gdbstub_setup(gs, vm, cfg, err);
	if (ret) {
		gdbstub_free(gs);
		return ret;
	}
	gs->s.ops = gs->ops;
	ret = pthread_create(&gs->thread, NULL, gdbstub_thread, gs);
	if (ret) {
		gs->ops->release(vm);
		gdbstub_free(gs);
		return av_errf_errno(err, ret, "cannot start the gdbstub thread");
	}
	*out = gs;
	return 0;
}

void gdbstub_stop(struct gdbstub *gs)
{
	char msg[8];
	uint64_t one = 1;
	int n;

	if (!gs)
		return;
	if (write(gs->quit_fd, &one, sizeof(one)) < 0) {
		/* EAGAIN: already asked */
	}
	pthread_join(gs->thread, NULL);
	/* gdb hears how the guest ended ("W" stop reply: exit status). */
	if (gs->conn_fd >= 0) {
		n = snprintf(msg, sizeof(msg), "W%02x", gs->vm->exit_code & 0xff);
		gdbstub_send(gs, msg, (size_t)n);
	}
	gs->ops->release(gs->vm);
	gdbstub_free(gs);
}
