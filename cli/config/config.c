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

#include "../opts.h"
#include "sandbox.h"
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
	/* The code-emitting tier where it exists (x86-64 hosts), as QEMU's TCG. */
	cfg->tcg_jit = true;
	cfg->sandbox = sandbox_default_on();
}

void config_origin_free(struct config_origin *o)
{
	free(o->text);
	free(o->where);
	o->text = NULL;
	o->where = NULL;
}

static int config_origin_set(struct config_origin *o, const char *option,
			     const char *text, const char *where,
			     struct av_err *err)
{
	o->option = option;
	o->text = strdup(text);
	o->where = where ? strdup(where) : NULL;
	if (o->text && (o->where || !where))
		return 0;
	config_origin_free(o);
	return av_errf(err, ENOMEM, "out of memory");
}

void config_drive_free(struct config_drive *d)
{
	config_origin_free(&d->origin);
	free(d->id);
	free(d->file);
	free(d->serial);
	memset(d, 0, sizeof(*d));
}

void config_device_free(struct config_device *d)
{
	config_origin_free(&d->origin);
	free(d->id);
	free(d->drive);
	free(d->serial);
	memset(d, 0, sizeof(*d));
}

static void config_free_lists(struct vm_config *cfg)
{
	for (unsigned int i = 0; i < cfg->ndrives; i++)
		config_drive_free(&cfg->drives[i]);
	for (unsigned int i = 0; i < cfg->ndevices; i++)
		config_device_free(&cfg->devices[i]);
	for (unsigned int i = 0; i < cfg->nnetdevs; i++)
		config_origin_free(&cfg->netdevs[i].origin);
	for (unsigned int i = 0; i < cfg->nnics; i++)
		config_origin_free(&cfg->nics[i].origin);
	for (unsigned int i = 0; i < cfg->nchardevs; i++)
		config_origin_free(&cfg->chardevs[i].origin);
	for (unsigned int i = 0; i < cfg->nobjects; i++)
		config_origin_free(&cfg->objects[i].origin);
	fsdev_free_all(cfg);
	free(cfg->objects);
	cfg->objects = NULL;
	cfg->nobjects = 0;
	free(cfg->net_hub.nic_text);
	free(cfg->net_hub.backend_text);
	memset(&cfg->net_hub, 0, sizeof(cfg->net_hub));
	free(cfg->drives);
	free(cfg->devices);
	free(cfg->netdevs);
	free(cfg->nics);
	free(cfg->chardevs);
	cfg->drives = NULL;
	cfg->devices = NULL;
	cfg->netdevs = NULL;
	cfg->nics = NULL;
	cfg->chardevs = NULL;
	cfg->ndrives = cfg->ndevices = cfg->nnetdevs = cfg->nnics = 0;
	cfg->nchardevs = 0;
}

void config_free(struct vm_config *cfg)
{
	char **strs[] = {
		&cfg->dumpdtb, &cfg->kernel, &cfg->initrd, &cfg->append,
		&cfg->dtb, &cfg->serial_path, &cfg->log_file, &cfg->incoming,
	};

	for (size_t i = 0; i < ARRAY_SIZE(strs); i++) {
		free(*strs[i]);
		*strs[i] = NULL;
	}
	config_free_lists(cfg);
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

static int config_list_append(void *items, unsigned int *count,
			      const void *item, size_t size, struct av_err *err)
{
	char **list = items;
	char *grown = realloc(*list, (*count + 1) * size);

	if (!grown)
		return av_errf(err, ENOMEM, "out of memory");
	memcpy(grown + *count * size, item, size);
	*list = grown;
	(*count)++;
	return 0;
}

int config_list_add(void *items, unsigned int *count, void *item, size_t size,
		    struct config_origin *origin, const char *option,
		    const char *text, const char *where, struct av_err *err)
{
	int ret = config_origin_set(origin, option, text, where, err);

	if (!ret)
		ret = config_list_append(items, count, item, size, err);
	if (ret)
		config_origin_free(origin);
	return ret;
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
