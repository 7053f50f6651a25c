// SPDX-License-Identifier: GPL-2.0
/*
 * Extended attributes (net/9p/client.c p9_client_xattrwalk/xattrcreate):
 * Txattrwalk makes newfid hold one attribute's value (or, for the empty
 * name, the list of names), which the guest reads with Tread; Txattrcreate
 * turns fid into a buffer of the announced size that the guest fills with
 * Twrite, set on the host at Tclunk (size 0 with XATTR_REPLACE: the
 * attribute is removed, which is how Linux's removexattr arrives).
 *
 * Under mapped-xattr the guest must not reach the host's own attributes
 * (security.capability, trusted.*, ACLs would change what the host
 * grants): as QEMU's 9p-xattr-user.c and 9p-posix-acl.c, only user.*
 * passes, the model's user.virtfs.* stays hidden, and the POSIX ACLs are
 * kept as user.virtfs.system.posix_acl_{access,default}; anything else is
 * EOPNOTSUPP. passthrough and none pass every name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>

#include "p9.h"

/* An attribute name: 1..255 bytes, no NUL (XATTR_NAME_MAX). */
static int p9_xattr_name(const struct p9_str *s, char *out, bool empty_ok)
{
	if ((!s->len && !empty_ok) || s->len > P9_NAME_MAX)
		return s->len ? -ERANGE : -EINVAL;
	if (memchr(s->s, '\0', s->len))
		return -EINVAL;
	memcpy(out, s->s, s->len);
	out[s->len] = '\0';
	return 0;
}

#define P9_XA_MAPPED	"user.virtfs."
#define P9_XA_ACL	"system.posix_acl_"
#define P9_HOST_NAME	(P9_NAME_MAX + sizeof(P9_XA_MAPPED))

