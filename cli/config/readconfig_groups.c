// SPDX-License-Identifier: GPL-2.0
/*
 * The -readconfig groups and how each is applied. QEMU 7.2 reads a group
 * into a dictionary and hands it to the option's own parser when the
 * group ends (util/qemu-config.c qemu_config_foreach(), softmmu/vl.c
 * qemu_parse_config_group()); "[drive \"disk0\"]" is the key id=disk0.
 * Option groups become the very string the command line would give, in
 * file order among the options around -readconfig:
 *
 *   [device "vs"]                      -device driver=virtio-serial-device,id=vs
 *     driver = "virtio-serial-device"
 *
 * A repeated key is repeated in the string, so it does what it does on
 * the command line (the last value wins; hostfwd adds a rule).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readconfig.h"

static const struct rc_group rc_groups[] = {
	{ "machine", machine_set_prop, NULL, "type", false },
	{ "smp-opts", smp_set_prop, NULL, NULL, false },
	{ "memory", memory_set_prop, NULL, NULL, false },
	{ "accel", accel_set_prop, NULL, "accel", false },
	{ "sandbox", sandbox_set_prop, NULL, "enable", false },
	{ "drive", NULL, opt_drive_at, NULL, true },
	{ "device", NULL, opt_device_at, "driver", true },
	{ "netdev", NULL, opt_netdev_at, "type", true },
	{ "nic", NULL, opt_nic_at, "type", true },
	{ "chardev", NULL, opt_chardev_at, "backend", true },
	{ "global", NULL, opt_global_at, "driver", false },
	{ NULL, NULL, NULL, NULL, false },
};

const struct rc_group *rc_group_find(const char *name, size_t len)
{
	for (unsigned int i = 0; rc_groups[i].name; i++)
		if (strlen(rc_groups[i].name) == len &&
		    !strncmp(rc_groups[i].name, name, len))
			return &rc_groups[i];
	return NULL;
}

/* "file:line: '[group]': why" for what concerns the whole group. */
static int rc_group_error(const struct rc_state *st, struct av_err *err,
			  int code, const char *fmt, ...)
{
	char why[AV_ERR_MSG_MAX / 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return av_errf(err, code, "%s:%u: '%s': %s", st->path, st->group_line,
		       st->group_text, why);
}

/* ",key=value" onto f, with the value's commas doubled (QemuOpts). */
static void rc_opt_append(FILE *f, bool *first, const char *key,
			  const char *value)
{
	if (!*first)
		fputc(',', f);
	*first = false;
	fprintf(f, "%s=", key);
	for (const char *p = value; *p; p++) {
		if (*p == ',')
			fputc(',', f);
		fputc(*p, f);
	}
}

/*
 * The option string: the primary key first (the parsers want the back
 * end or driver there, as the command line's implied key), with its
 * last value; then every other line in file order.
 */
static int rc_opt_string(const struct rc_group *g, const struct keyval_list *kv,
			 char **out)
{
	const char *primary = g->primary ? keyval_last(kv, g->primary) : NULL;
	bool first = true;
	size_t size;
	FILE *f;

	*out = NULL;
	f = open_memstream(out, &size);
	if (!f)
		return -ENOMEM;
	if (primary)
		rc_opt_append(f, &first, g->primary, primary);
	for (unsigned int i = 0; i < kv->count; i++)
		if (!g->primary || strcmp(kv->items[i].key, g->primary))
			rc_opt_append(f, &first, kv->items[i].key, kv->items[i].value);
	if (fclose(f)) {
		free(*out);
		*out = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* An option group: its string goes through the option's handler. */
static int rc_flush_option(struct rc_state *st, struct av_err *err)
{
	const struct rc_group *g = st->group;
	char *opt = NULL, *origin = NULL;
	int ret;

	if (g->primary && !keyval_last(&st->section, g->primary))
		return rc_group_error(st, err, EINVAL, "Parameter '%s' is missing",
				      g->primary);
	if (asprintf(&origin, "%s:%u", st->path, st->group_line) < 0)
		origin = NULL;
	if (!origin || rc_opt_string(g, &st->section, &opt)) {
		ret = av_errf(err, ENOMEM, "out of memory");
	} else {
		ret = g->add(st->cfg, opt, origin, err);
		if (ret)
			av_err_prefix(err, "%s:%u: '%s'", st->path, st->group_line,
				      st->group_text);
	}
	free(opt);
	free(origin);
	return ret;
}

/* A property group: each line through the setter, naming its own line. */
static int rc_flush_props(struct rc_state *st, struct av_err *err)
{
	const struct keyval *kv;
	unsigned int bad;
	int ret = keyval_apply(st->cfg, &st->section, st->group->primary,
			       st->group->set, &bad, err);

	if (ret) {
		kv = &st->section.items[bad];
		av_err_prefix(err, "%s:%u: '%.40s = \"%.80s\"'", st->path, kv->line,
			      kv->key, kv->value);
	}
	return ret;
}

int rc_group_flush(struct rc_state *st, struct av_err *err)
{
	int ret = 0;

	if (st->group)
		ret = st->group->add ? rc_flush_option(st, err)
				     : rc_flush_props(st, err);
	st->group = NULL;
	keyval_free(&st->section);
	return ret;
}
