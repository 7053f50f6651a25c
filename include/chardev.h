/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Character back ends for the serial port: stdio (a raw terminal with
 * QEMU's Ctrl-A escapes), a file, or nothing.
 */
#ifndef ARMVISOR_CHARDEV_H
#define ARMVISOR_CHARDEV_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "err.h"

struct chardev;

struct chardev_ops {
	/* Write guest output; must not block the vCPU for long. */
	void (*write)(struct chardev *chr, const uint8_t *buf, size_t len);
	void (*close)(struct chardev *chr);
	/*
	 * Input, when in_fd polls readable: bytes read, 0 when nothing is
	 * there after all, -EPIPE at end of input. NULL: read(in_fd).
	 */
	ssize_t (*read)(struct chardev *chr, uint8_t *buf, size_t len);
	/*
	 * Optional: while paused, in_fd polls readable only for what the
	 * back end itself must serve (a client connecting or hanging up),
	 * not for input; read with len 0 serves that. NULL: the caller
	 * stops watching in_fd instead.
	 */
	void (*pause_input)(struct chardev *chr, bool paused);
};

struct chardev {
	const struct chardev_ops *ops;
	int in_fd;			/* -1 when there is no input */
	/*
	 * Peers connected so far (a socket's clients): a protocol that
	 * greets each one (QMP, the monitor's banner) watches it change.
	 */
	_Atomic unsigned int connects;
	/*
	 * An observer of everything written (the boot timeline's console
	 * watcher); set before the guest runs. Called in the writer's thread.
	 */
	void (*tap)(void *opaque, const uint8_t *buf, size_t len);
	void *tap_opaque;
	/* Batched output (chardev_outbuf.c), NULL unless enabled. */
	struct chardev_outbuf *outbuf;
};

/*
 * stdio: output to fd 1, input from fd 0. A closed stdout only drops
 * output (the guest keeps running, as QEMU's does) once SIGPIPE is
 * ignored, which the program does at start-up (ignore_sigpipe, util.h).
 */
int chardev_open_stdio(struct chardev **out, struct av_err *err);
/* stderr: output to fd 2, no input (semihosting's console, as QEMU's). */
int chardev_open_stderr(struct chardev **out, struct av_err *err);
/* file: output appended to path (created 0644), no input. */
int chardev_open_file(const char *path, struct chardev **out,
		      struct av_err *err);
/* null: output discarded, no input. */
int chardev_open_null(struct chardev **out, struct av_err *err);

/*
 * Write now, in the caller's thread. Bytes chardev_write_batched holds
 * go out first, so everything a chardev is given keeps its order.
 */
void chardev_write(struct chardev *chr, const uint8_t *buf, size_t len);

/*
 * Batched output, for a device that hands over one byte per guest
 * register write (the PL011 under KVM: a write(2) per character costs
 * more than the MMIO exit). chardev_outbuf_enable gives chr a buffer;
 * chardev_write_batched then keeps bytes there, writes them itself only
 * when the buffer is full, and calls the kick (set by the main loop)
 * once when the buffer stops being empty; the loop answers with
 * chardev_flush a few milliseconds later. Without a kick (no loop runs)
 * chardev_write_batched writes at once. chardev_close flushes.
 */
#define CHARDEV_OUTBUF_SIZE	4096

int chardev_outbuf_enable(struct chardev *chr, struct av_err *err);
void chardev_outbuf_set_kick(struct chardev *chr, void (*kick)(void *opaque),
			     void *opaque);
void chardev_write_batched(struct chardev *chr, const uint8_t *buf, size_t len);
void chardev_flush(struct chardev *chr);
/* Host writes made so far (each flush that had bytes, and direct writes). */
unsigned long chardev_outbuf_writes(const struct chardev *chr);
/* Flush and free the buffer (chardev_close does). */
void chardev_outbuf_release(struct chardev *chr);

void chardev_close(struct chardev *chr);

/*
 * Terminal handling for stdio: raw mode while the guest runs, restored on
 * every exit path (atexit and fatal signals).
 *
 * term_enter_raw: fd must be a terminal (-ENOTTY otherwise). Calling it
 * again while raw is a no-op. term_restore: puts back the settings saved
 * by term_enter_raw; safe to call any number of times, also when raw mode
 * was never entered.
 */
int term_enter_raw(int fd, struct av_err *err);
void term_restore(void);
bool term_is_raw(void);

/*
 * QEMU's -nographic escapes: Ctrl-A x quits, Ctrl-A h prints help,
 * Ctrl-A Ctrl-A sends Ctrl-A. Feed each input byte; the result says what
 * to do with it.
 */
enum escape_action {
	ESCAPE_NONE,			/* swallowed (escape pending, or handled) */
	ESCAPE_PASS,			/* give byte to the guest */
	ESCAPE_QUIT,			/* Ctrl-A x */
	ESCAPE_HELP,			/* Ctrl-A h: caller prints escape_help_text */
	ESCAPE_MONITOR,			/* Ctrl-A c: to the monitor and back */
};

struct escape_state {
	bool pending;
	uint8_t key;			/* -echr: the escape key; 0 is Ctrl-A */
};

enum escape_action escape_feed(struct escape_state *st, uint8_t *c);
/*
 * The help for st's key into buf ("C-t h ..." with -echr 0x14, as QEMU
 * names it); escape_help_text is the Ctrl-A one.
 */
void escape_help(const struct escape_state *st, char *buf, size_t size);
extern const char escape_help_text[];
/* What Ctrl-A c answers without a monitor (CRLF line ends: raw tty). */
extern const char escape_monitor_text[];

#endif
