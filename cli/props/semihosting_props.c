// SPDX-License-Identifier: GPL-2.0
/*
 * -semihosting and -semihosting-config enable=on|off[,target=native|auto]
 * [,userspace=on|off][,arg=STR...] as QEMU 7.2 spells them
 * (qemu-options.hx). Semihosting is TCG's (docs/semihosting.md): output
 * goes to stderr, as QEMU's does without chardev=, which is refused here,
 * as is target=gdb (no gdb file I/O).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../opts.h"
#include "../options.h"
#include "util.h"

int opt_semihosting(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	(void)arg;
	(void)err;
	cfg->semihosting = true;
	return 0;
}

/* arg=: each one a word of the command line SYS_GET_CMDLINE returns. */
static int semihosting_add_arg(struct vm_config *cfg, const char *value,
			       struct av_err *err)
{
	size_t old = cfg->semihosting_cmdline ? strlen(cfg->semihosting_cmdline) : 0;
	char *s = realloc(cfg->semihosting_cmdline, old + strlen(value) + 2);

	if (!s)
		return av_errf(err, ENOMEM, "out of memory");
	if (old)
		s[old++] = ' ';
	strcpy(s + old, value);
	cfg->semihosting_cmdline = s;
	return 0;
}

int semihosting_set_prop(struct vm_config *cfg, const char *key, const char *value,
			 struct av_err *err)
{
	if (!strcmp(key, "enable"))
		return parse_bool("enable", value, &cfg->semihosting, err);
	if (!strcmp(key, "userspace"))
		return parse_bool("userspace", value, &cfg->semihosting_userspace, err);
	if (!strcmp(key, "arg"))
		return semihosting_add_arg(cfg, value, err);
	if (!strcmp(key, "target")) {
		if (!strcmp(value, "native") || !strcmp(value, "auto"))
			return 0;
		return av_errf(err, EINVAL,
			       "target=%s is not supported: semihosting calls are served here (target=native)",
			       value);
	}
	if (!strcmp(key, "chardev"))
		return av_errf(err, EINVAL,
			       "chardev= is not supported: semihosting output goes to stderr");
	return av_errf(err, EINVAL, "invalid -semihosting-config parameter '%s'", key);
}

int opt_semihosting_config(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	return opts_apply(cfg, arg, "enable", semihosting_set_prop, err);
}
