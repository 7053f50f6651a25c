/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Error reporting for library code.
 *
 * Library functions never print and never exit: they return a negative
 * errno and, when given a struct av_err, leave a sentence a user can act
 * on. Only cli/ decides to print it and to exit (docs/ARCHITECTURE.md,
 * "Modules and their interfaces").
 */
#ifndef ARMVISOR_ERR_H
#define ARMVISOR_ERR_H

#include <stddef.h>

#define AV_ERR_MSG_MAX 512

struct av_err {
	int code;			/* positive errno, 0 when unset */
	char msg[AV_ERR_MSG_MAX];
};

/*
 * Record an error and return -code, so callers can write
 *	return av_errf(err, EINVAL, "bad size '%s'", s);
 * err may be NULL (the message is then dropped).
 */
int av_errf(struct av_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * av_errf plus ": <strerror(code)>", for failed system calls:
 *	return av_errf_errno(err, errno, "-D %s: could not open", path);
 * code is a positive errno (a negative one is negated).
 */
int av_errf_errno(struct av_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefix an existing message, e.g. with the file name being loaded. */
int av_err_prefix(struct av_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void av_err_clear(struct av_err *err);

#endif
