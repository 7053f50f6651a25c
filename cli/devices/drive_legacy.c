// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU's disk shorthands (qemu-options.hx "-hda", "-snapshot"). -hda FILE
 * is a -drive of the board's default interface at index 0 (-hdb 1, -hdc
 * 2, -hdd 3): on virt that interface is virtio (hw/arm/virt.c
 * block_default_type), so each is a virtio-blk disk. The file name is
 * taken whole, commas included, as QEMU's drive_add() sets it.
 * -snapshot is snapshot=on for every drive that does not say otherwise,
 * wherever it stands on the command line.
 */
#include <stdio.h>

#include "../opts.h"
#include "../opts_at.h"
#include "../options.h"

static const char *const hd_options[] = { "-hda", "-hdb", "-hdc", "-hdd" };

static int opt_hd(struct vm_config *cfg, const char *file, int index,
		  struct av_err *err)
{
	char opts[48];
	struct config_drive d;
	int ret;

	/* A placeholder file: the real name may hold commas. */
	snprintf(opts, sizeof(opts), "if=virtio,index=%d,media=disk,file=_", index);
	ret = config_parse_drive(opts, &d, err);
	if (ret)
		return ret;
	ret = config_set_str(&d.file, file, err);
	if (ret) {
		config_drive_free(&d);
		return ret;
	}
	return drive_add(cfg, &d, hd_options[index], file, NULL, err);
}

int opt_hda(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	return opt_hd(cfg, arg, 0, err);
}

int opt_hdb(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	return opt_hd(cfg, arg, 1, err);
}

int opt_hdc(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	return opt_hd(cfg, arg, 2, err);
}

int opt_hdd(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	return opt_hd(cfg, arg, 3, err);
}

/*
 * -pflash FILE: the next free flash unit (qemu-options.hx "-pflash";
 * QEMU's drive_add(IF_PFLASH, -1, ...)), the name taken whole.
 */
int opt_pflash(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	struct config_drive d;
	int ret;

	ret = config_parse_drive("if=pflash,file=_", &d, err);
	if (ret)
		return ret;
	ret = config_set_str(&d.file, arg, err);
	if (ret) {
		config_drive_free(&d);
		return ret;
	}
	return drive_add(cfg, &d, "-pflash", arg, NULL, err);
}

int opt_snapshot(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	(void)arg;
	(void)err;
	cfg->snapshot = true;
	return 0;
}

void drive_apply_snapshot(struct vm_config *cfg)
{
	for (unsigned int i = 0; i < cfg->ndrives; i++)
		if (!cfg->drives[i].snapshot_given)
			cfg->drives[i].snapshot = cfg->snapshot;
}
