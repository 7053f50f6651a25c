/* SPDX-License-Identifier: GPL-2.0 */
/* The main thread's event loop. */
#ifndef MACHINE_LOOP_H
#define MACHINE_LOOP_H

#include "err.h"

struct vm;

/*
 * Serve console input, signals and wake-ups until a stop is requested.
 * The calling thread must have SIGINT, SIGTERM and SIGHUP blocked
 * (loop_block_signals) so that they arrive here through a signalfd.
 */
int loop_run(struct vm *vm, struct av_err *err);

/* Block the signals the loop handles; call before starting any thread. */
int loop_block_signals(struct av_err *err);

#endif
