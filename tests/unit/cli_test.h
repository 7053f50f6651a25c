/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the command-line tests: run config_parse_args on a
 * NULL-terminated word list, as a user would type it.
 */
#ifndef ARMVISOR_TESTS_CLI_TEST_H
#define ARMVISOR_TESTS_CLI_TEST_H

#include <check.h>
#include <stdarg.h>
#include <string.h>

#include "config.h"

#define CLI_TEST_MAX_ARGS 32

/* Parse the words after cfg/err (NULL-terminated) into a fresh cfg. */
static inline int cli_test_parse(struct vm_config *cfg, struct av_err *err, ...)
{
	char *argv[CLI_TEST_MAX_ARGS];
	int argc = 0;
	va_list ap;

	va_start(ap, err);
	while (argc < CLI_TEST_MAX_ARGS) {
		char *a = va_arg(ap, char *);

		if (!a)
			break;
		argv[argc++] = a;
	}
	va_end(ap);
	config_init(cfg);
	av_err_clear(err);
	return config_parse_args(cfg, argc, argv, err);
}

/* Parse and validate; the first failure wins, as in main.c. */
static inline int cli_test_check(struct vm_config *cfg, struct av_err *err, ...)
{
	char *argv[CLI_TEST_MAX_ARGS];
	int argc = 0, ret;
	va_list ap;

	va_start(ap, err);
	while (argc < CLI_TEST_MAX_ARGS) {
		char *a = va_arg(ap, char *);

		if (!a)
			break;
		argv[argc++] = a;
	}
	va_end(ap);
	config_init(cfg);
	av_err_clear(err);
	ret = config_parse_args(cfg, argc, argv, err);
	return ret ? ret : config_validate(cfg, err);
}

#define ck_assert_err_has(err, text) \
	ck_assert_msg(strstr((err)->msg, (text)) != NULL, \
		      "message '%s' lacks '%s'", (err)->msg, (text))

#endif
