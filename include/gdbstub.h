/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The gdbstub: a GDB remote serial protocol server (gdb's manual,
 * "Remote Protocol") for debugging the guest, as QEMU's -gdb/-s/-S.
 * It runs in its own thread (gdbstub/gdbstub.c): it blocks on the socket
 * while the vCPUs run and while they are parked, independent of the
 * main loop, whose set of fds is fixed when it starts. The accelerator
 * side is struct accel_debug_ops (include/accel.h).
 *
 * This is what the rest of the program calls; the stub's layers are in
 * gdbstub/gdbstub_priv.h.
 */
#ifndef ARMVISOR_GDBSTUB_H
#define ARMVISOR_GDBSTUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct config_gdb;
struct vm;

struct gdbstub;

/*
 * Listen where cfg says and serve gdb from a thread. With cfg->wait (-S),
 * no vCPU runs until gdb continues. Call after vm_load_and_reset, before
 * vm_run.
 */
int gdbstub_start(struct vm *vm, const struct config_gdb *cfg,
		  struct gdbstub **out, struct av_err *err);

/*
 * End the server after vm_run returned (the vCPU threads are gone): gdb
 * hears "W<exit status>" if it is still attached.
 */
void gdbstub_stop(struct gdbstub *gs);

#endif
