/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --matrix (cli/matrix.c runs, cli/matrix_compare.c compares and reports;
 * docs/timeline.md).
 */
#ifndef ARMVISOR_CLI_MATRIX_H
#define ARMVISOR_CLI_MATRIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define MATRIX_MAX_RUNS	3		/* tcg jit=on, tcg jit=off, kvm */

/* Output collected from one pipe. */
struct matrix_buf {
	int fd;				/* -1 once closed */
	char *data;
	size_t len, cap;
};

struct matrix_run {
	const char *accel;		/* the -accel value */
	pid_t pid;
	int status;			/* from waitpid */
	uint64_t start_ns, end_ns;
	struct matrix_buf console;	/* the child's stdout: the serial port */
	struct matrix_buf messages;	/* its stderr: the timeline, errors */
};

/* Is this word --matrix (or -matrix, with or without =...)? */
bool matrix_is_option(const char *word);

/* 0, or -ENOMEM. */
int matrix_buf_append(struct matrix_buf *b, const char *data, size_t len);
void matrix_run_free(struct matrix_run *r);

/*
 * The console as compared (docs/timeline.md): CRs dropped, printk
 * timestamps at line starts removed, addresses (0x and 8+ hex digits, or
 * 16 bare hex digits) written as <addr>. Returns a string to free, or
 * NULL when out of memory.
 */
char *matrix_normalize(const char *text, size_t len);

/*
 * Print the runs' results to out; returns 0 when every run exited 0 and
 * the normalised consoles agree, else 1.
 */
int matrix_report(const struct matrix_run *runs, unsigned int n,
		  const char *skipped, FILE *out);

#endif
