// SPDX-License-Identifier: GPL-2.0
/*
 * The console terminal: raw while the guest runs, as qemu-system -nographic
 * makes it (no echo, no line editing, no ISIG: Ctrl-C goes to the guest,
 * Ctrl-A x is how to leave), and put back on every way out of the
 * process: a normal exit (atexit) and the fatal signals, whose handler
 * restores the settings and then re-raises the signal with its default
 * action, so the exit status still says what killed us.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "chardev.h"
#include "util.h"

struct term_state {
	int fd;
	struct termios saved;		/* the user's settings */
	_Atomic bool saved_valid;	/* saved holds something to restore */
	_Atomic bool raw;		/* we changed the terminal */
};

/*
 * The one file-scope variable: a signal handler gets no argument, so it
 * can only find the saved settings through a global. Set once, never
 * freed: a handler may run on any thread at any moment, also during exit.
 */
static struct term_state *_Atomic term_active;

/* Signals whose default action ends the process (signal(7)). */
static const int term_fatal_signals[] = {
	SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGSEGV, SIGBUS, SIGFPE, SIGILL,
	SIGABRT,
};

/*
 * Async-signal-safe. SIGTTOU is blocked around tcsetattr so that a
 * process put in the background does not stop on its way out.
 */
static void term_apply_saved(struct term_state *st)
{
	sigset_t ttou, old;

	sigemptyset(&ttou);
	sigaddset(&ttou, SIGTTOU);
	pthread_sigmask(SIG_BLOCK, &ttou, &old);
	tcsetattr(st->fd, TCSANOW, &st->saved);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* Restore even if term_restore() was interrupted half way. Async-signal-safe. */
static void term_restore_on_signal(void)
{
	struct term_state *st = atomic_load(&term_active);

	if (st && atomic_load(&st->saved_valid))
		term_apply_saved(st);
}

/*
 * SA_RESETHAND has already put the default action back; the signal is
 * blocked while we run, so the raise() takes effect on return.
 */
static void term_fatal_handler(int sig)
{
	int saved_errno = errno;

	term_restore_on_signal();
	raise(sig);
	errno = saved_errno;
}

/*
 * Only where nobody else chose a disposition (the loop blocks some); the
 * crash report (util/crash.c) owns SIGSEGV and its kind and calls us back.
 */
static void term_install_handlers(void)
{
	struct sigaction sa, old;
	size_t i;

	crash_set_cleanup(term_restore_on_signal);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = term_fatal_handler;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(term_fatal_signals) / sizeof(int); i++) {
		int sig = term_fatal_signals[i];

		if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_DFL &&
		    !(old.sa_flags & SA_SIGINFO))
			sigaction(sig, &sa, NULL);
	}
}

static void term_atexit(void)
{
	term_restore();
}

/* First use: allocate the state, hook exit and the signals. */
static struct term_state *term_state_get(struct av_err *err)
{
	struct term_state *st = atomic_load(&term_active), *expected;

	if (st)
		return st;
	st = calloc(1, sizeof(*st));
	if (!st) {
		av_errf(err, ENOMEM, "terminal: out of memory");
		return NULL;
	}
	st->fd = -1;
	expected = NULL;
	if (!atomic_compare_exchange_strong(&term_active, &expected, st)) {
		free(st);		/* another thread got there first */
		return expected;
	}
	if (atexit(term_atexit) != 0) {
		/* Still safe: the CLI restores explicitly on its way out. */
	}
	term_install_handlers();
	return st;
}

/* QEMU's stdio raw mode (chardev/char-stdio.c qemu_chr_set_echo_stdio). */
static void term_make_raw(struct termios *t)
{
	t->c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR |
				  IGNCR | ICRNL | IXON);
	t->c_oflag |= OPOST;		/* keep "\n" -> "\r\n" for host messages */
	t->c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | IEXTEN | ISIG);
	t->c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
	t->c_cflag |= CS8;
	t->c_cc[VMIN] = 1;
	t->c_cc[VTIME] = 0;
}

int term_enter_raw(int fd, struct av_err *err)
{
	struct term_state *st;
	struct termios raw;

	if (!isatty(fd))
		return av_errf(err, ENOTTY, "terminal: fd %d is not a terminal",
			       fd);
	st = term_state_get(err);
	if (!st)
		return -ENOMEM;
	if (atomic_load(&st->raw))
		return 0;
	/* A signal now must not restore a half-written copy. */
	atomic_store(&st->saved_valid, false);
	if (tcgetattr(fd, &st->saved) < 0)
		return av_errf_errno(err, errno, "terminal: cannot read its settings");
	st->fd = fd;
	atomic_store(&st->saved_valid, true);
	raw = st->saved;
	term_make_raw(&raw);
	atomic_store(&st->raw, true);
	if (tcsetattr(fd, TCSANOW, &raw) < 0) {
		atomic_store(&st->raw, false);
		return av_errf_errno(err, errno, "terminal: cannot make it raw");
	}
	return 0;
}

void term_restore(void)
{
	struct term_state *st = atomic_load(&term_active);

	if (st && atomic_exchange(&st->raw, false))
		term_apply_saved(st);
}

bool term_is_raw(void)
{
	struct term_state *st = atomic_load(&term_active);

	return st && atomic_load(&st->raw);
}
