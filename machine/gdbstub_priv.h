/* SPDX-License-Identifier: GPL-2.0 */
/* The gdbstub server's state, shared by gdbstub.c and gdbstub_conn.c. */
#ifndef MACHINE_GDBSTUB_PRIV_H
#define MACHINE_GDBSTUB_PRIV_H

#include <pthread.h>

#include "gdbstub.h"

struct gdbstub {
	struct vm *vm;
	const struct accel_debug_ops *ops;
	struct gdb_session s;

	int listen_fd;
	int conn_fd;		/* -1 while no gdb is attached */
	int event_fd;		/* eventfd: a vCPU stopped (accel's callback) */
	int quit_fd;		/* eventfd: gdbstub_stop */
	pthread_t thread;

	bool running;		/* vCPUs resumed: a stop reply is owed */
	struct gdb_rx rx;
	struct gdb_reply reply;
	uint8_t out[2 * GDB_PKT_MAX + 8];	/* the last packet sent, framed */
	size_t out_len;
};

/* gdbstub_conn.c: one connection's life. */
void gdbstub_accept(struct gdbstub *gs);
void gdbstub_read(struct gdbstub *gs);
void gdbstub_on_event(struct gdbstub *gs);
void gdbstub_disconnect(struct gdbstub *gs);
void gdbstub_send(struct gdbstub *gs, const char *payload, size_t len);

#endif
