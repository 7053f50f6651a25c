// SPDX-License-Identifier: GPL-2.0
/*
 * -d ITEM[,ITEM...]: QEMU's qemu_str_to_log_mask() (util/log.c), for the
 * items armvisor logs. Unknown items and empty lists are errors.
 */
#include <errno.h>
#include <string.h>

#include "opts.h"

static unsigned int log_item_mask(const char *name, size_t len)
{
	for (unsigned int i = 0; cli_log_items[i].name; i++)
		if (strlen(cli_log_items[i].name) == len &&
		    !strncmp(name, cli_log_items[i].name, len))
			return cli_log_items[i].mask;
	return 0;
}

int config_parse_log_items(const char *s, unsigned int *mask,
			   struct av_err *err)
{
	unsigned int m = 0;
	const char *p = s;

	do {
		size_t len = strcspn(p, ",");
		unsigned int bit = log_item_mask(p, len);

		if (!bit)
			return av_errf(err, EINVAL,
				       "unknown log item '%.*s' (use -d help to list)",
				       (int)len, p);
		m |= bit;
		p += len;
	} while (*p++);
	*mask = m;
	return 0;
}
