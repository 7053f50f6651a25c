// SPDX-License-Identifier: GPL-2.0
/*
 * -boot-timeline: the report printed at exit (docs/timeline.md). Each
 * line is one stage: milliseconds from the start of main(), the time
 * since the previous stage, and what happened.
 */
#include <errno.h>
#include <stdio.h>

#include "cli.h"
#include "timeline.h"

void cli_timeline_print(const struct timeline *tl, FILE *out)
{
	uint64_t prev = 0;

	fprintf(out, "boot timeline (ms from start, +ms since the line before):\n");
	for (unsigned int i = 0; i < tl->count; i++) {
		const struct timeline_event *e = &tl->ev[i];

		fprintf(out, "%10.3f %+10.3f  %s\n", e->ns / 1e6,
			(e->ns - prev) / 1e6, e->what);
		prev = e->ns;
	}
	if (tl->dropped)
		fprintf(out, "(%u later events not recorded: at most %d)\n",
			tl->dropped, TIMELINE_MAX_EVENTS);
}

/* -boot-timeline=FILE: opened before the run (the sandbox then forbids it). */
int cli_timeline_open(const char *file, FILE **out, struct av_err *err)
{
	*out = NULL;
	if (!file)
		return 0;
	*out = fopen(file, "w");
	if (!*out)
		return av_errf_errno(err, errno, "-boot-timeline: cannot write %s", file);
	return 0;
}

void cli_timeline_report(const struct timeline *tl, FILE *file)
{
	if (!tl || !tl->on)
		return;
	cli_timeline_print(tl, file ? file : stderr);
	if (file)
		fclose(file);
}
