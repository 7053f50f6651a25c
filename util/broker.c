// SPDX-License-Identifier: GPL-2.0
/*
 * The broker (include/broker.h). One request at a time over a
 * SOCK_SEQPACKET pair: the main thread sends a request and waits for the
 * answer, which may carry one descriptor. The broker is not sandboxed:
 * it does only these three things, for the process that forked it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "broker.h"

/* argv[1] of the spawned broker: its socket's descriptor number. */
#define BROKER_ARG "--armvisor-broker-fd="

extern char **environ;

enum broker_op {
	BROKER_CREATE = 1,
	BROKER_EXEC_WRITER,
	BROKER_WAIT,
};

struct broker_req {
	int op;
	int id;				/* BROKER_WAIT: the pid */
	char text[4096];		/* the path or the command, NUL-terminated */
};

struct broker_rep {
	int result;			/* >= 0, or -errno */
	int id;				/* BROKER_EXEC_WRITER: the command's pid */
	int has_fd;
};

static int broker_send(int sock, const struct broker_rep *rep, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = (void *)rep, .iov_len = sizeof(*rep) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;

	if (fd >= 0) {
		msg.msg_control = cbuf;
		msg.msg_controllen = sizeof(cbuf);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(int));
	}
	return sendmsg(sock, &msg, MSG_NOSIGNAL) < 0 ? -errno : 0;
}

static int broker_recv(int sock, struct broker_rep *rep, int *fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = rep, .iov_len = sizeof(*rep) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c;
	ssize_t n;

	*fd = -1;
	do {
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	} while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(*rep))
		return n < 0 ? -errno : -EPROTO;
	c = CMSG_FIRSTHDR(&msg);
	if (rep->has_fd && c && c->cmsg_type == SCM_RIGHTS)
		memcpy(fd, CMSG_DATA(c), sizeof(int));
	return 0;
}

