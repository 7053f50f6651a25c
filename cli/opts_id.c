// SPDX-License-Identifier: GPL-2.0
/*
 * Ids of QemuOpts options (-drive, -device, -netdev, -chardev): QEMU's
 * qemu_opts_create() (util/qemu-option.c) wants them well formed
 * (util/id.c id_wellformed()) and unique within the option's list.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "opts.h"
#include "opts_at.h"

bool opts_id_wellformed(const char *id)
{
	if (!isalpha((unsigned char)id[0]))
		return false;
	for (const char *p = id + 1; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("-._", *p))
			return false;
	return true;
}

int opts_check_id(const char *id, struct av_err *err)
{
	if (id && !opts_id_wellformed(id))
		return av_errf(err, EINVAL,
			       "Parameter 'id' expects an identifier (a letter, then letters, digits, '-', '.', '_')");
	return 0;
}
