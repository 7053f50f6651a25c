/* SPDX-License-Identifier: GPL-2.0 */
/*
 * -chardev back ends (stdio, file, socket, null) and the virtio console
 * that carries one of them to the guest's /dev/hvc0.
 */
#ifndef ARMVISOR_CONSOLE_H
#define ARMVISOR_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>

#include "chardev.h"
#include "config.h"
#include "err.h"

/* Open the back end opts describes. */
int chardev_open_opts(const struct chardev_opts *opts, struct chardev **out,
		      struct av_err *err);

/*
 * socket: a TCP or unix stream socket. A server takes one client at a
 * time (others are refused until it leaves); output with no client is
 * dropped. in_fd polls readable when a client connects, sends or hangs
 * up: call chardev_read() then. Paused, a client's hangup and the next
 * client are still served.
 */
int chardev_open_socket(const struct chardev_opts *opts, struct chardev **out,
			struct av_err *err);

/*
 * pty: a new pseudo-terminal pair, raw; chardev_pty_name() gives the
 * path the user opens (/dev/pts/N), NULL for any other back end.
 */
int chardev_open_pty(struct chardev **out, struct av_err *err);
/*
 * testdev (devices/char/chardev_testdev.c): the guest's "Nq" calls
 * quit(opaque, (N << 1) | 1) once, from the writer's thread.
 */
int chardev_open_testdev(void (*quit)(void *opaque, int status), void *opaque,
			 struct chardev **out, struct av_err *err);
const char *chardev_pty_name(const struct chardev *chr);

/*
 * Read input through the back end's read op (or read(2) on in_fd). len 0
 * takes no input: a socket serves its connections only, others return 0.
 */
ssize_t chardev_read(struct chardev *chr, uint8_t *buf, size_t len);

/*
 * Stop (paused) or resume taking input while keeping the back end's own
 * events on in_fd (chardev_ops.pause_input). false when the back end has
 * none: then the caller must stop watching in_fd itself.
 */
bool chardev_pause_input(struct chardev *chr, bool paused);

/* ---- virtio-console (virtio 1.1, section 5.3): one port, no MULTIPORT ---- */

struct virtio_console;
struct virtio_host;
struct virtio_dev;

/*
 * Port 0 carries chr (NULL: output dropped, no input). Input reaches the
 * guest when the main loop calls virtio_console_input(); in_fd is what
 * the loop should watch (-1: none), paused while the guest has posted
 * no receive buffer.
 */
struct virtio_console *virtio_console_create(const struct virtio_host *host,
					     struct chardev *chr,
					     struct av_err *err);
void virtio_console_destroy(struct virtio_console *con);
struct virtio_dev *virtio_console_dev(struct virtio_console *con);
int virtio_console_in_fd(const struct virtio_console *con);
void virtio_console_input(void *opaque);

#endif
