// SPDX-License-Identifier: GPL-2.0
/*
 * pty: a pseudo-terminal the user attaches to later (screen, minicom,
 * picocom), as QEMU's "-serial pty" / "-chardev pty" give. We keep the
 * slave side open ourselves: with no other opener the master would poll
 * POLLHUP forever and spin the event loop; held open, output with nobody
 * reading fills the line discipline's buffer and the rest is dropped
 * (a serial port with no cable), never blocking a vCPU.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "console.h"

struct chardev_pty {
	struct chardev chr;		/* in_fd: the master side */
	int slave_fd;
	char name[64];			/* /dev/pts/N */
};

static struct chardev_pty *to_pty(struct chardev *chr)
{
	return (struct chardev_pty *)chr;
}

static void pty_write(struct chardev *chr, const uint8_t *buf, size_t len)
{
	while (len) {
		ssize_t n = write(chr->in_fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;		/* full (nobody reads) or gone: drop */
		buf += n;
		len -= (size_t)n;
	}
}

/* EAGAIN is a spurious wakeup; EIO cannot happen while we hold the slave. */
static ssize_t pty_read(struct chardev *chr, uint8_t *buf, size_t len)
{
	ssize_t n;

	if (!len)
		return 0;
	n = read(chr->in_fd, buf, len);
	if (n > 0)
		return n;
	return n < 0 && (errno == EAGAIN || errno == EINTR) ? 0 : -EPIPE;
}

static void pty_close(struct chardev *chr)
{
	struct chardev_pty *p = to_pty(chr);

	if (p->slave_fd >= 0)
		close(p->slave_fd);
	if (chr->in_fd >= 0)
		close(chr->in_fd);
	free(p);
}

static const struct chardev_ops pty_ops = {
	.write = pty_write,
	.read = pty_read,
	.close = pty_close,
};

/*
 * A raw line: bytes pass unchanged both ways and nothing echoes, as a
 * serial cable (QEMU's char-pty.c makes the same cfmakeraw(3) line).
 */
static int pty_make_raw(int fd)
{
	struct termios t;

	if (tcgetattr(fd, &t) < 0)
		return -1;
	cfmakeraw(&t);
	return tcsetattr(fd, TCSANOW, &t);
}

static int pty_open_pair(struct chardev_pty *p, struct av_err *err)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

	p->chr.in_fd = m;
	if (m < 0)
		return av_errf_errno(err, errno, "chardev: pty: cannot open a pseudo-terminal");
	if (grantpt(m) < 0 || unlockpt(m) < 0 ||
	    ptsname_r(m, p->name, sizeof(p->name)))
		return av_errf_errno(err, errno, "chardev: pty: cannot set up %s",
				     "the pseudo-terminal");
	p->slave_fd = open(p->name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (p->slave_fd < 0)
		return av_errf_errno(err, errno, "chardev: pty: cannot open %s", p->name);
	if (pty_make_raw(p->slave_fd) < 0)
		return av_errf_errno(err, errno, "chardev: pty: cannot make %s raw",
				     p->name);
	return 0;
}

int chardev_open_pty(struct chardev **out, struct av_err *err)
{
	struct chardev_pty *p = calloc(1, sizeof(*p));
	int ret;

	if (!p)
		return av_errf(err, ENOMEM, "chardev: out of memory");
	p->chr.ops = &pty_ops;
	p->slave_fd = -1;
	ret = pty_open_pair(p, err);
	if (ret) {
		pty_close(&p->chr);
		return ret;
	}
	*out = &p->chr;
	return 0;
}

const char *chardev_pty_name(const struct chardev *chr)
{
	if (!chr || chr->ops != &pty_ops)
		return NULL;
	return ((const struct chardev_pty *)chr)->name;
}
