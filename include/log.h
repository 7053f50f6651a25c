/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QEMU-style diagnostic logging (-d ITEMS, -D FILE). Cheap to test:
 * callers check log_enabled() before formatting anything.
 */
#ifndef ARMVISOR_LOG_H
#define ARMVISOR_LOG_H

#include <stdbool.h>
#include <stdio.h>

#include "config.h"

struct av_log {
	unsigned int mask;		/* enum log_item bits */
	FILE *out;			/* -D file, or stderr */
	char *buf;			/* the -D file's stdio buffer */
};

/* The process has one log, as QEMU does; set up once by the CLI. */
extern struct av_log av_log_global;

int log_open(struct av_log *log, unsigned int mask, const char *path,
	     struct av_err *err);
void log_close(struct av_log *log);

static inline bool log_enabled(unsigned int item)
{
	return (av_log_global.mask & item) != 0;
}

void log_printf(unsigned int item, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
