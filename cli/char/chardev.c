// SPDX-License-Identifier: GPL-2.0
/*
 * -chardev strings in QEMU's spelling (qemu-options.hx "-chardev"):
 * "stdio,id=c0", "file,id=c0,path=out.txt", "null,id=c0",
 * "socket,id=c0,host=127.0.0.1,port=4555,server=on,wait=off" and
 * "socket,id=c0,path=/tmp/sock,server=on", "pty,id=c0", "testdev,id=c0".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../opts.h"
#include "../opts_at.h"
#include "util.h"

static const struct {
	const char *name;
	enum chardev_kind kind;
} chardev_kinds[] = {
	{ "null", CHARDEV_NULL },
	{ "stdio", CHARDEV_STDIO },
	{ "file", CHARDEV_FILE },
	{ "socket", CHARDEV_SOCKET },
	{ "pty", CHARDEV_PTY },
	{ "testdev", CHARDEV_TESTDEV },
};

const char *chardev_backend_name(unsigned int i)
{
	return i < ARRAY_SIZE(chardev_kinds) ? chardev_kinds[i].name : NULL;
}

static int chardev_copy(char *dst, size_t size, const char *k, const char *v,
			struct av_err *err)
{
	if (!*v || strlen(v) >= size)
		return av_errf(err, EINVAL, "Parameter '%s' must be 1 to %zu characters",
			       k, size - 1);
	strcpy(dst, v);
	return 0;
}

static int chardev_port(const char *v, uint16_t *out, struct av_err *err)
{
	unsigned int port;

	if (config_parse_uint(v, &port) || port == 0 || port > 65535)
		return av_errf(err, EINVAL,
			       "Parameter 'port' expects a port number (1-65535), not '%s'",
			       v);
	*out = (uint16_t)port;
	return 0;
}

static int chardev_set_socket(struct chardev_opts *o, const char *k,
			      const char *v, struct av_err *err)
{
	bool b;

	if (!strcmp(k, "host"))
		return chardev_copy(o->host, sizeof(o->host), k, v, err);
	if (!strcmp(k, "port"))
		return chardev_port(v, &o->port, err);
	if (!strcmp(k, "path"))
		return chardev_copy(o->path, sizeof(o->path), k, v, err);
	if (!strcmp(k, "server"))
		return parse_bool(k, v, &o->server, err);
	if (!strcmp(k, "wait"))
		return parse_bool(k, v, &o->wait, err);
	/*
	 * Always on here: we never coalesce output. "delay" is its inverse,
	 * what QemuOpts makes of a bare "nodelay" (qemu-options.hx).
	 */
	if (!strcmp(k, "nodelay") || !strcmp(k, "delay"))
		return parse_bool(k, v, &b, err);
	if (!strcmp(k, "telnet")) {
		if (parse_bool(k, v, &b, err))
			return -EINVAL;
		return b ? av_errf(err, ENOTSUP, "telnet=on is not supported") : 0;
	}
	return av_errf(err, EINVAL, "Invalid parameter '%s' for a socket chardev", k);
}

static int chardev_set(struct chardev_opts *o, const char *k, const char *v,
		       struct av_err *err)
{
	bool b;

	/* QEMU's qemu_opts_create() wants a well-formed id (util/id.c). */
	if (!strcmp(k, "id"))
		return opts_check_id(v, err) ? -EINVAL :
		       chardev_copy(o->id, sizeof(o->id), k, v, err);
	/* Shared by -serial chardev:ID and -mon chardev=ID (Ctrl-A c switches). */
	if (!strcmp(k, "mux"))
		return parse_bool(k, v, &o->mux, err);
	switch (o->kind) {
	case CHARDEV_FILE:
		if (!strcmp(k, "path"))
			return chardev_copy(o->path, sizeof(o->path), k, v, err);
		break;
	case CHARDEV_SOCKET:
		return chardev_set_socket(o, k, v, err);
	case CHARDEV_STDIO:
		/* Ctrl-C always reaches the guest's terminal as a byte here. */
		if (!strcmp(k, "signal"))
			return parse_bool(k, v, &b, err);
		break;
	default:
		break;
	}
	return av_errf(err, EINVAL, "Invalid parameter '%s' for this chardev", k);
}

static int chardev_set_kind(struct chardev_opts *o, const char *v,
			    struct av_err *err)
{
	for (size_t i = 0; i < ARRAY_SIZE(chardev_kinds); i++) {
		if (!strcmp(v, chardev_kinds[i].name)) {
			o->kind = chardev_kinds[i].kind;
			return 0;
		}
	}
	return av_errf(err, EINVAL,
		       "'%s' is not a valid char driver name (null, stdio, file, socket, pty, testdev)",
		       v);
}

static int chardev_check(struct chardev_opts *o, bool wait_given,
			 struct av_err *err)
{
	if (!o->id[0])
		return av_errf(err, EINVAL, "chardev: no id specified");
	if (o->kind == CHARDEV_FILE && !o->path[0])
		return av_errf(err, EINVAL, "chardev: file: no file name given (path=)");
	if (o->kind != CHARDEV_SOCKET)
		return 0;
	if (!o->path[0] && !o->port)
		return av_errf(err, EINVAL,
			       "chardev: socket: needs either port= (TCP) or path= (unix)");
	if (o->path[0] && (o->port || o->host[0]))
		return av_errf(err, EINVAL,
			       "chardev: socket: path= cannot be combined with host=/port=");
	if (!o->server && wait_given)
		return av_errf(err, EINVAL, "chardev: socket: 'wait' only applies with server=on");
	/* QEMU: a server waits for its first client unless wait=off. */
	if (o->server && !wait_given)
		o->wait = true;
	return 0;
}

int chardev_parse(const char *s, struct chardev_opts *out, struct av_err *err)
{
	struct keyval_list kv;
	bool wait_given = false;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = qemuopts_parse(s, "backend", &kv, err);
	if (ret)
		return ret;
	if (strcmp(kv.items[0].key, "backend"))
		ret = av_errf(err, EINVAL, "chardev: the back end must come first");
	else
		ret = chardev_set_kind(out, kv.items[0].value, err);
	for (unsigned int i = 1; !ret && i < kv.count; i++) {
		wait_given |= !strcmp(kv.items[i].key, "wait");
		ret = chardev_set(out, kv.items[i].key, kv.items[i].value, err);
	}
	if (!ret)
		ret = chardev_check(out, wait_given, err);
	keyval_free(&kv);
	return ret;
}
