// SPDX-License-Identifier: GPL-2.0
/*
 * One gdb connection: bytes in through the framing layer, commands to
 * cmd.c, replies out. All-stop as QEMU: the VM stops when gdb
 * connects and runs on when it detaches or the connection drops.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gdbstub_priv.h"
#include "vm.h"

static void conn_send_raw(struct gdbstub *gs, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	ssize_t n;

	while (len && gs->conn_fd >= 0) {
		n = send(gs->conn_fd, p, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			gdbstub_disconnect(gs);
			return;
		}
		p += n;
		len -= (size_t)n;
	}
}

void gdbstub_send(struct gdbstub *gs, const char *payload, size_t len)
{
	gs->out_len = gdb_tx_frame((const uint8_t *)payload, len, gs->out,
				   sizeof(gs->out));
	conn_send_raw(gs, gs->out, gs->out_len);
}

/* gdb goes away (D, k, a dropped connection): the guest runs on. */
void gdbstub_disconnect(struct gdbstub *gs)
{
	int fd = gs->conn_fd;

	if (fd < 0)
		return;
	gs->conn_fd = -1;
	close(fd);
	/* Breakpoints change only while every vCPU is parked. */
	if (gs->running)
		gs->ops->stop(gs->vm);
	gs->ops->clear_breaks(gs->vm);
	gs->ops->resume(gs->vm, -1);
	gs->running = false;
}

/* All vCPUs are parked: tell gdb why. */
static void conn_report_stop(struct gdbstub *gs, int default_why)
{
	struct accel_debug_stop st = { .cpu = gs->s.last.cpu, .why = default_why };

	if (!gs->ops->stop_reason(gs->vm, &st) && default_why == ACCEL_STOP_NONE)
		return;
	gs->running = false;
	gdb_cmd_stop_reply(&gs->s, &st, &gs->reply);
	gdbstub_send(gs, gs->reply.buf, gs->reply.len);
}

void gdbstub_accept(struct gdbstub *gs)
{
	int fd = accept4(gs->listen_fd, NULL, NULL, SOCK_CLOEXEC);
	int one = 1;

	if (fd < 0)
		return;
	if (gs->conn_fd >= 0) {
		close(fd);	/* one debugger at a time, as QEMU */
		return;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	gs->conn_fd = fd;
	gdb_rx_init(&gs->rx);
	gs->s.g_cpu = 0;
	gs->s.c_cpu = -1;
	/* Stop the VM now: gdb's first questions assume a stopped target. */
	gs->ops->stop(gs->vm);
	if (!gs->ops->stop_reason(gs->vm, &gs->s.last))
		gs->s.last = (struct accel_debug_stop){ .why = ACCEL_STOP_REQUEST };
	gs->running = false;
}

void gdbstub_on_event(struct gdbstub *gs)
{
	if (gs->conn_fd < 0) {
		/* A stop raced with a disconnect: nobody to tell, run on. */
		gs->ops->stop(gs->vm);
		gs->ops->clear_breaks(gs->vm);
		gs->ops->resume(gs->vm, -1);
		return;
	}
	if (!gs->running)
		return;
	gs->ops->stop(gs->vm);
	if (!vm_stop_requested(gs->vm))
		conn_report_stop(gs, ACCEL_STOP_NONE);
}

static void conn_interrupt(struct gdbstub *gs)
{
	if (!gs->running)
		return;		/* already stopped: gdb has its stop reply */
	gs->ops->stop(gs->vm);
	conn_report_stop(gs, ACCEL_STOP_REQUEST);
}

static void conn_kill(struct gdbstub *gs)
{
	gs->vm->exit_code = 0;
	vm_request_stop(gs->vm, VM_SHUTDOWN);
	gdbstub_disconnect(gs);
}

static void conn_packet(struct gdbstub *gs)
{
	enum gdb_action act;

	conn_send_raw(gs, "+", 1);
	if (gs->rx.overflow) {
		gdbstub_send(gs, "E22", 3);	/* EINVAL: longer than PacketSize */
		return;
	}
	if (gs->running) {
		gdbstub_send(gs, "E10", 3);	/* EBUSY: only Ctrl-C while running */
		return;
	}
	act = gdb_cmd_handle(&gs->s, (const char *)gs->rx.buf, gs->rx.len, &gs->reply);
	switch (act) {
	case GDB_ACT_RESUME:
		gs->running = true;
		break;
	case GDB_ACT_DETACH:
		gdbstub_send(gs, gs->reply.buf, gs->reply.len);
		gdbstub_disconnect(gs);
		break;
	case GDB_ACT_KILL:
		conn_kill(gs);
		break;
	default:
		gdbstub_send(gs, gs->reply.buf, gs->reply.len);
		break;
	}
}

static void conn_byte(struct gdbstub *gs, uint8_t c)
{
	switch (gdb_rx_feed(&gs->rx, c)) {
	case GDB_RX_PACKET:
		conn_packet(gs);
		break;
	case GDB_RX_BAD:
		conn_send_raw(gs, "-", 1);
		break;
	case GDB_RX_INTERRUPT:
		conn_interrupt(gs);
		break;
	case GDB_RX_NAK:
		if (gs->out_len)
			conn_send_raw(gs, gs->out, gs->out_len);
		break;
	default:
		break;
	}
}

void gdbstub_read(struct gdbstub *gs)
{
	uint8_t buf[4096];
	ssize_t n, i;

	n = recv(gs->conn_fd, buf, sizeof(buf), 0);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		gdbstub_disconnect(gs);
		return;
	}
	for (i = 0; i < n && gs->conn_fd >= 0; i++)
		conn_byte(gs, buf[i]);
}
