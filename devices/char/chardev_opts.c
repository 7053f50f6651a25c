// SPDX-License-Identifier: GPL-2.0
/* -chardev back ends by kind, over the serial port's chardev.c API. */
#include <errno.h>
#include <unistd.h>

#include "console.h"

int chardev_open_opts(const struct chardev_opts *opts, struct chardev **out,
		      struct av_err *err)
{
	int ret;

	switch (opts->kind) {
	case CHARDEV_NULL:
		return chardev_open_null(out, err);
	case CHARDEV_STDIO:
		return chardev_open_stdio(out, err);
	case CHARDEV_FILE:
		ret = chardev_open_file(opts->path, out, err);
		break;
	case CHARDEV_SOCKET:
		return chardev_open_socket(opts, out, err);
	case CHARDEV_PTY:
		ret = chardev_open_pty(out, err);
		break;
	case CHARDEV_TESTDEV:
		/* It ends the VM: only the machine can open it (vm_open_chardev). */
		return av_errf(err, EINVAL, "chardev '%s': testdev needs a VM to end",
			       opts->id);
	default:
		return av_errf(err, EINVAL, "chardev '%s': unknown back end",
			       opts->id);
	}
	/* chardev.c words its messages for the serial port: name ours. */
	if (ret)
		av_err_prefix(err, "chardev '%s'", opts->id);
	return ret;
}

ssize_t chardev_read(struct chardev *chr, uint8_t *buf, size_t len)
{
	ssize_t n;

	if (chr->ops->read)
		return chr->ops->read(chr, buf, len);
	/* read(2) of 0 bytes returns 0, which would look like end of input. */
	if (!len)
		return 0;
	if (chr->in_fd < 0)
		return -EPIPE;
	n = read(chr->in_fd, buf, len);
	if (n == 0)
		return -EPIPE;
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -EPIPE;
	return n;
}

bool chardev_pause_input(struct chardev *chr, bool paused)
{
	if (!chr->ops->pause_input)
		return false;
	chr->ops->pause_input(chr, paused);
	return true;
}
