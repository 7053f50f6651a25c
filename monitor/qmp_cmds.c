// SPDX-License-Identifier: GPL-2.0
/*
 * The QMP commands (the names and reply shapes of QEMU's qapi schema): the
 * run state (query-status, stop, cont, system_reset, system_powerdown,
 * quit, with their events), what the machine is (query-version,
 * query-commands, query-cpus-fast, query-kvm, query-migrate), and
 * human-monitor-command, which runs an HMP line and returns its text.
 */
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "qmp_priv.h"
#include "util.h"

#define UNUSED_ARGS (void)args; (void)cls; (void)desc; (void)size

static json_t *qmp_fail(const struct av_err *err, char *desc, size_t size)
{
	snprintf(desc, size, "%s", err->msg[0] ? err->msg : "failed");
	return NULL;
}

static json_t *cmd_capabilities(struct qmp *q, json_t *args, const char **cls,
				char *desc, size_t size)
{
	(void)args;
	if (q->negotiated) {
		*cls = "CommandNotFound";
		snprintf(desc, size, "Capabilities negotiation is already complete, command ignored");
		return NULL;
	}
	q->negotiated = true;
	return json_object();
}

static json_t *cmd_query_status(struct qmp *q, json_t *args, const char **cls,
				char *desc, size_t size)
{
	bool paused = vm_paused(q->vm);

	UNUSED_ARGS;
	return json_pack("{s:b, s:b, s:s}", "running", !paused, "singlestep", 0,
			 "status", vm_status_name(q->vm));
}

static json_t *cmd_stop(struct qmp *q, json_t *args, const char **cls, char *desc,
			size_t size)
{
	struct av_err err = { 0 };
	bool was = vm_paused(q->vm);

	(void)args;
	(void)cls;
	if (vm_pause(q->vm, &err))
		return qmp_fail(&err, desc, size);
	if (!was)
		qmp_event(q, "STOP", NULL);
	return json_object();
}

static json_t *cmd_cont(struct qmp *q, json_t *args, const char **cls, char *desc,
			size_t size)
{
	struct av_err err = { 0 };
	bool was = vm_paused(q->vm);

	(void)args;
	(void)cls;
	if (vm_resume(q->vm, &err))
		return qmp_fail(&err, desc, size);
	if (was)
		qmp_event(q, "RESUME", NULL);
	return json_object();
}

static json_t *cmd_system_reset(struct qmp *q, json_t *args, const char **cls,
				char *desc, size_t size)
{
	UNUSED_ARGS;
	vm_request_stop(q->vm, VM_RESET);
	qmp_event(q, "RESET", json_pack("{s:b, s:s}", "guest", 0, "reason",
					"host-qmp-system-reset"));
	return json_object();
}

static json_t *cmd_system_powerdown(struct qmp *q, json_t *args, const char **cls,
				    char *desc, size_t size)
{
	struct av_err err = { 0 };

	(void)args;
	(void)cls;
	if (vm_powerdown(q->vm, &err))
		return qmp_fail(&err, desc, size);
	qmp_event(q, "POWERDOWN", NULL);
	return json_object();
}

static json_t *cmd_quit(struct qmp *q, json_t *args, const char **cls, char *desc,
			size_t size)
{
	UNUSED_ARGS;
	q->quitting = true;
	q->vm->exit_code = 0;
	vm_request_stop(q->vm, VM_SHUTDOWN);
	return json_object();
}

static json_t *cmd_query_version(struct qmp *q, json_t *args, const char **cls,
				 char *desc, size_t size)
{
	(void)q;
	UNUSED_ARGS;
	return json_pack("{s:{s:i, s:i, s:i}, s:s}", "qemu", "micro", 0, "minor", 2,
			 "major", 7, "package", "armvisor " ARMVISOR_VERSION);
}

static json_t *cmd_query_commands(struct qmp *q, json_t *args, const char **cls,
				  char *desc, size_t size)
{
	json_t *list = json_array();

	(void)q;
	UNUSED_ARGS;
	for (const struct qmp_cmd *c = qmp_cmds; c->name; c++)
		json_array_append_new(list, json_pack("{s:s}", "name", c->name));
	return list;
}

/* QEMU's CpuInfoFast for the virt board: one socket, a core per CPU. */
static json_t *cmd_query_cpus_fast(struct qmp *q, json_t *args, const char **cls,
				   char *desc, size_t size)
{
	json_t *list = json_array();
	char path[64];

	UNUSED_ARGS;
	for (unsigned int i = 0; i < q->vm->ncpus; i++) {
		snprintf(path, sizeof(path), "/machine/unattached/device[%u]", i);
		json_array_append_new(list, json_pack(
			"{s:i, s:i, s:s, s:s, s:{s:i, s:i, s:i}}", "cpu-index", i,
			"thread-id", atomic_load(&q->vm->vcpu_tid[i]), "qom-path", path,
			"target", "aarch64", "props", "core-id", i, "socket-id", 0,
			"thread-id", 0));
	}
	return list;
}

