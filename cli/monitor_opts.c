// SPDX-License-Identifier: GPL-2.0
/*
 * -monitor DEV, -mon chardev=ID[,mode=readline][,pretty=..], -qmp
 * (qemu-options.hx). armvisor has one human monitor (HMP); QMP
 * (mode=control) is refused by name until it exists.
 */
#include <errno.h>
#include <string.h>

#include "opts.h"
#include "opts_at.h"
#include "options.h"
#include "util.h"

static int monitor_once(struct vm_config *cfg, struct av_err *err)
{
	if (cfg->monitor.count++)
		return av_errf(err, EINVAL, "armvisor has one monitor (-monitor/-mon given twice)");
	return 0;
}

static int monitor_set_chardev(struct vm_config *cfg, const char *id, struct av_err *err)
{
	if (!*id || strlen(id) >= sizeof(cfg->monitor.chardev))
		return av_errf(err, EINVAL, "a chardev id of 1 to %zu characters is needed",
			       sizeof(cfg->monitor.chardev) - 1);
	cfg->monitor.kind = MONITOR_CHARDEV;
	strcpy(cfg->monitor.chardev, id);
	return 0;
}

int opt_monitor(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	int ret = monitor_once(cfg, err);

	if (ret)
		return ret;
	if (!strcmp(arg, "none")) {
		cfg->monitor.kind = MONITOR_NONE;
		return 0;
	}
	if (!strncmp(arg, "chardev:", 8))
		return monitor_set_chardev(cfg, arg + 8, err);
	ret = chardev_parse_compat(arg, "compat_monitor0", &cfg->monitor.opts, err);
	if (ret > 0)
		return av_errf(err, EINVAL,
			       "'%s' is not a valid char driver for the monitor (none, stdio, pty, chardev:ID, tcp:HOST:PORT, unix:PATH)",
			       arg);
	if (!ret)
		cfg->monitor.kind = MONITOR_OPTS;
	return ret;
}

static int mon_set(struct vm_config *cfg, const char *k, const char *v, struct av_err *err)
{
	bool b;

	if (!strcmp(k, "chardev"))
		return monitor_set_chardev(cfg, v, err);
	if (!strcmp(k, "mode")) {
		if (!strcmp(v, "readline"))
			return 0;
		if (!strcmp(v, "control"))
			return av_errf(err, ENOTSUP,
				       "mode=control (QMP) is not supported yet: armvisor's monitor is the human one (mode=readline)");
		return av_errf(err, EINVAL, "Parameter 'mode' expects 'readline' or 'control'");
	}
	/* JSON layout of QMP replies: nothing to do for the human monitor. */
	if (!strcmp(k, "pretty"))
		return parse_bool(k, v, &b, err);
	if (!strcmp(k, "id"))
		return opts_check_id(v, err) ? -EINVAL : 0;
	return av_errf(err, EINVAL, "Invalid parameter '%s'", k);
}

int opt_mon(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	struct keyval_list kv;
	int ret = monitor_once(cfg, err);

	if (!ret)
		ret = qemuopts_parse(arg, "chardev", &kv, err);
	if (ret)
		return ret;
	for (unsigned int i = 0; !ret && i < kv.count; i++)
		ret = mon_set(cfg, kv.items[i].key, kv.items[i].value, err);
	if (!ret && cfg->monitor.kind != MONITOR_CHARDEV)
		ret = av_errf(err, EINVAL, "-mon needs chardev=ID");
	keyval_free(&kv);
	return ret;
}

int opt_qmp(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	(void)cfg;
	(void)arg;
	return av_errf(err, ENOTSUP,
		       "QMP is not supported yet: armvisor's monitor is the human one (-monitor)");
}
