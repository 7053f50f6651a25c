// SPDX-License-Identifier: GPL-2.0
/*
 * QemuOpts strings of -drive and -device (qemu-options.hx; QEMU's
 * util/qemu-option.c: elements split on ',', ",," a literal comma, a
 * bare first element is the implied key, a later bare "name" is
 * "name=on" and "noname" "name=off"). Each device takes the keys it
 * knows; any left over is an error that names it, as QEMU's "Property
 * 'x.y' not found".
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "vm_virtio.h"

/* Longest option text quoted whole in a message (as cli/options.c). */
#define VOPTS_QUOTE_MAX 80

int vopts_err(const struct vopts *o, struct av_err *err, int code,
	      const char *fmt, ...)
{
	char why[AV_ERR_MSG_MAX / 2];
	size_t len = strlen(o->text);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	/* A -readconfig group: its file and line first, as QEMU's Location. */
	if (o->origin)
		return av_errf(err, code, "%s: %s %.*s%s: %s", o->origin, o->option,
			       len <= VOPTS_QUOTE_MAX ? (int)len : VOPTS_QUOTE_MAX - 3,
			       o->text, len <= VOPTS_QUOTE_MAX ? "" : "...", why);
	if (len <= VOPTS_QUOTE_MAX)
		return av_errf(err, code, "%s %s: %s", o->option, o->text, why);
	return av_errf(err, code, "%s %.*s...: %s", o->option,
		       VOPTS_QUOTE_MAX - 3, o->text, why);
}

/* Cut the next element out of *pos in place, undoubling ",,". */
static char *vopts_next(char **pos)
{
	char *start = *pos, *in = start, *out = start;

	while (*in) {
		if (*in == ',') {
			if (in[1] != ',')
				break;
			in++;
		}
		*out++ = *in++;
	}
	*pos = *in ? in + 1 : in;
	*out = '\0';
	return start;
}

static int vopts_add(struct vopts *o, char *elem, bool first,
		     const char *implied_key, struct av_err *err)
{
	char *eq = strchr(elem, '=');
	struct vopt *v;

	if (o->count == VOPTS_MAX)
		return vopts_err(o, err, EINVAL, "more than %d properties", VOPTS_MAX);
	v = &o->items[o->count++];
	v->used = false;
	if (eq) {
		*eq = '\0';
		v->key = elem;
		v->value = eq + 1;
	} else if (first && implied_key) {
		v->key = implied_key;
		v->value = elem;
	} else if (!strncmp(elem, "no", 2)) {
		v->key = elem + 2;
		v->value = "off";
	} else {
		v->key = elem;
		v->value = "on";
	}
	if (!v->key[0])
		return vopts_err(o, err, EINVAL, "empty property name");
	return 0;
}

int vopts_parse(struct vopts *o, const char *option, const char *s,
		const char *implied_key, struct av_err *err)
{
	return vopts_parse_at(o, option, s, implied_key, NULL, err);
}

int vopts_parse_at(struct vopts *o, const char *option, const char *s,
		   const char *implied_key, const char *origin,
		   struct av_err *err)
{
	char *pos;
	bool first = true;
	int ret = 0;

	memset(o, 0, sizeof(*o));
	o->origin = origin;
	o->option = option;
	o->text = s;
	o->buf = strdup(s);
	if (!o->buf)
		return av_errf(err, ENOMEM, "out of memory");
	pos = o->buf;
	while (!ret && *pos) {
		ret = vopts_add(o, vopts_next(&pos), first, implied_key, err);
		first = false;
	}
	return ret;
}

void vopts_free(struct vopts *o)
{
	free(o->buf);
	o->buf = NULL;
	o->count = 0;
}

const char *vopts_take(struct vopts *o, const char *key)
{
	const char *value = NULL;

	for (unsigned int i = 0; i < o->count; i++) {
		if (strcmp(o->items[i].key, key))
			continue;
		o->items[i].used = true;
		value = o->items[i].value;
	}
	return value;
}

int vopts_take_bool(struct vopts *o, const char *key, bool def, bool *out,
		    struct av_err *err)
{
	const char *v = vopts_take(o, key);

	*out = def;
	if (!v || !parse_bool(key, v, out, err))
		return 0;
	return vopts_err(o, err, EINVAL, "%s", err->msg);
}

int vopts_check_used(const struct vopts *o, struct av_err *err)
{
	for (unsigned int i = 0; i < o->count; i++)
		if (!o->items[i].used)
			return vopts_err(o, err, EINVAL, "unknown property '%s'",
					 o->items[i].key);
	return 0;
}
