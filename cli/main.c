// SPDX-License-Identifier: GPL-2.0
/*
 * armvisor: boot an arm64 guest on the virt board. The command line is a
 * subset of qemu-system-aarch64's. This is the only place that prints an
 * error and chooses the exit status (docs/ARCHITECTURE.md, "Modules and
 * their interfaces").
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "broker.h"
#include "chardev.h"
#include "cli.h"
#include "config.h"
#include "gdbstub.h"
#include "log.h"
#include "loop.h"
#include "timeline.h"
#include "util.h"
#include "vm.h"

static int cli_fail(const struct av_err *err)
{
	term_restore();
	fprintf(stderr, "armvisor: %s\n", err->msg[0] ? err->msg : "failed");
	return 1;
}

static int cli_write_file(const char *path, const void *buf, size_t len,
			  struct av_err *err)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		return av_errf_errno(err, errno, "cannot write %s", path);
	if (fwrite(buf, 1, len, f) != len || fclose(f) != 0)
		return av_errf(err, EIO, "cannot write %s", path);
	return 0;
}

/* -machine dumpdtb=FILE: the DTB the guest would get, then exit (as QEMU). */
static int cli_dump_dtb(struct vm *vm, struct av_err *err)
{
	int ret = vm->cfg->kernel || vm_has_firmware(vm->cfg) ?
		  vm_load_and_reset(vm, err) : vm_build_dtb(vm, err);

	if (ret)
		return ret;
	return cli_write_file(vm->cfg->dumpdtb, vm->fdt, vm->fdt_size, err);
}

/* What the user needs to connect (a pty's path), as QEMU prints it. */
static void cli_notice(const char *text)
{
	fprintf(stderr, "%s\n", text);
}

static bool cli_info_request(const struct vm_config *cfg)
{
	if (cfg->show_help) {
		cli_print_usage(stdout);
		return true;
	}
	if (cfg->show_version) {
		cli_print_version(stdout);
		return true;
	}
	return cli_print_list(cfg, stdout);
}

/* -name process=NAME: the main thread's name, as QEMU's os_set_proc_name(). */
static void cli_set_proc_name(const struct vm_config *cfg)
{
	char name[16];

	if (!cfg->process_name)
		return;
	snprintf(name, sizeof(name), "%s", cfg->process_name);
	prctl(PR_SET_NAME, name);
}

static int cli_run_vm(struct vm_config *cfg, struct cli_daemon *daemon,
		      struct av_err *err);

/*
 * The pid file lives as long as the VM (QEMU writes it before the
 * machine, after daemonizing: it holds the daemon's pid).
 */
static int cli_run(struct vm_config *cfg, struct av_err *err)
{
	struct cli_pidfile pid = { .fd = -1, .watch_fd = -1 };
	struct cli_daemon daemon = { .ready_fd = -1 };
	int ret = cfg->daemonize ? cli_daemon_start(&daemon, err) : 0;

	if (ret)
		return ret < 0 ? ret : ret - 1;	/* the parent: the daemon's status */
	if (cfg->pidfile && cli_pidfile_write(&pid, cfg->pidfile, err))
		return -err->code;
	cli_set_proc_name(cfg);
	ret = cli_run_vm(cfg, &daemon, err);
	cli_pidfile_remove(&pid);
	return ret;
}

static int cli_run_vm(struct vm_config *cfg, struct cli_daemon *daemon,
		      struct av_err *err)
{
	const struct accel_ops *accel;
	struct gdbstub *gdb = NULL;
	struct cli_monitor mon = { 0 };
	FILE *tl_out = NULL;
	struct vm vm;
	int ret;

