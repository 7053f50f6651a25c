/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The gdbstub's layers, below the server that include/gdbstub.h offers.
 * They are plain functions on buffers, so that tests can feed them
 * anything a hostile client could send:
 *   pkt.c    framing: $data#cs, acks, escapes, run-length, Ctrl-C
 *   hex.c    hex numbers and byte strings
 *   cmd.c    the command handlers (packet in, reply out); query.c q packets
 *   regs.c   registers: g/G/p/P and the target description XML
 * and the server's state, shared by gdbstub.c and conn.c.
 */
#ifndef GDBSTUB_GDBSTUB_PRIV_H
#define GDBSTUB_GDBSTUB_PRIV_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "accel.h"
#include "gdbstub.h"

/* Largest packet payload we take and send (qSupported PacketSize). */
#define GDB_PKT_MAX	0x4000

/* ---- Framing (pkt.c) ---- */

enum gdb_rx_event {
	GDB_RX_NONE = 0,	/* need more bytes */
	GDB_RX_PACKET,		/* a packet is in rx->buf[0..len) (NUL after) */
	GDB_RX_BAD,		/* checksum or run-length error: answer '-' */
	GDB_RX_INTERRUPT,	/* 0x03 outside a packet: Ctrl-C */
	GDB_RX_ACK,		/* '+' */
	GDB_RX_NAK,		/* '-': resend the last packet */
};

struct gdb_rx {
	int state;
	uint8_t buf[GDB_PKT_MAX + 1];
	size_t len;
	bool overflow;		/* the packet was longer than GDB_PKT_MAX */
	bool bad;		/* bad run-length encoding */
	bool escape;		/* the previous byte was '}' */
	bool repeat;		/* the previous byte was '*' */
	uint8_t sum;		/* checksum of the bytes so far */
	uint8_t want;		/* checksum as sent */
};

void gdb_rx_init(struct gdb_rx *rx);
/* Feed one received byte. GDB_RX_PACKET with rx->overflow set: too long. */
enum gdb_rx_event gdb_rx_feed(struct gdb_rx *rx, uint8_t c);

/*
 * Frame payload as $...#cs with '$', '#', '}' and '*' escaped. Returns
 * the framed length, or 0 if it does not fit in cap.
 */
size_t gdb_tx_frame(const uint8_t *payload, size_t len, uint8_t *out, size_t cap);

/* ---- Hex (hex.c) ---- */

int gdb_hex_digit(uint8_t c);	/* 0..15, or -1 */
/* Parse a hex number at *p (at least one digit, no overflow); advances *p. */
bool gdb_hex_u64(const char **p, const char *end, uint64_t *out);
/* Decode 2 * n hex digits into n bytes; false on a bad digit. */
bool gdb_hex_bytes(const char *in, size_t n, uint8_t *out);
/* Encode n bytes as 2 * n hex digits (no NUL). */
void gdb_hex_encode(const uint8_t *in, size_t n, char *out);

/* ---- Commands (cmd.c) ---- */

struct gdb_reply {
	char buf[GDB_PKT_MAX + 1];
	size_t len;
};

/* What a command asks the server to do after the reply is sent. */
enum gdb_action {
	GDB_ACT_NONE = 0,
	GDB_ACT_RESUME,		/* vCPUs run: no reply until they stop */
	GDB_ACT_DETACH,		/* reply, then drop the connection */
	GDB_ACT_KILL,		/* stop the VM, drop the connection */
};

/* The debugger's view of the VM, and what gdb selected. */
struct gdb_session {
	struct vm *vm;
	const struct accel_debug_ops *ops;
	unsigned int ncpus;
	int g_cpu;		/* Hg: registers and memory (0-based) */
	int c_cpu;		/* Hc: step/continue; -1 all */
	struct accel_debug_stop last;	/* the last stop reported */
};

/*
 * Handle one packet payload (pkt[0..len), not NUL-terminated) while the
 * vCPUs are parked. Fills r (possibly empty: "unsupported") and returns
 * the action.
 */
enum gdb_action gdb_cmd_handle(struct gdb_session *s, const char *pkt, size_t len,
			       struct gdb_reply *r);

/* q packets (query.c); p, end: after the 'q'. */
enum gdb_action gdb_cmd_q(struct gdb_session *s, const char *p, const char *end,
			  struct gdb_reply *r);

/* The stop reply for st ("T05thread:01;" ...). */
void gdb_cmd_stop_reply(struct gdb_session *s, const struct accel_debug_stop *st,
			struct gdb_reply *r);

/* ---- Registers (regs.c) ---- */

/* Number of registers in the target description (x0..fpcr). */
#define GDB_NREGS	68

void gdb_regs_get_all(const struct accel_debug_regs *regs, struct gdb_reply *r);
bool gdb_regs_set_all(struct accel_debug_regs *regs, const char *hex, size_t len);
bool gdb_regs_get_one(const struct accel_debug_regs *regs, uint64_t n,
		      struct gdb_reply *r);
bool gdb_regs_set_one(struct accel_debug_regs *regs, uint64_t n, const char *hex,
		      size_t len);
extern const char gdb_target_xml[];


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

/* conn.c: one connection's life. */
void gdbstub_accept(struct gdbstub *gs);
void gdbstub_read(struct gdbstub *gs);
void gdbstub_on_event(struct gdbstub *gs);
void gdbstub_disconnect(struct gdbstub *gs);
void gdbstub_send(struct gdbstub *gs, const char *payload, size_t len);

#endif
