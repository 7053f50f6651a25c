/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside -readconfig (cli/readconfig*.c): the reader's state, and the
 * groups it knows. readconfig.c reads lines; readconfig_groups.c applies
 * each group when it ends, as the option it stands for would be.
 */
#ifndef ARMVISOR_CLI_READCONFIG_H
#define ARMVISOR_CLI_READCONFIG_H

#include <stdbool.h>

#include "../opts.h"
#include "../opts_at.h"

/*
 * A group is either a set of properties applied one by one through the
 * option's setter ([machine], [smp-opts], [memory], [accel]), or one
 * option string handed to the option's handler ([drive], [device],
 * [netdev], [nic], [chardev]), so a file line and an option cannot
 * disagree.
 */
struct rc_group {
	const char *name;
	prop_set_fn set;
	opt_add_fn add;
	const char *primary;		/* the option's implied key, applied first */
	bool takes_id;			/* [group "id"] sets id= */
};

/* Longest header text quoted in a message. */
#define RC_HEADER_MAX 81

/*
 * Where we are in the file, for "file:line: text: problem" messages.
 * A group's lines are kept until the group ends and then applied as one
 * option would be, so their order inside the group does not matter.
 */
struct rc_state {
	struct vm_config *cfg;
	const char *path;
	unsigned int line;
	const struct rc_group *group;
	unsigned int group_line;	/* its [group] line: whole-group errors */
	char group_text[RC_HEADER_MAX];	/* that line as written */
	struct keyval_list section;
};

/* The group called name (len characters), NULL when there is none. */
const struct rc_group *rc_group_find(const char *name, size_t len);

/* Apply the lines of the group that just ended, then forget them. */
int rc_group_flush(struct rc_state *st, struct av_err *err);

#endif
