// SPDX-License-Identifier: GPL-2.0
/*
 * The seccomp sandbox (util/sandbox*.c): each case enters a filter in a
 * forked child, whose stderr comes back through a pipe, and checks how
 * the child ended: a forbidden call (execve, socket, fork) ends it with status
 * 128 + SIGSYS and "armvisor: sandbox: blocked syscall NAME (NR) in KIND
 * thread"; allowed calls work; a thread started under the main loop's
 * filter can stack its own; every kind's filter is in force when a thread
 * enters it, though the filters are built on a thread of their own.
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "check_run.h"
#include "err.h"
#include "sandbox.h"

struct child_end {
	int status;
	char out[512];
};

/* Run fn in a child with its stderr captured; fn's return is the exit status. */
static void run_child(int (*fn)(void), struct child_end *end)
{
	int p[2];
	pid_t pid;
	ssize_t n;
	size_t len = 0;

	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		dup2(p[1], STDERR_FILENO);
		close(p[0]);
		_exit(fn());
	}
	close(p[1]);
	while ((n = read(p[0], end->out + len, sizeof(end->out) - 1 - len)) > 0)
		len += (size_t)n;
	end->out[len] = '\0';
	close(p[0]);
	ck_assert_int_eq(waitpid(pid, &end->status, 0), pid);
}

static int enter(enum sandbox_kind kind, const struct sandbox_opts *opts)
{
	static struct sandbox sb;	/* the child's, for its threads too */
	struct av_err err = { 0 };

	if (sandbox_init(&sb, true, opts, &err)) {
		fprintf(stderr, "init: %s\n", err.msg);
		return -1;
	}
	return sandbox_enter(&sb, kind) ? -1 : 0;
}

static void exec_true(void)
{
	char *const argv[] = { "true", NULL };
	char *const envp[] = { NULL };

	execve("/bin/true", argv, envp);
}

static int vcpu_execve(void)
{
	if (enter(SANDBOX_VCPU, NULL))
		return 2;
	exec_true();
	return 3;		/* execve failed without the sandbox stopping it */
}

static void assert_blocked(const struct child_end *end, const char *msg)
{
	ck_assert_msg(WIFEXITED(end->status) && WEXITSTATUS(end->status) == 128 + SIGSYS,
		      "status 0x%x, stderr '%s'", end->status, end->out);
	ck_assert_msg(strstr(end->out, msg), "stderr '%s' lacks '%s'", end->out, msg);
}

START_TEST(vcpu_execve_is_stopped)
{
	struct child_end end;
	char msg[96];

	run_child(vcpu_execve, &end);
	snprintf(msg, sizeof(msg), "armvisor: sandbox: blocked syscall execve (%d) in vcpu thread",
		 SYS_execve);
	assert_blocked(&end, msg);
}
END_TEST

/* Allowed calls work (write, getpid, malloc); socket is not a vCPU's call. */
static int vcpu_socket(void)
{
	void *p;

	if (enter(SANDBOX_VCPU, NULL))
		return 2;
	p = malloc(1 << 20);
	if (!p || write(STDERR_FILENO, "alive\n", 6) != 6 || getpid() <= 0)
		return 4;
	free(p);
	socket(AF_UNIX, SOCK_STREAM, 0);
	return 3;
}

START_TEST(vcpu_allowed_calls_work_socket_does_not)
{
	struct child_end end;

	run_child(vcpu_socket, &end);
	assert_blocked(&end, "alive\narmvisor: sandbox: blocked syscall socket");
	ck_assert_ptr_nonnull(strstr(end.out, " in vcpu thread"));
}
END_TEST

/* A net back end opens IP sockets (libslirp), no other family. */
static int net_unix_socket(void)
{
	int fd;

	if (enter(SANDBOX_NET, NULL))
		return 2;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || close(fd))
		return 4;
	socket(AF_UNIX, SOCK_STREAM, 0);
	return 3;
}

START_TEST(net_opens_inet_sockets_only)
{
	struct child_end end;

	run_child(net_unix_socket, &end);
	assert_blocked(&end, "blocked syscall socket");
	ck_assert_ptr_nonnull(strstr(end.out, " in net thread"));
}
END_TEST

/* A thread started under the main loop's filter adds the vCPU's. */
static void *stacked_thread(void *opaque)
{
	const struct sandbox *sb = opaque;

	if (!sandbox_enter(sb, SANDBOX_VCPU))
		exec_true();
	return NULL;
}

static void *idle_thread(void *opaque)
{
	return opaque;
}

static int main_then_thread(void)
{
	static struct sandbox sb;
	struct av_err err = { 0 };
	pthread_t t;

	/*
	 * glibc sets up its thread signals on the first pthread_create; in
	 * armvisor the PL031's thread is long started when the main loop's
	 * filter goes in, so a first thread starts here too.
	 */
	if (pthread_create(&t, NULL, idle_thread, NULL) || pthread_join(t, NULL))
		return 5;
	if (sandbox_init(&sb, true, NULL, &err) || sandbox_enter(&sb, SANDBOX_MAIN))
		return 2;
	if (pthread_create(&t, NULL, stacked_thread, &sb))
		return 4;
	pthread_join(t, NULL);
	return 3;
}

START_TEST(thread_under_main_filter_stacks_its_own)
{
	struct child_end end;

	run_child(main_then_thread, &end);
	assert_blocked(&end, "blocked syscall execve");
	ck_assert_ptr_nonnull(strstr(end.out, " in vcpu thread"));
}
END_TEST

