// SPDX-License-Identifier: GPL-2.0
/*
 * struct vm_config: defaults (those of qemu-system-aarch64 -M virt, 7.2),
 * ownership of its strings, and small value parsers shared by the
 * command line and -readconfig.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"
#include "util.h"

void config_init(struct vm_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	strcpy(cfg->machine, "virt");
	strcpy(cfg->cpu, "cortex-a57");
	cfg->gic_version = GIC_VERSION_DEFAULT;
	cfg->smp_cpus = 1;
	cfg->smp_max_cpus = 1;
	cfg->smp_sockets = 1;
	cfg->smp_clusters = 1;
	cfg->smp_cores = 1;
	cfg->smp_threads = 1;
	cfg->ram_size = CONFIG_DEFAULT_RAM;
	cfg->serial = SERIAL_DEFAULT;
	cfg->accel = ACCEL_AUTO;
}

static void config_strlist_free(struct config_strlist *list)
{
	for (unsigned int i = 0; i < list->count; i++) {
		free(list->items[i]);
		if (list->origins)
			free(list->origins[i]);
	}
	free(list->items);
	free(list->origins);
	list->items = NULL;
	list->origins = NULL;
	list->count = 0;
}

void config_free(struct vm_config *cfg)
{
	char **strs[] = {
		&cfg->dumpdtb, &cfg->kernel, &cfg->initrd, &cfg->append,
		&cfg->dtb, &cfg->serial_path, &cfg->log_file,
	};

	for (size_t i = 0; i < ARRAY_SIZE(strs); i++) {
		free(*strs[i]);
		*strs[i] = NULL;
	}
	config_strlist_free(&cfg->drives);
	config_strlist_free(&cfg->devices);
	config_strlist_free(&cfg->netdevs);
	config_strlist_free(&cfg->chardevs);
	config_strlist_free(&cfg->nics);
}

int config_set_str(char **dst, const char *s, struct av_err *err)
{
	char *copy = strdup(s);

	if (!copy)
		return av_errf(err, ENOMEM, "out of memory");
	free(*dst);
	*dst = copy;
	return 0;
}

int config_strlist_add(struct config_strlist *list, const char *s,
		       struct av_err *err)
{
	return config_strlist_add_at(list, s, NULL, err);
}

/*
 * Room for one more origin; the array is kept as long as items (a list
 * filled without origins, as the unit tests do, starts with all NULL).
 */
static int config_strlist_grow_origins(struct config_strlist *list)
{
	char **origins = realloc(list->origins,
				 (list->count + 1) * sizeof(*origins));

	if (!origins)
		return -ENOMEM;
	if (!list->origins)
		memset(origins, 0, list->count * sizeof(*origins));
	origins[list->count] = NULL;
	list->origins = origins;
	return 0;
}

int config_strlist_add_at(struct config_strlist *list, const char *s,
			  const char *origin, struct av_err *err)
{
	char **items;
	char *copy = strdup(s);
	char *where = origin ? strdup(origin) : NULL;

	items = copy && (where || !origin) && !config_strlist_grow_origins(list) ?
		realloc(list->items, (list->count + 1) * sizeof(*items)) : NULL;
	if (!items) {
		free(copy);
		free(where);
		return av_errf(err, ENOMEM, "out of memory");
	}
	list->origins[list->count] = where;
	items[list->count++] = copy;
	list->items = items;
	return 0;
}

/*
 * A plain decimal count, as QEMU's visitor reads -smp numbers
 * ("expects integer"): no sign, no suffix, no spaces, fits in 31 bits.
 */
int config_parse_uint(const char *s, unsigned int *out)
{
	unsigned long long v = 0;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	for (; isdigit((unsigned char)*s); s++) {
		v = v * 10 + (unsigned long long)(*s - '0');
		if (v > INT_MAX)
			return -ERANGE;
	}
	if (*s)
		return -EINVAL;
	*out = (unsigned int)v;
	return 0;
}
