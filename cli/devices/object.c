// SPDX-License-Identifier: GPL-2.0
/*
 * -object TYPE,id=ID,... (qemu-options.hx "-object") for the entropy back
 * ends a virtio-rng-device names with rng=ID: rng-builtin (QEMU's own
 * getrandom-based source) and rng-random with filename=/dev/urandom or
 * /dev/random. Our virtio-rng always reads the host's getrandom(2) pool,
 * which both files read too (random(4); /dev/random blocks only until the
 * pool is initialised, since Linux 5.6), so either is that source; any
 * other file, or any other object type, is refused by name.
 */
#include <errno.h>
#include <string.h>

#include "../opts.h"
#include "../opts_at.h"
#include "../options.h"

static const char *const rng_random_keys[] = { "qom-type", "filename", NULL };
static const char *const rng_builtin_keys[] = { "qom-type", NULL };

static int object_rng_random(const struct keyval_list *kv, struct av_err *err)
{
	const char *file = keyval_last(kv, "filename");

	if (file && strcmp(file, "/dev/urandom") && strcmp(file, "/dev/random"))
		return av_errf(err, ENOTSUP,
			       "filename=%s is not supported: rng-random reads /dev/urandom or /dev/random (the host's getrandom pool)",
			       file);
	return 0;
}

static int object_check_keys(const struct keyval_list *kv, const char *type,
			     struct av_err *err)
{
	const char *unknown = keyval_unknown(kv, strcmp(type, "rng-random") ?
					     rng_builtin_keys : rng_random_keys, true);

	return unknown ? av_errf(err, EINVAL, "Property '%s.%s' not found", type, unknown) : 0;
}

static int object_fill(struct config_object *o, const struct keyval_list *kv,
		       struct av_err *err)
{
	const char *type = keyval_last(kv, "qom-type"), *id = keyval_last(kv, "id");
	int ret;

	if (!type || (strcmp(type, "rng-random") && strcmp(type, "rng-builtin")))
		return av_errf(err, EINVAL,
			       "object type '%s' is not supported (rng-random, rng-builtin)",
			       type ? type : "");
	ret = object_check_keys(kv, type, err);
	if (!ret && !strcmp(type, "rng-random"))
		ret = object_rng_random(kv, err);
	if (!ret && !id)
		ret = av_errf(err, EINVAL, "Parameter 'id' is missing");
	if (!ret)
		ret = opts_check_id(id, err);
	if (!ret && strlen(id) >= sizeof(o->id))
		ret = av_errf(err, EINVAL, "id '%s' is longer than %zu characters", id,
			      sizeof(o->id) - 1);
	if (!ret)
		strcpy(o->id, id);
	return ret;
}

int opt_object(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	struct config_object o = { 0 };
	struct keyval_list kv;
	int ret = qemuopts_parse(arg, "qom-type", &kv, err);

	if (ret)
		return ret;
	ret = object_fill(&o, &kv, err);
	keyval_free(&kv);
	for (unsigned int i = 0; !ret && i < cfg->nobjects; i++)
		if (!strcmp(cfg->objects[i].id, o.id))
			ret = av_errf(err, EEXIST, "Duplicate ID '%s' for object", o.id);
	return ret ? ret : config_list_add(&cfg->objects, &cfg->nobjects, &o, sizeof(o),
					   &o.origin, "-object", arg, NULL, err);
}
