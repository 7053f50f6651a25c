// SPDX-License-Identifier: GPL-2.0
/*
 * Extended attributes (net/9p/client.c p9_client_xattrwalk/xattrcreate):
 * Txattrwalk makes newfid hold one attribute's value (or, for the empty
 * name, the list of names), which the guest reads with Tread; Txattrcreate
 * turns fid into a buffer of the announced size that the guest fills with
 * Twrite, set on the host at Tclunk (size 0: the attribute is removed,
 * as QEMU's v9fs_xattr_fid_clunk). Under mapped-xattr the model's own
 * user.virtfs.* attributes are hidden and cannot be set, as QEMU's
 * 9p-xattr-user.c does.
 */
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

/* listxattr without the model's own names. */
static ssize_t p9_xattr_list(const struct p9_server *s, const char *path,
			     uint8_t *buf, size_t size)
{
	ssize_t n = listxattr(path, (char *)buf, size);
	size_t in = 0, out = 0;

	if (n < 0)
		return -errno;
	while (in < (size_t)n) {
		size_t len = strnlen((char *)buf + in, (size_t)n - in) + 1;

		if (!p9_xattr_reserved(s, (char *)buf + in)) {
			memmove(buf + out, buf + in, len);
			out += len;
		}
		in += len;
	}
	return (ssize_t)out;
}

static ssize_t p9_xattr_fetch(const struct p9_server *s, int fd,
			      const char *name, uint8_t *buf)
{
	char path[32];
	ssize_t n;

	p9_fd_path(fd, path);
	if (!*name)
		return p9_xattr_list(s, path, buf, P9_XATTR_MAX);
	if (p9_xattr_reserved(s, name))
		return -ENODATA;
	n = getxattr(path, name, buf, P9_XATTR_MAX);
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
	char name[P9_NAME_MAX + 1];
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
	if (ret)
		return ret;
	f->xname = strdup(name);
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
