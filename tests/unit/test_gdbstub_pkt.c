// SPDX-License-Identifier: GPL-2.0
/*
 * The gdbstub's framing and hex layers (gdbstub/pkt.c,
 * hex.c) against well-formed and hostile input: what a client
 * sending these bytes would get.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../gdbstub/gdbstub_priv.h"
#include "check_run.h"

/* Feed bytes; return the last event that was not GDB_RX_NONE. */
static enum gdb_rx_event feed(struct gdb_rx *rx, const void *data, size_t n)
{
	const uint8_t *p = data;
	enum gdb_rx_event ev, last = GDB_RX_NONE;
	size_t i;

	for (i = 0; i < n; i++) {
		ev = gdb_rx_feed(rx, p[i]);
		if (ev != GDB_RX_NONE)
			last = ev;
	}
	return last;
}

static enum gdb_rx_event feed_str(struct gdb_rx *rx, const char *s)
{
	return feed(rx, s, strlen(s));
}

/* Frame payload with its correct checksum (independently of gdb_tx_frame). */
static void frame(char *out, size_t size, const char *payload)
{
	unsigned int sum = 0;
	const char *p;

	for (p = payload; *p; p++)
		sum += (uint8_t)*p;
	snprintf(out, size, "$%s#%02x", payload, sum & 0xff);
}

START_TEST(good_packet)
{
	struct gdb_rx rx;

	gdb_rx_init(&rx);
	ck_assert_int_eq(feed_str(&rx, "$g#67"), GDB_RX_PACKET);
	ck_assert_uint_eq(rx.len, 1);
	ck_assert_str_eq((char *)rx.buf, "g");
	ck_assert(!rx.overflow);
	/* Upper-case checksum digits are fine too. */
	ck_assert_int_eq(feed_str(&rx, "$qC#B4"), GDB_RX_PACKET);
	ck_assert_str_eq((char *)rx.buf, "qC");
}
END_TEST

START_TEST(bad_checksum_is_nak)
{
	struct gdb_rx rx;

	gdb_rx_init(&rx);
	ck_assert_int_eq(feed_str(&rx, "$g#00"), GDB_RX_BAD);
	ck_assert_int_eq(feed_str(&rx, "$g#6z"), GDB_RX_BAD);
	/* The parser is back between packets: the next good one works. */
	ck_assert_int_eq(feed_str(&rx, "$g#67"), GDB_RX_PACKET);
}
END_TEST

START_TEST(noise_acks_and_interrupt)
{
	struct gdb_rx rx;

	gdb_rx_init(&rx);
	ck_assert_int_eq(feed_str(&rx, "hello\xff\x01"), GDB_RX_NONE);
	ck_assert_int_eq(gdb_rx_feed(&rx, '+'), GDB_RX_ACK);
	ck_assert_int_eq(gdb_rx_feed(&rx, '-'), GDB_RX_NAK);
	ck_assert_int_eq(gdb_rx_feed(&rx, 0x03), GDB_RX_INTERRUPT);
	/* Inside a packet 0x03 is data (X packets carry binary). */
	ck_assert_int_eq(gdb_rx_feed(&rx, '$'), GDB_RX_NONE);
	ck_assert_int_eq(gdb_rx_feed(&rx, 0x03), GDB_RX_NONE);
	ck_assert_int_eq(feed_str(&rx, "#03"), GDB_RX_PACKET);
	ck_assert_uint_eq(rx.len, 1);
	ck_assert_uint_eq(rx.buf[0], 0x03);
}
END_TEST

START_TEST(dollar_restarts_packet)
{
	struct gdb_rx rx;
	char pkt[32];

	gdb_rx_init(&rx);
	frame(pkt, sizeof(pkt), "?");
	ck_assert_int_eq(feed_str(&rx, "$abandoned"), GDB_RX_NONE);
	ck_assert_int_eq(feed_str(&rx, pkt), GDB_RX_PACKET);
	ck_assert_str_eq((char *)rx.buf, "?");
}
END_TEST

START_TEST(escapes_decoded)
{
	struct gdb_rx rx;
	char pkt[32];

	gdb_rx_init(&rx);
	/* "}\x03" is '#', "}]" is '}' (gdb docs: XOR 0x20). */
	frame(pkt, sizeof(pkt), "X}\x03}]");
	ck_assert_int_eq(feed_str(&rx, pkt), GDB_RX_PACKET);
	ck_assert_uint_eq(rx.len, 3);
	ck_assert_mem_eq(rx.buf, "X#}", 3);
	/* '}' escapes even '#': the packet goes on, then fails its checksum. */
	ck_assert_int_eq(feed_str(&rx, "$X}#00"), GDB_RX_NONE);
	ck_assert_int_eq(feed_str(&rx, "#00"), GDB_RX_BAD);
}
END_TEST

