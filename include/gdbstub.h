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

struct vm;

struct gdbstub;

/*
 * Parse a -gdb device: "tcp::PORT", "tcp:HOST:PORT" or ":PORT" style
 * host:port (QEMU also takes a bare PORT). host is "" for the loopback
 * default.
 */
int gdbstub_parse(const char *spec, char *host, size_t host_size,
		  unsigned int *port, struct av_err *err);

/*
 * Listen on spec and serve gdb from a thread. With wait (-S), no vCPU
 * runs until gdb continues. Call after vm_load_and_reset, before vm_run.
 */
int gdbstub_start(struct vm *vm, const char *spec, bool wait,
		  struct gdbstub **out, struct av_err *err);

/*
 * End the server after vm_run returned (the vCPU threads are gone): gdb
 * hears "W<exit status>" if it is still attached.
 */
void gdbstub_stop(struct gdbstub *gs);

#endif