static json_t *cmd_query_kvm(struct qmp *q, json_t *args, const char **cls,
			     char *desc, size_t size)
{
	bool kvm = !strcmp(q->vm->accel->name, "kvm");

	UNUSED_ARGS;
	return json_pack("{s:b, s:b}", "enabled", kvm, "present", kvm);
}

/*
 * QEMU's MigrationInfo (qapi/migration.json) for the last save: {} when
 * none happened; "completed" with the time and the bytes written; or
 * "failed" with error-desc.
 */
static json_t *cmd_query_migrate(struct qmp *q, json_t *args, const char **cls,
				 char *desc, size_t size)
{
	const struct snap_migrate_info *m = &q->vm->migrate;
	uint64_t total_pages = q->vm->ram.size / 4096;

	UNUSED_ARGS;
	switch (m->status) {
	case SNAP_MIGRATE_COMPLETED:
		return json_pack("{s:s, s:I, s:{s:I, s:I, s:I, s:I, s:I}}",
				 "status", "completed", "total-time", (json_int_t)m->total_ms,
				 "ram", "transferred", (json_int_t)m->bytes,
				 "total", (json_int_t)q->vm->ram.size,
				 "normal", (json_int_t)m->pages,
				 "normal-bytes", (json_int_t)(m->pages * 4096),
				 "duplicate", (json_int_t)(total_pages - m->pages));
	case SNAP_MIGRATE_FAILED:
		return json_pack("{s:s, s:s}", "status", "failed", "error-desc", m->error);
	case SNAP_MIGRATE_ACTIVE:
		return json_pack("{s:s}", "status", "active");
	default:
		return json_object();
	}
}

/*
 * migrate {"uri": "file:PATH" | "exec:CMD"}: the snapshot is written
 * before the reply (QEMU returns at once and streams in the
 * background); the guest stays paused ("postmigrate"), as QEMU leaves
 * it after migrating to a file.
 */
static json_t *cmd_migrate(struct qmp *q, json_t *args, const char **cls,
			   char *desc, size_t size)
{
	struct av_err err = { 0 };
	const char *uri = json_string_value(json_object_get(args, "uri"));
	bool was = vm_paused(q->vm);
	int ret;

	if (!uri) {
		snprintf(desc, size, "Parameter 'uri' is missing");
		return NULL;
	}
	(void)cls;
	ret = vm_snapshot_save(q->vm, uri, &err);
	if (!was && vm_paused(q->vm))
		qmp_event(q, "STOP", NULL);
	if (ret)
		return qmp_fail(&err, desc, size);
	return json_object();
}

/* HMP output into a string: a chardev that appends, CRLF made LF. */
struct hmp_capture {
	struct chardev chr;
	char *buf;
	size_t len, cap;
};

static void capture_write(struct chardev *chr, const uint8_t *buf, size_t len)
{
	struct hmp_capture *c = (struct hmp_capture *)chr;
	char *p;

	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\r')
			continue;
		if (c->len + 1 >= c->cap) {
			p = realloc(c->buf, c->cap ? 2 * c->cap : 256);
			if (!p)
				return;
			c->buf = p;
			c->cap = c->cap ? 2 * c->cap : 256;
		}
		c->buf[c->len++] = (char)buf[i];
		c->buf[c->len] = '\0';
	}
}

static const struct chardev_ops capture_ops = { .write = capture_write };

static json_t *cmd_hmp(struct qmp *q, json_t *args, const char **cls, char *desc,
		       size_t size)
{
	struct hmp_capture cap = { .chr = { .ops = &capture_ops, .in_fd = -1 } };
	const char *line = json_string_value(json_object_get(args, "command-line"));
	struct av_err err = { 0 };
	struct monitor *mon;
	json_t *ret;

	(void)cls;
	if (!line) {
		snprintf(desc, size, "Parameter 'command-line' is missing");
		return NULL;
	}
	if (monitor_create(q->vm, &cap.chr, &mon, &err))
		return qmp_fail(&err, desc, size);
	monitor_command(mon, line);
	monitor_destroy(mon);
	ret = json_string(cap.buf ? cap.buf : "");
	free(cap.buf);
	return ret;
}

const struct qmp_cmd qmp_cmds[] = {
	{ "qmp_capabilities", cmd_capabilities },
	{ "query-status", cmd_query_status },
	{ "stop", cmd_stop },
	{ "cont", cmd_cont },
	{ "system_reset", cmd_system_reset },
	{ "system_powerdown", cmd_system_powerdown },
	{ "quit", cmd_quit },
	{ "query-version", cmd_query_version },
	{ "query-commands", cmd_query_commands },
	{ "query-cpus-fast", cmd_query_cpus_fast },
	{ "query-kvm", cmd_query_kvm },
	{ "query-migrate", cmd_query_migrate },
	{ "migrate", cmd_migrate },
	{ "human-monitor-command", cmd_hmp },
	{ NULL, NULL },
};
