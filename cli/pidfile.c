// SPDX-License-Identifier: GPL-2.0
/*
 * -pidfile FILE, as QEMU's qemu_write_pidfile() (util/oslib-posix.c):
 * the file is created 0600, locked with a write lock for as long as we
 * run (a second instance with the same file fails instead of
 * overwriting it), truncated and given our pid and a newline; it is
 * removed when we exit. Under -sandbox on the main thread may delete no
 * file, so a small process forked before the sandbox (cli_pidfile_watch)
 * waits for our end (its pipe closes when we exit, however we exit) and
 * removes the file if it still holds our pid.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* The path we opened is still the file we locked (QEMU checks the same). */
static bool cli_pidfile_same(int fd, const char *path)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && stat(path, &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static int cli_pidfile_fill(int fd, struct av_err *err)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());

	if (ftruncate(fd, 0) < 0)
		return av_errf_errno(err, errno, "cannot truncate it");
	if (write(fd, buf, (size_t)n) != n)
		return av_errf(err, EIO, "cannot write it");
	return 0;
}

/* Does path still hold pid? (Another armvisor may have taken it over.) */
static bool cli_pidfile_holds(const char *path, pid_t pid)
{
	char buf[32] = "";
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 && atoi(buf) == (int)pid;
}

/* The remover: wait until the parent has gone, then remove its file. */
static void cli_pidfile_remover(int wait_fd, const char *path, pid_t parent)
{
	int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	char c;

	/* Hold no terminal or pipe of the parent's open: nobody waits on us. */
	if (null_fd >= 0) {
		dup2(null_fd, STDIN_FILENO);
		dup2(null_fd, STDOUT_FILENO);
		dup2(null_fd, STDERR_FILENO);
	}
	while (read(wait_fd, &c, 1) < 0 && errno == EINTR)
		;
	if (cli_pidfile_holds(path, parent))
		unlink(path);
	_exit(0);
}

/* Before the sandbox (spawn=deny): fork the remover. */
static void cli_pidfile_watch(struct cli_pidfile *p)
{
	int pfd[2];
	pid_t parent = getpid(), child;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return;			/* then the file may stay, as before */
	child = fork();
	if (child == 0) {
		close(pfd[1]);
		cli_pidfile_remover(pfd[0], p->path, parent);
	}
	close(pfd[0]);
	if (child < 0) {
		close(pfd[1]);
		return;
	}
	p->watch_fd = pfd[1];
}

int cli_pidfile_write(struct cli_pidfile *p, const char *path, struct av_err *err)
{
	struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	int fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	int ret;

	p->fd = -1;
	p->path = NULL;
	p->watch_fd = -1;
	if (fd < 0)
		return av_errf_errno(err, errno, "-pidfile %s: cannot create it", path);
	if (fcntl(fd, F_SETLK, &lock) < 0) {
		ret = errno == EAGAIN || errno == EACCES ?
		      av_errf(err, EBUSY, "-pidfile %s: another process holds it", path) :
		      av_errf_errno(err, errno, "-pidfile %s: cannot lock it", path);
		close(fd);
		return ret;
	}
	if (!cli_pidfile_same(fd, path)) {
		close(fd);
		return av_errf(err, EBUSY, "-pidfile %s: replaced while we opened it", path);
	}
	ret = cli_pidfile_fill(fd, err);
	if (ret) {
		av_err_prefix(err, "-pidfile %s", path);
		close(fd);
		unlink(path);
		return ret;
	}
	p->fd = fd;
	p->path = path;
	cli_pidfile_watch(p);
	return 0;
}

void cli_pidfile_remove(struct cli_pidfile *p)
{
	if (p->fd < 0)
		return;
	unlink(p->path);	/* refused under -sandbox on: the remover does it */
	close(p->fd);
	p->fd = -1;
	if (p->watch_fd >= 0)
		close(p->watch_fd);	/* the remover wakes, finds it gone or ours */
	p->watch_fd = -1;
}
