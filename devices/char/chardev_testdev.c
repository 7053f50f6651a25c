// SPDX-License-Identifier: GPL-2.0
/*
 * -chardev testdev: the back end test harnesses (kvm-unit-tests) put
 * behind a virtconsole to end the VMM with their verdict. The guest
 * writes commands: a decimal argument, then a command letter; "Nq"
 * quits with exit status (N << 1) | 1, as QEMU's testdev does (so a
 * passing run, N = 0, gives 1, never an accidental 0). Other letters
 * are ignored and reset the argument. No input.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include "console.h"

struct chardev_testdev {
	struct chardev chr;
	pthread_mutex_t lock;
	uint64_t arg;
	bool quitting;
	void (*quit)(void *opaque, int status);
	void *opaque;
};

static struct chardev_testdev *to_testdev(struct chardev *chr)
{
	return (struct chardev_testdev *)chr;
}

/* One byte; true when it completed a quit (its status in *status). */
static bool testdev_byte(struct chardev_testdev *t, uint8_t c, int *status)
{
	if (c >= '0' && c <= '9') {
		/* Saturate: a hostile guest's endless digits cannot overflow. */
		t->arg = t->arg > (UINT64_MAX - 9) / 10 ? UINT64_MAX : t->arg * 10 + (c - '0');
		return false;
	}
	if (c == 'q') {
		*status = (int)(((t->arg << 1) | 1) & 0xff);
		return true;
	}
	t->arg = 0;
	return false;
}

static void testdev_write(struct chardev *chr, const uint8_t *buf, size_t len)
{
	struct chardev_testdev *t = to_testdev(chr);
	bool quit = false;
	int status = 0;

	pthread_mutex_lock(&t->lock);
	for (size_t i = 0; i < len && !quit && !t->quitting; i++)
		quit = testdev_byte(t, buf[i], &status);
	t->quitting |= quit;
	pthread_mutex_unlock(&t->lock);
	if (quit)
		t->quit(t->opaque, status);
}

static void testdev_close(struct chardev *chr)
{
	struct chardev_testdev *t = to_testdev(chr);

	pthread_mutex_destroy(&t->lock);
	free(t);
}

static const struct chardev_ops testdev_ops = {
	.write = testdev_write,
	.close = testdev_close,
};

int chardev_open_testdev(void (*quit)(void *opaque, int status), void *opaque,
			 struct chardev **out, struct av_err *err)
{
	struct chardev_testdev *t = calloc(1, sizeof(*t));

	if (!t)
		return av_errf(err, ENOMEM, "testdev: out of memory");
	pthread_mutex_init(&t->lock, NULL);
	t->chr.ops = &testdev_ops;
	t->chr.in_fd = -1;
	t->quit = quit;
	t->opaque = opaque;
	*out = &t->chr;
	return 0;
}
