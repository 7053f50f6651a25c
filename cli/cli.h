/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What cli/main.c prints for -h, -version and the "help" lists
 * (-machine help, -cpu help, -accel help, -d help).
 */
#ifndef ARMVISOR_CLI_H
#define ARMVISOR_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "config.h"
#include "util.h"

struct vm;
struct chardev;
struct monitor;
struct qmp;
struct timeline;

/* The monitors of a running VM, and their own back ends. */
struct cli_monitor {
	struct monitor *mon;
	struct chardev *chr;		/* NULL: on the serial port's terminal */
	struct qmp *qmp;
	struct chardev *qmp_chr;
};

/*
 * After vm_create: the monitor where the options put it (none is fine),
 * with stop/cont unless -gdb has them. Stop only after vm_run returns.
 */
int cli_start_monitor(struct vm *vm, struct cli_monitor *cm, struct av_err *err);
/* Will cli_start_monitor make one? (-S needs someone to say cont.) */
bool cli_monitor_wanted(const struct vm_config *cfg);
void cli_stop_monitor(struct vm *vm, struct cli_monitor *cm);
/* Its own back end reads the terminal (fd 0): raw mode as for the serial. */
bool cli_monitor_on_stdin(const struct cli_monitor *cm);

/*
 * -boot-timeline: open FILE (NULL: *out = NULL, stderr) before the run;
 * at exit, write the run's timeline there and close it.
 */
int cli_timeline_open(const char *file, FILE **out, struct av_err *err);
void cli_timeline_report(const struct timeline *tl, FILE *file);
void cli_timeline_print(const struct timeline *tl, FILE *out);

/*
 * --matrix: run argv (the whole command line, argv[0] first) once per
 * accelerator and report; returns the exit status (0: all ran and agree).
 */
int cli_matrix_run(const struct vm_config *cfg, int argc, char **argv,
		   struct av_err *err);

/*
 * -daemonize (cli/daemonize.c). cli_daemon_start forks: it returns 0 in
 * the daemon, or the exit status + 1 in the parent once the daemon said
 * it is ready or died; negative errno on failure. cli_daemon_ready: the
 * machine is set up; detach from the terminal and release the parent.
 */
struct cli_daemon {
	int ready_fd;			/* -1: not daemonized, or ready */
};
int cli_daemon_start(struct cli_daemon *d, struct av_err *err);
void cli_daemon_ready(struct cli_daemon *d);

/* -pidfile (cli/pidfile.c): written and locked until removed. */
struct cli_pidfile {
	int fd;				/* -1: none */
	const char *path;
	int watch_fd;			/* the write end the remover waits on; -1: none */
};
int cli_pidfile_write(struct cli_pidfile *p, const char *path, struct av_err *err);
void cli_pidfile_remove(struct cli_pidfile *p);

void cli_print_usage(FILE *out);
void cli_print_version(FILE *out);
void cli_list_machines(FILE *out);
void cli_list_cpus(FILE *out);
void cli_list_accels(FILE *out);
void cli_list_log_items(FILE *out);
void cli_list_devices(FILE *out);
void cli_list_chardevs(FILE *out);

/*
 * Print every list cfg->list_requests asks for; true when there was one
 * (the program then exits 0, as QEMU does after "-cpu help").
 */
bool cli_print_list(const struct vm_config *cfg, FILE *out);

#endif
