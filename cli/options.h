/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The option table. A new option (-drive, -device, -netdev, -chardev,
 * -nic, -gdb, -s, -S ...) is one entry in cli/options.c plus a handler.
 */
#ifndef ARMVISOR_CLI_OPTIONS_H
#define ARMVISOR_CLI_OPTIONS_H

#include <stdbool.h>

#include "config.h"
#include "err.h"

/* What parsing does after a handler returns 0. */
enum opt_next {
	OPT_CONTINUE = 0,
	OPT_STOP,			/* -h, -version: QEMU acts at once */
};

/*
 * cli_option.has_arg: false, true (the next word), or OPT_ARG_INLINE:
 * optional, in the same word after '=' (-boot-timeline=FILE); the
 * handler then gets NULL without one.
 */
#define OPT_ARG_INLINE	2

struct cli_option {
	const char *name;		/* without the leading '-' */
	unsigned char has_arg;
	/* The handler names its own context (e.g. -readconfig: file:line). */
	bool own_context;
	/* Returns 0 (or OPT_STOP), or a negative errno with err set. */
	int (*handle)(struct vm_config *cfg, const char *arg,
		      struct av_err *err);
};

extern const struct cli_option cli_options[];

int opt_machine(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_cpu(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_smp(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_memory(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_kernel(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_initrd(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_append(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_dtb(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_nographic(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_serial(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_monitor(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_display(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_mon(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_qmp(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_accel(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_enable_kvm(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_no_reboot(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_incoming(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_nodefaults(struct vm_config *cfg, const char *arg, struct av_err *err);
/* cli/props/host_opts.c */
int opt_name(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_pidfile(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_daemonize(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_perfmap(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_vga(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_no_user_config(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_rtc(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_net(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_object(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_echr(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_sandbox(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_log_items(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_log_file(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_readconfig(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_version(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_help(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_netdev(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_nic(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_chardev(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_device(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_drive(struct vm_config *cfg, const char *arg, struct av_err *err);
/* cli/devices/drive_legacy.c: -hda..-hdd, -snapshot */
int opt_pflash(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_bios(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_hda(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_hdb(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_hdc(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_hdd(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_snapshot(struct vm_config *cfg, const char *arg, struct av_err *err);
/* Give every drive without snapshot= the -snapshot setting (once all are in). */
void drive_apply_snapshot(struct vm_config *cfg);
/* cli/char/gdb.c: -gdb, -s, -S */
int opt_gdb(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_global(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_gdb_default(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_gdb_wait(struct vm_config *cfg, const char *arg, struct av_err *err);
/* cli/devices/fsdev.c: -fsdev, -virtfs */
int opt_fw_cfg(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_fsdev(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_virtfs(struct vm_config *cfg, const char *arg, struct av_err *err);
/* -boot-timeline[=FILE] (cli/handlers.c), --matrix (cli/matrix.c) */
int opt_boot_timeline(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_matrix(struct vm_config *cfg, const char *arg, struct av_err *err);
/* cli/props/semihosting_props.c */
int opt_semihosting(struct vm_config *cfg, const char *arg, struct av_err *err);
int opt_semihosting_config(struct vm_config *cfg, const char *arg, struct av_err *err);

#endif
