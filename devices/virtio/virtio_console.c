// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-console (virtio 1.1, section 5.3) with one port and no
 * features: queue 0 is port 0's receiveq, queue 1 its transmitq (5.3.2).
 * Linux's virtio_console makes that single port a console, /dev/hvc0
 * (drivers/char/virtio_console.c: without MULTIPORT, port 0 is a
 * console port).
 *
 * Output: each transmitq buffer goes to the chardev as it comes.
 * Input: the main loop watches an epoll fd of ours that holds the
 * chardev's input fd. What we read waits in pending until the guest has
 * posted receive buffers; while anything waits we pause input, so the
 * loop neither spins on unread input nor reads more than we can hold. A
 * receiveq kick resumes it. A back end with connections of its own (a
 * socket server) pauses itself and keeps its fd watched, so clients can
 * still leave and come while input waits; any other fd leaves our set.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "console.h"
#include "virtio.h"

#define VCON_RXQ		0
#define VCON_TXQ		1
#define VCON_QUEUE_SIZE		128
/* struct virtio_console_config: cols, rows, max_nr_ports, emerg_wr (5.3.4). */
#define VCON_CONFIG_SIZE	12
#define VCON_PENDING_MAX	4096
#define VCON_CHUNK		4096

struct virtio_console {
	struct virtio_dev *vdev;
	struct chardev *chr;
	int epfd;			/* what the loop watches; -1: no input */
	bool input_on;			/* input not paused */
	bool input_eof;
	uint8_t pending[VCON_PENDING_MAX];
	size_t npending, off;
	uint8_t out[VCON_CHUNK];	/* TX bounce buffer */
};

static const struct virtio_dev_info vcon_info = {
	.name = "virtio-console",
	.device_id = VIRTIO_ID_CONSOLE,
	.features = 0,
	.num_queues = 2,
	.queue_max = VCON_QUEUE_SIZE,
	.config_size = VCON_CONFIG_SIZE,
};

/* Take the chardev's input, or pause it (device lock held). */
static void vcon_input_watch(struct virtio_console *c, bool on)
{
	struct epoll_event ev = { .events = on ? EPOLLIN : 0 };

	if (c->epfd < 0 || c->input_eof || c->input_on == on)
		return;
	if (chardev_pause_input(c->chr, !on) ||
	    epoll_ctl(c->epfd, EPOLL_CTL_MOD, c->chr->in_fd, &ev) == 0)
		c->input_on = on;
}

static void vcon_tx(struct virtio_console *c)
{
	struct virtq *vq = virtio_queue(c->vdev, VCON_TXQ);
	struct virtq_elem *e;

	while (virtq_pop(vq, &e) == 1) {
		for (uint64_t off = 0; off < e->out_len;) {
			size_t n = virtq_elem_read(e, off, c->out, sizeof(c->out));

			if (!n)
				break;
			chardev_write(c->chr, c->out, n);
			off += n;
		}
		virtq_push(vq, e, 0);
	}
	virtq_notify(vq);
}

/* Move pending input into posted receive buffers (device lock held). */
static void vcon_rx_deliver(struct virtio_console *c)
{
	struct virtq *vq = virtio_queue(c->vdev, VCON_RXQ);
	struct virtq_elem *e;
	bool pushed = false;

	while (c->off < c->npending &&
	       (virtio_status(c->vdev) & VIRTIO_STATUS_DRIVER_OK) &&
	       virtq_ready(vq) && virtq_pop(vq, &e) == 1) {
		size_t n = virtq_elem_write(e, 0, c->pending + c->off,
					    c->npending - c->off);

		c->off += n;
		virtq_push(vq, e, (uint32_t)n);
		pushed = true;
	}
	if (pushed)
		virtq_notify(vq);
	if (c->off == c->npending)
		c->off = c->npending = 0;
	vcon_input_watch(c, c->npending == 0);
}

void virtio_console_input(void *opaque)
{
	struct virtio_console *c = opaque;
	ssize_t n;

	virtio_lock(c->vdev);
	if (!c->input_eof) {
		/* Input waiting: len 0 lets the back end serve its connections only. */
		n = chardev_read(c->chr, c->pending,
				 c->npending ? 0 : sizeof(c->pending));
		if (n > 0) {
			c->npending = (size_t)n;
		} else if (n < 0) {
			/* End of input: the guest keeps its console for output. */
			epoll_ctl(c->epfd, EPOLL_CTL_DEL, c->chr->in_fd, NULL);
			c->input_eof = true;
		}
	}
	vcon_rx_deliver(c);
	virtio_unlock(c->vdev);
}

static void vcon_notify(void *opaque, unsigned int queue)
{
	if (queue == VCON_TXQ)
		vcon_tx(opaque);
	else
		vcon_rx_deliver(opaque);
}

static void vcon_reset(void *opaque)
{
	struct virtio_console *c = opaque;

	/* Input typed for the old driver is dropped, as a UART reset would. */
	c->npending = c->off = 0;
	vcon_input_watch(c, true);
}

static void vcon_driver_ok(void *opaque)
{
	vcon_rx_deliver(opaque);
}

static const struct virtio_dev_ops vcon_ops = {
	.notify = vcon_notify,
	.reset = vcon_reset,
	.driver_ok = vcon_driver_ok,
};

/*
 * An epoll set holding the chardev's input fd. A regular file or
 * /dev/null cannot be polled: then there is no input, as for the serial
 * console (machine/loop.c).
 */
static int vcon_input_init(struct virtio_console *c, struct av_err *err)
{
	struct epoll_event ev = { .events = EPOLLIN };

	c->epfd = -1;
	if (!c->chr || c->chr->in_fd < 0)
		return 0;
	c->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (c->epfd < 0)
		return av_errf_errno(err, errno, "virtio-console: epoll");
	if (epoll_ctl(c->epfd, EPOLL_CTL_ADD, c->chr->in_fd, &ev) < 0) {
		close(c->epfd);
		c->epfd = -1;
		return 0;
	}
	c->input_on = true;
	return 0;
}

struct virtio_console *virtio_console_create(const struct virtio_host *host,
					     struct chardev *chr,
					     struct av_err *err)
{
	struct virtio_console *c = calloc(1, sizeof(*c));

	if (!c) {
		av_errf(err, ENOMEM, "virtio-console: out of memory");
		return NULL;
	}
	c->chr = chr;
	if (vcon_input_init(c, err)) {
		free(c);
		return NULL;
	}
	c->vdev = virtio_dev_create(&vcon_info, &vcon_ops, c, host, err);
	if (!c->vdev) {
		if (c->epfd >= 0)
			close(c->epfd);
		free(c);
		return NULL;
	}
	return c;
}

/* The chardev stays the caller's: close it after this. */
void virtio_console_destroy(struct virtio_console *c)
{
	if (!c)
		return;
	virtio_dev_destroy(c->vdev);
	if (c->epfd >= 0)
		close(c->epfd);
	free(c);
}

struct virtio_dev *virtio_console_dev(struct virtio_console *c)
{
	return c->vdev;
}

int virtio_console_in_fd(const struct virtio_console *c)
{
	return c->epfd;
}
