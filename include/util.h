/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ground floor (util/): small helpers every module may use. Nothing
 * here knows about the board, devices or accelerators.
 */
#ifndef ARMVISOR_UTIL_H
#define ARMVISOR_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct av_err;

/* -version and the monitor's banner. */
#define ARMVISOR_VERSION "0.1.0"

/* Elements in an array (not a pointer: sizeof would lie). */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * A boolean option value as QEMU reads one: on/yes/true/y or
 * off/no/false/n. Anything else is -EINVAL with "Parameter 'NAME'
 * expects 'on' or 'off'" in err (which may be NULL).
 */
int parse_bool(const char *name, const char *value, bool *out,
	       struct av_err *err);

/* The value of one hex digit (either case), -1 for anything else. */
int hex_digit(int c);

/*
 * Hex digits from *p up to end (at least one, at most 64 bits) into
 * *out; *p moves past them. false leaves *p and *out alone.
 */
bool parse_hex_u64(const char **p, const char *end, uint64_t *out);

/* n bytes from 2n hex digits at in; false on any non-hex digit. */
bool parse_hex_bytes(const char *in, size_t n, uint8_t *out);

/*
 * Ignore SIGPIPE for the whole process; call once at start-up, before any
 * thread starts. A write to a pipe or stream socket whose reader has gone
 * raises SIGPIPE in the writing thread (write(2), send(2)), and its default
 * action ends the process. Ignored, the write only fails with EPIPE, which
 * every writer handles, also libslirp, whose sends to host sockets carry
 * no MSG_NOSIGNAL. QEMU does the same (os_setup_early_signal_handling).
 */
int ignore_sigpipe(struct av_err *err);
/*
 * A crash of armvisor (SIGSEGV, SIGBUS, SIGILL, SIGFPE) prints the fault,
 * the thread, a backtrace and the load address to stderr, then dies of
 * the signal as before (util/crash.c).
 */
int crash_report_install(struct av_err *err);
/* Load the unwinder the report needs: before any sandbox filter, any thread. */
void crash_report_warm(void);
/* fn (async-signal-safe) runs first when armvisor crashes: e.g. the terminal put back. */
void crash_set_cleanup(void (*fn)(void));

/*
 * A message built inside a signal handler (util/sigsafe_msg.c): a fixed
 * buffer, written to stderr with write(2) alone (signal-safety(7)).
 */
#define SIGSAFE_MSG_MAX 200
struct sigsafe_msg {
	char buf[SIGSAFE_MSG_MAX];
	size_t len;
};
void sigsafe_put(struct sigsafe_msg *m, const char *s);
void sigsafe_put_dec(struct sigsafe_msg *m, uint64_t v);
void sigsafe_put_hex(struct sigsafe_msg *m, uint64_t v);
void sigsafe_flush(struct sigsafe_msg *m);

#endif
