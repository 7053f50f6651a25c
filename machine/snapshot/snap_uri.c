// SPDX-License-Identifier: GPL-2.0
/*
 * Where a snapshot goes or comes from, in QEMU's migration URI spelling
 * (docs/devel/migration, "file:" and "exec:"): a file, or a shell
 * command whose stdin takes the stream (save) or whose stdout gives it
 * (load), as QEMU runs it with /bin/sh -c.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "broker.h"
#include "snap_uri.h"

static int uri_exec(const char *cmd, bool save, struct snap_stream *s,
		    struct av_err *err)
{
	int fds[2];
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC))
		return av_errf_errno(err, errno, "exec:%s: cannot make a pipe", cmd);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return av_errf_errno(err, errno, "exec:%s: cannot start it", cmd);
	}
	if (pid == 0) {
		/* The child: only async-signal-safe calls until exec. */
		int end = save ? fds[0] : fds[1];

		if (dup2(end, save ? STDIN_FILENO : STDOUT_FILENO) < 0)
			_exit(127);
		signal(SIGPIPE, SIG_DFL);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(save ? fds[0] : fds[1]);
	s->fd = save ? fds[1] : fds[0];
	s->pid = pid;
	return 0;
}

/* A save under the sandbox: the broker creates the file or runs the command. */
static int uri_brokered(const char *uri, struct broker *b, struct snap_stream *s,
			struct av_err *err)
{
	int id = 0, fd;

	if (!strncmp(uri, "file:", 5))
		fd = broker_create(b, uri + 5);
	else
		fd = broker_exec_writer(b, uri + 5, &id);
	if (fd < 0)
		return av_errf_errno(err, -fd, "cannot %s '%s'",
				     uri[0] == 'f' ? "create snapshot file" : "start", uri + 5);
	s->fd = fd;
	s->pid = id;
	s->broker = id ? b : NULL;
	return 0;
}

int snap_uri_open(const char *uri, bool save, struct broker *broker,
		  struct snap_stream *s, struct av_err *err)
{
	s->fd = -1;
	s->pid = 0;
	s->broker = NULL;
	if (!strncmp(uri, "file:", 5)) {
		const char *path = uri + 5;

		if (!*path)
			return av_errf(err, EINVAL, "'%s': the file: URI needs a path", uri);
		if (save && broker)
			return uri_brokered(uri, broker, s, err);
		s->fd = save ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) :
			       open(path, O_RDONLY | O_CLOEXEC);
		if (s->fd < 0)
			return av_errf_errno(err, errno, "cannot %s snapshot file '%s'",
					     save ? "create" : "open", path);
		return 0;
	}
	if (!strncmp(uri, "exec:", 5)) {
		if (!uri[5])
			return av_errf(err, EINVAL, "'%s': the exec: URI needs a command", uri);
		if (save && broker)
			return uri_brokered(uri, broker, s, err);
		return uri_exec(uri + 5, save, s, err);
	}
	return av_errf(err, EINVAL,
		       "migration URI '%s' is not supported: use file:PATH or exec:COMMAND", uri);
}

int snap_uri_close(struct snap_stream *s, struct av_err *err)
{
	int status, ret = 0;

	if (s->fd >= 0 && close(s->fd) && !ret)
		ret = av_errf_errno(err, errno, "snapshot: closing the stream failed");
	s->fd = -1;
	if (s->pid > 0 && s->broker) {
		status = broker_wait(s->broker, s->pid);
		if (status < 0)
			status = -1;
	} else if (s->pid > 0) {
		while (waitpid(s->pid, &status, 0) < 0) {
			if (errno != EINTR) {
				status = -1;
				break;
			}
		}
	}
	if (s->pid > 0) {
		if (!ret && (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status)))
			ret = av_errf(err, EIO, "snapshot: the exec: command failed (status %d)",
				      WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		s->pid = 0;
	}
	return ret;
}

/* snap_in's read over a descriptor: exactly n bytes, -ENODATA at its end. */
int snap_fd_read(void *opaque, void *buf, size_t n)
{
	int fd = *(int *)opaque;
	uint8_t *p = buf;

	while (n) {
		ssize_t k = read(fd, p, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -errno;
		if (k == 0)
			return -ENODATA;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}
