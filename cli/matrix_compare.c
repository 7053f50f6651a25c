// SPDX-License-Identifier: GPL-2.0
/*
 * --matrix: the normalisation that makes consoles of different
 * accelerators comparable, and the report (docs/timeline.md). The
 * normalisation removes only what differs between any two runs of the
 * same guest (when a line was printed, where KASLR put the kernel); what
 * differs between accelerators (the CPU's ID registers in /proc/cpuinfo,
 * the features the kernel found) stays and is reported.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "matrix.h"

#define MATRIX_TAIL_LINES	20	/* console lines shown for a failed run */

bool matrix_is_option(const char *word)
{
	if (word[0] != '-')
		return false;
	word += word[1] == '-' ? 2 : 1;
	return !strncmp(word, "matrix", 6) && (!word[6] || word[6] == '=');
}

int matrix_buf_append(struct matrix_buf *b, const char *data, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		size_t cap = (b->len + len + 1) * 2;
		char *p = realloc(b->data, cap);

		if (!p)
			return -ENOMEM;
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

void matrix_run_free(struct matrix_run *r)
{
	free(r->console.data);
	free(r->messages.data);
}

/* "[    1.234567] " at p: its length, else 0 (kernel/printk/printk.c print_time). */
static size_t matrix_timestamp_len(const char *p, const char *end)
{
	const char *q = p;

	if (q == end || *q++ != '[')
		return 0;
	while (q < end && *q == ' ')
		q++;
	if (q == end || !isdigit((unsigned char)*q))
		return 0;
	while (q < end && (isdigit((unsigned char)*q) || *q == '.'))
		q++;
	if (q == end || *q++ != ']')
		return 0;
	if (q < end && *q == ' ')
		q++;
	return (size_t)(q - p);
}

static size_t matrix_hex_run(const char *p, const char *end)
{
	const char *q = p;

	while (q < end && isxdigit((unsigned char)*q))
		q++;
	return (size_t)(q - p);
}

/* An address at p (start of a word): its length, else 0. */
static size_t matrix_addr_len(const char *p, const char *end)
{
	size_t n;

	if (end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		n = matrix_hex_run(p + 2, end);
		return n >= 8 ? n + 2 : 0;
	}
	n = matrix_hex_run(p, end);
	if (n != 16 || (p + n < end && isalnum((unsigned char)p[n])))
		return 0;
	return n;
}

static bool matrix_word_start(const char *text, const char *p)
{
	return p == text || !isalnum((unsigned char)p[-1]);
}

char *matrix_normalize(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	bool line_start = true;
	char *out = malloc(len + 1), *o = out;
	size_t n;

	if (!out)
		return NULL;
	/* Every replacement is no longer than what it replaces. */
	while (p < end) {
		if (line_start && (n = matrix_timestamp_len(p, end))) {
			p += n;
		} else if (*p == '\r') {
			p++;
		} else if (matrix_word_start(text, p) && (n = matrix_addr_len(p, end))) {
			memcpy(o, "<addr>", 6);
			o += 6;
			p += n;
		} else {
			line_start = *p == '\n';
			*o++ = *p++;
			continue;
		}
		line_start = false;
	}
	*o = '\0';
	return out;
}

/* Line number (from 1) where a and b first differ; 0 if they are equal. */
static unsigned int matrix_first_diff(const char *a, const char *b,
				      const char **la, const char **lb)
{
	unsigned int line = 1;

	*la = a;
	*lb = b;
	for (; *a == *b; a++, b++) {
		if (!*a)
			return 0;
		if (*a == '\n') {
			line++;
			*la = a + 1;
			*lb = b + 1;
		}
	}
	return line;
}

static void matrix_print_line(FILE *out, const char *who, const char *line)
{
	int len = (int)strcspn(line, "\n");

	fprintf(out, "  %-12s: %.*s%s\n", who, len, line,
		*line ? "" : "(end of output)");
}

static void matrix_print_indented(FILE *out, const char *text)
{
	while (text && *text) {
		int len = (int)strcspn(text, "\n");

		fprintf(out, "  | %.*s\n", len, text);
		text += len + (text[len] == '\n');
	}
}

/* The last lines of a failed run's console. */
static void matrix_print_tail(FILE *out, const struct matrix_buf *b)
{
	const char *p = b->data ? b->data + b->len : NULL;
	unsigned int lines = 0;

	if (!p)
		return;
	while (p > b->data && lines <= MATRIX_TAIL_LINES)
		if (*--p == '\n')
			lines++;
	fprintf(out, "  its console, last lines:\n");
	matrix_print_indented(out, p == b->data ? p : p + 1);
}

static bool matrix_run_ok(const struct matrix_run *r)
{
	return WIFEXITED(r->status) && WEXITSTATUS(r->status) == 0;
}

static void matrix_print_run(FILE *out, const struct matrix_run *r)
{
	fprintf(out, "== %s: ", r->accel);
	if (WIFEXITED(r->status))
		fprintf(out, "exit status %d", WEXITSTATUS(r->status));
	else
		fprintf(out, "killed by signal %d", WTERMSIG(r->status));
	fprintf(out, ", %.3f s\n", (r->end_ns - r->start_ns) / 1e9);
	matrix_print_indented(out, r->messages.data);
	if (!matrix_run_ok(r))
		matrix_print_tail(out, &r->console);
}

/* Compare every console with the first; print the first difference. */
static bool matrix_consoles_agree(const struct matrix_run *runs, unsigned int n,
				  FILE *out)
{
	char *norm[MATRIX_MAX_RUNS] = { 0 };
	bool agree = true;
	const char *la, *lb;
	unsigned int i, line;

	for (i = 0; i < n; i++)
		norm[i] = matrix_normalize(runs[i].console.data ? runs[i].console.data : "",
					   runs[i].console.len);
	for (i = 1; i < n && agree; i++) {
		if (!norm[0] || !norm[i]) {
			fprintf(out, "consoles: out of memory comparing them\n");
			agree = false;
			break;
		}
		line = matrix_first_diff(norm[0], norm[i], &la, &lb);
		if (!line)
			continue;
		agree = false;
		fprintf(out, "consoles differ: %s and %s, line %u (normalised):\n",
			runs[0].accel, runs[i].accel, line);
		matrix_print_line(out, runs[0].accel, la);
		matrix_print_line(out, runs[i].accel, lb);
	}
	if (agree && n > 1)
		fprintf(out, "consoles: the same on every run (printk timestamps and addresses normalised)\n");
	for (i = 0; i < n; i++)
		free(norm[i]);
	return agree;
}

int matrix_report(const struct matrix_run *runs, unsigned int n,
		  const char *skipped, FILE *out)
{
	bool ok = true;

	fprintf(out, "armvisor --matrix: %u run%s", n, n == 1 ? "" : "s");
	if (skipped && *skipped)
		fprintf(out, " (not run: %s)", skipped);
	fprintf(out, "\n");
	for (unsigned int i = 0; i < n; i++) {
		matrix_print_run(out, &runs[i]);
		ok &= matrix_run_ok(&runs[i]);
	}
	ok &= matrix_consoles_agree(runs, n, out);
	fprintf(out, "matrix: %s\n", ok ? "ok" : "FAILED");
	fflush(out);
	return ok ? 0 : 1;
}