START_TEST(run_length_decoded)
{
	struct gdb_rx rx;
	char pkt[32];

	gdb_rx_init(&rx);
	/* "0* " is '0' and 32 - 29 = 3 more. */
	frame(pkt, sizeof(pkt), "0* ");
	ck_assert_int_eq(feed_str(&rx, pkt), GDB_RX_PACKET);
	ck_assert_str_eq((char *)rx.buf, "0000");
	/* Nothing to repeat, or a count that is not printable: bad. */
	frame(pkt, sizeof(pkt), "* ");
	ck_assert_int_eq(feed_str(&rx, pkt), GDB_RX_BAD);
	frame(pkt, sizeof(pkt), "0*\x10");
	ck_assert_int_eq(feed_str(&rx, pkt), GDB_RX_BAD);
}
END_TEST

START_TEST(oversized_packet_flagged)
{
	size_t n = GDB_PKT_MAX + 100, i;
	struct gdb_rx rx;
	char *pkt = malloc(n + 8);

	ck_assert_ptr_nonnull(pkt);
	gdb_rx_init(&rx);
	pkt[0] = '$';
	for (i = 1; i <= n; i++)
		pkt[i] = 'a';
	/* 'a' is 0x61: the sum of n of them. */
	snprintf(pkt + n + 1, 7, "#%02x", (unsigned int)((n * 0x61) & 0xff));
	ck_assert_int_eq(feed(&rx, pkt, n + 4), GDB_RX_PACKET);
	ck_assert(rx.overflow);
	ck_assert_uint_eq(rx.len, GDB_PKT_MAX);
	free(pkt);
}
END_TEST

START_TEST(run_length_cannot_overflow)
{
	struct gdb_rx rx;
	unsigned int i;

	gdb_rx_init(&rx);
	gdb_rx_feed(&rx, '$');
	gdb_rx_feed(&rx, 'x');
	/* Each "*~" adds 97 bytes: far past the buffer. */
	for (i = 0; i < 1000; i++)
		feed_str(&rx, "x*~");
	ck_assert_uint_eq(rx.len, GDB_PKT_MAX);
	ck_assert(rx.overflow);
}
END_TEST

START_TEST(tx_frame_round_trip)
{
	uint8_t payload[256], out[600];
	struct gdb_rx rx;
	size_t i, n;

	for (i = 0; i < sizeof(payload); i++)
		payload[i] = (uint8_t)i;
	n = gdb_tx_frame(payload, sizeof(payload), out, sizeof(out));
	ck_assert_uint_gt(n, sizeof(payload) + 4);
	/* No unescaped framing characters inside. */
	for (i = 1; i < n - 3; i++) {
		ck_assert(out[i] != '$' && out[i] != '#' && out[i] != '*');
		if (out[i] == '}')
			i++;
	}
	gdb_rx_init(&rx);
	ck_assert_int_eq(feed(&rx, out, n), GDB_RX_PACKET);
	ck_assert_uint_eq(rx.len, sizeof(payload));
	ck_assert_mem_eq(rx.buf, payload, sizeof(payload));
	/* Too small an output buffer: nothing, never a partial frame. */
	ck_assert_uint_eq(gdb_tx_frame(payload, sizeof(payload), out, 100), 0);
	ck_assert_uint_eq(gdb_tx_frame(payload, 0, out, 3), 0);
	ck_assert_uint_eq(gdb_tx_frame(payload, 0, out, 4), 4);
	ck_assert_mem_eq(out, "$#00", 4);
}
END_TEST

START_TEST(hex_numbers)
{
	const char *s = "1f,", *p = s;
	uint64_t v;
	uint8_t b[2];
	char out[4];

	ck_assert(gdb_hex_u64(&p, s + 3, &v));
	ck_assert_uint_eq(v, 0x1f);
	ck_assert_ptr_eq(p, s + 2);
	s = "ffffffffffffffff";
	p = s;
	ck_assert(gdb_hex_u64(&p, s + 16, &v));
	ck_assert_uint_eq(v, ~0ull);
	s = "10000000000000000";	/* 65 bits */
	p = s;
	ck_assert(!gdb_hex_u64(&p, s + 17, &v));
	s = ",";
	p = s;
	ck_assert(!gdb_hex_u64(&p, s + 1, &v));
	ck_assert(!gdb_hex_u64(&p, s, &v));
	ck_assert(gdb_hex_bytes("aB01", 2, b));
	ck_assert_uint_eq(b[0], 0xab);
	ck_assert_uint_eq(b[1], 0x01);
	ck_assert(!gdb_hex_bytes("g0", 1, b));
	gdb_hex_encode(b, 2, out);
	ck_assert_mem_eq(out, "ab01", 4);
}
END_TEST

static Suite *gdbstub_pkt_suite(void)
{
	Suite *s = suite_create("gdbstub_pkt");
	TCase *tc = tcase_create("framing");

	tcase_add_test(tc, good_packet);
	tcase_add_test(tc, bad_checksum_is_nak);
	tcase_add_test(tc, noise_acks_and_interrupt);
	tcase_add_test(tc, dollar_restarts_packet);
	tcase_add_test(tc, escapes_decoded);
	tcase_add_test(tc, run_length_decoded);
	tcase_add_test(tc, oversized_packet_flagged);
	tcase_add_test(tc, run_length_cannot_overflow);
	tcase_add_test(tc, tx_frame_round_trip);
	tcase_add_test(tc, hex_numbers);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(gdbstub_pkt_suite());
}