static bool p9_prefixed(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/*
 * The host's name for the guest's attribute name: -ENODATA for the
 * model's own names (reading), -EOPNOTSUPP for a namespace the model
 * does not pass.
 */
static int p9_xattr_host(const struct p9_server *s, const char *name,
			 char host[P9_HOST_NAME])
{
	if (s->conf.model != P9_MODEL_MAPPED_XATTR) {
		strcpy(host, name);
		return 0;
	}
	if (p9_xattr_reserved(s, name))
		return -ENODATA;
	if (!strcmp(name, P9_XA_ACL "access") || !strcmp(name, P9_XA_ACL "default")) {
		snprintf(host, P9_HOST_NAME, P9_XA_MAPPED "%s", name);
		return 0;
	}
	if (!p9_prefixed(name, "user."))
		return -EOPNOTSUPP;
	strcpy(host, name);
	return 0;
}

/* A host name as the guest lists it; NULL: not shown. */
static const char *p9_xattr_guest(const struct p9_server *s, const char *host)
{
	if (s->conf.model != P9_MODEL_MAPPED_XATTR)
		return host;
	if (p9_prefixed(host, P9_XA_MAPPED P9_XA_ACL))
		return host + strlen(P9_XA_MAPPED);
	return p9_prefixed(host, "user.") && !p9_xattr_reserved(s, host) ? host : NULL;
}

/* listxattr, names as the guest sees them (never longer than the host's). */
static ssize_t p9_xattr_list(const struct p9_server *s, const char *path,
			     uint8_t *buf, size_t size)
{
	ssize_t n = listxattr(path, (char *)buf, size);
	size_t in = 0, out = 0;

	if (n < 0)
		return -errno;
	while (in < (size_t)n) {
		size_t len = strnlen((char *)buf + in, (size_t)n - in) + 1;
		const char *g = p9_xattr_guest(s, (char *)buf + in);

		if (g) {
			size_t glen = strlen(g) + 1;

			memmove(buf + out, g, glen);
			out += glen;
		}
		in += len;
	}
	return (ssize_t)out;
}

static ssize_t p9_xattr_fetch(const struct p9_server *s, int fd,
			      const char *name, uint8_t *buf)
{
	char path[32], host[P9_HOST_NAME];
	ssize_t n;
	int ret;

	p9_fd_path(fd, path);
	if (!*name)
		return p9_xattr_list(s, path, buf, P9_XATTR_MAX);
	ret = p9_xattr_host(s, name, host);
	if (ret)
		return ret;
	n = getxattr(path, host, buf, P9_XATTR_MAX);
	return n < 0 ? -errno : n;
}

/* Txattrwalk fid[4] newfid[4] name[s]; Rxattrwalk size[8]. */
int p9_op_xattrwalk(struct p9_ctx *c)
{
	uint32_t num = p9_get32(c->in), newnum = p9_get32(c->in);
	struct p9_str ns = p9_getstr(c->in);
	char name[P9_NAME_MAX + 1];
	struct p9_fid *f, *nf;
	uint8_t *buf;
	ssize_t n;
	int ret = p9_parsed(c);

	if (!ret)
		ret = p9_xattr_name(&ns, name, true);
	if (!ret)
		ret = p9_file_fid(c, num, &f);
	if (!ret && p9_fid_get(c->s, newnum))
		ret = -EINVAL;
	if (ret)
		return ret;
	buf = malloc(P9_XATTR_MAX);
	if (!buf)
		return -ENOMEM;
	n = p9_xattr_fetch(c->s, f->fd, name, buf);
	ret = n < 0 ? (int)n : p9_fid_add(c->s, newnum, -1, NULL, f->uid, &nf);
	if (ret) {
		free(buf);
		return ret;
	}
	nf->kind = P9_FID_XATTR_READ;
	nf->xbuf = buf;
	nf->xsize = (uint64_t)n;
	p9_put64(c->out, (uint64_t)n);
	return 0;
}

/* Txattrcreate fid[4] name[s] attr_size[8] flags[4]. */
int p9_op_xattrcreate(struct p9_ctx *c)
{
	uint32_t num = p9_get32(c->in), fl;
	struct p9_str ns = p9_getstr(c->in);
	uint64_t size = p9_get64(c->in);
	char name[P9_NAME_MAX + 1], host[P9_HOST_NAME];
	struct p9_fid *f;
	int ret;

	fl = p9_get32(c->in);
	ret = p9_parsed(c);
	if (!ret)
		ret = p9_xattr_name(&ns, name, false);
	if (!ret)
		ret = p9_file_fid(c, num, &f);
	if (!ret && c->s->conf.readonly)
		ret = -EROFS;
	if (!ret && size > P9_XATTR_MAX)
		ret = -E2BIG;
	if (!ret && (fl & ~(uint32_t)(XATTR_CREATE | XATTR_REPLACE)))
		ret = -EINVAL;
	if (!ret && p9_xattr_reserved(c->s, name))
		ret = -EACCES;
	if (!ret)
		ret = p9_xattr_host(c->s, name, host);
	if (ret)
		return ret;
	f->xname = strdup(host);
	f->xbuf = calloc(1, size ? size : 1);
	if (!f->xname || !f->xbuf) {
		free(f->xname);
		free(f->xbuf);
		f->xname = NULL;
		f->xbuf = NULL;
		return -ENOMEM;
	}
	f->kind = P9_FID_XATTR_WRITE;
	f->xsize = size;
	f->xflags = (int)fl;
	return 0;
}

int p9_xattr_read(struct p9_ctx *c, struct p9_fid *f, uint64_t off, uint32_t count)
{
	uint64_t n = off < f->xsize ? f->xsize - off : 0;

	if (n > count)
		n = count;
	if (n + 4 > p9_room(c->out))
		n = p9_room(c->out) >= 4 ? p9_room(c->out) - 4 : 0;
	p9_put32(c->out, (uint32_t)n);
	if (n)
		memcpy(p9_reserve(c->out, n), f->xbuf + off, n);
	return 0;
}

int p9_xattr_write(struct p9_fid *f, uint64_t off, const uint8_t *data,
		   uint32_t count)
{
	if (off > f->xsize || count > f->xsize - off)
		return -ENOSPC;
	if (count)
		memcpy(f->xbuf + off, data, count);
	return 0;
}

int p9_xattr_commit(struct p9_server *s, struct p9_fid *f)
{
	char path[32];
	int r;

	(void)s;
	p9_fd_path(f->fd, path);
	if (f->xsize == 0 && (f->xflags & XATTR_REPLACE))
		r = removexattr(path, f->xname);
	else
		r = setxattr(path, f->xname, f->xbuf, f->xsize, f->xflags);
	return r < 0 ? -errno : 0;
}
