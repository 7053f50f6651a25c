// SPDX-License-Identifier: GPL-2.0
/*
 * The console escape keys of qemu-system -nographic (QEMU's chardev mux):
 * Ctrl-A starts an escape, the next key says what to do. Keeping the same
 * keys means a user's fingers and scripts (expect ... "\x01x") carry over.
 */
#include "chardev.h"

#define ESC_CTRL_A	0x01

/* CR LF line ends: the terminal is raw, and files get what a tty shows. */
const char escape_help_text[] =
	"\r\n"
	"C-a h    print this help\r\n"
	"C-a x    exit emulator\r\n"
	"C-a c    switch to the monitor (armvisor has none)\r\n"
	"C-a C-a  sends C-a\r\n";

const char escape_monitor_text[] =
	"\r\narmvisor: there is no monitor; C-a h lists the keys\r\n";

/* The key after Ctrl-A; c is left as it was (Ctrl-A for C-a C-a). */
static enum escape_action escape_command(uint8_t c)
{
	switch (c) {
	case 'x':
		return ESCAPE_QUIT;
	case 'h':
	case '?':
		return ESCAPE_HELP;
	case 'c':
		return ESCAPE_MONITOR;
	case ESC_CTRL_A:
		return ESCAPE_PASS;
	default:
		/* Unknown keys (and QEMU's s, b, t we do not have) vanish. */
		return ESCAPE_NONE;
	}
}

enum escape_action escape_feed(struct escape_state *st, uint8_t *c)
{
	if (st->pending) {
		st->pending = false;
		return escape_command(*c);
	}
	if (*c == ESC_CTRL_A) {
		st->pending = true;
		return ESCAPE_NONE;
	}
	return ESCAPE_PASS;
}
