// SPDX-License-Identifier: GPL-2.0
/*
 * Raw console mode on a pseudo-terminal: what the user's terminal looks
 * like while the guest runs, and after armvisor goes away by any path
 * (return, exit, a fatal signal).
 */
#include <check.h>
#include <errno.h>
#include <pty.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "chardev.h"
#include "check_run.h"

#define COOKED_L	(ICANON | ECHO | ISIG | IEXTEN)
#define COOKED_I	(ICRNL | IXON)

static int master = -1, slave = -1;
static struct termios cooked;

static void setup(void)
{
	ck_assert_int_eq(openpty(&master, &slave, NULL, NULL, NULL), 0);
	ck_assert_int_eq(tcgetattr(slave, &cooked), 0);
	cooked.c_lflag |= COOKED_L;
	cooked.c_iflag |= COOKED_I;
	ck_assert_int_eq(tcsetattr(slave, TCSANOW, &cooked), 0);
	ck_assert_int_eq(tcgetattr(slave, &cooked), 0);
}

static void teardown(void)
{
	close(slave);
	close(master);
}

static void assert_cooked(void)
{
	struct termios now;

	ck_assert_int_eq(tcgetattr(slave, &now), 0);
	ck_assert_uint_eq(now.c_lflag, cooked.c_lflag);
	ck_assert_uint_eq(now.c_iflag, cooked.c_iflag);
	ck_assert_uint_eq(now.c_oflag, cooked.c_oflag);
	ck_assert_uint_eq(now.c_cflag, cooked.c_cflag);
}

START_TEST(not_a_tty)
{
	struct av_err err = { 0 };
	int p[2];

	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(term_enter_raw(p[0], &err), -ENOTTY);
	ck_assert_ptr_nonnull(strstr(err.msg, "not a terminal"));
	ck_assert(!term_is_raw());
	term_restore();			/* nothing to restore: harmless */
	close(p[0]);
	close(p[1]);
}
END_TEST

START_TEST(raw_then_restore)
{
	struct av_err err = { 0 };
	struct termios raw;

	ck_assert_int_eq(term_enter_raw(slave, &err), 0);
	ck_assert(term_is_raw());
	ck_assert_int_eq(tcgetattr(slave, &raw), 0);
	/* Ctrl-C, Ctrl-Z, Ctrl-S all reach the guest; no echo, no lines. */
	ck_assert_uint_eq(raw.c_lflag & (COOKED_L | ECHONL), 0);
	ck_assert_uint_eq(raw.c_iflag & (COOKED_I | INLCR | IGNCR | ISTRIP), 0);
	ck_assert_uint_eq(raw.c_cflag & CSIZE, CS8);
	ck_assert_uint_eq(raw.c_oflag & OPOST, OPOST);
	ck_assert_uint_eq(raw.c_cc[VMIN], 1);
	/* A second call must not save the raw settings as the user's. */
	ck_assert_int_eq(term_enter_raw(slave, &err), 0);
	term_restore();
	ck_assert(!term_is_raw());
	assert_cooked();
	term_restore();
	assert_cooked();
}
END_TEST

/* Child: go raw, tell the parent, then do what how says. */
static void child_raw(int ready_fd, int how)
{
	struct av_err err = { 0 };
	struct rlimit nocore = { 0, 0 };

	setrlimit(RLIMIT_CORE, &nocore);
	/* A fresh process has default actions; Check's runner installs its own. */
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	if (term_enter_raw(slave, &err))
		_exit(10);
	if (write(ready_fd, "r", 1) != 1)
		_exit(11);
	if (how == 0)
		exit(3);		/* atexit path */
	if (how == SIGABRT)
		abort();
	if (how == SIGSEGV)
		raise(SIGSEGV);
	for (;;)
		pause();		/* the parent sends the signal */
}

/* Run child_raw(how); returns its wait status with the tty checked. */
static int run_child(int how, int send_sig)
{
	int p[2], status;
	char c;
	pid_t pid;

	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(p[0]);
		child_raw(p[1], how);
	}
	close(p[1]);
	ck_assert_int_eq(read(p[0], &c, 1), 1);
	close(p[0]);
	if (send_sig)
		kill(pid, send_sig);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	assert_cooked();
	return status;
}

START_TEST(restored_at_exit)
{
	int status = run_child(0, 0);

	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 3);
}
END_TEST

/* The signal still ends the process, with its own status. */
static void check_killed_by(int status, int sig)
{
	ck_assert_msg(WIFSIGNALED(status), "not killed (status 0x%x)", status);
	ck_assert_int_eq(WTERMSIG(status), sig);
}

START_TEST(restored_on_sigterm)
{
	check_killed_by(run_child(-1, SIGTERM), SIGTERM);
}
END_TEST

START_TEST(restored_on_sighup)
{
	check_killed_by(run_child(-1, SIGHUP), SIGHUP);
}
END_TEST

START_TEST(restored_on_sigint)
{
	check_killed_by(run_child(-1, SIGINT), SIGINT);
}
END_TEST

START_TEST(restored_on_abort)
{
	check_killed_by(run_child(SIGABRT, 0), SIGABRT);
}
END_TEST

START_TEST(restored_on_segv)
{
	check_killed_by(run_child(SIGSEGV, 0), SIGSEGV);
}
END_TEST

/* nohup armvisor ...: an ignored SIGHUP stays ignored. */
START_TEST(keeps_ignored_signals)
{
	struct av_err err = { 0 };
	struct sigaction sa;

	signal(SIGHUP, SIG_IGN);
	ck_assert_int_eq(term_enter_raw(slave, &err), 0);
	ck_assert_int_eq(sigaction(SIGHUP, NULL, &sa), 0);
	ck_assert_ptr_eq((void *)sa.sa_handler, (void *)SIG_IGN);
	term_restore();
}
END_TEST

static Suite *terminal_suite(void)
{
	Suite *s = suite_create("terminal");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, not_a_tty);
	tcase_add_test(tc, raw_then_restore);
	tcase_add_test(tc, restored_at_exit);
	tcase_add_test(tc, restored_on_sigterm);
	tcase_add_test(tc, restored_on_sighup);
	tcase_add_test(tc, restored_on_sigint);
	tcase_add_test(tc, restored_on_abort);
	tcase_add_test(tc, restored_on_segv);
	tcase_add_test(tc, keeps_ignored_signals);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(terminal_suite());
}
