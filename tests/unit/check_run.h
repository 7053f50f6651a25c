/* SPDX-License-Identifier: GPL-2.0 */
/* What every Check program's main() does with its suite. */
#ifndef TESTS_UNIT_CHECK_RUN_H
#define TESTS_UNIT_CHECK_RUN_H

#include <check.h>

/* The exit status scripts/run-unit-tests.sh reports as skipped. */
#define CHECK_SKIP 77

/* Run every test of s (freed here); EXIT_SUCCESS when none failed. */
int check_run(Suite *s);

/*
 * Say why this program cannot test anything here and return CHECK_SKIP
 * (never a pass: the runner counts it as skipped).
 */
int check_skip(const char *why);

#endif
