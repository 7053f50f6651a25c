/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The broker (util/broker.c): a small process forked before the sandbox
 * that creates files and starts commands for the sandboxed main thread,
 * whose filter forbids both, and hands back descriptors over a socket
 * (SCM_RIGHTS). Only armvisor's own monitor commands reach it (migrate
 * to file: and exec:), never the guest; it ends when armvisor does.
 */
#ifndef ARMVISOR_BROKER_H
#define ARMVISOR_BROKER_H

#include <stdbool.h>
#include <sys/types.h>

#include "err.h"

/* All zero (or pid <= 0): no broker. */
struct broker {
	int sock;
	pid_t pid;			/* > 0 while it runs (not the broker's own pid) */
};

/* Before any thread starts. */
int broker_start(struct broker *b, struct av_err *err);
void broker_stop(struct broker *b);

static inline bool broker_running(const struct broker *b)
{
	return b->pid > 0;
}

/* Create path for writing (truncated, mode 0600): a descriptor, or -errno. */
int broker_create(struct broker *b, const char *path);

/*
 * Run /bin/sh -c cmd with a pipe on its stdin: the pipe's write end, or
 * -errno; *id names the command for broker_wait.
 */
int broker_exec_writer(struct broker *b, const char *cmd, int *id);

/* Wait for command id: its wait status, or -errno. */
int broker_wait(struct broker *b, int id);

#endif
