// SPDX-License-Identifier: GPL-2.0
/*
 * -drive: kept in command-line order for the machine, which reads each
 * string when it builds the disks (machine/vm_virtio_blk.c) and names the
 * option in any error; here only what needs no file system is checked.
 */
#include <errno.h>

#include "opts.h"
#include "options.h"

int opt_drive(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	struct keyval_list kv = { 0 };
	int ret = keyval_parse(arg, NULL, &kv, err);

	keyval_free(&kv);
	return ret ? ret : config_strlist_add(&cfg->drives, arg, err);
}
