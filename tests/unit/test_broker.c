// SPDX-License-Identifier: GPL-2.0
/*
 * The broker (util/broker.c): files it creates and commands it starts
 * for a process that may do neither itself; both ways of starting it,
 * forked, and spawned as a program (this test binary, whose main() serves
 * as armvisor's does), which is then our child until its socket closes.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "broker.h"
#include "check_run.h"

static const char *const broker_exes[] = { NULL, "/proc/self/exe" };

static void slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	ck_assert_int_ge(fd, 0);
	n = read(fd, buf, size - 1);
	ck_assert_int_ge(n, 0);
	buf[n] = '\0';
	close(fd);
}

START_TEST(create_and_exec)
{
	struct broker b = { 0 };
	struct av_err err = { 0 };
	char dir[] = "/tmp/armvisor-broker-XXXXXX";
	char path[256], cmd[512], text[64];
	int fd, id = 0, status;
	pid_t pid;

	ck_assert(!broker_running(&b));
	ck_assert_int_eq(broker_create(&b, "/tmp/x"), -ENOSYS);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(broker_start(&b, broker_exes[_i], &err), 0);
	ck_assert(broker_running(&b));
	pid = b.pid;
	/* Spawned: our child, running (forked: the broker's parent, gone). */
	if (broker_exes[_i])
		ck_assert_int_eq(waitpid(pid, &status, WNOHANG), 0);

	snprintf(path, sizeof(path), "%s/made", dir);
	fd = broker_create(&b, path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "hello", 5), 5);
	close(fd);
	slurp(path, text, sizeof(text));
	ck_assert_str_eq(text, "hello");
	/* Refused as the user would be: no such directory. */
	ck_assert_int_eq(broker_create(&b, "/nonexistent-dir/x"), -ENOENT);

	snprintf(path, sizeof(path), "%s/piped", dir);
	snprintf(cmd, sizeof(cmd), "cat > '%s'", path);
	fd = broker_exec_writer(&b, cmd, &id);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_gt(id, 0);
	ck_assert_int_eq(write(fd, "through sh", 10), 10);
	close(fd);
	status = broker_wait(&b, id);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	slurp(path, text, sizeof(text));
	ck_assert_str_eq(text, "through sh");

	fd = broker_exec_writer(&b, "exit 3", &id);
	ck_assert_int_ge(fd, 0);
	close(fd);
	status = broker_wait(&b, id);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 3);

	broker_stop(&b);
	ck_assert(!broker_running(&b));
	/* The spawned broker ends once our end of its socket is closed. */
	if (broker_exes[_i]) {
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static Suite *broker_suite(void)
{
	Suite *s = suite_create("broker");
	TCase *tc = tcase_create("broker");

	tcase_add_loop_test(tc, create_and_exec, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	int fd;

	if (broker_child_args(argc, argv, &fd))
		return broker_child_main(fd);
	return check_run(broker_suite());
}
