/* SPDX-License-Identifier: GPL-2.0 */
/* QMP's insides: the framing (qmp.c) and the commands (qmp_cmds.c). */
#ifndef MONITOR_QMP_PRIV_H
#define MONITOR_QMP_PRIV_H

#include <jansson.h>

#include "monitor.h"
#include "vm.h"

#define QMP_RX_MAX	(64u << 10)	/* one request at most this long */

struct qmp {
	struct vm *vm;
	struct chardev *chr;
	char rx[QMP_RX_MAX];
	size_t len;			/* bytes of the request being read */
	unsigned int depth;		/* brace/bracket nesting so far */
	bool in_string, escaped;
	bool skipping;			/* the rest of an over-long request */
	bool negotiated;		/* qmp_capabilities done */
	bool quitting;			/* "quit" asked: SHUTDOWN says host-qmp-quit */
	unsigned int connects;		/* the back end's clients greeted */
	int epfd;
};

/* A command: args is the "arguments" object (never NULL); returns the
 * "return" value (new reference), or NULL with *cls and desc set. */
typedef json_t *(*qmp_fn)(struct qmp *q, json_t *args, const char **cls,
			  char *desc, size_t size);

struct qmp_cmd {
	const char *name;
	qmp_fn run;
};

extern const struct qmp_cmd qmp_cmds[];

/* Send one JSON value as a line (steals the reference). */
void qmp_send(struct qmp *q, json_t *msg);
/* An asynchronous event, e.g. "STOP"; data NULL: {} (steals it). */
void qmp_event(struct qmp *q, const char *name, json_t *data);

#endif
