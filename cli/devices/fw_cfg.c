// SPDX-License-Identifier: GPL-2.0
/*
 * -fw_cfg [name=]NAME,file=PATH | -fw_cfg [name=]NAME,string=TEXT
 * (qemu-options.hx "-fw_cfg"): a file the firmware finds in fw_cfg's
 * directory. As QEMU (softmmu/vl.c parse_fw_cfg()): exactly one of file=
 * and string=, a name shorter than 56 bytes, and names outside "opt/"
 * are the VMM's own, so refused here (QEMU only warns). The file is read
 * when the machine is built.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../opts.h"
#include "../options.h"
#include "fw_cfg.h"

static const char *const fw_cfg_keys[] = { "name", "file", "string", NULL };

static void config_fw_cfg_free(struct config_fw_cfg *f)
{
	config_origin_free(&f->origin);
	free(f->name);
	free(f->file);
	free(f->string);
	memset(f, 0, sizeof(*f));
}

void fw_cfg_free_all(struct vm_config *cfg)
{
	for (unsigned int i = 0; i < cfg->nfw_cfgs; i++)
		config_fw_cfg_free(&cfg->fw_cfgs[i]);
	free(cfg->fw_cfgs);
	cfg->fw_cfgs = NULL;
	cfg->nfw_cfgs = 0;
}

static int fw_cfg_check(const struct config_fw_cfg *f, struct av_err *err)
{
	if (!f->name)
		return av_errf(err, EINVAL, "name= is needed");
	if (!!f->file == !!f->string)
		return av_errf(err, EINVAL, "give exactly one of file= and string=");
	if (strlen(f->name) >= FW_CFG_NAME_MAX)
		return av_errf(err, EINVAL, "name '%s' is longer than %d bytes",
			       f->name, FW_CFG_NAME_MAX - 1);
	if (strncmp(f->name, "opt/", 4))
		return av_errf(err, EINVAL,
			       "name '%s' must start with 'opt/' (other names are the VMM's)",
			       f->name);
	return 0;
}

static int fw_cfg_fill(struct config_fw_cfg *f, const struct keyval_list *kv,
		       struct av_err *err)
{
	const char *unknown = keyval_unknown(kv, fw_cfg_keys, false);
	int ret = 0;

	if (unknown)
		return av_errf(err, EINVAL, "unknown property '%s'", unknown);
	ret = keyval_copy_last(&f->name, kv, "name", err);
	if (!ret)
		ret = keyval_copy_last(&f->file, kv, "file", err);
	if (!ret)
		ret = keyval_copy_last(&f->string, kv, "string", err);
	return ret ? ret : fw_cfg_check(f, err);
}

static int fw_cfg_add(struct vm_config *cfg, struct config_fw_cfg *f,
		      const char *text, struct av_err *err)
{
	int ret = 0;

	for (unsigned int i = 0; !ret && i < cfg->nfw_cfgs; i++)
		if (!strcmp(cfg->fw_cfgs[i].name, f->name))
			ret = av_errf(err, EEXIST, "name '%s' given twice", f->name);
	if (!ret)
		ret = config_list_add(&cfg->fw_cfgs, &cfg->nfw_cfgs, f, sizeof(*f),
				      &f->origin, "-fw_cfg", text, NULL, err);
	if (ret)
		config_fw_cfg_free(f);
	return ret;
}

int opt_fw_cfg(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	struct config_fw_cfg f;
	struct keyval_list kv;
	int ret;

	memset(&f, 0, sizeof(f));
	ret = qemuopts_parse(arg, "name", &kv, err);
	if (ret)
		return ret;
	ret = fw_cfg_fill(&f, &kv, err);
	keyval_free(&kv);
	if (ret) {
		config_fw_cfg_free(&f);
		return ret;
	}
	return fw_cfg_add(cfg, &f, arg, err);
}
