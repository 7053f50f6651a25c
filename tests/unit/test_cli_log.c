// SPDX-License-Identifier: GPL-2.0
/*
 * -d/-D logging (util/log.c) and what -h, -version and the "help"
 * lists print (cli/usage.c), read back the way a user reads them.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../cli/cli.h"	/* what main.c prints with */
#include "check_run.h"
#include "cli_test.h"
#include "config.h"
#include "log.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 65536);
	size_t n;

	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(buf);
	n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void temp_path(char *path, size_t size)
{
	int fd;

	snprintf(path, size, "/tmp/armvisor-log-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
}

START_TEST(log_to_file)
{
	struct av_err err = { 0 };
	char path[64], *text;

	temp_path(path, sizeof(path));
	ck_assert_int_eq(log_open(&av_log_global, LOG_INT | LOG_MMU, path, &err), 0);
	log_printf(LOG_INT, "Taking exception %d [%s]\n", 5, "IRQ");
	log_printf(LOG_IN_ASM, "not asked for\n");
	log_printf(LOG_MMU, "walk at 0x%x\n", 0x1000);
	log_close(&av_log_global);
	text = slurp(path);
	ck_assert_str_eq(text, "Taking exception 5 [IRQ]\nwalk at 0x1000\n");
	free(text);
	unlink(path);
}
END_TEST

START_TEST(log_long_line)
{
	struct av_err err = { 0 };
	char path[64], *text, *want = malloc(3001);

	ck_assert_ptr_nonnull(want);
	memset(want, 'x', 2999);
	want[2999] = '\n';
	want[3000] = '\0';
	temp_path(path, sizeof(path));
	ck_assert_int_eq(log_open(&av_log_global, LOG_CPU, path, &err), 0);
	log_printf(LOG_CPU, "%s", want);
	log_close(&av_log_global);
	text = slurp(path);
	ck_assert_str_eq(text, want);
	free(text);
	free(want);
	unlink(path);
}
END_TEST

START_TEST(log_file_truncated)
{
	struct av_err err = { 0 };
	char path[64], *text;
	FILE *f;

	temp_path(path, sizeof(path));
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("old contents\n", f);
	fclose(f);
	ck_assert_int_eq(log_open(&av_log_global, LOG_INT, path, &err), 0);
	log_printf(LOG_INT, "new\n");
	log_close(&av_log_global);
	text = slurp(path);
	ck_assert_str_eq(text, "new\n");
	free(text);
	unlink(path);
}
END_TEST

START_TEST(log_bad_path)
{
	struct av_err err = { 0 };

	ck_assert_int_eq(log_open(&av_log_global, LOG_INT, "/nonexistent/dir/av.log", &err),
			 -ENOENT);
	ck_assert_str_eq(err.msg, "-D /nonexistent/dir/av.log: could not open: "
			 "No such file or directory");
	ck_assert(!log_enabled(LOG_INT));
	log_printf(LOG_INT, "dropped\n");	/* must not crash */
	log_close(&av_log_global);
}
END_TEST

START_TEST(log_default_stderr)
{
	struct av_err err = { 0 };

	ck_assert_int_eq(log_open(&av_log_global, LOG_UNIMP, NULL, &err), 0);
	ck_assert_ptr_eq(av_log_global.out, stderr);
	ck_assert(log_enabled(LOG_UNIMP));
	ck_assert(!log_enabled(LOG_EXEC));
	log_close(&av_log_global);
	ck_assert(!log_enabled(LOG_UNIMP));
}
END_TEST

/* What a print function writes, as a string. */
static char *capture(void (*print)(FILE *))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	print(f);
	fclose(f);
	return buf;
}

START_TEST(usage_text)
{
	static const char *const opts[] = {
		"-machine", "-cpu", "-smp", "-m ", "-kernel", "-initrd", "-append",
		"-dtb", "-nographic", "-serial", "-accel", "-enable-kvm",
		"-no-reboot", "-d ", "-D ", "-readconfig", "-version", "-help",
		"gic-version", "dumpdtb",
	};
	char *text = capture(cli_print_usage);

	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		ck_assert_msg(strstr(text, opts[i]), "help lacks %s", opts[i]);
	free(text);
	text = capture(cli_print_version);
	ck_assert_msg(!strncmp(text, "armvisor version " ARMVISOR_VERSION, 17 +
			       strlen(ARMVISOR_VERSION)), "version: %s", text);
	free(text);
}
END_TEST

/* "-cpu help" etc. through the config flags main.c looks at. */
static char *list_for(const char *opt, const char *arg)
{
	struct vm_config cfg;
	struct av_err err;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	ck_assert_int_eq(cli_test_parse(&cfg, &err, opt, arg, (char *)NULL), 0);
	f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	ck_assert(cli_print_list(&cfg, f));
	fclose(f);
	config_free(&cfg);
	return buf;
}

START_TEST(help_lists)
{
	char *text;
	struct vm_config cfg;
	struct av_err err;

	text = list_for("-cpu", "help");
	ck_assert_msg(strstr(text, "cortex-a57") && strstr(text, "cortex-a53") &&
		      strstr(text, "cortex-a72") && strstr(text, "max") &&
		      strstr(text, "host"), "%s", text);
	free(text);
	text = list_for("-M", "help");
	ck_assert_msg(strstr(text, "virt"), "%s", text);
	free(text);
	text = list_for("-accel", "help");
	ck_assert_msg(strstr(text, "kvm") && strstr(text, "tcg"), "%s", text);
	free(text);
	text = list_for("-d", "help");
	ck_assert_msg(strstr(text, "in_asm") && strstr(text, "guest_errors") &&
		      strstr(text, "mmu"), "%s", text);
	free(text);
	ck_assert_int_eq(cli_test_parse(&cfg, &err, "-m", "1G", (char *)NULL), 0);
	ck_assert(!cli_print_list(&cfg, stdout));	/* nothing asked: prints nothing */
	config_free(&cfg);
}
END_TEST

static Suite *log_suite(void)
{
	Suite *s = suite_create("cli_log");
	TCase *tc = tcase_create("log");

	tcase_add_test(tc, log_to_file);
	tcase_add_test(tc, log_long_line);
	tcase_add_test(tc, log_file_truncated);
	tcase_add_test(tc, log_bad_path);
	tcase_add_test(tc, log_default_stderr);
	tcase_add_test(tc, usage_text);
	tcase_add_test(tc, help_lists);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(log_suite());
}