	/* Someone must say "cont": gdb, or the monitor. */
	if (cfg->gdb.wait && !cfg->gdb.on && !cli_monitor_wanted(cfg))
		return av_errf(err, EINVAL,
			       "-S needs -gdb, -s or a monitor (gdb or the monitor's cont starts the CPUs)");
	cfg->broker_exe = "/proc/self/exe";	/* main() serves as the broker */
	ret = cli_timeline_open(cfg->timeline_file, &tl_out, err);
	if (!ret)
		ret = ignore_sigpipe(err);
	if (!ret)
		ret = crash_report_install(err);
	/* With the sandbox, its builder thread loads the unwinder meanwhile. */
	if (!ret && !cfg->sandbox)
		crash_report_warm();
	if (!ret)
		ret = log_open(&av_log_global, cfg->log_mask, cfg->log_file, err);
	if (!ret)
		ret = accel_select(cfg->accel, &accel, err);
	if (!ret && accel == &accel_kvm_ops && cfg->semihosting)
		ret = av_errf(err, EINVAL,
			      "-semihosting needs -accel tcg: KVM has no semihosting trap");
	if (!ret)
		ret = loop_block_signals(err);
	if (ret) {
		if (tl_out)
			fclose(tl_out);
		return ret;
	}
	/* KVM runs the host's CPU whatever the model name (as QEMU's -cpu host). */
	if (accel == &accel_kvm_ops && cfg->cpu[0] && strcmp(cfg->cpu, "host"))
		fprintf(stderr, "armvisor: -cpu %s runs as the host CPU under KVM\n",
			cfg->cpu);
	cfg->notice = cli_notice;
	ret = vm_create(&vm, cfg, accel, err);
	if (!ret && cfg->dumpdtb) {
		ret = cli_dump_dtb(&vm, err);
		vm_destroy(&vm);
		cli_timeline_report(cfg->timeline, tl_out);
		return ret;
	}
	if (!ret)
		ret = vm_load_and_reset(&vm, err);
	if (!ret && cfg->incoming)
		ret = vm_snapshot_load(&vm, cfg->incoming, err);
	if (!ret && cfg->gdb.on)
		ret = gdbstub_start(&vm, &cfg->gdb, &gdb, err);
	if (!ret)
		ret = cli_start_monitor(&vm, &mon, err);
	if (!ret)
		cli_daemon_ready(daemon);
	if (!ret && ((vm.serial && vm.serial->in_fd == STDIN_FILENO) ||
		     cli_monitor_on_stdin(&mon)) && isatty(STDIN_FILENO))
		ret = term_enter_raw(STDIN_FILENO, err);
	if (!ret)
		ret = vm_run(&vm, err);
	term_restore();
	gdbstub_stop(gdb);	/* the vCPU threads are gone: gdb hears the end */
	cli_stop_monitor(&vm, &mon);
	if (!ret)
		ret = vm.exit_code;
	vm_destroy(&vm);
	timeline_mark(cfg->timeline, "exit");
	cli_timeline_report(cfg->timeline, tl_out);
	log_close(&av_log_global);
	return ret;
}

int main(int argc, char **argv)
{
	struct timeline tl;		/* 40 KiB of the 8 MiB main stack */
	struct vm_config cfg;
	struct av_err err = { 0 };
	int ret, fd;

	/* cli_run's broker, spawned as this program (include/broker.h). */
	if (broker_child_args(argc, argv, &fd))
		return broker_child_main(fd);
	timeline_init(&tl, false);
	config_init(&cfg);
	ret = config_parse_args(&cfg, argc - 1, argv + 1, &err);
	if (!ret && cli_info_request(&cfg)) {
		config_free(&cfg);
		return 0;
	}
	if (!ret)
		ret = config_validate(&cfg, &err);
	tl.on = cfg.timeline_on;
	cfg.timeline = &tl;
	timeline_mark(&tl, "options parsed");
	if (!ret && cfg.matrix)
		ret = cli_matrix_run(&cfg, argc, argv, &err);
	else if (!ret)
		ret = cli_run(&cfg, &err);
	config_free(&cfg);
	timeline_free(&tl);
	if (ret < 0)
		return cli_fail(&err);
	return ret;
}
