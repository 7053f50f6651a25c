// SPDX-License-Identifier: GPL-2.0
/*
 * -sandbox on|off[,obsolete=deny][,elevateprivileges=deny][,spawn=deny]
 * [,resourcecontrol=deny] and "[sandbox] enable = \"on\"" in a -readconfig
 * file, as QEMU 7.2 spells them (qemu-seccomp.c, qemu-options.hx). Our
 * lists (util/sandbox_lists.c) always deny what those four sub-options
 * deny in QEMU: obsolete calls, set*uid/capabilities, fork and exec, and
 * scheduler/priority changes. So "deny" is accepted and "allow" (or
 * "children") is refused by name, never silently ignored.
 */
#include <errno.h>
#include <string.h>

#include "../opts.h"
#include "util.h"

static const char *const sandbox_deny_only[] = {
	"obsolete", "elevateprivileges", "spawn", "resourcecontrol",
};

int sandbox_set_prop(struct vm_config *cfg, const char *key, const char *value,
		     struct av_err *err)
{
	if (!strcmp(key, "enable"))
		return parse_bool("enable", value, &cfg->sandbox, err);
	for (size_t i = 0; i < ARRAY_SIZE(sandbox_deny_only); i++) {
		if (strcmp(key, sandbox_deny_only[i]))
			continue;
		if (!strcmp(value, "deny"))
			return 0;
		return av_errf(err, EINVAL,
			       "-sandbox %s=%s is not supported: the sandbox always denies "
			       "these calls (use %s=deny, or -sandbox off)",
			       key, value, key);
	}
	return av_errf(err, EINVAL, "invalid -sandbox parameter '%s'", key);
}
