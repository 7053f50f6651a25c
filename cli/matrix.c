// SPDX-License-Identifier: GPL-2.0
/*
 * --matrix: one guest, every accelerator this host has (docs/timeline.md).
 * Each run is this program again with the same options plus "-accel X"
 * and "-boot-timeline"; its console (stdout) and its messages (stderr)
 * are collected, and the consoles are compared after the documented
 * normalisation (cli/matrix_compare.c). Runs go in turn unless
 * --matrix=parallel: in turn, host ports and socket paths in the options
 * cannot collide, and the timelines are not skewed by each other.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "accel.h"
#include "cli.h"
#include "matrix.h"
#include "options.h"

int opt_matrix(struct vm_config *cfg, const char *arg, struct av_err *err)
{
	if (arg && strcmp(arg, "parallel") && strcmp(arg, "serial"))
		return av_errf(err, EINVAL,
			       "'%s' is not a way to run: serial (the default) or parallel", arg);
	cfg->matrix = true;
	cfg->matrix_parallel = arg && !strcmp(arg, "parallel");
	return 0;
}

/* The accelerators this host runs, in the order they are reported. */
static unsigned int matrix_plan(struct matrix_run *runs, char *skipped,
				size_t skipped_size)
{
	struct av_err why = { 0 };
	unsigned int n = 0;

	if (accel_tcg_has_jit())
		runs[n++].accel = "tcg,jit=on";
	runs[n++].accel = "tcg,jit=off";
	if (accel_kvm_ops.available(&why))
		runs[n++].accel = "kvm";
	else
		snprintf(skipped, skipped_size, "kvm: %s", why.msg);
	return n;
}

/* argv without --matrix, plus the accelerator and the timeline. */
static char **matrix_argv(int argc, char **argv, const char *accel,
			  bool has_timeline)
{
	char **out = calloc((size_t)argc + 4, sizeof(*out));
	int n = 0;

	if (!out)
		return NULL;
	out[n++] = argv[0];
	for (int i = 1; i < argc; i++)
		if (!matrix_is_option(argv[i]))
			out[n++] = argv[i];
	out[n++] = "-accel";
	out[n++] = (char *)accel;
	if (!has_timeline)
		out[n++] = "-boot-timeline";
	return out;
}

static uint64_t matrix_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* In the child: stdin from /dev/null, stdout and stderr to the pipes. */
static void matrix_child(char **args, int out_fd, int err_fd)
{
	int null_fd = open("/dev/null", O_RDONLY);

	if (null_fd < 0 || dup2(null_fd, STDIN_FILENO) < 0 ||
	    dup2(out_fd, STDOUT_FILENO) < 0 || dup2(err_fd, STDERR_FILENO) < 0)
		_exit(127);
	execv("/proc/self/exe", args);
	dprintf(STDERR_FILENO, "armvisor --matrix: cannot run %s: %s\n",
		"/proc/self/exe", strerror(errno));
	_exit(127);
}

static int matrix_start(struct matrix_run *r, int argc, char **argv,
			bool has_timeline, struct av_err *err)
{
	int out[2], errp[2];
	char **args = matrix_argv(argc, argv, r->accel, has_timeline);

	if (!args)
		return av_errf(err, ENOMEM, "out of memory");
	if (pipe2(out, O_CLOEXEC) || pipe2(errp, O_CLOEXEC)) {
		free(args);
		return av_errf_errno(err, errno, "pipe");
	}
	r->start_ns = matrix_now_ns();
	r->pid = fork();
	if (r->pid == 0)
		matrix_child(args, out[1], errp[1]);
	free(args);
	close(out[1]);
	close(errp[1]);
	if (r->pid < 0) {
		close(out[0]);
		close(errp[0]);
		return av_errf_errno(err, errno, "fork");
	}
	r->console.fd = out[0];
	r->messages.fd = errp[0];
	return 0;
}

/* Read what is there; -1 at EOF (and the fd is closed). */
static int matrix_read(struct matrix_buf *b)
{
	char chunk[4096];
	ssize_t len = read(b->fd, chunk, sizeof(chunk));

	if (len < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (len <= 0) {
		close(b->fd);
		b->fd = -1;
		return -1;
	}
	return matrix_buf_append(b, chunk, (size_t)len);
}

/* Collect the output of runs[0..n) until they all closed it, then reap. */
static int matrix_collect(struct matrix_run *runs, unsigned int n)
{
	struct pollfd pfd[2 * MATRIX_MAX_RUNS];
	struct matrix_buf *bufs[2 * MATRIX_MAX_RUNS];
	unsigned int open_fds;

	for (;;) {
		open_fds = 0;
		for (unsigned int i = 0; i < n; i++) {
			struct matrix_buf *b[2] = { &runs[i].console, &runs[i].messages };

			for (int k = 0; k < 2; k++) {
				if (b[k]->fd < 0)
					continue;
				pfd[open_fds] = (struct pollfd){ .fd = b[k]->fd, .events = POLLIN };
				bufs[open_fds++] = b[k];
			}
		}
		if (!open_fds)
			break;
		if (poll(pfd, open_fds, -1) < 0 && errno != EINTR)
			return -errno;
		for (unsigned int i = 0; i < open_fds; i++)
			if (pfd[i].revents && matrix_read(bufs[i]) < -1)
				return -ENOMEM;
	}
	for (unsigned int i = 0; i < n; i++) {
		while (waitpid(runs[i].pid, &runs[i].status, 0) < 0 && errno == EINTR)
			;
		runs[i].end_ns = matrix_now_ns();
	}
	return 0;
}

/* Start runs[from..to) together and wait for them. */
static int matrix_batch(struct matrix_run *runs, unsigned int from,
			unsigned int to, int argc, char **argv,
			bool has_timeline, struct av_err *err)
{
	int ret = 0;
	unsigned int i;

	for (i = from; i < to && !ret; i++)
		ret = matrix_start(&runs[i], argc, argv, has_timeline, err);
	if (ret)
		to = i - 1;		/* the one that failed did not start */
	if (matrix_collect(runs + from, to - from) && !ret)
		ret = av_errf(err, ENOMEM, "--matrix: out of memory collecting output");
	return ret;
}

int cli_matrix_run(const struct vm_config *cfg, int argc, char **argv,
		   struct av_err *err)
{
	struct matrix_run runs[MATRIX_MAX_RUNS] = { 0 };
	char skipped[AV_ERR_MSG_MAX + 8] = "";
	unsigned int n;
	int ret = 0;

	if (cfg->accel_count || cfg->accel_from_machine)
		return av_errf(err, EINVAL,
			       "--matrix chooses the accelerators itself: drop -accel, -enable-kvm and -machine accel=");
	if (cfg->timeline_file)
		return av_errf(err, EINVAL,
			       "--matrix prints each run's timeline itself: use -boot-timeline without =FILE");
	n = matrix_plan(runs, skipped, sizeof(skipped));
	for (unsigned int i = 0; i < n; i++)
		runs[i].console.fd = runs[i].messages.fd = -1;
	if (cfg->matrix_parallel) {
		ret = matrix_batch(runs, 0, n, argc, argv, cfg->timeline_on, err);
	} else {
		for (unsigned int i = 0; i < n && !ret; i++)
			ret = matrix_batch(runs, i, i + 1, argc, argv,
					   cfg->timeline_on, err);
	}
	if (!ret)
		ret = matrix_report(runs, n, skipped, stdout);
	for (unsigned int i = 0; i < n; i++)
		matrix_run_free(&runs[i]);
	return ret;
}
