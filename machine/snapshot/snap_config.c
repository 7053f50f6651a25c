// SPDX-License-Identifier: GPL-2.0
/*
 * The board configuration digest (the CONF section): one "item=value"
 * line per thing a snapshot depends on (RAM size, vCPUs, GIC, CPU model,
 * each device and its options, disk image paths). A load compares the
 * saved digest with the one of the machine the command line built, and
 * names the first item that differs.
 */
#include <errno.h>
#include <string.h>

#include "snap_priv.h"

/* The line of s starting at *pos: [*key, *eq) is the item, to *end the value. */
static bool next_line(const char *s, size_t *pos, const char **line, size_t *len)
{
	const char *p = s + *pos, *nl;

	if (!*p)
		return false;
	nl = strchr(p, '\n');
	*line = p;
	*len = nl ? (size_t)(nl - p) : strlen(p);
	*pos += *len + (nl ? 1 : 0);
	return true;
}

static size_t key_len(const char *line, size_t len)
{
	const char *eq = memchr(line, '=', len);

	return eq ? (size_t)(eq - line) : len;
}

/* The line of conf whose item is [key, key + klen), or NULL. */
static const char *find_item(const char *conf, const char *key, size_t klen,
			     size_t *len)
{
	size_t pos = 0;
	const char *line;

	while (next_line(conf, &pos, &line, len))
		if (key_len(line, *len) == klen && !memcmp(line, key, klen))
			return line;
	return NULL;
}

static int item_missing(const char *line, size_t len, bool in_saved,
			struct av_err *err)
{
	size_t k = key_len(line, len);
	int vlen = k < len ? (int)(len - k - 1) : 0;

	return av_errf(err, EINVAL,
		       in_saved ?
		       "the snapshot's machine has %.*s '%.*s', this command line has none" :
		       "this command line has %.*s '%.*s', the snapshot's machine has none",
		       (int)k, line, vlen, line + k + 1);
}

int snap_conf_compare(const char *saved, const char *now, struct av_err *err)
{
	size_t pos = 0, len, olen;
	const char *line, *other;

	while (next_line(saved, &pos, &line, &len)) {
		size_t k = key_len(line, len);

		other = find_item(now, line, k, &olen);
		if (!other)
			return item_missing(line, len, true, err);
		if (olen != len || memcmp(line, other, len))
			return av_errf(err, EINVAL,
				       "the snapshot's machine differs from this command line: "
				       "%.*s is '%.*s' in the snapshot, '%.*s' here",
				       (int)k, line,
				       k < len ? (int)(len - k - 1) : 0, line + k + 1,
				       k < olen ? (int)(olen - k - 1) : 0, other + k + 1);
	}
	pos = 0;
	while (next_line(now, &pos, &line, &len))
		if (!find_item(saved, line, key_len(line, len), &olen))
			return item_missing(line, len, false, err);
	return 0;
}
