// SPDX-License-Identifier: GPL-2.0
/*
 * Where the monitor lives, as QEMU decides it (softmmu/vl.c): on the
 * serial port's terminal behind Ctrl-A c (-serial mon:stdio, which
 * -nographic implies; a mux=on chardev shared by -serial chardev:ID and
 * -mon chardev=ID; -monitor stdio while the serial port is on stdio
 * too), or on a back end of its own. QMP always has its own back end.
 * With a monitor and no -gdb, they own stop/cont (-S waits for "cont").
 */
#include <errno.h>
#include <string.h>

#include "../cli.h"
#include "console.h"
#include "monitor.h"
#include "vm.h"

static void mux_input(void *opaque, const uint8_t *buf, size_t len)
{
	monitor_input(opaque, buf, len);
}

static void mux_focus(void *opaque)
{
	monitor_focus(opaque);
}

static int mon_on_serial(struct vm *vm, bool focused, struct monitor **mon,
			 struct av_err *err)
{
	int ret = monitor_create(vm, vm->serial, mon, err);

	if (ret)
		return ret;
	vm->mux.input = mux_input;
	vm->mux.focus = mux_focus;
	vm->mux.opaque = *mon;
	vm->mux.on_monitor = focused;
	if (focused)
		monitor_focus(*mon);
	return 0;
}

static int mon_own(struct vm *vm, const struct chardev_opts *o, struct chardev **chr,
		   struct monitor **mon, struct av_err *err)
{
	int ret = vm_open_chardev(vm, o, chr, err);

	if (!ret)
		ret = monitor_create(vm, *chr, mon, err);
	if (!ret)
		ret = monitor_watch(*mon, err);
	return ret;
}

static bool serial_on_stdio(const struct vm_config *cfg)
{
	return cfg->serial == SERIAL_DEFAULT || cfg->serial == SERIAL_STDIO;
}

/* The -chardev a -mon names, unless a virtconsole or the other monitor has it. */
static const struct chardev_opts *mon_find_chardev(const struct vm_config *cfg,
						   const char *id, struct av_err *err)
{
	const struct chardev_opts *o = config_find_chardev(cfg, id);

	if (!o) {
		av_errf(err, ENOENT, "-mon: chardev '%s' not found", id);
		return NULL;
	}
	for (unsigned int i = 0; i < cfg->ndevices; i++)
		if (cfg->devices[i].model == DEVICE_VIRTCONSOLE &&
		    !strcmp(cfg->devices[i].chardev, id)) {
			av_errf(err, EBUSY, "-mon: chardev '%s' is a virtconsole's", id);
			return NULL;
		}
	if (cfg->monitor.kind == MONITOR_CHARDEV && cfg->qmp.kind == MONITOR_CHARDEV &&
	    !strcmp(cfg->monitor.chardev, cfg->qmp.chardev)) {
		av_errf(err, EBUSY, "-mon: chardev '%s' serves one monitor only", id);
		return NULL;
	}
	return o;
}

/* -mon chardev=ID: shared with the serial port (mux=on), or its own. */
static int mon_chardev(struct vm *vm, struct chardev **chr, struct monitor **mon,
		       struct av_err *err)
{
	const struct vm_config *cfg = vm->cfg;
	const char *id = cfg->monitor.chardev;
	const struct chardev_opts *o = mon_find_chardev(cfg, id, err);

	if (!o)
		return -err->code;
	if (cfg->serial == SERIAL_CHARDEV && !strcmp(cfg->serial_path, id)) {
		if (!o->mux)
			return av_errf(err, EBUSY,
				       "-mon: chardev '%s' is the serial port's (add mux=on to share it)",
				       id);
		return mon_on_serial(vm, false, mon, err);
	}
	if (o->kind == CHARDEV_STDIO && serial_on_stdio(cfg))
		return av_errf(err, EBUSY,
			       "-mon: chardev '%s': stdio is the serial console already (use -serial mon:stdio)",
			       id);
	return mon_own(vm, o, chr, mon, err);
}

static int mon_place(struct vm *vm, struct chardev **chr, struct monitor **mon,
		     struct av_err *err)
{
	const struct vm_config *cfg = vm->cfg;

