// SPDX-License-Identifier: GPL-2.0
/*
 * The console escape keys of qemu-system -nographic (QEMU's chardev mux):
 * Ctrl-A starts an escape, the next key says what to do. Keeping the same
 * keys means a user's fingers and scripts (expect ... "\x01x") carry over.
 */
#include <stdio.h>

#include "chardev.h"

#define ESC_CTRL_A	0x01

/* CR LF line ends: the terminal is raw, and files get what a tty shows. */
const char escape_help_text[] =
	"\r\n"
	"C-a h    print this help\r\n"
	"C-a x    exit emulator\r\n"
	"C-a c    switch between console and monitor\r\n"
	"C-a C-a  sends C-a\r\n";

const char escape_monitor_text[] =
	"\r\narmvisor: there is no monitor here (-monitor none); C-a h lists the keys\r\n";

static uint8_t escape_key(const struct escape_state *st)
{
	return st->key ? st->key : ESC_CTRL_A;
}

/* The key after the escape; c is left as it was (the key, for C-a C-a). */
static enum escape_action escape_command(const struct escape_state *st, uint8_t c)
{
	if (c == escape_key(st))
		return ESCAPE_PASS;
	switch (c) {
	case 'x':
		return ESCAPE_QUIT;
	case 'h':
	case '?':
		return ESCAPE_HELP;
	case 'c':
		return ESCAPE_MONITOR;
	default:
		/* Unknown keys (and QEMU's s, b, t we do not have) vanish. */
		return ESCAPE_NONE;
	}
}

enum escape_action escape_feed(struct escape_state *st, uint8_t *c)
{
	if (st->pending) {
		st->pending = false;
		return escape_command(st, *c);
	}
	if (*c == escape_key(st)) {
		st->pending = true;
		return ESCAPE_NONE;
	}
	return ESCAPE_PASS;
}

/* QEMU's mux names a control key C-<letter>, any other by its code. */
static void escape_key_name(uint8_t key, char *buf, size_t size)
{
	if (key >= 1 && key <= 26)
		snprintf(buf, size, "C-%c", 'a' + key - 1);
	else
		snprintf(buf, size, "0x%02x", key);
}

void escape_help(const struct escape_state *st, char *buf, size_t size)
{
	char k[8];

	escape_key_name(escape_key(st), k, sizeof(k));
	snprintf(buf, size,
		 "\r\n"
		 "%s h    print this help\r\n"
		 "%s x    exit emulator\r\n"
		 "%s c    switch between console and monitor\r\n"
		 "%s %-4s sends %s\r\n", k, k, k, k, k, k);
}
