// SPDX-License-Identifier: GPL-2.0
/*
 * gdb remote protocol framing (gdb's manual, "Overview" of the Remote
 * Protocol): "$payload#cs" with cs the modulo-256 sum of the payload
 * bytes as sent, acknowledged with '+' or '-'; '}' escapes the next byte
 * (XOR 0x20); "X*c" repeats X (c - 29) more times; a lone 0x03 between
 * packets is an interrupt. Every byte a client sends is accepted: junk
 * between packets is skipped, and a packet that is too long, badly
 * run-length encoded or mis-summed is reported, never overflowed.
 */
#include <string.h>

#include "gdbstub_priv.h"

enum {
	RX_IDLE = 0,		/* between packets */
	RX_DATA,		/* after '$' */
	RX_SUM1,		/* after '#' */
	RX_SUM2,
};

void gdb_rx_init(struct gdb_rx *rx)
{
	memset(rx, 0, sizeof(*rx));
}

static void rx_put(struct gdb_rx *rx, uint8_t c)
{
	if (rx->len < GDB_PKT_MAX)
		rx->buf[rx->len++] = c;
	else
		rx->overflow = true;
}

/* "*c" after byte X: X again (c - 29) times; c must be printable, not $ or #. */
static void rx_repeat(struct gdb_rx *rx, uint8_t c)
{
	unsigned int n;

	if (!rx->len || c < 32 || c > 126 || c == '$' || c == '#') {
		rx->bad = true;
		return;
	}
	for (n = c - 29u; n; n--)
		rx_put(rx, rx->buf[rx->len - 1]);
}

static void rx_data(struct gdb_rx *rx, uint8_t c)
{
	rx->sum += c;
	if (rx->repeat) {
		rx->repeat = false;
		rx_repeat(rx, c);
	} else if (rx->escape) {
		rx->escape = false;
		rx_put(rx, c ^ 0x20);
	} else if (c == '}') {
		rx->escape = true;
	} else if (c == '*') {
		rx->repeat = true;
	} else {
		rx_put(rx, c);
	}
}

static void rx_start(struct gdb_rx *rx)
{
	rx->state = RX_DATA;
	rx->len = 0;
	rx->sum = 0;
	rx->overflow = rx->bad = rx->escape = rx->repeat = false;
}

static enum gdb_rx_event rx_idle(struct gdb_rx *rx, uint8_t c)
{
	switch (c) {
	case '$':
		rx_start(rx);
		return GDB_RX_NONE;
	case 0x03:
		return GDB_RX_INTERRUPT;
	case '+':
		return GDB_RX_ACK;
	case '-':
		return GDB_RX_NAK;
	default:
		return GDB_RX_NONE;	/* noise between packets */
	}
}

static enum gdb_rx_event rx_end(struct gdb_rx *rx)
{
	rx->state = RX_IDLE;
	rx->buf[rx->len] = 0;
	if (rx->sum != rx->want || rx->bad || rx->escape || rx->repeat)
		return GDB_RX_BAD;
	return GDB_RX_PACKET;
}

enum gdb_rx_event gdb_rx_feed(struct gdb_rx *rx, uint8_t c)
{
	int d;

	switch (rx->state) {
	case RX_DATA:
		/* '$' inside a packet: the client gave up on it, a new one starts. */
		if (c == '$' && !rx->escape && !rx->repeat)
			rx_start(rx);
		else if (c == '#' && !rx->escape && !rx->repeat)
			rx->state = RX_SUM1;
		else
			rx_data(rx, c);
		return GDB_RX_NONE;
	case RX_SUM1:
	case RX_SUM2:
		d = gdb_hex_digit(c);
		if (d < 0) {
			rx->state = RX_IDLE;
			return GDB_RX_BAD;
		}
		if (rx->state == RX_SUM1) {
			rx->want = (uint8_t)(d << 4);
			rx->state = RX_SUM2;
			return GDB_RX_NONE;
		}
		rx->want |= (uint8_t)d;
		return rx_end(rx);
	default:
		return rx_idle(rx, c);
	}
}

static bool tx_needs_escape(uint8_t c)
{
	return c == '$' || c == '#' || c == '}' || c == '*';
}

size_t gdb_tx_frame(const uint8_t *payload, size_t len, uint8_t *out, size_t cap)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0;
	uint8_t sum = 0, c;

	if (cap < 4)
		return 0;
	out[o++] = '$';
	for (i = 0; i < len; i++) {
		c = payload[i];
		if (o + 2 + 3 > cap)
			return 0;
		if (tx_needs_escape(c)) {
			out[o++] = '}';
			sum += '}';
			c ^= 0x20;
		}
		out[o++] = c;
		sum += c;
	}
	if (o + 3 > cap)
		return 0;
	out[o++] = '#';
	out[o++] = (uint8_t)hex[sum >> 4];
	out[o++] = (uint8_t)hex[sum & 15];
	return o;
}
