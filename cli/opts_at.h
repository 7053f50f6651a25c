/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The options a -readconfig group can stand for ([drive], [device],
 * [netdev], [nic], [chardev], [global]). Each is the option's own handler
 * with the place the string came from ("FILE:LINE", NULL for the command
 * line), kept in the typed option's config_origin so that errors found
 * when the machine is built name the file and line (QEMU restores a
 * QemuOpts' Location likewise).
 */
#ifndef ARMVISOR_CLI_OPTS_AT_H
#define ARMVISOR_CLI_OPTS_AT_H

#include <stdbool.h>

#include "config.h"
#include "err.h"

typedef int (*opt_add_fn)(struct vm_config *cfg, const char *arg,
			  const char *origin, struct av_err *err);

int opt_drive_at(struct vm_config *cfg, const char *arg, const char *origin,
		 struct av_err *err);
int opt_device_at(struct vm_config *cfg, const char *arg, const char *origin,
		  struct av_err *err);
int opt_netdev_at(struct vm_config *cfg, const char *arg, const char *origin,
		  struct av_err *err);
int opt_nic_at(struct vm_config *cfg, const char *arg, const char *origin,
	       struct av_err *err);
int opt_chardev_at(struct vm_config *cfg, const char *arg, const char *origin,
		   struct av_err *err);
/*
 * Check d against the drives so far (id, index) and append it; text is
 * what the messages quote, option the option that gave it. Frees d on
 * failure.
 */
int drive_add(struct vm_config *cfg, struct config_drive *d, const char *option,
	      const char *text, const char *origin, struct av_err *err);
int opt_global_at(struct vm_config *cfg, const char *arg, const char *origin,
		  struct av_err *err);

/* QEMU's id_wellformed() (util/id.c): a letter, then [A-Za-z0-9._-]. */
bool opts_id_wellformed(const char *id);
/* 0 when id is NULL (none given) or well formed, else QEMU's message. */
int opts_check_id(const char *id, struct av_err *err);

#endif
