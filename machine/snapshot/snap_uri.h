/* SPDX-License-Identifier: GPL-2.0 */
/* Opening a migration URI (snap_uri.c): file:PATH, exec:COMMAND. */
#ifndef MACHINE_SNAPSHOT_URI_H
#define MACHINE_SNAPSHOT_URI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "err.h"

struct broker;

struct snap_stream {
	int fd;
	pid_t pid;			/* exec: the command, else 0 */
	struct broker *broker;		/* the command is the broker's child */
};

/*
 * Open uri for writing (save) or reading; err names the URI or file.
 * broker: when the sandbox is in, a save's file and command come from it
 * (include/broker.h); NULL: opened here.
 */
int snap_uri_open(const char *uri, bool save, struct broker *broker,
		  struct snap_stream *s, struct av_err *err);
/* Close, and for exec: wait for the command; its failure is an error. */
int snap_uri_close(struct snap_stream *s, struct av_err *err);

/* struct snap_in's read over *(int *)opaque. */
int snap_fd_read(void *opaque, void *buf, size_t n);

#endif
