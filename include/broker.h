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

/*
 * Before the calling thread's sandbox, from any thread (armvisor: the
 * main thread, once the vCPUs run, machine/vm_run.c). With exe (the armvisor binary, e.g.
 * /proc/self/exe), the broker is spawned as a new program that runs
 * broker_child_main: posix_spawn's vfork and exec copy no page tables, so
 * armvisor goes on at once and takes no copy-on-write faults afterwards
 * (docs/startup.md). Without exe, or if that fails, it is forked as before
 * (twice, so that it is not our child).
 */
int broker_start(struct broker *b, const char *exe, struct av_err *err);

/*
 * The spawned broker's command line: true (and its socket in *fd) when
 * argv is the one broker_start gives it; main() then calls
 * broker_child_main, which serves until armvisor closes its end.
 */
bool broker_child_args(int argc, char **argv, int *fd);
int broker_child_main(int fd);
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
