/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The human monitor (QEMU's HMP): a "(qemu) " prompt on a character
 * back end, with the commands people type at QEMU's (help, info ...,
 * stop, cont, system_reset, quit, x, xp). It lives on the main thread:
 * input arrives from the event loop, either through the serial port's
 * terminal (-serial mon:stdio, a mux=on chardev; Ctrl-A c switches) or
 * on a back end of its own (-monitor pty|tcp:...|unix:..., -mon
 * chardev=ID).
 */
#ifndef ARMVISOR_MONITOR_H
#define ARMVISOR_MONITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chardev.h"
#include "err.h"

struct vm;
struct monitor;

/* A monitor writing to out (not owned). */
int monitor_create(struct vm *vm, struct chardev *out, struct monitor **mon,
		   struct av_err *err);
void monitor_destroy(struct monitor *mon);

/* Typed bytes (line editing, a command at each Enter). */
void monitor_input(struct monitor *mon, const uint8_t *buf, size_t len);

/* The terminal switched to the monitor: the banner once, then a prompt. */
void monitor_focus(struct monitor *mon);

/*
 * Serve a back end of its own: watch its input on the VM's event loop
 * (until end of input). A back end without input is output only.
 */
int monitor_watch(struct monitor *mon, struct av_err *err);

/* Run one command line as if typed (tests, -mon scripts); output to out. */
void monitor_command(struct monitor *mon, const char *line);

/*
 * QMP, the machine protocol (-qmp DEV, -mon chardev=ID,mode=control), on
 * its own back end: it greets each client, needs qmp_capabilities first,
 * and answers QEMU's commands (monitor/qmp_cmds.c). qmp_watch greets
 * and watches the back end; qmp_vm_ended sends SHUTDOWN when the run
 * ended by the guest or by "quit".
 */
struct qmp;

int qmp_create(struct vm *vm, struct chardev *chr, struct qmp **out, struct av_err *err);
int qmp_watch(struct qmp *q, struct av_err *err);
void qmp_input(struct qmp *q, const uint8_t *buf, size_t len);
void qmp_vm_ended(struct qmp *q);
void qmp_destroy(struct qmp *q);

#endif
