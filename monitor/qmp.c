// SPDX-License-Identifier: GPL-2.0
/*
 * QMP, QEMU's machine protocol (docs/interop/qmp-spec.rst in QEMU): on
 * connect the server greets with {"QMP": {...}}; the client sends
 * {"execute": NAME, "arguments": {...}, "id": ANY} objects and gets
 * {"return": ...} or {"error": {"class", "desc"}} with its id back;
 * qmp_capabilities must come first. Asynchronous events carry a
 * timestamp. Requests are framed by counting braces outside strings,
 * then parsed by jansson; a client's bytes never reach more than the
 * QMP_RX_MAX buffer, and malformed input gets an error reply.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/time.h>
#include <unistd.h>

#include "console.h"
#include "qmp_priv.h"
#include "util.h"

void qmp_send(struct qmp *q, json_t *msg)
{
	char *text = json_dumps(msg, JSON_PRESERVE_ORDER);	/* QEMU's ", " and ": " */

	json_decref(msg);
	if (!text)
		return;
	chardev_write(q->chr, (const uint8_t *)text, strlen(text));
	chardev_write(q->chr, (const uint8_t *)"\r\n", 2);
	free(text);
}

void qmp_event(struct qmp *q, const char *name, json_t *data)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	qmp_send(q, json_pack("{s:s, s:o, s:{s:I, s:I}}", "event", name,
			      "data", data ? data : json_object(), "timestamp",
			      "seconds", (json_int_t)tv.tv_sec,
			      "microseconds", (json_int_t)tv.tv_usec));
}

/* The version QEMU's protocol numbers (we speak 7.2's), and ours as the package. */
static void qmp_greet(struct qmp *q)
{
	q->negotiated = false;
	qmp_send(q, json_pack("{s:{s:{s:{s:i, s:i, s:i}, s:s}, s:[]}}", "QMP",
			      "version", "qemu", "micro", 0, "minor", 2, "major", 7,
			      "package", "armvisor " ARMVISOR_VERSION, "capabilities"));
}

static void qmp_error(struct qmp *q, json_t *id, const char *cls, const char *desc)
{
	json_t *msg = json_pack("{s:{s:s, s:s}}", "error", "class", cls, "desc", desc);

	if (msg && id)
		json_object_set(msg, "id", id);
	qmp_send(q, msg);
}

