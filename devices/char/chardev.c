// SPDX-License-Identifier: GPL-2.0
/*
 * Console back ends: stdio, an append-only file, and null.
 *
 * Output comes from vCPU threads (a guest writing the UART), so a write
 * must never stall the guest for long: when the output cannot take data
 * (a stopped pager, a full pipe nobody reads) we wait at most
 * CHR_STALL_MS once, then drop output until the fd is writable again. A
 * closed output (EPIPE, EIO) drops everything from then on; the guest
 * keeps running, as under QEMU.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chardev.h"

/*
 * Longest a guest write waits for a blocked output before dropping it:
 * long enough for a busy reader (a test harness on a loaded host) to
 * catch up, short enough that a frozen terminal does not freeze the guest.
 */
#define CHR_STALL_MS	2000
/* Write in pieces small enough that a writable pipe or tty takes them. */
#define CHR_CHUNK	256

struct chardev_fd {
	struct chardev chr;		/* first: ops get a struct chardev * */
	pthread_mutex_t lock;		/* writers may be several vCPUs */
	int out_fd;
	bool owns_fd;			/* close out_fd on close (files) */
	bool can_block;			/* not a regular file: poll first */
	bool broken;			/* output gone: drop everything */
	bool stalled;			/* last wait timed out: do not wait again */
};

static struct chardev_fd *to_fd_chr(struct chardev *chr)
{
	return (struct chardev_fd *)chr;
}

/* Wait until fd takes data: at most CHR_STALL_MS, or not at all if stalled. */
static bool chr_wait_writable(struct chardev_fd *c)
{
	struct pollfd p = { .fd = c->out_fd, .events = POLLOUT };
	int n;

	do {
		n = poll(&p, 1, c->stalled ? 0 : CHR_STALL_MS);
	} while (n < 0 && errno == EINTR);
	if (n < 0 || (p.revents & (POLLERR | POLLNVAL))) {
		c->broken = true;
		return false;
	}
	c->stalled = n == 0;
	return n > 0;
}

/* Caller holds c->lock. */
static void chr_write_locked(struct chardev_fd *c, const uint8_t *buf,
			     size_t len)
{
	while (len && !c->broken) {
		size_t chunk = len < CHR_CHUNK ? len : CHR_CHUNK;
		ssize_t n;

		if (c->can_block && !chr_wait_writable(c))
			return;
		n = write(c->out_fd, buf, chunk);
		if (n > 0) {
			buf += n;
			len -= (size_t)n;
		} else if (n < 0 && errno == EAGAIN) {
			/* A non-blocking fd: poll decides from now on. */
			if (c->can_block) {
				c->stalled = true;
				return;
			}
			c->can_block = true;
		} else if (!(n < 0 && errno == EINTR)) {
			/* EPIPE, EIO, ENOSPC...: nobody will read it. */
			c->broken = true;
		}
	}
}

static void chr_fd_write(struct chardev *chr, const uint8_t *buf, size_t len)
{
	struct chardev_fd *c = to_fd_chr(chr);

	pthread_mutex_lock(&c->lock);
	chr_write_locked(c, buf, len);
	pthread_mutex_unlock(&c->lock);
}

static void chr_fd_close(struct chardev *chr)
{
	struct chardev_fd *c = to_fd_chr(chr);

	if (c->owns_fd)
		close(c->out_fd);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

static const struct chardev_ops chr_fd_ops = {
	.write = chr_fd_write,
	.close = chr_fd_close,
};

static int chr_fd_new(int out_fd, int in_fd, bool owns_fd,
		      struct chardev **out, struct av_err *err)
{
	struct chardev_fd *c = calloc(1, sizeof(*c));
	struct stat st;
	int ret;

	if (!c)
		return av_errf(err, ENOMEM, "serial: out of memory");
	ret = pthread_mutex_init(&c->lock, NULL);
	if (ret) {
		free(c);
		return av_errf_errno(err, ret, "serial: cannot create a lock");
	}
	c->chr.ops = &chr_fd_ops;
	c->chr.in_fd = in_fd;
	c->out_fd = out_fd;
	c->owns_fd = owns_fd;
	/* Regular files never block for long: skip a poll per byte. */
	c->can_block = fstat(out_fd, &st) < 0 || !S_ISREG(st.st_mode);
	*out = &c->chr;
	return 0;
}

int chardev_open_stdio(struct chardev **out, struct av_err *err)
{
	return chr_fd_new(STDOUT_FILENO, STDIN_FILENO, false, out, err);
}

int chardev_open_stderr(struct chardev **out, struct av_err *err)
{
	return chr_fd_new(STDERR_FILENO, -1, false, out, err);
}

int chardev_open_file(const char *path, struct chardev **out,
		      struct av_err *err)
{
	int fd, ret;

	if (!path || !*path)
		return av_errf(err, EINVAL, "serial file: no file name given");
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY,
		  0644);
	if (fd < 0)
		return av_errf_errno(err, errno, "cannot open serial file '%s'", path);
	ret = chr_fd_new(fd, -1, true, out, err);
	if (ret)
		close(fd);
	return ret;
}

static void chr_null_close(struct chardev *chr)
{
	free(chr);
}

static const struct chardev_ops chr_null_ops = {
	.write = NULL,			/* chardev_write skips it: output discarded */
	.close = chr_null_close,
};

int chardev_open_null(struct chardev **out, struct av_err *err)
{
	struct chardev *chr = calloc(1, sizeof(*chr));

	if (!chr)
		return av_errf(err, ENOMEM, "serial: out of memory");
	chr->ops = &chr_null_ops;
	chr->in_fd = -1;
	*out = chr;
	return 0;
}

void chardev_close(struct chardev *chr)
{
	if (!chr)
		return;
	chardev_outbuf_release(chr);
	if (chr->ops->close)
		chr->ops->close(chr);
}
