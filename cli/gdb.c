// SPDX-License-Identifier: GPL-2.0
/*
 * -gdb DEV, -s and -S as qemu-system-aarch64 (qemu-options.hx): -s is
 * "-gdb tcp::1234", -S starts with the vCPUs stopped, "-gdb none" turns
 * the stub off again. The device is checked here, so that a typo is an
 * option error rather than a failure after the VM is built.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "gdbstub.h"
#include "options.h"

int opt_gdb(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	unsigned int port;
	char host[256];
	int ret;

	if (!strcmp(arg, "none")) {
		cfg->gdb[0] = 0;
		return 0;
	}
	ret = gdbstub_parse(arg, host, sizeof(host), &port, err);
	if (ret)
		return ret;
	if (strlen(arg) >= sizeof(cfg->gdb))
		return av_errf(err, EINVAL, "-gdb %s: too long", arg);
	snprintf(cfg->gdb, sizeof(cfg->gdb), "%s", arg);
	return 0;
}

int opt_gdb_default(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	(void)arg;
	return opt_gdb(cfg, "tcp::1234", err);
}

int opt_gdb_wait(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	(void)arg;
	(void)err;
	cfg->gdb_wait = true;
	return 0;
}