static const struct qmp_cmd *qmp_find(const char *name)
{
	for (const struct qmp_cmd *c = qmp_cmds; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

static void qmp_run(struct qmp *q, const char *name, json_t *args, json_t *id)
{
	const struct qmp_cmd *c = qmp_find(name);
	const char *cls = "GenericError";
	char desc[256] = "";
	json_t *ret, *msg;

	if (!c) {
		snprintf(desc, sizeof(desc), "The command %s has not been found", name);
		qmp_error(q, id, "CommandNotFound", desc);
		return;
	}
	if (!q->negotiated && strcmp(name, "qmp_capabilities")) {
		qmp_error(q, id, "CommandNotFound",
			  "Expecting capabilities negotiation with 'qmp_capabilities'");
		return;
	}
	ret = c->run(q, args, &cls, desc, sizeof(desc));
	if (!ret) {
		qmp_error(q, id, cls, desc[0] ? desc : "failed");
		return;
	}
	msg = json_pack("{s:o}", "return", ret);
	if (msg && id)
		json_object_set(msg, "id", id);
	qmp_send(q, msg);
}

/* One complete object: {"execute": "name"[, "arguments": {}][, "id": x]}. */
static void qmp_request(struct qmp *q, const char *text, size_t len)
{
	json_error_t jerr;
	json_t *req = json_loadb(text, len, 0, &jerr), *exec, *args, *id, *none;
	char desc[320];

	if (!req || !json_is_object(req)) {
		snprintf(desc, sizeof(desc), "JSON parse error, %s", req ? "not an object" : jerr.text);
		qmp_error(q, NULL, "GenericError", desc);
		json_decref(req);
		return;
	}
	id = json_object_get(req, "id");
	exec = json_object_get(req, "execute");
	args = json_object_get(req, "arguments");
	if (!json_is_string(exec)) {
		qmp_error(q, id, "GenericError", "QMP input lacks member 'execute'");
	} else if (args && !json_is_object(args)) {
		qmp_error(q, id, "GenericError", "QMP input member 'arguments' must be an object");
	} else {
		none = json_object();
		qmp_run(q, json_string_value(exec), args ? args : none, id);
		json_decref(none);
	}
	json_decref(req);
}

/* JSON's lexical state, byte by byte: inside a string, and nesting. */
static void qmp_track(struct qmp *q, char c)
{
	if (q->in_string) {
		q->in_string = q->escaped || c != '"';
		q->escaped = !q->escaped && c == '\\';
	} else if (c == '"') {
		q->in_string = true;
	} else if (c == '{' || c == '[') {
		q->depth++;
	} else if ((c == '}' || c == ']') && q->depth) {
		q->depth--;
	}
}

/*
 * Framing: a request ends where the nesting returns to 0. One longer than
 * the buffer is answered with an error and the rest of it skipped, so the
 * next request is read from its start.
 */
static void qmp_byte(struct qmp *q, char c)
{
	bool start = !q->len && !q->skipping;

	if (start && (c == ' ' || c == '\t' || c == '\r' || c == '\n'))
		return;
	qmp_track(q, c);
	if (!q->skipping && q->len == sizeof(q->rx)) {
		qmp_error(q, NULL, "GenericError", "JSON parse error, request too long");
		q->skipping = true;
		q->len = 0;
	}
	if (q->skipping) {
		q->skipping = q->depth || q->in_string;
		return;
	}
	q->rx[q->len++] = c;
	if (!q->depth && !q->in_string) {
		qmp_request(q, q->rx, q->len);
		q->len = 0;
	}
}

void qmp_input(struct qmp *q, const uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		qmp_byte(q, (char)buf[i]);
}

static void qmp_readable(void *opaque)
{
	struct qmp *q = opaque;
	uint8_t buf[4096];
	ssize_t n = chardev_read(q->chr, buf, sizeof(buf));
	unsigned int connects = atomic_load(&q->chr->connects);

	if (connects != q->connects) {
		q->connects = connects;
		q->len = q->depth = 0;
		q->in_string = q->escaped = q->skipping = false;
		qmp_greet(q);
	}
	if (n > 0)
		qmp_input(q, buf, (size_t)n);
	else if (n < 0)
		epoll_ctl(q->epfd, EPOLL_CTL_DEL, q->chr->in_fd, NULL);
}

int qmp_create(struct vm *vm, struct chardev *chr, struct qmp **out, struct av_err *err)
{
	struct qmp *q = calloc(1, sizeof(*q));

	if (!q)
		return av_errf(err, ENOMEM, "out of memory for QMP");
	q->vm = vm;
	q->chr = chr;
	q->epfd = -1;
	*out = q;
	return 0;
}

int qmp_watch(struct qmp *q, struct av_err *err)
{
	struct epoll_event ev = { .events = EPOLLIN };

	/* A client already there (wait=on, a pty, stdio) is greeted now. */
	q->connects = atomic_load(&q->chr->connects);
	qmp_greet(q);
	if (q->chr->in_fd < 0)
		return 0;
	q->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (q->epfd < 0)
		return av_errf_errno(err, errno, "QMP: epoll");
	if (epoll_ctl(q->epfd, EPOLL_CTL_ADD, q->chr->in_fd, &ev) < 0)
		return 0;
	return vm_watch_fd(q->vm, q->epfd, qmp_readable, q, err);
}

/* The guest or a signal ended the run: say so, as QEMU's SHUTDOWN event. */
void qmp_vm_ended(struct qmp *q)
{
	int state = atomic_load(&q->vm->state);

	if (state != VM_SHUTDOWN || !q->negotiated)
		return;
	qmp_event(q, "SHUTDOWN", json_pack("{s:b, s:s}", "guest", !q->quitting, "reason",
					   q->quitting ? "host-qmp-quit" : "guest-shutdown"));
}

void qmp_destroy(struct qmp *q)
{
	if (!q)
		return;
	if (q->epfd >= 0)
		close(q->epfd);
	free(q);
}