/* In the broker: /bin/sh -c text, its stdin the read end of a new pipe. */
static int broker_do_exec(const char *cmd, int *fd, int *pid)
{
	int fds[2];
	pid_t child;

	if (pipe2(fds, O_CLOEXEC))
		return -errno;
	child = fork();
	if (child < 0) {
		close(fds[0]);
		close(fds[1]);
		return -errno;
	}
	if (child == 0) {
		if (dup2(fds[0], STDIN_FILENO) < 0)
			_exit(127);
		signal(SIGPIPE, SIG_DFL);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	*fd = fds[1];
	*pid = child;
	return 0;
}

static void broker_serve(const struct broker_req *req, struct broker_rep *rep, int *fd)
{
	int status = 0;
	pid_t r;

	switch (req->op) {
	case BROKER_CREATE:
		*fd = open(req->text, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		rep->result = *fd < 0 ? -errno : 0;
		break;
	case BROKER_EXEC_WRITER:
		rep->result = broker_do_exec(req->text, fd, &rep->id);
		break;
	case BROKER_WAIT:
		do {
			r = waitpid(req->id, &status, 0);
		} while (r < 0 && errno == EINTR);
		rep->result = r < 0 ? -errno : status;
		break;
	default:
		rep->result = -EINVAL;
	}
	rep->has_fd = *fd >= 0;
}

/*
 * The broker's life: answer until armvisor closes its end. It keeps no
 * descriptor of armvisor's but stdio and its socket: it is started once
 * armvisor has its images, devices and sockets open (machine/vm_run.c).
 */
static void broker_main(int sock)
{
	struct broker_req req;
	struct broker_rep rep;
	ssize_t n;
	int fd;

	if (sock > STDERR_FILENO + 1)
		close_range(STDERR_FILENO + 1, (unsigned int)sock - 1, 0);
	close_range((unsigned int)sock + 1, ~0U, 0);

	for (;;) {
		n = recv(sock, &req, sizeof(req), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n != (ssize_t)sizeof(req))
			_exit(0);
		req.text[sizeof(req.text) - 1] = '\0';
		memset(&rep, 0, sizeof(rep));
		fd = -1;
		broker_serve(&req, &rep, &fd);
		broker_send(sock, &rep, fd);
		if (fd >= 0)
			close(fd);
	}
}

/*
 * Forked twice, so that the broker is not our child: it never needs
 * reaping (wait4 is not in the sandboxed main thread's list) and ends
 * on its own when our end of the socket closes.
 */
static int broker_fork(int sock, pid_t *pid, struct av_err *err)
{
	pid_t child = fork();
	int status;

	if (child < 0)
		return av_errf_errno(err, errno, "cannot start the broker: fork");
	if (child == 0) {
		if (fork() == 0)
			broker_main(sock);
		_exit(0);
	}
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	*pid = child;		/* only "running": the broker itself is its child */
	return 0;
}

/*
 * exe with argv[1] naming sock, which the child alone inherits (no other
 * thread of armvisor's execs, so clearing FD_CLOEXEC races with none;
 * other descriptors without it the broker closes). The broker is our
 * child; nothing reaps it, and once it ends (after our end of the socket
 * closed, at exit) it is a zombie until armvisor itself exits.
 */
static int broker_spawn(const char *exe, int sock, pid_t *pid)
{
	char arg[sizeof(BROKER_ARG) + 12];
	char *argv[] = { "armvisor-broker", arg, NULL };
	int flags = fcntl(sock, F_GETFD);

	snprintf(arg, sizeof(arg), BROKER_ARG "%d", sock);
	if (flags < 0 || fcntl(sock, F_SETFD, flags & ~FD_CLOEXEC) < 0)
		return -errno;
	return -posix_spawn(pid, exe, NULL, NULL, argv, environ);
}

int broker_start(struct broker *b, const char *exe, struct av_err *err)
{
	int sv[2], ret = -1;
	pid_t pid = -1;

	b->sock = -1;
	b->pid = -1;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		return av_errf_errno(err, errno, "cannot start the broker: socketpair");
	if (exe)
		ret = broker_spawn(exe, sv[1], &pid);
	if (ret)
		ret = broker_fork(sv[1], &pid, err);
	close(sv[1]);
	if (ret) {
		close(sv[0]);
		return ret;
	}
	b->sock = sv[0];
	b->pid = pid;
	return 0;
}

bool broker_child_args(int argc, char **argv, int *fd)
{
	size_t len = strlen(BROKER_ARG);
	char *end;
	long v;

	if (argc != 2 || strncmp(argv[1], BROKER_ARG, len))
		return false;
	errno = 0;
	v = strtol(argv[1] + len, &end, 10);
	if (errno || end == argv[1] + len || *end || v < 0 || v > INT_MAX)
		return false;
	*fd = (int)v;
	return true;
}

int broker_child_main(int fd)
{
	int flags = fcntl(fd, F_GETFD);

	/* Not a socket armvisor gave us: nothing to serve. */
	if (flags < 0)
		return 1;
	fcntl(fd, F_SETFD, flags | FD_CLOEXEC);	/* not into the commands it starts */
	broker_main(fd);
	return 0;
}

void broker_stop(struct broker *b)
{
	if (!broker_running(b))
		return;
	close(b->sock);		/* the broker sees the end and exits */
	b->sock = -1;
	b->pid = -1;
}

static int broker_call(struct broker *b, int op, int id, const char *text, int *fd,
		       int *out_id)
{
	struct broker_req req = { .op = op, .id = id };
	struct broker_rep rep;
	int ret;

	*fd = -1;
	if (!broker_running(b))
		return -ENOSYS;
	if (text && strlen(text) >= sizeof(req.text))
		return -ENAMETOOLONG;
	if (text)
		strcpy(req.text, text);
	if (send(b->sock, &req, sizeof(req), MSG_NOSIGNAL) < 0)
		return -errno;
	ret = broker_recv(b->sock, &rep, fd);
	if (ret)
		return ret;
	if (out_id)
		*out_id = rep.id;
	return rep.result;
}

int broker_create(struct broker *b, const char *path)
{
	int fd, ret = broker_call(b, BROKER_CREATE, 0, path, &fd, NULL);

	if (ret < 0) {
		if (fd >= 0)
			close(fd);
		return ret;
	}
	return fd >= 0 ? fd : -EPROTO;
}

int broker_exec_writer(struct broker *b, const char *cmd, int *id)
{
	int fd, ret = broker_call(b, BROKER_EXEC_WRITER, 0, cmd, &fd, id);

	if (ret < 0) {
		if (fd >= 0)
			close(fd);
		return ret;
	}
	return fd >= 0 ? fd : -EPROTO;
}

int broker_wait(struct broker *b, int id)
{
	int fd, ret = broker_call(b, BROKER_WAIT, id, NULL, &fd, NULL);

	if (fd >= 0)
		close(fd);
	return ret;
}
