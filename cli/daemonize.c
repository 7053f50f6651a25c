// SPDX-License-Identifier: GPL-2.0
/*
 * -daemonize, as QEMU's os_daemonize() and os_setup_post() (os-posix.c)
 * behave: armvisor forks at start and the parent waits until the child
 * has set the machine up (its images loaded, its monitor and gdb sockets
 * listening), then exits 0, so a script can connect as soon as the
 * command returns. A child that fails first prints why on the terminal
 * (still its stderr) and the parent exits 1. The child leaves the
 * terminal's session (setsid, then a second fork so that it can never
 * take a controlling terminal again); once ready it moves to "/" and
 * points stdin, stdout and stderr at /dev/null.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

/* The parent: wait for the child's "ready" byte; its exit status. */
static int cli_daemon_wait(int fd, pid_t child)
{
	unsigned char status = 1;
	ssize_t n;

	do {
		n = read(fd, &status, 1);
	} while (n < 0 && errno == EINTR);
	close(fd);
	while (waitpid(child, NULL, 0) < 0 && errno == EINTR)
		;
	return n == 1 && status == 0 ? 0 : 1;
}

/* The first child: a new session, then the daemon in a second child. */
static int cli_daemon_detach(struct av_err *err)
{
	pid_t pid;

	if (setsid() < 0)
		return av_errf_errno(err, errno, "-daemonize: setsid");
	pid = fork();
	if (pid < 0)
		return av_errf_errno(err, errno, "-daemonize: fork");
	if (pid > 0)
		_exit(0);
	umask(027);
	signal(SIGTSTP, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	return 0;
}

int cli_daemon_start(struct cli_daemon *d, struct av_err *err)
{
	int pfd[2];
	pid_t pid;

	d->ready_fd = -1;
	if (pipe2(pfd, O_CLOEXEC) < 0)
		return av_errf_errno(err, errno, "-daemonize: pipe");
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return av_errf_errno(err, errno, "-daemonize: fork");
	}
	if (pid > 0) {
		close(pfd[1]);
		return cli_daemon_wait(pfd[0], pid) + 1;
	}
	close(pfd[0]);
	d->ready_fd = pfd[1];
	return cli_daemon_detach(err);
}

void cli_daemon_ready(struct cli_daemon *d)
{
	const unsigned char ok = 0;
	int null_fd;
	ssize_t n;

	if (d->ready_fd < 0)
		return;
	null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (chdir("/") < 0 || null_fd < 0) {
		/* The parent sees the pipe close without a byte: it exits 1. */
		fprintf(stderr, "armvisor: -daemonize: cannot move to / or open /dev/null\n");
		_exit(1);
	}
	dup2(null_fd, STDIN_FILENO);
	dup2(null_fd, STDOUT_FILENO);
	dup2(null_fd, STDERR_FILENO);
	close(null_fd);
	do {
		n = write(d->ready_fd, &ok, 1);
	} while (n < 0 && errno == EINTR);
	close(d->ready_fd);
	d->ready_fd = -1;
}
