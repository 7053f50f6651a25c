// SPDX-License-Identifier: GPL-2.0
/*
 * Snapshots from the human monitor (QEMU's hmp-commands.hx spellings):
 * migrate "file:PATH" | "exec:CMD", info migrate, and savevm/loadvm,
 * which QEMU keeps inside qcow2 images and which are refused here with
 * the commands that do the same (docs/snapshot.md).
 */
#include <stdio.h>
#include <string.h>

#include "monitor_priv.h"

/* The words after the command, joined with spaces, without outer quotes. */
static void mon_join_uri(int argc, char **argv, char *out, size_t size)
{
	size_t len = 0;

	out[0] = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-d") && i == 1)
			continue;	/* QEMU's detach flag: we always finish first */
		len += (size_t)snprintf(out + len, len < size ? size - len : 0, "%s%s",
					len ? " " : "", argv[i]);
		if (len >= size)
			break;
	}
	len = strlen(out);
	if (len >= 2 && out[0] == '"' && out[len - 1] == '"') {
		memmove(out, out + 1, len - 2);
		out[len - 2] = 0;
	}
}

void mon_cmd_migrate(struct monitor *mon, int argc, char **argv)
{
	struct av_err err = { 0 };
	char uri[1024];

	mon_join_uri(argc, argv, uri, sizeof(uri));
	if (!uri[0]) {
		mon_printf(mon, "migrate: a URI is needed: migrate \"file:PATH\"\n");
		return;
	}
	if (vm_snapshot_save(mon->vm, uri, &err))
		mon_error(mon, &err);
}

void mon_cmd_savevm(struct monitor *mon, int argc, char **argv)
{
	(void)argc;
	mon_printf(mon, "%s: not supported: QEMU keeps these snapshots in qcow2 images, "
		   "which armvisor does not have; use migrate \"file:PATH\" and "
		   "-incoming file:PATH\n", argv[0]);
}

void mon_info_migrate(struct monitor *mon, int argc, char **argv)
{
	const struct snap_migrate_info *m = &mon->vm->migrate;
	static const char *const names[] = { "none", "active", "completed", "failed" };

	(void)argc;
	(void)argv;
	if (m->status == SNAP_MIGRATE_NONE)
		return;
	mon_printf(mon, "Migration status: %s\n",
		   m->status < 4 ? names[m->status] : "unknown");
	if (m->status == SNAP_MIGRATE_FAILED) {
		mon_printf(mon, "Error: %s\n", m->error);
		return;
	}
	mon_printf(mon, "total time: %llu ms\n", (unsigned long long)m->total_ms);
	mon_printf(mon, "transferred ram: %llu kbytes\n",
		   (unsigned long long)(m->bytes >> 10));
	mon_printf(mon, "normal: %llu pages\n", (unsigned long long)m->pages);
}
