// SPDX-License-Identifier: GPL-2.0
/*
 * -global DRIVER.PROPERTY=VALUE (or driver=D,property=P,value=V, and the
 * [global] -readconfig group): a default for every device of a type
 * (QEMU 7.2 softmmu/vl.c qemu_global_option()). armvisor has one device
 * type with such properties, the virtio-mmio transport:
 *   ioeventfd     on (default) | off: under KVM, queue notifies through
 *                 ioeventfds or as MMIO exits (QEMU's virtio-mmio property
 *                 of the same name; no effect under TCG, as in QEMU)
 *   force-legacy  off (default) | on: the version 2 (virtio 1.x) or the
 *                 version 1 (legacy, virtio 1.1 4.2.4) register layout.
 *                 QEMU 7.2's default is on; ours is off, the layout
 *                 every Linux since 4.0 drives.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../opts.h"
#include "../opts_at.h"
#include "../options.h"
#include "util.h"

#define GLOBAL_NAME_MAX 64

struct global_opt {
	char driver[GLOBAL_NAME_MAX];
	char property[GLOBAL_NAME_MAX];
	const char *value;
};

static int global_virtio_mmio(struct vm_config *cfg, const struct global_opt *g,
			      struct av_err *err)
{
	bool on = false;
	int ret;

	if (strcmp(g->property, "ioeventfd") && strcmp(g->property, "force-legacy"))
		return av_errf(err, EINVAL,
			       "virtio-mmio has no property '%s' (it has ioeventfd and force-legacy)",
			       g->property);
	ret = parse_bool(g->property, g->value, &on, err);
	if (ret)
		return ret;
	if (!strcmp(g->property, "ioeventfd"))
		cfg->virtio_ioeventfd_off = !on;
	else
		cfg->virtio_mmio_legacy = on;
	return 0;
}

static int global_copy(char *dst, const char *src, size_t len, const char *what,
		       struct av_err *err)
{
	if (len == 0 || len >= GLOBAL_NAME_MAX)
		return av_errf(err, EINVAL, "%s must be 1 to %d characters",
			       what, GLOBAL_NAME_MAX - 1);
	memcpy(dst, src, len);
	dst[len] = '\0';
	return 0;
}

/* "virtio-mmio.ioeventfd=off": the driver ends at the first '.'. */
static int global_parse_short(const char *arg, const char *eq,
			      struct global_opt *g, struct av_err *err)
{
	const char *dot = memchr(arg, '.', eq - arg);
	int ret;

	if (!dot)
		return av_errf(err, EINVAL, "expected DRIVER.PROPERTY=VALUE");
	ret = global_copy(g->driver, arg, dot - arg, "the driver", err);
	if (!ret)
		ret = global_copy(g->property, dot + 1, eq - dot - 1,
				  "the property", err);
	g->value = eq + 1;
	return ret;
}

/* "driver=virtio-mmio,property=ioeventfd,value=off", QemuOpts style. */
static int global_parse_keys(const struct keyval_list *kv, struct global_opt *g,
			     struct av_err *err)
{
	const char *d = keyval_last(kv, "driver"), *p = keyval_last(kv, "property");
	int ret;

	for (unsigned int i = 0; i < kv->count; i++)
		if (strcmp(kv->items[i].key, "driver") &&
		    strcmp(kv->items[i].key, "property") &&
		    strcmp(kv->items[i].key, "value"))
			return av_errf(err, EINVAL, "Invalid parameter '%s'",
				       kv->items[i].key);
	g->value = keyval_last(kv, "value");
	if (!d || !p || !g->value)
		return av_errf(err, EINVAL, "driver, property and value are all needed");
	ret = global_copy(g->driver, d, strlen(d), "the driver", err);
	return ret ? ret : global_copy(g->property, p, strlen(p), "the property", err);
}

static int global_apply(struct vm_config *cfg, const struct global_opt *g,
			struct av_err *err)
{
	if (!strcmp(g->driver, "virtio-mmio"))
		return global_virtio_mmio(cfg, g, err);
	return av_errf(err, EINVAL,
		       "no device type '%s' takes -global properties (armvisor's one is virtio-mmio)",
		       g->driver);
}

int opt_global_at(struct vm_config *cfg, const char *arg, const char *origin,
		  struct av_err *err)
{
	const char *eq = strchr(arg, '=');
	const char *comma = strchr(arg, ',');
	struct keyval_list kv = { 0 };
	struct global_opt g = { 0 };
	int ret;

	(void)origin;	/* every error is found here, where the caller adds it */
	if (eq && (!comma || comma > eq) && memchr(arg, '.', eq - arg) &&
	    strncmp(arg, "driver=", 7)) {
		ret = global_parse_short(arg, eq, &g, err);
		return ret ? ret : global_apply(cfg, &g, err);
	}
	ret = qemuopts_parse(arg, NULL, &kv, err);
	if (!ret)
		ret = global_parse_keys(&kv, &g, err);
	if (!ret)
		ret = global_apply(cfg, &g, err);
	keyval_free(&kv);
	return ret;
}

int opt_global(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	return opt_global_at(cfg, arg, NULL, err);
}
