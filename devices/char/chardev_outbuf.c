// SPDX-License-Identifier: GPL-2.0
/*
 * Batched console output (chardev.h, "Batched output").
 *
 * A guest's UART driver hands over one byte per register write: Linux's
 * amba-pl011 polls UARTFR and writes UARTDR once per character, in
 * pl011_console_write and in pl011_tx_chars (drivers/tty/serial/
 * amba-pl011.c). Under KVM each of those is an MMIO exit, and a write(2)
 * per byte on top of it costs more than the exit itself (a terminal's
 * tty layer, a pipe's reader woken per byte). The bytes wait here
 * instead, up to CHARDEV_OUTBUF_SIZE of them, until the main loop
 * flushes them a few milliseconds later, the buffer fills, another
 * writer of the same chardev (the monitor, the escape help) writes, or
 * the VM stops.
 *
 * Locks: the buffer's lock is taken inside the device's (the PL011 calls
 * in with its own held) and the back end's write lock inside this one.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "chardev.h"

struct chardev_outbuf {
	pthread_mutex_t lock;
	size_t len;
	bool kicked;			/* the kick was called since the last flush */
	void (*kick)(void *opaque);
	void *kick_opaque;
	unsigned long writes;		/* host writes, for -d kvm's counts */
	uint8_t buf[CHARDEV_OUTBUF_SIZE];
};

/* To the back end, unbuffered; no tap (the caller has shown it the bytes). */
static void chr_write_raw(struct chardev *chr, const uint8_t *buf, size_t len)
{
	if (chr->ops->write && len)
		chr->ops->write(chr, buf, len);
}

/* Caller holds ob->lock. */
static void outbuf_flush_locked(struct chardev *chr, struct chardev_outbuf *ob)
{
	if (!ob->len)
		return;
	chr_write_raw(chr, ob->buf, ob->len);
	ob->len = 0;
	ob->writes++;
}

int chardev_outbuf_enable(struct chardev *chr, struct av_err *err)
{
	struct chardev_outbuf *ob;
	int ret;

	if (!chr || chr->outbuf)
		return 0;
	ob = calloc(1, sizeof(*ob));
	if (!ob)
		return av_errf(err, ENOMEM, "serial: out of memory");
	ret = pthread_mutex_init(&ob->lock, NULL);
	if (ret) {
		free(ob);
		return av_errf_errno(err, ret, "serial: cannot create a lock");
	}
	chr->outbuf = ob;
	return 0;
}

/*
 * The kick must not write to this chardev (the buffer's lock is held);
 * clearing it flushes, so that nothing waits for a loop that is gone.
 */
void chardev_outbuf_set_kick(struct chardev *chr, void (*kick)(void *opaque),
			     void *opaque)
{
	struct chardev_outbuf *ob = chr ? chr->outbuf : NULL;

	if (!ob)
		return;
	pthread_mutex_lock(&ob->lock);
	if (!kick)
		outbuf_flush_locked(chr, ob);
	ob->kick = kick;
	ob->kick_opaque = opaque;
	ob->kicked = false;
	pthread_mutex_unlock(&ob->lock);
}

/* Caller holds ob->lock and has a kick: keep the bytes, ask for a flush. */
static void outbuf_append(struct chardev *chr, struct chardev_outbuf *ob,
			  const uint8_t *buf, size_t len)
{
	if (len > sizeof(ob->buf) - ob->len)
		outbuf_flush_locked(chr, ob);
	if (len >= sizeof(ob->buf)) {
		chr_write_raw(chr, buf, len);
		ob->writes++;
		return;
	}
	memcpy(ob->buf + ob->len, buf, len);
	ob->len += len;
	if (!ob->kicked) {
		ob->kicked = true;
		ob->kick(ob->kick_opaque);
	}
}

void chardev_write_batched(struct chardev *chr, const uint8_t *buf, size_t len)
{
	struct chardev_outbuf *ob;

	if (!chr)
		return;
	ob = chr->outbuf;
	if (!ob) {
		chardev_write(chr, buf, len);
		return;
	}
	if (chr->tap)
		chr->tap(chr->tap_opaque, buf, len);
	pthread_mutex_lock(&ob->lock);
	if (ob->kick) {
		outbuf_append(chr, ob, buf, len);
	} else {
		/* No loop to flush (not started, or gone): write now, in order. */
		outbuf_flush_locked(chr, ob);
		chr_write_raw(chr, buf, len);
		ob->writes++;
	}
	pthread_mutex_unlock(&ob->lock);
}

void chardev_write(struct chardev *chr, const uint8_t *buf, size_t len)
{
	struct chardev_outbuf *ob;

	if (!chr)
		return;
	if (chr->tap)
		chr->tap(chr->tap_opaque, buf, len);
	ob = chr->outbuf;
	if (!ob) {
		chr_write_raw(chr, buf, len);
		return;
	}
	pthread_mutex_lock(&ob->lock);
	outbuf_flush_locked(chr, ob);
	chr_write_raw(chr, buf, len);
	ob->writes++;
	pthread_mutex_unlock(&ob->lock);
}

void chardev_flush(struct chardev *chr)
{
	struct chardev_outbuf *ob = chr ? chr->outbuf : NULL;

	if (!ob)
		return;
	pthread_mutex_lock(&ob->lock);
	outbuf_flush_locked(chr, ob);
	ob->kicked = false;
	pthread_mutex_unlock(&ob->lock);
}

unsigned long chardev_outbuf_writes(const struct chardev *chr)
{
	struct chardev_outbuf *ob = chr ? chr->outbuf : NULL;
	unsigned long n;

	if (!ob)
		return 0;
	pthread_mutex_lock(&ob->lock);
	n = ob->writes;
	pthread_mutex_unlock(&ob->lock);
	return n;
}

void chardev_outbuf_release(struct chardev *chr)
{
	struct chardev_outbuf *ob = chr ? chr->outbuf : NULL;

	if (!ob)
		return;
	chardev_flush(chr);
	chr->outbuf = NULL;
	pthread_mutex_destroy(&ob->lock);
	free(ob);
}