	switch (cfg->monitor.kind) {
	case MONITOR_NONE:
		return 0;
	case MONITOR_CHARDEV:
		return mon_chardev(vm, chr, mon, err);
	case MONITOR_OPTS:
		/* QEMU would give the serial port a graphical console: we share stdio. */
		if (cfg->monitor.opts.kind == CHARDEV_STDIO && serial_on_stdio(cfg))
			return mon_on_serial(vm, true, mon, err);
		return mon_own(vm, &cfg->monitor.opts, chr, mon, err);
	default:
		return cfg->serial_mux ? mon_on_serial(vm, false, mon, err) : 0;
	}
}

/* QMP: -qmp DEV or -mon chardev=ID,mode=control, never on the serial's. */
static int qmp_place(struct vm *vm, struct chardev **chr, struct qmp **q,
		     struct av_err *err)
{
	const struct vm_config *cfg = vm->cfg;
	const struct chardev_opts *o = &cfg->qmp.opts;
	int ret;

	if (cfg->qmp.kind == MONITOR_CHARDEV) {
		o = mon_find_chardev(cfg, cfg->qmp.chardev, err);
		if (!o)
			return -err->code;
		if (cfg->serial == SERIAL_CHARDEV && !strcmp(cfg->serial_path, o->id))
			return av_errf(err, EBUSY,
				       "-mon: chardev '%s' is the serial port's: QMP needs one of its own",
				       o->id);
	} else if (cfg->qmp.kind != MONITOR_OPTS) {
		return 0;
	}
	if (o->kind == CHARDEV_STDIO && (serial_on_stdio(cfg) ||
	    (cfg->monitor.kind == MONITOR_OPTS && cfg->monitor.opts.kind == CHARDEV_STDIO)))
		return av_errf(err, EBUSY, "QMP: stdio is in use by the serial console or the monitor");
	ret = vm_open_chardev(vm, o, chr, err);
	if (!ret)
		ret = qmp_create(vm, *chr, q, err);
	if (!ret)
		ret = qmp_watch(*q, err);
	return ret;
}

static bool hmp_wanted(const struct vm_config *cfg)
{
	if (cfg->monitor.kind == MONITOR_DEFAULT)
		return cfg->serial_mux;
	return cfg->monitor.kind != MONITOR_NONE;
}

bool cli_monitor_wanted(const struct vm_config *cfg)
{
	return hmp_wanted(cfg) || cfg->qmp.kind == MONITOR_OPTS ||
	       cfg->qmp.kind == MONITOR_CHARDEV;
}

int cli_start_monitor(struct vm *vm, struct cli_monitor *cm, struct av_err *err)
{
	const struct vm_config *cfg = vm->cfg;
	int ret;

	memset(cm, 0, sizeof(*cm));
	ret = mon_place(vm, &cm->chr, &cm->mon, err);
	if (!ret)
		ret = qmp_place(vm, &cm->qmp_chr, &cm->qmp, err);
	if (ret || (!cm->mon && !cm->qmp))
		return ret;
	if (cfg->gdb.on)
		return 0;
	ret = vm_control_attach(vm, cfg->gdb.wait, err);
	/* Without -S the monitor works on; its stop and cont say why not. */
	if (ret && !cfg->gdb.wait) {
		*err = (struct av_err){ 0 };
		ret = 0;
	}
	return ret;
}

bool cli_monitor_on_stdin(const struct cli_monitor *cm)
{
	return (cm->chr && cm->chr->in_fd == 0) || (cm->qmp_chr && cm->qmp_chr->in_fd == 0);
}

void cli_stop_monitor(struct vm *vm, struct cli_monitor *cm)
{
	if (cm->qmp)
		qmp_vm_ended(cm->qmp);
	vm_control_release(vm);
	memset(&vm->mux, 0, sizeof(vm->mux));
	monitor_destroy(cm->mon);
	chardev_close(cm->chr);
	qmp_destroy(cm->qmp);
	chardev_close(cm->qmp_chr);
	memset(cm, 0, sizeof(*cm));
}
