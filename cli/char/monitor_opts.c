// SPDX-License-Identifier: GPL-2.0
/*
 * -monitor DEV, -mon chardev=ID[,mode=readline|control][,pretty=..],
 * -qmp DEV (qemu-options.hx): one human monitor (HMP) and one QMP.
 */
#include <errno.h>
#include <string.h>

#include "../opts.h"
#include "../opts_at.h"
#include "../options.h"
#include "util.h"

static int monitor_once(struct config_monitor *m, const char *what, struct av_err *err)
{
	if (m->count++)
		return av_errf(err, EINVAL, "armvisor has one %s (given twice)", what);
	return 0;
}

static int monitor_set_chardev(struct config_monitor *m, const char *id,
			       struct av_err *err)
{
	if (!*id || strlen(id) >= sizeof(m->chardev))
		return av_errf(err, EINVAL, "a chardev id of 1 to %zu characters is needed",
			       sizeof(m->chardev) - 1);
	m->kind = MONITOR_CHARDEV;
	strcpy(m->chardev, id);
	return 0;
}

/* DEV in QEMU's legacy chardev syntax, for -monitor and -qmp. */
static int monitor_set_dev(struct config_monitor *m, const char *arg, const char *label,
			   struct av_err *err)
{
	int ret;

	if (!strcmp(arg, "none")) {
		m->kind = MONITOR_NONE;
		return 0;
	}
	if (!strncmp(arg, "chardev:", 8))
		return monitor_set_chardev(m, arg + 8, err);
	ret = chardev_parse_compat(arg, label, &m->opts, err);
	if (ret > 0)
		return av_errf(err, EINVAL,
			       "'%s' is not a valid char driver for the monitor (none, stdio, pty, chardev:ID, tcp:HOST:PORT, unix:PATH)",
			       arg);
	if (!ret)
		m->kind = MONITOR_OPTS;
	return ret;
}

int opt_monitor(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	int ret = monitor_once(&cfg->monitor, "monitor (-monitor/-mon)", err);

	return ret ? ret : monitor_set_dev(&cfg->monitor, arg, "compat_monitor0", err);
}

int opt_qmp(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	int ret = monitor_once(&cfg->qmp, "QMP monitor (-qmp/-mon mode=control)", err);

	return ret ? ret : monitor_set_dev(&cfg->qmp, arg, "compat_monitor1", err);
}

struct mon_args {
	char chardev[CHARDEV_ID_MAX];
	bool control;
};

static int mon_set(struct mon_args *a, const char *k, const char *v, struct av_err *err)
{
	bool b;

	if (!strcmp(k, "chardev")) {
		if (!*v || strlen(v) >= sizeof(a->chardev))
			return av_errf(err, EINVAL, "a chardev id of 1 to %zu characters is needed",
				       sizeof(a->chardev) - 1);
		strcpy(a->chardev, v);
		return 0;
	}
	if (!strcmp(k, "mode")) {
		if (strcmp(v, "readline") && strcmp(v, "control"))
			return av_errf(err, EINVAL, "Parameter 'mode' expects 'readline' or 'control'");
		a->control = !strcmp(v, "control");
		return 0;
	}
	/* JSON layout of QMP replies: ours are always compact. */
	if (!strcmp(k, "pretty"))
		return parse_bool(k, v, &b, err);
	if (!strcmp(k, "id"))
		return opts_check_id(v, err) ? -EINVAL : 0;
	return av_errf(err, EINVAL, "Invalid parameter '%s'", k);
}

int opt_mon(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	struct mon_args a = { "", false };
	struct config_monitor *m;
	struct keyval_list kv;
	int ret = qemuopts_parse(arg, "chardev", &kv, err);

	if (ret)
		return ret;
	for (unsigned int i = 0; !ret && i < kv.count; i++)
		ret = mon_set(&a, kv.items[i].key, kv.items[i].value, err);
	keyval_free(&kv);
	if (!ret && !a.chardev[0])
		ret = av_errf(err, EINVAL, "-mon needs chardev=ID");
	if (ret)
		return ret;
	m = a.control ? &cfg->qmp : &cfg->monitor;
	ret = monitor_once(m, a.control ? "QMP monitor (-qmp/-mon mode=control)" :
			   "monitor (-monitor/-mon)", err);
	return ret ? ret : monitor_set_chardev(m, a.chardev, err);
}