/* The main loop may start threads but never fork (spawn=deny). */
static int main_fork(void)
{
	if (enter(SANDBOX_MAIN, NULL))
		return 2;
	if (fork() == 0)
		_exit(0);
	return 3;
}

START_TEST(main_cannot_fork)
{
	struct child_end end;

	run_child(main_fork, &end);
	assert_blocked(&end, "blocked syscall clone");
	ck_assert_ptr_nonnull(strstr(end.out, " in main thread"));
}
END_TEST

/*
 * KVM's ioctls are a vCPU's only with opts.kvm; of a terminal's, only
 * tcsetattr's TCSETS and TCGETS (the crash report), never TIOCSTI.
 */
static int vcpu_tty_ioctl(void)
{
	struct sandbox_opts opts = { .kvm = true };
	char c = 'x';

	if (enter(SANDBOX_VCPU, &opts))
		return 2;
	ioctl(STDIN_FILENO, TIOCSTI, &c);
	return 3;
}

START_TEST(vcpu_tty_ioctl_is_stopped)
{
	struct child_end end;

	run_child(vcpu_tty_ioctl, &end);
	assert_blocked(&end, "blocked syscall ioctl");
}
END_TEST

static int vcpu_tcsetattr(void)
{
	struct termios t = { 0 };

	if (enter(SANDBOX_VCPU, NULL))
		return 2;
	tcgetattr(STDIN_FILENO, &t);	/* ENOTTY off a terminal: allowed all the same */
	tcsetattr(STDIN_FILENO, TCSANOW, &t);
	return 0;
}

START_TEST(vcpu_tcsetattr_is_allowed)
{
	struct child_end end;

	run_child(vcpu_tcsetattr, &end);
	ck_assert_msg(WIFEXITED(end.status) && WEXITSTATUS(end.status) == 0,
		      "status 0x%x, stderr '%s'", end.status, end.out);
}
END_TEST

/*
 * The filters are built on a thread (util/sandbox_async.c): each kind,
 * entered right after sandbox_init without an explicit wait, still stops
 * execve, and the message names the kind. A kind entered before its
 * filter existed would run unfiltered and exec /bin/true (status 0).
 */
static int kind_under_test;

static int kind_execve(void)
{
	if (enter(kind_under_test, NULL))
		return 2;
	exec_true();
	return 3;
}

START_TEST(every_kind_stops_execve)
{
	struct child_end end;
	char msg[96];

	kind_under_test = _i;
	run_child(kind_execve, &end);
	snprintf(msg, sizeof(msg), "blocked syscall execve (%d) in %s thread", SYS_execve,
		 sandbox_kind_name(_i));
	assert_blocked(&end, msg);
}
END_TEST

/* sandbox_wait: the builder's programs are there once it returns. */
START_TEST(wait_gives_every_program)
{
	struct sandbox sb;
	struct av_err err = { 0 };

	ck_assert_int_eq(sandbox_init(&sb, true, NULL, &err), 0);
	ck_assert_int_eq(sandbox_wait(&sb, &err), 0);
	for (int k = 0; k < SANDBOX_NKINDS; k++) {
		ck_assert_ptr_nonnull(sb.progs[k].insns);
		ck_assert_uint_gt(sb.progs[k].len, 0);
	}
	ck_assert_int_eq(sandbox_wait(&sb, &err), 0);	/* again: at once */
	sandbox_free(&sb);
	ck_assert_ptr_null(sb.async);
	ck_assert_int_eq(sandbox_wait(NULL, &err), 0);
}
END_TEST

START_TEST(off_builds_nothing)
{
	struct sandbox sb;
	struct av_err err = { 0 };

	ck_assert_int_eq(sandbox_init(&sb, false, NULL, &err), 0);
	ck_assert(!sb.on);
	ck_assert_ptr_null(sb.progs[SANDBOX_VCPU].insns);
	ck_assert_int_eq(sandbox_enter(&sb, SANDBOX_VCPU), 0);
	ck_assert_int_eq(sandbox_enter(NULL, SANDBOX_VCPU), 0);
	ck_assert_str_eq(sandbox_kind_name(SANDBOX_VCPU), "vcpu");
	ck_assert_ptr_null(sandbox_kind_name(SANDBOX_NKINDS));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sandbox");
	TCase *tc = tcase_create("filters");

	if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0)
		return check_skip("this kernel has no seccomp");
	if (!sandbox_default_on())
		return check_skip("sanitizer build: the sandbox is off");
	tcase_add_test(tc, vcpu_execve_is_stopped);
	tcase_add_test(tc, vcpu_allowed_calls_work_socket_does_not);
	tcase_add_test(tc, net_opens_inet_sockets_only);
	tcase_add_test(tc, thread_under_main_filter_stacks_its_own);
	tcase_add_test(tc, main_cannot_fork);
	tcase_add_test(tc, vcpu_tty_ioctl_is_stopped);
	tcase_add_test(tc, vcpu_tcsetattr_is_allowed);
	tcase_add_test(tc, off_builds_nothing);
	tcase_add_loop_test(tc, every_kind_stops_execve, 0, SANDBOX_NKINDS);
	tcase_add_test(tc, wait_gives_every_program);
	suite_add_tcase(s, tc);
	return check_run(s);
}
