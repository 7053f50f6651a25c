// SPDX-License-Identifier: GPL-2.0
/*
 * Console back ends: where guest output lands, and that a reader going
 * away or stalling never kills or wedges the VM.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chardev.h"
#include "check_run.h"
#include "util.h"

static char tmpdir[64];
static char path[128];

static void setup(void)
{
	strcpy(tmpdir, "/tmp/av-chardev-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(path, sizeof(path), "%s/serial.log", tmpdir);
}

static void teardown(void)
{
	unlink(path);
	rmdir(tmpdir);
}

static void put(struct chardev *chr, const char *s)
{
	chardev_write(chr, (const uint8_t *)s, strlen(s));
}

static void file_contents(char *buf, size_t room)
{
	FILE *f = fopen(path, "r");
	size_t n;

	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, room - 1, f);
	buf[n] = 0;
	fclose(f);
}

START_TEST(file_appends)
{
	struct av_err err = { 0 };
	struct chardev *chr;
	FILE *f = fopen(path, "w");
	char got[64];

	fputs("before\n", f);
	fclose(f);
	ck_assert_int_eq(chardev_open_file(path, &chr, &err), 0);
	ck_assert_int_eq(chr->in_fd, -1);
	put(chr, "boot ");
	put(chr, "log\n");
	chardev_close(chr);
	ck_assert_int_eq(chardev_open_file(path, &chr, &err), 0);
	put(chr, "again\n");
	chardev_close(chr);
	file_contents(got, sizeof(got));
	ck_assert_str_eq(got, "before\nboot log\nagain\n");
}
END_TEST

START_TEST(file_open_error_named)
{
	struct av_err err = { 0 };
	struct chardev *chr = NULL;
	char bad[160];

	snprintf(bad, sizeof(bad), "%s/no/such/dir/log", tmpdir);
	ck_assert_int_eq(chardev_open_file(bad, &chr, &err), -ENOENT);
	ck_assert_ptr_nonnull(strstr(err.msg, bad));
	ck_assert_ptr_nonnull(strstr(err.msg, strerror(ENOENT)));
	ck_assert_int_eq(chardev_open_file(tmpdir, &chr, &err), -EISDIR);
	ck_assert_ptr_nonnull(strstr(err.msg, tmpdir));
	ck_assert_int_lt(chardev_open_file("", &chr, &err), 0);
}
END_TEST

START_TEST(null_discards)
{
	struct av_err err = { 0 };
	struct chardev *chr;

	ck_assert_int_eq(chardev_open_null(&chr, &err), 0);
	ck_assert_int_eq(chr->in_fd, -1);
	put(chr, "into the void");
	chardev_close(chr);
	chardev_close(NULL);
}
END_TEST

/* Run fn in a child whose stdout is the write end of a pipe; returns status. */
static int run_with_stdout_pipe(void (*fn)(int rd), bool close_reader)
{
	int p[2], status;
	pid_t pid;

	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		dup2(p[1], STDOUT_FILENO);
		close(p[1]);
		if (close_reader) {
			close(p[0]);
			p[0] = -1;
		}
		fn(p[0]);
		_exit(0);
	}
	close(p[1]);
	close(p[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return status;
}

static void stdio_child_write(int rd)
{
	struct av_err err = { 0 };
	struct chardev *chr;
	struct sigaction sa;
	char buf[4];

	/*
	 * As main() does before any back end opens (chardev.h): then a reader
	 * vanishing mid-write cannot kill us.
	 */
	if (ignore_sigpipe(&err) || sigaction(SIGPIPE, NULL, &sa) ||
	    sa.sa_handler != SIG_IGN)
		_exit(5);
	if (chardev_open_stdio(&chr, &err))
		_exit(2);
	if (chr->in_fd != STDIN_FILENO)
		_exit(3);
	put(chr, "ok");
	if (rd >= 0 && (read(rd, buf, 2) != 2 || memcmp(buf, "ok", 2)))
		_exit(4);
	chardev_close(chr);
}

START_TEST(stdio_writes_stdout)
{
	int status = run_with_stdout_pipe(stdio_child_write, false);

	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

/* Nobody reads stdout any more: output is dropped, no SIGPIPE death. */
START_TEST(stdio_closed_reader_survives)
{
	int status = run_with_stdout_pipe(stdio_child_write, true);

	ck_assert_msg(WIFEXITED(status), "killed by signal %d",
		      WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

/*
 * A reader that never reads: the pipe fills, and a guest printing 1 MiB
 * must still finish (output dropped) instead of hanging its vCPU. A hang
 * here shows as Check's timeout.
 */
static void stdio_child_flood(int rd)
{
	struct av_err err = { 0 };
	struct chardev *chr;
	uint8_t line[64];
	int i;

	(void)rd;
	memset(line, 'x', sizeof(line));
	if (chardev_open_stdio(&chr, &err))
		_exit(2);
	for (i = 0; i < (1 << 20) / (int)sizeof(line); i++)
		chardev_write(chr, line, sizeof(line));
	chardev_close(chr);
}

START_TEST(stdio_stalled_reader_drops)
{
	int status = run_with_stdout_pipe(stdio_child_flood, false);

	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

static Suite *chardev_suite(void)
{
	Suite *s = suite_create("chardev");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, file_appends);
	tcase_add_test(tc, file_open_error_named);
	tcase_add_test(tc, null_discards);
	tcase_add_test(tc, stdio_writes_stdout);
	tcase_add_test(tc, stdio_closed_reader_survives);
	tcase_add_test(tc, stdio_stalled_reader_drops);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(chardev_suite());
}
