// SPDX-License-Identifier: GPL-2.0
/*
 * -readconfig FILE: QEMU's config file format (util/qemu-config.c,
 * qemu_config_parse()). Line by line:
 *
 *   # comment            blank lines are skipped too
 *   [group]  or  [group "id"]
 *   key = "value"        the value is everything between the quotes
 *
 * Leading and trailing blanks are ignored. The groups are those of the
 * options they stand for (-machine, -smp, -m, -accel, -drive, -device,
 * -netdev, -nic, -chardev); cli/config/readconfig_groups.c applies each.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readconfig.h"

static int rc_error(const struct rc_state *st, struct av_err *err,
		    const char *text, const char *why)
{
	return av_errf(err, EINVAL, "%s:%u: '%.80s': %s", st->path, st->line,
		       text, why);
}

static bool rc_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.';
}

static const char *rc_skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* A "..." at *p: the value is copied to out; *p moves past the quote. */
static int rc_quoted(const char **p, char **out)
{
	const char *s = *p, *end;

	if (*s != '"')
		return -EINVAL;
	end = strchr(s + 1, '"');
	if (!end)
		return -EAGAIN;
	*out = strndup(s + 1, (size_t)(end - s - 1));
	if (!*out)
		return -ENOMEM;
	*p = end + 1;
	return 0;
}

static int rc_quote_error(struct rc_state *st, int ret, const char *text,
			  struct av_err *err)
{
	if (ret == -ENOMEM)
		return av_errf(err, ENOMEM, "out of memory");
	if (ret == -EAGAIN)
		return rc_error(st, err, text, "unterminated quote");
	return rc_error(st, err, text, "expected a value in double quotes");
}

/* "[group]" or "[group \"id\"]". */
static int rc_group_line(struct rc_state *st, const char *text,
			 struct av_err *err)
{
	const char *p = text + 1, *name = p;
	char *id = NULL;
	size_t len;
	int ret = rc_group_flush(st, err);

	if (ret)
		return ret;

	while (rc_name_char(*p))
		p++;
	len = (size_t)(p - name);
	p = rc_skip_blanks(p);
	if (*p == '"') {
		ret = rc_quoted(&p, &id);
		if (ret)
			return rc_quote_error(st, ret, text, err);
		p = rc_skip_blanks(p);
	}
	if (!len || *p != ']' || *rc_skip_blanks(p + 1)) {
		free(id);
		return rc_error(st, err, text, "expected [group] or [group \"id\"]");
	}
	st->group = rc_group_find(name, len);
	st->group_line = st->line;
	snprintf(st->group_text, sizeof(st->group_text), "%s", text);
	if (!st->group)
		ret = av_errf(err, EINVAL, "%s:%u: there is no option group '%.*s'",
			      st->path, st->line, (int)(len < 40 ? len : 40), name);
	else if (id && !st->group->takes_id)
		ret = rc_error(st, err, text, "this group takes no id");
	else if (id && keyval_add(&st->section, "id", id, st->line))
		ret = av_errf(err, ENOMEM, "out of memory");
	else
		ret = 0;
	free(id);
	return ret;
}

/* key = "value", kept for rc_group_flush(). */
static int rc_key_line(struct rc_state *st, const char *text,
		       struct av_err *err)
{
	const char *p = text;
	char *key, *value = NULL;
	int ret;

	while (rc_name_char(*p))
		p++;
	if (p == text || *rc_skip_blanks(p) != '=')
		return rc_error(st, err, text, "expected key = \"value\"");
	if (!st->group)
		return rc_error(st, err, text, "no group defined");
	key = strndup(text, (size_t)(p - text));
	p = rc_skip_blanks(rc_skip_blanks(p) + 1);
	ret = key ? rc_quoted(&p, &value) : -ENOMEM;
	if (ret)
		ret = rc_quote_error(st, ret, text, err);
	else if (*rc_skip_blanks(p))
		ret = rc_error(st, err, text, "unexpected text after the value");
	else if (keyval_add(&st->section, key, value, st->line))
		ret = av_errf(err, ENOMEM, "out of memory");
	free(key);
	free(value);
	return ret;
}

/* One line, without its newline. */
static int rc_line(struct rc_state *st, char *line, size_t len,
		   struct av_err *err)
{
	const char *text;

	while (len && isspace((unsigned char)line[len - 1]))
		line[--len] = '\0';
	text = rc_skip_blanks(line);
	if (strlen(line) != len)
		return av_errf(err, EINVAL, "%s:%u: line contains a NUL byte",
			       st->path, st->line);
	if (!*text || *text == '#')
		return 0;
	if (*text == '[')
		return rc_group_line(st, text, err);
	return rc_key_line(st, text, err);
}

static int rc_read(struct rc_state *st, FILE *f, struct av_err *err)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int ret = 0;

	errno = 0;
	while (!ret && (n = getline(&line, &cap, f)) >= 0) {
		st->line++;
		ret = rc_line(st, line, (size_t)n, err);
	}
	if (!ret && ferror(f))
		ret = av_errf_errno(err, errno ? errno : EIO, "%s: read error", st->path);
	if (!ret)
		ret = rc_group_flush(st, err);
	keyval_free(&st->section);
	free(line);
	return ret;
}

int readconfig_apply(struct vm_config *cfg, const char *path,
		     struct av_err *err)
{
	struct rc_state st = { .cfg = cfg, .path = path };
	FILE *f = fopen(path, "r");
	int ret;

	if (!f)
		return av_errf_errno(err, errno, "-readconfig %s: could not open '%s'",
				     path, path);
	ret = rc_read(&st, f, err);
	fclose(f);
	return ret;
}

int config_read_file(struct vm_config *cfg, const char *path,
		     struct av_err *err)
{
	int ret = readconfig_apply(cfg, path, err);

	return ret ? ret : smp_resolve(cfg, err);
}
