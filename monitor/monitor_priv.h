/* SPDX-License-Identifier: GPL-2.0 */
/* The monitor's insides, shared by its line editor and its commands. */
#ifndef MONITOR_PRIV_H
#define MONITOR_PRIV_H

#include "monitor.h"
#include "vm.h"

#define MONITOR_LINE_MAX	256
#define MONITOR_ARGS_MAX	8

struct monitor {
	struct vm *vm;
	struct chardev *out;
	char line[MONITOR_LINE_MAX];
	size_t len;
	int esc;			/* inside a terminal escape sequence: 1 ESC, 2 CSI */
	bool greeted;			/* the banner went out */
	bool last_cr;			/* swallow the LF of a CRLF */
	int epfd;			/* monitor_watch: its back end's input, -1 none */
	unsigned int connects;		/* the back end's peers greeted so far */
};

/* printf to the monitor's back end; \n becomes \r\n (a raw terminal). */
void mon_printf(struct monitor *mon, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* One command's argv (argv[0] the name); returns nothing: it prints. */
struct mon_cmd {
	const char *name;
	const char *alias;		/* NULL: none */
	const char *args;		/* for help: "[/fmt] addr" */
	const char *help;
	void (*run)(struct monitor *mon, int argc, char **argv);
};

extern const struct mon_cmd mon_cmds[];

/* Snapshots (hmp_migrate.c). */
void mon_cmd_migrate(struct monitor *mon, int argc, char **argv);
void mon_cmd_savevm(struct monitor *mon, int argc, char **argv);
void mon_info_migrate(struct monitor *mon, int argc, char **argv);
extern const struct mon_cmd mon_info_cmds[];

/* info SUBCOMMAND (monitor/hmp_info.c); x and xp (monitor/hmp_mem.c). */
void mon_cmd_info(struct monitor *mon, int argc, char **argv);
void mon_cmd_x(struct monitor *mon, int argc, char **argv);
void mon_cmd_xp(struct monitor *mon, int argc, char **argv);

/* An error line: the message alone, as QEMU's monitor prints errors. */
void mon_error(struct monitor *mon, const struct av_err *err);

#endif
