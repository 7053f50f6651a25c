// SPDX-License-Identifier: GPL-2.0
/*
 * -drive: kept in command-line order for the machine, which reads each
 * string when it builds the disks (machine/vm_virtio_blk.c) and names the
 * option in any error; here only what needs no file system is checked:
 * the QemuOpts syntax, where a bare "readonly" is "readonly=on" (QEMU 7.2
 * parses -drive with QemuOpts, blockdev.c drive_def()).
 */
#include <errno.h>

#include "opts.h"
#include "opts_at.h"
#include "options.h"

int opt_drive_at(struct vm_config *cfg, const char *arg, const char *origin,
		 struct av_err *err)
{
	struct keyval_list kv = { 0 };
	int ret = qemuopts_parse(arg, NULL, &kv, err);

	/* QEMU's qemu_opts_create(): an id, when given, is well formed. */
	if (!ret)
		ret = opts_check_id(keyval_last(&kv, "id"), err);
	keyval_free(&kv);
	return ret ? ret : config_strlist_add_at(&cfg->drives, arg, origin, err);
}

int opt_drive(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	return opt_drive_at(cfg, arg, NULL, err);
}
