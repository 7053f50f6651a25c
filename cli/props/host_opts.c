// SPDX-License-Identifier: GPL-2.0
/*
 * Options about the VMM process rather than the machine, as QEMU 7.2
 * spells them (qemu-options.hx), so that scripts and test harnesses
 * written for qemu-system-aarch64 run unchanged:
 *   -name [guest=]NAME[,process=PNAME][,debug-threads=on|off]
 *   -pidfile FILE     (written by cli/main.c once the options are in)
 *   -rtc [base=utc|localtime|DATE][,clock=host][,driftfix=none|slew]
 *   -vga none         (we have no display adapter)
 *   -no-user-config   (we read no configuration file by default)
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "../opts.h"
#include "../options.h"
#include "util.h"

/* QEMU's -name keys (softmmu/vl.c qemu_name_opts). */
static int name_check_keys(const struct keyval_list *kv, struct av_err *err)
{
	static const char *const keys[] = { "guest", "process", "debug-threads", NULL };

	for (unsigned int i = 0; i < kv->count; i++) {
		bool known = false;

		for (unsigned int k = 0; keys[k]; k++)
			known |= !strcmp(kv->items[i].key, keys[k]);
		if (!known)
			return av_errf(err, EINVAL, "Invalid parameter '%s'",
				       kv->items[i].key);
	}
	return 0;
}

int opt_name(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	struct keyval_list kv = { 0 };
	const char *dt;
	bool on;
	int ret = qemuopts_parse(arg, "guest", &kv, err);

	if (!ret)
		ret = name_check_keys(&kv, err);
	dt = ret ? NULL : keyval_last(&kv, "debug-threads");
	if (dt && parse_bool("debug-threads", dt, &on, err))
		ret = -err->code;
	if (!ret)
		ret = keyval_copy_last(&cfg->name, &kv, "guest", err);
	if (!ret)
		ret = keyval_copy_last(&cfg->process_name, &kv, "process", err);
	keyval_free(&kv);
	return ret;
}

/* -daemonize (qemu-options.hx): cli/daemonize.c does it at start. */
int opt_daemonize(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	(void)arg;
	(void)err;
	cfg->daemonize = true;
	return 0;
}

/* -perfmap (QEMU 8.1's option): TCG's x86-64 tier names its blocks for perf. */
int opt_perfmap(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	(void)arg;
	(void)err;
	cfg->tcg_perfmap = true;
	return 0;
}

int opt_pidfile(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	if (!*arg)
		return av_errf(err, EINVAL, "the pid file needs a name");
	return config_set_str(&cfg->pidfile, arg, err);
}

int opt_vga(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	(void)cfg;
	if (!strcmp(arg, "none"))
		return 0;
	return av_errf(err, ENOTSUP,
		       "armvisor has no display adapter (only -vga none)");
}

int opt_no_user_config(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	(void)cfg;
	(void)arg;
	(void)err;
	return 0;		/* nothing is read by default: nothing to skip */
}

/* base=DATE: "2006-06-17T16:01:21" or "2006-06-17" (QEMU's configure_rtc_base_datetime), UTC. */
static int rtc_parse_date(const char *s, time_t *t, struct av_err *err)
{
	struct tm tm = { 0 };
	const char *end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);

	if (!end || *end) {
		memset(&tm, 0, sizeof(tm));
		end = strptime(s, "%Y-%m-%d", &tm);
	}
	if (!end || *end)
		return av_errf(err, EINVAL, "invalid datetime format");
	*t = timegm(&tm);
	if (*t == (time_t)-1)
		return av_errf(err, EINVAL, "invalid datetime format");
	return 0;
}

/*
 * The guest RTC's distance from host UTC, in seconds: localtime adds the
 * host zone's offset now (as QEMU's qemu_get_timedate() with
 * rtc_base_type = RTC_BASE_LOCALTIME), a date counts from it.
 */
static int rtc_base(const char *base, int64_t *offset, struct av_err *err)
{
	time_t now = time(NULL), t;
	struct tm tm;

	if (!base || !strcmp(base, "utc")) {
		*offset = 0;
		return 0;
	}
	if (!strcmp(base, "localtime")) {
		localtime_r(&now, &tm);
		*offset = tm.tm_gmtoff;
		return 0;
	}
	if (rtc_parse_date(base, &t, err))
		return -err->code;
	*offset = (int64_t)t - (int64_t)now;
	return 0;
}

static int rtc_check(const struct keyval_list *kv, struct av_err *err)
{
	const char *clock = keyval_last(kv, "clock");
	const char *drift = keyval_last(kv, "driftfix");

	for (unsigned int i = 0; i < kv->count; i++)
		if (strcmp(kv->items[i].key, "base") && strcmp(kv->items[i].key, "clock") &&
		    strcmp(kv->items[i].key, "driftfix"))
			return av_errf(err, EINVAL, "Invalid parameter '%s'",
				       kv->items[i].key);
	if (clock && strcmp(clock, "host"))
		return av_errf(err, ENOTSUP,
			       "clock=%s: the PL031 follows the host's clock only (clock=host)",
			       clock);
	/* slew only matters to an x86 RTC's periodic interrupts: no-op here. */
	if (drift && strcmp(drift, "none") && strcmp(drift, "slew"))
		return av_errf(err, EINVAL, "invalid driftfix value");
	return 0;
}

int opt_rtc(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	struct keyval_list kv = { 0 };
	int ret = qemuopts_parse(arg, NULL, &kv, err);

	if (!ret)
		ret = rtc_check(&kv, err);
	if (!ret)
		ret = rtc_base(keyval_last(&kv, "base"), &cfg->rtc_offset, err);
	keyval_free(&kv);
	return ret;
}
