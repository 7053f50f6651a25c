// SPDX-License-Identifier: GPL-2.0
/*
 * Accelerator choice: -accel NAME[,thread=single|multi][,jit=on|off]
 * [,tb-size=MB], -enable-kvm,
 * -machine accel=A:B and "[accel]" in a -readconfig file. QEMU tries the
 * accelerators in the order given and uses the first that works
 * (softmmu/vl.c do_configure_accelerator()); "kvm then tcg" is exactly
 * what ACCEL_AUTO means, so that list resolves to it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../opts.h"
#include "util.h"

/* tb-size: QEMU takes MiB; the code buffer holds 1 MiB to 1 GiB. */
#define TB_SIZE_MAX_MB	1024u

static int accel_from_name(const char *name)
{
	if (!strcmp(name, "kvm"))
		return ACCEL_KVM;
	if (!strcmp(name, "tcg"))
		return ACCEL_TCG;
	return -1;
}

/* The first accelerator, or AUTO when KVM may fall back to TCG. */
static void accel_resolve(struct vm_config *cfg)
{
	cfg->accel = cfg->accel_count ? cfg->accel_list[0] : ACCEL_AUTO;
	if (cfg->accel != ACCEL_KVM)
		return;
	for (unsigned int i = 1; i < cfg->accel_count; i++)
		if (cfg->accel_list[i] == ACCEL_TCG)
			cfg->accel = ACCEL_AUTO;
}

int accel_add(struct vm_config *cfg, const char *name, struct av_err *err)
{
	int kind;

	if (opts_is_help(name)) {
		cfg->list_requests |= CONFIG_LIST_ACCELS;
		return 0;
	}
	kind = accel_from_name(name);
	if (kind < 0)
		return av_errf(err, EINVAL,
			       "invalid accelerator '%s' (use -accel help to list)",
			       name);
	if (cfg->accel_count == CONFIG_ACCEL_LIST_MAX)
		return av_errf(err, EINVAL, "too many accelerators (at most %d)",
			       CONFIG_ACCEL_LIST_MAX);
	cfg->accel_list[cfg->accel_count++] = kind;
	accel_resolve(cfg);
	return 0;
}

/* thread=, jit= and tb-size= belong to the TCG accelerator named just before. */
static int accel_tcg_prop(const struct vm_config *cfg, const char *key, struct av_err *err)
{
	if (!cfg->accel_count || cfg->accel_list[cfg->accel_count - 1] != ACCEL_TCG)
		return av_errf(err, EINVAL,
			       "'%s' is a property of the tcg accelerator: give accel=tcg first",
			       key);
	return 0;
}

/* tb-size=MB (QEMU's tcg accelerator property, in MiB). */
static int accel_set_tb_size(struct vm_config *cfg, const char *value, struct av_err *err)
{
	unsigned long long mb;
	char *end;

	errno = 0;
	mb = strtoull(value, &end, 10);
	if (errno || end == value || *end || value[0] == '-' || !mb || mb > TB_SIZE_MAX_MB)
		return av_errf(err, EINVAL,
			       "invalid 'tb-size' value '%s' (MiB, 1 to %u)", value, TB_SIZE_MAX_MB);
	cfg->tcg_tb_size = (uint64_t)mb << 20;
	return 0;
}

static int accel_set_thread(struct vm_config *cfg, const char *value,
			    struct av_err *err)
{
	if (!strcmp(value, "single"))
		cfg->tcg_thread = TCG_THREAD_SINGLE;
	else if (!strcmp(value, "multi"))
		cfg->tcg_thread = TCG_THREAD_MULTI;
	else
		return av_errf(err, EINVAL,
			       "invalid 'thread' setting '%s' (single or multi)",
			       value);
	return 0;
}

int accel_set_prop(struct vm_config *cfg, const char *key, const char *value,
		   struct av_err *err)
{
	if (!strcmp(key, "accel")) {
		if (cfg->accel_from_machine)
			return av_errf(err, EINVAL,
				       "the -accel and \"-machine accel=\" options are incompatible");
		return accel_add(cfg, value, err);
	}
	if (!strcmp(key, "thread") || !strcmp(key, "jit") || !strcmp(key, "tb-size")) {
		int ret = accel_tcg_prop(cfg, key, err);

		if (ret)
			return ret;
	}
	if (!strcmp(key, "thread"))
		return accel_set_thread(cfg, value, err);
	if (!strcmp(key, "jit"))
		return parse_bool("jit", value, &cfg->tcg_jit, err);
	if (!strcmp(key, "tb-size"))
		return accel_set_tb_size(cfg, value, err);
	return av_errf(err, EINVAL, "accelerator property '%s' not found", key);
}
